"""Live preview (``make serve``): the generator's own small web server, the same under both site engines.

No MkDocs hooks and no engine server: a file watcher (watchfiles) sees a saved
file under ``content/``, ``data/``, ``overrides/`` or ``mkdocs.yml``, and
:func:`rebuild` makes the preview again; the server then tells every open page
to reload (Server-Sent Events, a few lines of script added to each HTML page it
serves). If the content has an error, the error is printed in Chinese, shown in
a red bar on the open pages, and the last good preview stays served.

:func:`rebuild` makes the preview from the project in two steps, so that a
saved change shows as soon as its pages do:

1. :func:`rebuild` reads the project (unchanged files from the read cache),
   writes only the pages whose text changed, lets the engine remake only those
   (the same engine workspace ``build/engine-<name>/`` as ``build``, MkDocs'
   dirty build when the navigation is unchanged), and assembles the preview in
   ``build/preview-<engine>/served-<n>/`` with every rendered file the cache
   already holds; the open pages reload;
2. :meth:`Preview.finish` then renders what the change touched (the month's
   booklet, calendar, Word copy, the year plan …, in the worker pool like
   ``build``) and the search index, and links them into the preview being
   served: no reload is needed for them.

Each preview is a folder of its own, so a page is never read half-written; the
last two are kept.
"""

from __future__ import annotations

import functools
import http.server
import json
import logging
import shutil
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..site import engines
from ..read.errors import ContentErrors
from ..builder.preview import Preview, rebuild  # noqa: F401  (moved to builder/ for the console; the names stay here)
from ..builder.pipeline import start_forkserver

log = logging.getLogger(__name__)

WATCHED = ("content", "data", "overrides", "mkdocs.yml")
"""What the preview watches, relative to the project root."""

EVENTS = "/__preview/events"
"""The Server-Sent Events stream the reload script listens to."""

RELOAD_SCRIPT = """<script>(function () {{
  var shown = {generation}, events = new EventSource("{events}");
  events.onmessage = function (e) {{ if (e.data !== String(shown)) location.reload(); }};
  events.addEventListener("problem", function (e) {{
    var bar = document.getElementById("zz-preview-problem") || document.body.appendChild(document.createElement("pre"));
    bar.id = "zz-preview-problem";
    bar.setAttribute("role", "alert");
    bar.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:1000;margin:0;max-height:50vh;overflow:auto;" +
      "padding:.8em 1em;background:#7f0000;color:#fff;font:14px/1.5 monospace;white-space:pre-wrap";
    bar.textContent = JSON.parse(e.data);
  }});
}})();</script>"""


@dataclass
class _State:
    """What the server shows: the last good site, its generation, and the current problem (if any)."""

    site_dir: Path | None = None
    generation: int = 0
    problem: str | None = None
    changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, site_dir: Path | None = None, problem: str | None = None) -> None:
        with self.changed:
            if site_dir is not None:
                self.site_dir = site_dir
                self.generation += 1
            self.problem = problem
            self.changed.notify_all()


WAITING_PAGE = ("<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>正在生成预览</title>"
                "<body><p>正在生成预览，或内容有误（见终端中的说明）。修改后本页会自动刷新。</p></body></html>")
"""What every address answers until the first preview is ready (never a file of the project)."""

STREAM_SECONDS = 300
"""An event stream ends after this many seconds (the page's EventSource reconnects at once), so that
streams of closed or sleeping pages do not hold a thread for ever."""


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the current preview folder and nothing else, adds the reload script to HTML pages, and streams
    reload events. A request it cannot answer gets a status (400, 404, 501), never a traceback."""

    state: _State
    stream_seconds: float = STREAM_SECONDS
    protocol_version = "HTTP/1.0"

    def __init__(self, *args, state: _State, **kwargs):
        self.state = state
        self.site = state.site_dir  # one folder for the whole request, even if a new preview is published meanwhile
        super().__init__(*args, directory=str(self.site) if self.site else "/nonexistent-preview", **kwargs)

    def log_message(self, *args):
        pass

    def do_GET(self):
        self._answer(head=False)

    def do_HEAD(self):
        self._answer(head=True)

    def _answer(self, head: bool) -> None:
        raw = self.path.split("?")[0].split("#")[0]
        if raw == EVENTS and not head:
            return self._events()
        if self.site is None:
            return self._html(200, WAITING_PAGE, head)
        from urllib.parse import unquote

        if "\0" in unquote(raw) or "\\" in unquote(raw):
            return self.send_error(400, "Bad Request")
        path = Path(self.translate_path(self.path))
        if not path.resolve().is_relative_to(self.site.resolve()):
            return self.send_error(404, "Not Found")
        if path.is_dir() and raw.endswith("/"):
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            return self._html(200, path.read_text(encoding="utf-8"), head)
        if not path.exists() and (self.site / "404.html").is_file():
            return self._html(404, (self.site / "404.html").read_text(encoding="utf-8"), head)
        return super().do_HEAD() if head else super().do_GET()

    def _html(self, status: int, text: str, head: bool = False) -> None:
        script = RELOAD_SCRIPT.format(generation=self.state.generation, events=EVENTS)
        text = text.replace("</body>", script + "</body>", 1) if "</body>" in text else text + script
        body = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        state, seen = self.state, None
        end = time.monotonic() + self.stream_seconds
        while time.monotonic() < end:
            with state.changed:
                if seen is not None and seen == (state.generation, state.problem):
                    state.changed.wait(timeout=min(15, max(0.0, end - time.monotonic())))
                now = (state.generation, state.problem)
            if now == seen:
                self.wfile.write(b": keep-alive\n\n")
            else:
                message = f"data: {now[0]}\n\n"
                if now[1]:
                    message += f"event: problem\ndata: {json.dumps(now[1], ensure_ascii=False)}\n\n"
                self.wfile.write(message.encode("utf-8"))
                seen = now
            self.wfile.flush()


class _Server(http.server.ThreadingHTTPServer):
    """The preview's server: a client that goes away, or a request that breaks a handler, costs that request
    only; nothing is printed (a handler's error is logged with ``-v``)."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        import sys

        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return  # the browser closed the page or the connection
        log.info("预览服务器处理请求出错（%s）", client_address[0], exc_info=True)


class _Server6(_Server):
    """The same on an IPv6 address (``--host ::``)."""

    address_family = socket.AF_INET6


def _attempt(root: Path, work_dir: Path, engine: engines.Engine, state: _State, changed: set[Path] | None) -> None:
    """One rebuild; on success the new preview is published, on failure the problem is, and the last good one stays."""
    start = time.perf_counter()
    try:
        preview = rebuild(root, work_dir, engine, changed)
    except ContentErrors as errors:
        report = errors.report().replace("未生成任何输出；上一次成功构建的结果保持不变。", "请修改后保存。")
        state.publish(problem="内容有误，预览保留上一次正确的版本：\n" + report)   # the page first, then the terminal
        print(f"内容有误，预览保留上一次正确的版本：\n{report}", flush=True)
        return
    except Exception as exc:  # a broken template or engine: say so, keep serving the last good preview
        log.exception("preview rebuild failed")
        state.publish(problem=f"预览生成失败（程序或网站引擎出错）：{exc}")
        print(f"预览生成失败（程序或网站引擎出错），保留上一次的版本：{exc}", flush=True)
        return
    old = state.site_dir
    state.publish(site_dir=preview.site_dir)
    print(f"已生成预览（{engine.label}，{time.perf_counter() - start:.1f} 秒）", flush=True)
    if old is not None:  # keep the previous one a while: a page being read from it finishes
        for stale in work_dir.glob("served-*"):
            if stale not in (old, preview.site_dir):
                shutil.rmtree(stale, ignore_errors=True)
    start = time.perf_counter()
    try:
        n = preview.finish()
    except ContentErrors as errors:
        report = errors.report().replace("未生成任何输出；上一次成功构建的结果保持不变。", "请修改后保存。")
        state.publish(problem="内容有误：\n" + report)
        print(f"内容有误：\n{report}", flush=True)
        return
    except Exception as exc:
        log.exception("preview finish failed")
        state.publish(problem=f"小册子或搜索索引生成失败（程序出错）：{exc}")
        print(f"小册子或搜索索引生成失败（程序出错）：{exc}", flush=True)
        return
    for warning in preview.warnings:
        print(f"警告：{warning}", flush=True)
    print(f"已更新小册子等 {n} 项和搜索索引（{time.perf_counter() - start:.1f} 秒）", flush=True)


def _bind(addr: str, state: "_State") -> http.server.ThreadingHTTPServer:
    """The preview's HTTP server bound to ``addr`` (``host:port``).

    Raises:
        PublishError: in Chinese, for an address that is not ``host:port``, a port another
            program holds (another preview, often) or a host this machine does not have.
    """
    import errno

    from ..site.publish import PublishError

    host, _, port = addr.rpartition(":")
    host = host.strip("[]")
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise PublishError(f"预览地址“{addr}”的写法不对，预览没有开始。修改建议：写成 主机:端口，例如 --addr 127.0.0.1:8001")
    try:
        server_class = _Server6 if ":" in host else _Server
        return server_class((host or "127.0.0.1", int(port)), functools.partial(_Handler, state=state))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise PublishError(f"端口 {port} 已被其他程序占用（也许是另一个预览），预览没有开始。"
                               f"修改建议：结束那个程序，或换一个端口，例如 --addr {host or '127.0.0.1'}:{int(port) + 1}") from exc
        raise PublishError(f"无法在 {addr} 上开始预览（这台机器没有这个地址，或地址写错了），预览没有开始。"
                           "修改建议：用本机地址，例如 --addr 127.0.0.1:8000") from exc


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def network_note(addr: str) -> str | None:
    """The Chinese note printed when the preview listens beyond this machine (``addr`` not loopback), else ``None``."""
    host, _, port = addr.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    if host in LOOPBACK or host.startswith("127."):
        return None
    where = ("本机的每个网络地址（用 ip addr 或 hostname -I 查看本机地址）" if host in ("0.0.0.0", "::")
             else f"地址 {host}")
    return (f"注意：预览在{where}的 {port} 端口上监听，同一网络中的其他设备（例如手机）可以打开它，"
            f"看到尚未发布的内容。只在可信的网络中这样做，看完按 Ctrl+C 结束预览。手机上打开 http://本机地址:{port}/")


def serve(root: Path, addr: str, engine: engines.Engine) -> None:
    """Serves the preview on ``addr`` (``host:port``) and rebuilds it whenever a watched file is saved.

    Runs until interrupted (Ctrl+C).
    """
    import signal

    import watchfiles

    def stop(*_):  # `kill` ends the preview as Ctrl+C does: workers are stopped, nothing is left running
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, stop)
    logging.getLogger("watchfiles").setLevel(logging.ERROR)  # its English "KeyboardInterrupt caught, stopping watch"
    from ..site.publish import check_source_date_epoch, scrub_links

    check_source_date_epoch()  # else the engine fails on it at every save
    root = root.resolve()
    scrub_links(root / "build")  # under the lock (cli): links there are damage, never followed
    work_dir = root / "build" / f"preview-{engine.name}"
    work_dir.mkdir(parents=True, exist_ok=True)
    for old in work_dir.glob("served-*"):
        shutil.rmtree(old, ignore_errors=True)
    state = _State()
    server = _bind(addr, state)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    started = False
    try:
        start_forkserver()  # here, in the main thread: the server and its workers leave Ctrl+C to this process
        print(f"预览地址：http://{addr}/  （{engine.label}；按 Ctrl+C 结束）", flush=True)
        note = network_note(addr)
        if note:
            print(note, flush=True)
        watched = [str(root / p) for p in WATCHED if (root / p).exists()]
        # the watcher is running before the first preview is made, so a file saved meanwhile is not missed:
        # its first (empty, on timeout) answer starts the first preview
        for changes in watchfiles.watch(*watched, debounce=300, raise_interrupt=False,
                                        yield_on_timeout=True, rust_timeout=200):
            if not started:
                started = True
                _attempt(root, work_dir, engine, state, None)
            if not changes:
                continue
            files = {Path(path) for _, path in changes}
            print("检测到修改：" + "、".join(sorted(str(f.relative_to(root)) for f in files)), flush=True)
            _attempt(root, work_dir, engine, state, files)
    except KeyboardInterrupt:  # during a rebuild; while watching, watchfiles ends the loop itself
        pass
    finally:
        server.shutdown()
        print("预览已结束。", flush=True)
