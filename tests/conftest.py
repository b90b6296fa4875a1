"""Shared fixtures: one real build of the bundled content, and scratch copies of the project."""

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


def squash(text: str) -> str:
    """Text with all white space removed (PDF extraction breaks lines anywhere)."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The bundled content built once: ``(BuildResult, site_dir)``."""
    from generator.build import build

    site_dir = tmp_path_factory.mktemp("built") / "site"
    result = build(ROOT, site_dir)
    return result, site_dir


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
def served(built):
    """The built site served over HTTP on 127.0.0.1 (a real origin, so localStorage works): base URL."""
    _, site_dir = built
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
