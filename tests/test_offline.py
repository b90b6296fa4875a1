"""Offline reading and the home screen (issue 18, point 3), in headless Chromium, under each site engine.

* The site has a web manifest (name from ``organisation.yml``, icons that exist, theme colour) that
  every page links, and a service worker made with Workbox whose files are all on the site.
* A month page opened once opens again without a connection, and its search finds results;
  a page never opened shows the Chinese offline page; a PDF opened once opens offline.
* After a new build (a page changed, :func:`generator.site.offline.add_offline` run again, as the
  build does) the phone's copy of the changed page is the new one, even read offline.
* No request leaves the site at any point.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest

from conftest import OUTPUT, ROOT

pytestmark = pytest.mark.browser

MONTH = "2019-10/"


def outside(urls: list[str]) -> list[str]:
    return [u for u in urls if urlparse(u).scheme not in ("data", "blob", "about")
            and urlparse(u).hostname != "127.0.0.1"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def serve_folder():
    """Serves a folder on 127.0.0.1 for the test's length: call it with the folder, get the base URL."""
    servers = []

    def start(folder: Path) -> str:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                              locale="zh-CN", service_workers="allow")
    seen: list[str] = []
    ctx.on("request", lambda r: seen.append(r.url))
    ctx.seen = seen
    yield ctx
    ctx.close()


def open_controlled(page, url: str) -> None:
    """Opens ``url``, waits for the service worker to be active, then reloads so that the worker
    controls the page (the first load of a site is never controlled) and has kept it."""
    page.goto(url, wait_until="networkidle")
    assert page.evaluate("navigator.serviceWorker.ready.then(r => !!r.active)"), "the service worker did not start"
    page.reload(wait_until="networkidle")
    assert page.evaluate("!!navigator.serviceWorker.controller"), "the page is not controlled by the service worker"


def test_manifest_and_worker_files(site):
    _, site_dir = site
    manifest = json.loads((site_dir / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["name"] == "党支部组织生活指导材料" and manifest["short_name"] == "党委组织部"
    assert manifest["lang"] == "zh-CN" and re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    from PIL import Image
    sizes = set()
    for icon in manifest["icons"]:
        with Image.open(site_dir / icon["src"]) as img:
            assert f"{img.width}x{img.height}" == icon["sizes"], icon
            sizes.add(img.width)
    assert {192, 512} <= sizes
    page = (site_dir / MONTH / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<link rel="manifest" href="\.\./manifest\.webmanifest">', page)
    worker = (site_dir / "sw.js").read_text(encoding="utf-8")
    assert "https://" not in worker and "http://" not in worker
    folders = set(re.findall(r'"(assets/workbox-[\d.]+)/', worker))
    assert len(folders) == 1, folders
    for name in [f"{folders.pop()}/workbox-sw.js", "offline/index.html"]:
        assert (site_dir / name).is_file(), name
    offline_page = (site_dir / "offline" / "index.html").read_text(encoding="utf-8")
    assert 'lang="zh-CN"' in offline_page and "没有网络连接" in offline_page and "<script" not in offline_page


def test_visited_month_reads_and_searches_offline(context, served, site):
    page = context.new_page()
    open_controlled(page, served + MONTH)
    title = page.locator("article h1").first.inner_text()
    pdf = next(p.name for p in (site[1] / MONTH).glob("*.pdf"))
    opened = page.evaluate("u => fetch(u).then(r => r.status)", served + MONTH + quote(pdf))
    assert opened == 200

    context.set_offline(True)
    page.reload(wait_until="load")
    assert page.locator("article h1").first.inner_text() == title
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky", \
        "the theme's stylesheet did not load offline"
    head = page.evaluate("u => fetch(u).then(r => r.arrayBuffer()).then(b => String.fromCharCode(...new Uint8Array(b.slice(0, 5))))",
                         served + MONTH + quote(pdf))
    assert head == "%PDF-", "the PDF opened online is not kept for offline reading"

    page.click(".zz-search-open")
    page.fill("#zz-search-input", "主题党日")
    page.wait_for_function("document.getElementById('zz-search').dataset.complete === '主题党日'", timeout=20000)
    assert page.locator(".zz-search__result").count() >= 1, "search finds nothing offline"

    page.goto(served + "plan/2019/", wait_until="load")
    assert "没有网络连接" in page.locator("h1").inner_text(), "a page never opened does not show the offline page"
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"offline-{site[0]}-unvisited.png"))
    page.get_by_role("link", name="返回首页").click()   # shown at /plan/2019/: the link must still lead to the site's root
    page.wait_for_load_state("load")
    assert page.url == served, f"返回首页 leads to {page.url}"
    assert outside(context.seen) == [], outside(context.seen)


def test_new_build_replaces_the_kept_page(context, built, tmp_path, serve_folder):
    from generator.read.readers import read_project
    from generator.site import offline

    site_dir = tmp_path / "site"
    shutil.copytree(built[1], site_dir)
    base = serve_folder(site_dir)
    page = context.new_page()
    open_controlled(page, base + MONTH)
    before = (site_dir / "sw.js").read_text(encoding="utf-8")

    # a new build: the month's page changed, the build's last site step runs again
    month = site_dir / MONTH / "index.html"
    month.write_text(month.read_text(encoding="utf-8").replace("</h1>", "</h1><p id='zz-new'>本月第二次发布</p>", 1),
                     encoding="utf-8")
    assert offline.add_offline(site_dir, read_project(ROOT).organisation, ROOT) == []
    assert (site_dir / "sw.js").read_text(encoding="utf-8") != before, "a new build must make a new service worker"

    # online, the member opens only the home page: the new worker takes over and refreshes what the phone keeps
    page.goto(base, wait_until="networkidle")
    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    fresh = """async () => { const c = await caches.open('zzsh-pages');
        const r = await c.match(location.origin + '/2019-10/'); return !!r && (await r.text()).includes('zz-new'); }"""
    for _ in range(100):  # the refresh runs in the worker after it takes over: wait for it (at most ~20 s)
        if page.evaluate(fresh):
            break
        page.wait_for_timeout(200)
    assert page.evaluate(fresh), "the new service worker did not refresh the kept month page"
    context.set_offline(True)
    page.goto(base + MONTH, wait_until="load")
    assert page.locator("#zz-new").inner_text() == "本月第二次发布", "offline, the phone still shows the old month"


def test_without_workbox_the_build_says_so(built, tmp_path, monkeypatch):
    from generator.read.readers import read_project
    from generator.site import offline

    site_dir = tmp_path / "site"
    shutil.copytree(built[1], site_dir)
    monkeypatch.setattr(offline, "workbox_folder", lambda root: None)
    warnings = offline.add_offline(site_dir, read_project(ROOT).organisation, ROOT)
    assert len(warnings) == 1 and "Workbox" in warnings[0] and "make setup" in warnings[0] and "离线" in warnings[0]
    assert not (site_dir / "sw.js").exists(), "a worker that cannot load Workbox must not be left in the site"
    assert (site_dir / "manifest.webmanifest").is_file() and (site_dir / "offline" / "index.html").is_file()
