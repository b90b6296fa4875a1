"""The clerk's edit loop on an archive: cold build, no-change build, one-month edit.

Usage::

    .venv/bin/python bench/archive_build.py [--months 12 60 120] [--jobs N] [--keep DIR]

For each archive size it makes a project with ``bench/archive.py`` and runs, each as its own
``python -m generator build`` process:

* **cold**: an empty ``build/`` (no cache, no engine workspace) and no ``site/``;
* **no change**: the same command again;
* **one month edited**: one word changed in the newest month's data file.

For each it prints wall time, CPU time (the process and all its children: workers, MkDocs,
Pagefind) and the peak memory of the whole process tree (sampled every 50 ms from /proc,
summed over the processes alive at the same moment), plus the site's size. CPU time is
printed beside wall time because these machines are shared: a wall time that grows while
the CPU time does not means the machine was busy, not that the build got slower.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from archive import make_archive  # noqa: E402


def _tree_rss(pid: int) -> int:
    """Memory (bytes) of ``pid`` and all its descendants: the sum of their proportional set sizes
    (PSS, /proc/<pid>/smaps_rollup), so pages that forked workers share with their parent are
    counted once, not once per process."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                total += next((int(line.split()[1]) * 1024 for line in f if line.startswith("Pss:")), 0)
        except OSError:
            pass
        stack += children.get(p, [])
    return total


def measure(cmd: list[str], cwd: Path, env: dict | None = None) -> dict:
    """Runs ``cmd``; returns wall and CPU seconds, peak tree memory (MiB) and the exit status."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    stop = threading.Event()

    def sample():
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            stop.wait(0.05)
    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    out, err = proc.communicate()
    stop.set()
    thread.join()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        print(err[-3000:], file=sys.stderr)
    return {"wall": wall, "cpu": cpu, "peak_mib": peak / 2**20, "status": proc.returncode,
            "summary": (out.strip().splitlines() or [""])[-1]}


def size_mib(folder: Path, suffix: str | None = None) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and (suffix is None or p.suffix == suffix)) / 2**20


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--months", type=int, nargs="+", default=[12, 60, 120])
    ap.add_argument("--jobs", type=int, default=None, help="worker processes (default: the build's own default)")
    ap.add_argument("--keep", type=Path, help="make the archives under this folder and keep them")
    args = ap.parse_args(argv)
    python = str(ROOT / ".venv" / "bin" / "python")
    if not Path(python).exists():
        python = sys.executable
    print(f"machine: {os.cpu_count()} CPUs; load average before: {os.getloadavg()[0]:.2f}")
    print(f"{'months':>6} {'step':<18} {'wall s':>8} {'CPU s':>8} {'peak MiB':>9}  result")
    for months in args.months:
        base = args.keep or Path(tempfile.mkdtemp(prefix="archive-build-"))
        project = base / f"archive-{months}"
        shutil.rmtree(project, ignore_errors=True)
        project.mkdir(parents=True)
        keys = make_archive(project, months)
        cmd = [python, "-m", "generator", "--root", str(project), "build", "-q"]
        if args.jobs:
            cmd += ["--jobs", str(args.jobs)]
        rows = [("cold", measure(cmd, ROOT)), ("no change", measure(cmd, ROOT))]
        newest = project / "data" / "months" / f"{keys[-1]}.yml"
        text = newest.read_text(encoding="utf-8")
        newest.write_text(text.replace("登录途径", "登录方式", 1) if "登录途径" in text
                          else text.replace("支部全体党员", "支部全体党员同志", 1), encoding="utf-8")
        rows.append(("one month edited", measure(cmd, ROOT)))
        for step, r in rows:
            print(f"{months:>6} {step:<18} {r['wall']:>8.1f} {r['cpu']:>8.1f} {r['peak_mib']:>9.0f}  "
                  f"{'OK' if r['status'] == 0 else 'FAILED'} {r['summary'][:60]}")
        site = project / "site"
        print(f"{months:>6} site: {size_mib(site):.0f} MiB, HTML {size_mib(site, '.html'):.1f} MiB, "
              f"{sum(1 for _ in site.rglob('*.html'))} pages")
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
