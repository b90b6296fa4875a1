"""The one-month edit, two versions of the code alternately on archives already built.

Usage::

    .venv/bin/python bench/edit_ab.py PROJECT_A REPO_A PROJECT_B REPO_B [--rounds 4]

``PROJECT_*`` are archives made and built by ``bench/archive_build.py --keep DIR`` (one per version:
each version's cache and site stay its own), ``REPO_*`` the checkouts whose ``.venv/bin/python -m
generator`` builds them (a worktree of the baseline, and this one). Each round changes one word of the
newest month of A, builds it, then does the same for B, so both meet the same minutes of a shared
machine; a fresh number each time, so the month is rendered again. Prints each build's wall time and
CPU time (the build process and all its children: workers, MkDocs, Pagefind) and the means.
Nothing is timed in the tests; figures go to docs/benchmarks-build.md.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import statistics
import subprocess
import time
from pathlib import Path


def edit_and_build(project: Path, repo: Path) -> tuple[float, float]:
    """One word of the newest month changed, then a build: ``(wall s, CPU s)``."""
    newest = sorted((project / "data" / "months").glob("*.yml"))[-1]
    text = newest.read_text(encoding="utf-8")
    text, n = re.subn(r"支部全体党员(同志\d*)?", f"支部全体党员同志{random.randrange(10 ** 6)}", text, count=1)
    if not n:
        raise SystemExit(f"{newest}: no 支部全体党员 to change")
    newest.write_text(text, encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run = subprocess.run([str(repo / ".venv" / "bin" / "python"), "-m", "generator", "--root", str(project), "build", "-q"],
                         cwd=repo, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.returncode != 0:
        raise SystemExit(run.stdout + run.stderr)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("project_a", type=Path)
    ap.add_argument("repo_a", type=Path)
    ap.add_argument("project_b", type=Path)
    ap.add_argument("repo_b", type=Path)
    ap.add_argument("--rounds", type=int, default=4)
    args = ap.parse_args()
    pairs = [(args.project_a, args.repo_a.resolve()), (args.project_b, args.repo_b.resolve())]
    for project, repo in pairs:
        edit_and_build(project, repo)  # warm: the first build after a code change may render more
    results: dict[str, list[tuple[float, float]]] = {str(repo): [] for _, repo in pairs}
    for _ in range(args.rounds):
        for project, repo in pairs:
            wall, cpu = edit_and_build(project, repo)
            results[str(repo)].append((wall, cpu))
            print(f"{repo}  wall {wall:6.2f} s  CPU {cpu:6.2f} s", flush=True)
    for repo, runs in results.items():
        print(f"{repo}  mean wall {statistics.mean(w for w, _ in runs):6.2f} s  "
              f"mean CPU {statistics.mean(c for _, c in runs):6.2f} s")


if __name__ == "__main__":
    main()
