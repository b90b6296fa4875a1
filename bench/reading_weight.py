"""What offline reading and the reading controls (issue 18, points 3–4) add to a month page's first load.

Builds the bundled content with each site engine (or takes ``--site DIR``), then prints, gzip level 6 as
a web server sends it:

* **static**: the added files the page loads (``zz-read.css``, ``zz-read.js``, the manifest) and the HTML
  the additions put into the month page (head lines, the palette toggle and its script, the 字号 button),
  measured as the gzip size of the page minus that of the same page with those parts cut out;
* **in Chromium** (390 × 844, served gzip-compressed on 127.0.0.1): every request of the first visit,
  split into the page's own and the service worker's (installing in the background after the page has
  loaded: Workbox, the shell, the search index), bytes on the wire (body + headers).

Usage: ``.venv/bin/python bench/reading_weight.py [--site DIR] [--engine mkdocs|zensical]``.
Budget (issue 18): at most 10 KB (gzip) added to a month page's first load.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
MONTH = "2019-10/"
BUDGET = 10 * 1024


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


ADDED_HTML = [
    r'<link rel="manifest"[^>]*>\s*', r'<link rel="apple-touch-icon"[^>]*>\s*', r'<meta name="theme-color"[^>]*>\s*',
    r'<script>try\{var s=\+localStorage\.getItem\("zz-size"\).*?</script>\s*',
    r'<form class="md-header__option" data-md-component="palette">.*?</form>\s*',
    r'<script>var palette=__md_get\("__palette"\).*?</script>\s*',
    r'<button type="button" class="md-header__button zz-size".*?</button>\s*',
    r'<link rel="stylesheet" href="[^"]*zz-read\.css">\s*', r'<script src="[^"]*zz-read\.js"></script>\s*',
]
"""What points 3–4 put into every page's HTML (overrides/partials/zz-read-head.html, zz-read.html, the palette)."""


def static(site: Path) -> dict[str, int]:
    page = (site / MONTH / "index.html").read_bytes().decode("utf-8")
    cut = page
    for pattern in ADDED_HTML:
        cut, n = re.subn(pattern, "", cut, flags=re.S)
        if not n:
            print(f"  （未在页面中找到：{pattern[:40]}）")
    sizes = {
        "HTML 中新增的部分": gz(page.encode()) - gz(cut.encode()),
        "assets/stylesheets/zz-read.css": gz((site / "assets/stylesheets/zz-read.css").read_bytes()),
        "assets/javascripts/zz-read.js": gz((site / "assets/javascripts/zz-read.js").read_bytes()),
        "manifest.webmanifest": gz((site / "manifest.webmanifest").read_bytes()),
    }
    return sizes


def browser(site: Path) -> tuple[dict[str, int], dict[str, int]]:
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM, CHROMIUM_ARGS, _GzipHandler

    handler = functools.partial(_GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    page_bytes: dict[str, int] = {}
    worker_bytes: dict[str, int] = {}
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        ctx = b.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)

        def done(request):
            sizes = request.sizes()
            into = worker_bytes if request.service_worker or request.url.endswith("/sw.js") else page_bytes
            into[request.url.replace(base, "")] = sizes["responseBodySize"] + sizes["responseHeadersSize"]

        ctx.on("requestfinished", done)
        page = ctx.new_page()
        page.goto(base + MONTH, wait_until="networkidle")
        page.evaluate("navigator.serviceWorker.ready")
        page.wait_for_timeout(1500)  # let the worker finish precaching
        b.close()
    server.shutdown()
    return page_bytes, worker_bytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path)
    parser.add_argument("--engine", choices=["mkdocs", "zensical"], action="append")
    args = parser.parse_args()
    engines = args.engine or ["mkdocs", "zensical"]
    for engine in engines:
        if args.site:
            site = args.site
        else:
            site = Path(tempfile.mkdtemp(prefix=f"reading-{engine}-")) / "site"
            t, c = time.perf_counter(), time.process_time()
            subprocess.run([sys.executable, "-m", "generator", "build", "--engine", engine, "--site-dir", str(site)],
                           cwd=ROOT, check=True, capture_output=True)
            print(f"{engine}：构建 {time.perf_counter() - t:.1f} 秒")
        print(f"\n== {engine}：{site}")
        sizes = static(site)
        for name, size in sizes.items():
            print(f"  {size:>7,} B  {name}")
        total = sizes["HTML 中新增的部分"] + sizes["assets/stylesheets/zz-read.css"] + sizes["assets/javascripts/zz-read.js"]
        print(f"  {total:>7,} B  首次加载新增合计（gzip；不含只在安装到主屏幕时读取的 manifest）"
              f" — 预算 {BUDGET:,} B：{'未超出' if total <= BUDGET else '超出'}")
        page_bytes, worker_bytes = browser(site)
        print(f"  Chromium：页面本身 {sum(page_bytes.values()):,} B（{len(page_bytes)} 个请求），"
              f"其中 zz-read.* {sum(v for k, v in page_bytes.items() if 'zz-read' in k):,} B")
        print(f"  Chromium：页面加载后 service worker 在后台下载 {sum(worker_bytes.values()):,} B"
              f"（{len(worker_bytes)} 个请求，Workbox、网站外壳、搜索索引；每个版本只下载改动的文件）")
        if args.site:
            break


if __name__ == "__main__":
    main()
