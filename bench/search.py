"""Search on a ten-year archive: the project's search box over Pagefind, on each engine's site, on a throttled phone CPU.

Usage::

    .venv/bin/python bench/search.py [--months 120] [--keep DIR] [--reuse] [--engines mkdocs,zensical]

1. ``bench/archive.py`` writes a 120-month project; its pages are rendered once
   without PDFs and built by each site engine (:mod:`generator.site.engines`), each
   site with its Pagefind index of units (:mod:`generator.site.search`).
2. Each site is served on 127.0.0.1 with gzip (as any web server does), and
   headless Debian Chromium, CPU throttled 4× through CDP
   (``Emulation.setCPUThrottlingRate``), opens the newest month page in a fresh
   context (cold cache), opens the search box and types one query.
3. Printed per engine and query, the medians of ``RUNS`` runs:

   * ``page KB``: bytes of the page load that are not search (compressed body + headers);
   * ``search KB``: bytes fetched under ``pagefind/`` until 1.5 s after the
     result list is complete (entry, WebAssembly, index chunks, result texts);
   * ``cold s``: seconds from the start of navigation to the first results on
     screen, the search box tapped and the query entered as soon as the page is usable;
   * ``tap s``: page idle; seconds from tapping the search icon, query entered at
     once, to the first results;
   * ``typed s``: page idle, box open for 1 s (a reader needs longer to enter
     four characters with an input method); seconds from the query entered to the
     first results.

The network is not throttled: transfer is reported in bytes; time is CPU.
Targets (issue 5): search KB ≤ 300, first results < 1 s.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import logging
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "tests")]

from archive import make_archive  # noqa: E402
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS, _GzipHandler  # noqa: E402

QUERIES = ["主题党日", "校党组发〔2019〕14号", "后进党支部", "后进党支部整顿"]
RUNS = int(__import__("os").environ.get("BENCH_RUNS", 3))
THROTTLE = 4


def build_archive(project: Path, sites: dict[str, Path]) -> None:
    """Renders ``project``'s pages once (no PDFs) and builds them with each engine into ``sites[engine]``."""
    from generator.site import engines
    from generator.builder.pipeline import render_sources
    from generator.read.readers import read_project

    proj = read_project(project)
    staging = project / "build" / "bench-docs"
    shutil.rmtree(staging, ignore_errors=True)
    sources, _ = render_sources(proj, staging, with_pdfs=False)
    for name, out in sites.items():
        start = time.perf_counter()
        work = project / "build" / f"bench-{name}"
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(staging, work / "docs")
        site = engines.build_site(project, work, engines.SiteConfig(sources.nav, proj.organisation.site_url),
                                  engines.get_engine(name))
        shutil.rmtree(out, ignore_errors=True)
        shutil.move(site, out)
        print(f"{name}: built in {time.perf_counter() - start:.0f} s", flush=True)


def serve(site_dir: Path):
    handler = functools.partial(_GzipHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def one_run(browser, base: str, path: str, engine: str, query: str, mode: str) -> dict:
    """One fresh-context search (``mode``: cold, tap or typed, see above).

    Returns:
        ``page`` and ``search`` bytes (compressed body + headers) and ``seconds`` to the first result.
    """
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
    done = []
    page.on("requestfinished", lambda r: done.append(r))
    start = time.perf_counter()
    page.goto(base + quote(path), wait_until="domcontentloaded" if mode == "cold" else "networkidle")
    if mode != "cold":
        page.wait_for_timeout(1000)
        start = time.perf_counter()
    page.click(".zz-search-open")
    if mode == "typed":
        page.wait_for_timeout(1000)
        start = time.perf_counter()
    page.fill("#zz-search-input", query)
    for _ in range(60):  # if the page's script was not listening yet, type the last character again
        try:
            page.wait_for_selector(".zz-search__result", timeout=2000)
            break
        except PlaywrightTimeout:
            page.press("#zz-search-input", "Backspace")
            page.type("#zz-search-input", query[-1])
    else:
        raise RuntimeError(f"{engine}: no results for {query} ({mode})")
    seconds = time.perf_counter() - start
    page.wait_for_function("q => document.getElementById('zz-search').dataset.complete === q", arg=query, timeout=30000)
    page.wait_for_timeout(1500)
    sizes = [(r.url, r.sizes()) for r in done]
    context.close()
    is_search = lambda u: "/pagefind/" in u  # noqa: E731
    total = lambda rows: sum(s["responseBodySize"] + s["responseHeadersSize"] for _, s in rows)  # noqa: E731
    return {"page": total([x for x in sizes if not is_search(x[0])]),
            "search": total([x for x in sizes if is_search(x[0])]), "seconds": seconds}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--months", type=int, default=120)
    ap.add_argument("--keep", type=Path, help="build into this folder and keep it")
    ap.add_argument("--reuse", action="store_true", help="measure the sites already built in --keep")
    ap.add_argument("--engines", default="mkdocs,zensical", help="which engines' sites to measure")
    args = ap.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-search-"))
    work.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    names = args.engines.split(",")
    sites = {name: work / f"site-{name}" for name in names}
    project = work / "project"
    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # the archive has no PDFs: no warning per link
    if not args.reuse:
        shutil.rmtree(project, ignore_errors=True)
        project.mkdir()
        make_archive(project, args.months)
        build_archive(project, sites)
    keys = sorted(p.name for p in (project / "content").iterdir() if re.fullmatch(r"\d{4}-\d\d", p.name))
    for name in names:
        files = [f for f in (sites[name] / "pagefind").rglob("*") if f.is_file()]
        pages = len(list(sites[name].rglob("index.html")))
        print(f"{name}: {pages} pages; Pagefind bundle on disk {sum(f.stat().st_size for f in files) / 1e6:.1f} MB "
              f"in {len(files)} files.")
    month = f"{keys[-1]}/"
    print(f"\nPage {month}, Chromium CPU ×{THROTTLE}, medians of {RUNS} cold-cache runs\n")
    print("| engine | query | page KB | search KB | cold s | tap s | typed s |\n| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for engine in names:
            server, base = serve(sites[engine])
            for query in QUERIES:
                runs = {mode: [one_run(browser, base, month, engine, query, mode) for _ in range(RUNS)]
                        for mode in ("cold", "tap", "typed")}
                med = lambda mode, k: statistics.median(r[k] for r in runs[mode])  # noqa: E731
                print(f"| {engine} | {query} | {med('tap', 'page') / 1024:.0f} | {med('tap', 'search') / 1024:.0f} | "
                      f"{med('cold', 'seconds'):.2f} | {med('tap', 'seconds'):.2f} | {med('typed', 'seconds'):.2f} |", flush=True)
            server.shutdown()
        browser.close()
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
