"""Search as members ask (issue 19): index size and bytes fetched per query on the ten-year archive, each engine.

Usage::

    .venv/bin/python bench/search_members.py --keep /tmp/bench-members            # build (bench/search.py's archive), measure
    .venv/bin/python bench/search_members.py --keep /tmp/bench-members --reuse    # measure the sites already there

For each engine's site: the Pagefind bundle on disk (files, MiB; the tables ``zz-fold.json`` and
``zz-pinyin.json`` apart), the month page's first load (compressed bytes of everything fetched until the
network is idle, the search box not opened), and for each query the bytes fetched after tapping the
search icon until the result list is complete and 1.5 s more (Pagefind's files, the second script, the
tables). Not throttled: bytes are deterministic, time is not measured here.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "tests")]

from archive import make_archive  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from search import build_archive, serve  # noqa: E402

PASTED = ("结合后进党支部排查和整顿工作，对照《关于进一步做好后进党支部排查和整顿工作的通知》中的整顿内容，"
          "对本支部的建设情况开展“回头看”")
QUERIES = ["主题党日", "党费什么时候交", "谈心谈化", "黨費", "10.31", "dangfei", "ztdr", PASTED]


def bundle(site: Path) -> dict:
    files = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    tables = [p for p in files if p.name.startswith("zz-")]
    return {"files": len(files), "mib": sum(p.stat().st_size for p in files) / 2**20,
            "tables_kib": sum(p.stat().st_size for p in tables) / 1024}


def measure(browser, base: str, path: str, query: str) -> tuple[int, int]:
    """(bytes of the page's first load, bytes fetched for ``query`` after the search icon is tapped)."""
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True)
    page = context.new_page()
    got = []
    page.on("requestfinished", lambda r: got.append(r))
    page.goto(base + quote(path), wait_until="networkidle")
    size = lambda rows: sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in rows)  # noqa: E731
    first = size(got)
    got.clear()
    page.click(".zz-search-open")
    page.fill("#zz-search-input", query)
    page.wait_for_function("q => document.getElementById('zz-search').dataset.complete === q", arg=query, timeout=60000)
    page.wait_for_timeout(1500)
    searched = size(got)
    context.close()
    return first, searched


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", type=Path, required=True)
    ap.add_argument("--reuse", action="store_true")
    ap.add_argument("--engines", default="mkdocs,zensical")
    args = ap.parse_args(argv)
    names = args.engines.split(",")
    sites = {n: args.keep / f"site-{n}" for n in names}
    if not args.reuse:
        project = args.keep / "project"
        project.mkdir(parents=True, exist_ok=True)
        make_archive(project)
        build_archive(project, sites)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name in names:
            b = bundle(sites[name])
            print(f"{name}: pagefind/ {b['files']} files, {b['mib']:.2f} MiB (tables {b['tables_kib']:.0f} KiB)")
            server, base = serve(sites[name])
            month = sorted(d.name for d in sites[name].iterdir() if d.name[:2] == "20" and len(d.name) == 7)[-1]
            for q in QUERIES:
                first, searched = measure(browser, base, month + "/", q)
                print(f"  {q[:20]}{'…' if len(q) > 20 else ''}\tpage {first / 1000:.0f} KB\tsearch {searched / 1000:.0f} KB", flush=True)
            server.shutdown()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
