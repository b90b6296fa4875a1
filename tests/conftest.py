"""Shared fixtures: real builds of the bundled content (one per site engine), and scratch copies of the project.

``built`` is the default engine's build (``ENGINE``, else mkdocs): the tests of
booklets, checklists and page content use it once. ``site`` and everything
served from it (``served``, ``served_gzip``) are parametrised by engine, so the
browser tests (phone, search, accessibility, checklist) run against the site
each engine makes; pytest groups the tests by engine, building each site once.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "test-output"
"""Screenshots and rendered pages the tests leave for a person to look at."""

PROJECT_PARTS = ["data", "content", "docs", "overrides", "mkdocs.yml"]


SERVICE_FOLDERS = ("pagefind", "offline")
"""Folders of a built site that hold no reader's page: the search index and the service worker's offline page."""


def site_pages(site_dir: Path, pattern: str = "index.html", wechat: bool = False) -> list[Path]:
    """The site's pages a member reads (``pattern`` under ``site_dir``, sorted), without the
    :data:`SERVICE_FOLDERS`, and without the 公众号 copies (``…公众号版``) unless ``wechat``."""
    found = []
    for path in sorted(site_dir.rglob(pattern)):
        rel = path.relative_to(site_dir)
        if rel.parts[0] in SERVICE_FOLDERS:
            continue
        if not wechat and any(part.removesuffix(".html").endswith("公众号版") for part in rel.parts):
            continue
        found.append(path)
    return found


def squash(text: str) -> str:
    """Text with all white space removed (PDF extraction breaks lines anywhere)."""
    return re.sub(r"\s+", "", text)


ENGINES = ("mkdocs", "zensical")
"""The site engines every browser test runs against (:mod:`generator.site.engines`)."""


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The bundled content built once with the default engine: ``(BuildResult, site_dir)``."""
    from generator.builder.pipeline import build

    site_dir = tmp_path_factory.mktemp("built") / "site"
    result = build(ROOT, site_dir)
    return result, site_dir


@pytest.fixture(scope="session", params=ENGINES)
def site(request, built, tmp_path_factory):
    """The bundled content built by each engine in turn: ``(engine name, site_dir)``."""
    from generator.builder.pipeline import build
    from generator.site.engines import get_engine

    if get_engine().name == request.param:
        return request.param, built[1]
    site_dir = tmp_path_factory.mktemp(f"built-{request.param}") / "site"
    build(ROOT, site_dir, engine=request.param)
    return request.param, site_dir


@pytest.fixture
def project_copy(tmp_path):
    """A copy of the project's content and config in a temporary folder, to break on purpose."""
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, tmp_path / part)
        else:
            shutil.copy2(src, tmp_path / part)
    return tmp_path


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    """Runs ``python -m generator --root ROOT ARGS`` and returns the finished process (text output)."""
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)


@pytest.fixture(scope="session")
def served(site):
    """Each engine's site served over HTTP on 127.0.0.1 (a real origin, so localStorage works): base URL."""
    _, site_dir = site
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site_dir))
    http.server.ThreadingHTTPServer.allow_reuse_address = True
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (no downloaded browser build)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves text files gzip-compressed when the browser accepts it, as any production web server does."""

    COMPRESS = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the URL with a slash
            path = path / "index.html"
        if (path.suffix not in self.COMPRESS or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        import gzip
        import io
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@pytest.fixture(scope="session")
def served_gzip(site):
    """Each engine's site served on 127.0.0.1 with gzip for text files (for page-weight measurements): base URL."""
    _, site_dir = site
    handler = functools.partial(_GzipHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
"""axe-core, installed by ``make setup-test`` (npm, pinned in the Makefile)."""


def unturned(pdf_path: Path, out_dir: Path) -> Path:
    """A copy of ``pdf_path`` whose turned pages (横排, :mod:`generator.render.landscape`) are turned back.

    A reader turns the booklet to read a sideways table; table extraction must do
    the same, or it sees the table transposed. A page counts as turned when most
    of its characters run sideways. Returns the copy's path.
    """
    import pdfplumber
    from pypdf import PdfReader, PdfWriter, Transformation

    from generator.render.landscape import set_page_size

    with pdfplumber.open(pdf_path) as pdf:
        turned = [n for n, page in enumerate(pdf.pages)
                  if page.chars and sum(abs(c["matrix"][1]) > abs(c["matrix"][0]) for c in page.chars) > len(page.chars) / 2]
    writer = PdfWriter(clone_from=PdfReader(pdf_path))
    for n in turned:
        page = writer.pages[n]
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        page.add_transformation(Transformation().rotate(-90).translate(0, width))  # inverse of landscape's turn
        set_page_size(page, height, width)
    target = out_dir / f"unturned-{pdf_path.name}"
    with target.open("wb") as out:
        writer.write(out)
    return target


def blocks_of(data: dict, kind: str) -> list:
    """The items of every block of type ``kind`` (work_items, requirements, readings, meeting …) in a
    month's data as read by PyYAML, in reading order; a block whose value is not a list counts as one item."""
    out = []
    for section in data["sections"]:
        for block in section["blocks"]:
            if kind in block:
                value = block[kind]
                out += value if isinstance(value, list) else [value]
    return out


def make_empty_project(target: Path) -> Path:
    """A project at ``target`` with this project's organisation, rules, docs and site config, but no
    months and no content (where an import writes its draft). Returns ``target``."""
    for part in ("data", "docs", "overrides", "mkdocs.yml"):
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, target / part)
    shutil.rmtree(target / "data" / "months")
    (target / "data" / "months").mkdir()
    (target / "content").mkdir()
    return target
