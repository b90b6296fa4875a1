"""How long the 公众号 copy and the share picture take to make (issue 18).

Usage::

    .venv/bin/python bench/wechat.py [--repeat 5]

Renders, in this process, the 公众号 copy of each bundled month and shared document
(:func:`generator.render.wechat.article`: template, css-inline, list/link/image passes) and each
month's share picture (:func:`generator.render.booklet.cover_png`: the first page of the month's
booklet, already laid out by its booklet target, rasterised by pypdfium2), ``--repeat`` times each after one warm-up run, and
prints the median wall time and the process CPU time per item, with the copy's size.
Also a month copy of the 2017-05 issue split at a 3,000-character limit, to show what the
split costs. Nothing is timed inside the tests; figures go to docs/benchmarks-wechat.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(function, repeat: int):
    function()  # warm-up: imports, template compilation, fonts
    walls, cpus = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        result = function()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from generator.read import read_project
    from generator.render import booklet, wechat

    project = read_project(ROOT)
    org = project.organisation
    print(f"{'item':<44} {'wall ms':>8} {'CPU ms':>8} {'chars':>7} {'parts':>5} {'HTML KB':>8}")
    for item in [*project.months, *project.shared]:
        name = getattr(item, "display_title", None) or item.title
        wall, cpu, art = timed(lambda: wechat.article(item, org), args.repeat)
        print(f"公众号版 {name[:38]:<40} {wall * 1000:8.1f} {cpu * 1000:8.1f} {sum(art.parts):7d} {len(art.parts):5d} "
              f"{len(art.html.encode()) / 1024:8.1f}")
    month = project.months[-1]
    wall, cpu, art = timed(lambda: wechat.article(month, org, limit=3000), args.repeat)
    print(f"公众号版 {month.display_title[:30] + '（分篇 3000）':<40} {wall * 1000:8.1f} {cpu * 1000:8.1f} "
          f"{sum(art.parts):7d} {len(art.parts):5d} {len(art.html.encode()) / 1024:8.1f}")
    for issue in project.months:
        pdf = booklet.pdf_bytes(booklet.month_html(issue, org, ()), ROOT)  # the booklet (rendered by its own target)
        wall, cpu, png = timed(lambda: booklet.cover_png(pdf), args.repeat)
        size = len(png)
        print(f"分享图 {issue.display_title[:38]:<42} {wall * 1000:8.1f} {cpu * 1000:8.1f} {'':>7} {'':>5} {size / 1024:8.1f}")


if __name__ == "__main__":
    main()
