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
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..site import engines
from ..read.errors import ContentErrors
from ..builder.preview import Preview, rebuild  # noqa: F401  (moved to builder/ for the console; the names stay here)

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


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the current preview, adds the reload script to HTML pages, and streams reload events."""

    state: _State

    def __init__(self, *args, state: _State, **kwargs):
        self.state = state
        site = state.site_dir
        super().__init__(*args, directory=str(site) if site else None, **kwargs)

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.split("?")[0] == EVENTS:
            return self._events()
        if self.state.site_dir is None:
            return self._html(200, "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>预览</title>"
                                   "<body><p>正在生成预览，或内容有误（见终端中的说明）。修改后本页会自动刷新。</p></body></html>")
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            return self._html(200, path.read_text(encoding="utf-8"))
        if not path.exists() and (self.state.site_dir / "404.html").is_file():
            return self._html(404, (self.state.site_dir / "404.html").read_text(encoding="utf-8"))
        return super().do_GET()

    def _html(self, status: int, text: str) -> None:
        script = RELOAD_SCRIPT.format(generation=self.state.generation, events=EVENTS)
        text = text.replace("</body>", script + "</body>", 1) if "</body>" in text else text + script
        body = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        state, seen = self.state, None
        try:
            while True:
                with state.changed:
                    if seen is not None and seen == (state.generation, state.problem):
                        state.changed.wait(timeout=15)
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
        except (BrokenPipeError, ConnectionResetError):
            return


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
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise PublishError(f"预览地址“{addr}”的写法不对，预览没有开始。修改建议：写成 主机:端口，例如 --addr 127.0.0.1:8001")
    try:
        return http.server.ThreadingHTTPServer((host or "127.0.0.1", int(port)), functools.partial(_Handler, state=state))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise PublishError(f"端口 {port} 已被其他程序占用（也许是另一个预览），预览没有开始。"
                               f"修改建议：结束那个程序，或换一个端口，例如 --addr {host or '127.0.0.1'}:{int(port) + 1}") from exc
        raise PublishError(f"无法在 {addr} 上开始预览（这台机器没有这个地址，或地址写错了），预览没有开始。"
                           "修改建议：用本机地址，例如 --addr 127.0.0.1:8000") from exc


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
    root = root.resolve()
    work_dir = root / "build" / f"preview-{engine.name}"
    work_dir.mkdir(parents=True, exist_ok=True)
    for old in work_dir.glob("served-*"):
        shutil.rmtree(old, ignore_errors=True)
    state = _State()
    server = _bind(addr, state)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"预览地址：http://{addr}/  （{engine.label}；按 Ctrl+C 结束）", flush=True)
    watched = [str(root / p) for p in WATCHED if (root / p).exists()]
    started = False
    try:
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
