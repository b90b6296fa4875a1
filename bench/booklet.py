"""Booklet speed: WeasyPrint vs headless Chromium, and a ~100-page booklet. Prints figures; asserts nothing.

Run ``make bench`` (or ``.venv/bin/python bench/booklet.py [--runs N]``) from the project root.
What it measures, all on the bundled content:

1. warm: the October 2019 booklet (body, 附件1, checklist) rendered again and
   again in one process: ``month_html`` + ``write_pdf``; median and min of N
   runs, in s. Also the A5 imposition of it.
2. cold: the same booklet as a whole process (``python -c`` that imports the
   generator, reads the project and writes the PDF), median of N, in s.
3. chromium: the very same HTML printed by headless Chromium
   (``--print-to-pdf``), whole process, median of N, in s.
4. big: a synthetic booklet (every seed document attached to October, twice),
   in a fresh process: pages, s, and peak RSS (``ru_maxrss``, which counts
   Pango's and cairo's memory too, unlike ``tracemalloc``), in MB.

Targets (issue 3): warm ≤ 0.5 s; cold ≤ ½ chromium; big (~100 pages) ≤ 4 s and ≤ 400 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"]
MONTH = "2019-10"

COLD = """
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
from generator import read_project
from generator.render import booklet
root = Path({root!r})
project = read_project(root)
issue = next(m for m in project.months if m.key == {month!r})
booklet.write_pdf(booklet.month_html(issue, project.organisation), Path(sys.argv[1]), base_url=root)
"""


def october():
    from generator import read_project

    project = read_project(ROOT)
    return project, next(m for m in project.months if m.key == MONTH)


def pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def warm(runs: int, out: Path) -> dict:
    from generator.render import booklet
    from generator.render.imposition import impose_a5

    project, issue = october()
    target = out / "warm.pdf"
    booklet.write_pdf(booklet.month_html(issue, project.organisation), target, base_url=ROOT)  # warm up fonts, Pango
    times, cpu, a5 = [], [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        booklet.write_pdf(booklet.month_html(issue, project.organisation), target, base_url=ROOT)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        t = time.perf_counter()
        (out / "warm-a5.pdf").write_bytes(impose_a5(target.read_bytes()))
        a5.append(time.perf_counter() - t)
    return {"pages": pages(target), "median_s": statistics.median(times), "min_s": min(times),
            "cpu_median_s": statistics.median(cpu), "a5_median_s": statistics.median(a5)}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cold(runs: int, out: Path) -> dict:
    script = COLD.format(root=str(ROOT), month=MONTH)
    times, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), _children_cpu()
        subprocess.run([sys.executable, "-c", script, str(out / "cold.pdf")], check=True, cwd=ROOT)
        times.append(time.perf_counter() - t)
        cpu.append(_children_cpu() - c)
    return {"median_s": statistics.median(times), "min_s": min(times), "cpu_median_s": statistics.median(cpu)}


def chromium(runs: int, out: Path) -> dict:
    from generator.render import booklet

    if not Path(CHROMIUM).exists():
        return {"error": f"{CHROMIUM} not found (make setup-test installs chromium)"}
    project, issue = october()
    html = out / "october.html"
    html.write_text(booklet.month_html(issue, project.organisation), encoding="utf-8")
    times, cpu = [], []
    for i in range(runs):
        profile = out / f"chromium-profile-{i}"
        target = out / "chromium.pdf"
        t, c = time.perf_counter(), _children_cpu()
        subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--no-pdf-header-footer",
                        f"--print-to-pdf={target}", html.as_uri()], check=True, cwd=out,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
        times.append(time.perf_counter() - t)
        cpu.append(_children_cpu() - c)
    return {"pages": pages(out / "chromium.pdf"), "median_s": statistics.median(times), "min_s": min(times),
            "cpu_median_s": statistics.median(cpu)}


def synthetic_project(dest: Path, copies: int = 2) -> None:
    """A copy of the project whose October issue attaches every seed document ``copies`` times."""
    for part in ("data", "content", "docs", "overrides", "mkdocs.yml"):
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        elif src.exists():
            shutil.copy2(src, dest / part)
    month_dir = dest / "content" / MONTH
    sources = sorted((ROOT / "content" / "2017-05").glob("*.md")) + sorted(
        p for p in (ROOT / "content" / "documents").glob("*.md") if "-附件" not in p.name)
    names = [p.name for p in sorted(month_dir.glob("*.md"))]
    n = len(names)
    for copy in range(copies):
        for src in sources:
            n += 1
            name = f"附件{n}-" + re.sub(r"^附件\d+-", "", src.stem) + ".md"
            shutil.copy2(src, month_dir / name)
            names.append(name)
    for annex in (ROOT / "content" / "documents").glob("*-附件*.md"):  # annexes the documents include
        shutil.copy2(annex, month_dir / annex.name)
    data = dest / "data" / "months" / f"{MONTH}.yml"
    text = data.read_text(encoding="utf-8")
    head, _, _ = text.partition("attachments:")
    listed = "".join(f"  - {name}\n" for name in names)
    rest = re.sub(r"^attachments:\n(?:  - .*\n?)*", "", text[len(head):], flags=re.M)
    data.write_text(head + "attachments:\n" + listed + rest, encoding="utf-8")


BIG_CHILD = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
t0 = time.perf_counter()
from generator import read_project
from generator.render import booklet
root = Path(sys.argv[1])
project = read_project(root)
issue = next(m for m in project.months if m.key == {month!r})
t1 = time.perf_counter()
booklet.write_pdf(booklet.month_html(issue, project.organisation), Path(sys.argv[2]), base_url=root)
t2 = time.perf_counter()
print(json.dumps({{"import_read_s": t1 - t0, "render_s": t2 - t1, "total_s": t2 - t0,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def big(out: Path) -> dict:
    project = out / "big-project"
    synthetic_project(project)
    target = out / "big.pdf"
    t = time.perf_counter()
    run = subprocess.run([sys.executable, "-c", BIG_CHILD.format(root=str(ROOT), month=MONTH), str(project), str(target)],
                         check=True, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    return {"pages": pages(target), "process_wall_s": wall, **figures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="repetitions for the median (default 7)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-booklet-") as tmp:
        out = Path(tmp)
        results = {
            "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
            "load_before": os.getloadavg(),
            "warm": warm(args.runs, out),
            "cold": cold(max(3, args.runs // 2), out),
            "chromium": chromium(max(3, args.runs // 2), out),
            "big": big(out),
        }
    results["load_after"] = os.getloadavg()
    w, c, ch, b = results["warm"], results["cold"], results["chromium"], results["big"]
    print(f"{results['machine']}; load average before {results['load_before'][0]:.2f}, after {results['load_after'][0]:.2f}")
    print(f"October 2019 booklet, {w['pages']} pages, warm process: median {w['median_s']:.3f} s, min {w['min_s']:.3f} s "
          f"(target ≤ 0.5 s); CPU median {w['cpu_median_s']:.3f} s; A5 imposition median {w['a5_median_s']:.3f} s")
    print(f"  whole process (import, read, render): median {c['median_s']:.3f} s, CPU {c['cpu_median_s']:.3f} s")
    if "error" in ch:
        print(f"  chromium: {ch['error']}")
    else:
        print(f"  headless Chromium --print-to-pdf, same HTML ({ch['pages']} pages): median {ch['median_s']:.3f} s; "
              f"CPU {ch['cpu_median_s']:.3f} s (all its processes); ours/Chromium = {c['median_s'] / ch['median_s']:.2f} wall, "
              f"{c['cpu_median_s'] / ch['cpu_median_s']:.2f} CPU (target ≤ 0.5)")
    print(f"Synthetic booklet, {b['pages']} pages, fresh process: {b['total_s']:.2f} s in Python "
          f"(render {b['render_s']:.2f} s), {b['process_wall_s']:.2f} s wall; peak RSS {b['peak_rss_mb']:.0f} MB, "
          f"(targets ≤ 4 s, ≤ 400 MB for ~100 pages)")
    print(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
