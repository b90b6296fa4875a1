"""Live preview (``make serve``): the generator's own small web server, the same under both site engines.

No MkDocs hooks and no engine server: a file watcher (watchfiles) sees a saved
file under ``content/``, ``data/``, ``overrides/`` or ``mkdocs.yml``, and
:func:`rebuild` makes the preview again; the server then tells every open page
to reload (Server-Sent Events, a few lines of script added to each HTML page it
serves). If the content has an error, the error is printed in Chinese, shown in
a red bar on the open pages, and the last good preview stays served.

:func:`rebuild` is the one step that makes the preview from the project. It
renders everything and runs the engine and Pagefind; issue 10 makes it
incremental by using the ``changed`` paths it is given.

The preview is made in ``build/preview-<engine>/`` (config, ``docs/``,
``site/``, and Zensical's cache, kept between rebuilds); each good build is
copied to ``served-<n>/`` and served from there, so a page is never read
half-written.
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

from . import engines
from .errors import ContentErrors

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


def rebuild(root: Path, work_dir: Path, engine: engines.Engine, changed: set[Path] | None = None) -> tuple[Path, list[str]]:
    """Makes the preview site from the project: pages and PDFs, the engine, the search index.

    Args:
        root: the project.
        work_dir: the engine's work folder under ``root/build`` (kept between rebuilds).
        engine: the site engine.
        changed: the files saved since the last rebuild (``None``: everything). Not
            used yet: every rebuild is whole (issue 10 makes it incremental).

    Returns:
        The built site folder (``work_dir/site``) and the content warnings.

    Raises:
        generator.errors.ContentErrors: the content has errors; nothing was changed.
        generator.engines.EngineError, generator.search.SearchIndexError: the engine or Pagefind failed.
    """
    from .build import render_sources
    from .readers import read_project

    project = read_project(root)
    docs = work_dir / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    warnings: list[str] = []
    sources, _ = render_sources(project, docs, warnings=warnings)
    site = engines.build_site(root, work_dir, engines.SiteConfig(sources.nav, project.organisation.site_url, project.organisation.site_name), engine)
    return site, warnings


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
    """One rebuild; on success the new site is published, on failure the problem is, and the last good site stays."""
    start = time.perf_counter()
    try:
        site, warnings = rebuild(root, work_dir, engine, changed)
    except ContentErrors as errors:
        report = errors.report().replace("未生成任何输出；上一次成功构建的结果保持不变。", "请修改后保存。")
        print(f"内容有误，预览保留上一次正确的版本：\n{report}", flush=True)
        state.publish(problem="内容有误，预览保留上一次正确的版本：\n" + report)
        return
    except Exception as exc:  # a broken template or engine: say so, keep serving the last good preview
        log.exception("preview rebuild failed")
        print(f"预览生成失败（程序或网站引擎出错），保留上一次的版本：{exc}", flush=True)
        state.publish(problem=f"预览生成失败（程序或网站引擎出错）：{exc}")
        return
    served = work_dir / f"served-{state.generation + 1}"
    if served.exists():
        shutil.rmtree(served)
    shutil.copytree(site, served)
    old = state.site_dir
    state.publish(site_dir=served)
    if old and old != served:
        threading.Timer(30, shutil.rmtree, args=(old,), kwargs={"ignore_errors": True}).start()
    for warning in warnings:
        print(f"警告：{warning}", flush=True)
    print(f"已生成预览（{engine.label}，{time.perf_counter() - start:.1f} 秒）", flush=True)


def serve(root: Path, addr: str, engine: engines.Engine) -> None:
    """Serves the preview on ``addr`` (``host:port``) and rebuilds it whenever a watched file is saved.

    Runs until interrupted (Ctrl+C).
    """
    import watchfiles

    root = root.resolve()
    work_dir = root / "build" / f"preview-{engine.name}"
    work_dir.mkdir(parents=True, exist_ok=True)
    for old in work_dir.glob("served-*"):
        shutil.rmtree(old, ignore_errors=True)
    host, _, port = addr.rpartition(":")
    state = _State()
    server = http.server.ThreadingHTTPServer((host or "127.0.0.1", int(port)), functools.partial(_Handler, state=state))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"预览地址：http://{addr}/  （{engine.label}；按 Ctrl+C 结束）", flush=True)
    _attempt(root, work_dir, engine, state, None)
    watched = [str(root / p) for p in WATCHED if (root / p).exists()]
    try:
        for changes in watchfiles.watch(*watched, debounce=300, raise_interrupt=False):
            files = {Path(path) for _, path in changes}
            print("检测到修改：" + "、".join(sorted(str(f.relative_to(root)) for f in files)), flush=True)
            _attempt(root, work_dir, engine, state, files)
    finally:
        server.shutdown()
