"""Site engines compared: MkDocs + Material against Zensical, on the bundled content and a ten-year archive.

Usage::

    .venv/bin/python bench/engines.py [--months 120] [--runs 3]

For each project (the bundled content, and the archive ``bench/archive.py``
writes), the pages are read and rendered once without PDFs (the PDFs do not
depend on the engine). Then, for each engine, ``RUNS`` times:

* ``cold``: a fresh work folder, so nothing is cached: config written, the
  engine builds the HTML (:func:`generator.site.engines.write_config` + ``Engine.build``);
* ``cached`` (Zensical only): the same again in the same work folder, with the
  ``.cache/`` its previous build left (what ``make serve`` sees after a save);
* ``pagefind``: the search index of the built site (:func:`generator.site.search.index_site`).

Printed: medians of wall seconds and CPU seconds (this process and its
children, so Zensical's own process and Pagefind's are counted) for each step.
"""

from __future__ import annotations

import argparse
import logging
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from archive import make_archive  # noqa: E402

from generator.site import engines  # noqa: E402
from generator.builder.pipeline import render_sources  # noqa: E402
from generator.read.readers import read_project  # noqa: E402
from generator.site.search import index_site  # noqa: E402


def cpu() -> float:
    """CPU seconds used so far by this process and its waited-for children (user + system)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn) -> tuple[float, float]:
    """Runs ``fn()``; returns (wall seconds, CPU seconds)."""
    wall, used = time.perf_counter(), cpu()
    fn()
    return time.perf_counter() - wall, cpu() - used


def measure(project: Path, runs: int) -> list[tuple[str, str, list[tuple[float, float]]]]:
    """Every (engine, step, [(wall, cpu), …]) for ``project``."""
    proj = read_project(project)
    build_dir = project / "build"
    build_dir.mkdir(exist_ok=True)
    docs = Path(tempfile.mkdtemp(prefix="bench-docs-", dir=build_dir))
    sources, _ = render_sources(proj, docs, with_pdfs=False)
    config = engines.SiteConfig(sources.nav, proj.organisation.site_url)
    rows = []
    for name in engines.NAMES:
        engine = engines.get_engine(name)
        cold, cached, index = [], [], []
        for _ in range(runs):
            work = Path(tempfile.mkdtemp(prefix=f"bench-{name}-", dir=build_dir))
            shutil.copytree(docs, work / "docs")
            engines.write_config(project, work, config)
            cold.append(timed(lambda: engine.build(work)))
            index.append(timed(lambda: index_site(work / "site")))
            if name == "zensical":
                shutil.rmtree(work / "site")
                cached.append(timed(lambda: engine.build(work)))
            shutil.rmtree(work)
        rows += [(engine.label, "cold", cold)] + ([(engine.label, "cached", cached)] if cached else [])
        rows.append((engine.label, "pagefind", index))
    shutil.rmtree(docs)
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--months", type=int, default=120)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # no PDFs: no warning per PDF link
    archive = Path(tempfile.mkdtemp(prefix="bench-archive-"))
    try:
        make_archive(archive, args.months)
        projects = [("bundled content", ROOT), (f"{args.months}-month archive", archive)]
        print(f"Medians of {args.runs} runs; CPU = this process + children (user + system).\n")
        print("| project | months | engine | step | wall s | CPU s |\n| --- | ---: | --- | --- | ---: | ---: |")
        for label, project in projects:
            pages = len(read_project(project).months)
            for engine, step, runs in measure(project, args.runs):
                wall = statistics.median(r[0] for r in runs)
                used = statistics.median(r[1] for r in runs)
                print(f"| {label} | {pages} | {engine} | {step} | {wall:.2f} | {used:.2f} |", flush=True)
    finally:
        shutil.rmtree(archive, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
