"""The clerk's edit loop on an archive: cold build, no-change build, one-month edit.

Usage::

    .venv/bin/python bench/archive_build.py [--months 12 60 120] [--jobs N] [--keep DIR]

For each archive size it makes a project with ``bench/archive.py`` and runs, each as its own
``python -m generator build`` process:

* **cold**: an empty ``build/`` (no cache, no engine workspace) and no ``site/``;
* **no change**: the same command again;
* **one month edited**: one word changed in the newest month's data file;
* **serve: save → page shows it**: ``python -m generator serve`` on the same project,
  one word of the newest month saved, and the month's page polled (every 50 ms) until it
  shows the word; the time from the save to that answer, and the serve process's CPU time
  over the same interval. ``--bundled`` measures the same on a copy of the bundled content.

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


SAMPLE_MEMORY = True
"""Sample the tree's memory while a step runs (``--no-memory`` turns it off). Reading every process's
``smaps_rollup`` each 50 ms costs the measured build wall time (it takes the processes' memory-map
locks): on the 120-month cold build about 6 s of 60. Measure wall time without it, memory with it."""


def measure(cmd: list[str], cwd: Path, env: dict | None = None) -> dict:
    """Runs ``cmd``; returns wall and CPU seconds, peak tree memory (MiB; 0 without sampling) and the exit status."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    stop = threading.Event()

    def sample():
        nonlocal peak
        while SAMPLE_MEMORY and not stop.is_set():
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


def _cpu_of(pid: int) -> float:
    """CPU seconds (user + system) of ``pid`` and its children so far, from /proc/<pid>/stat."""
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def measure_serve(python: str, project: Path, month: Path, old: str, new: str, page: str) -> dict:
    """Starts ``serve`` on ``project``, saves ``month`` with ``old`` replaced by ``new`` once the first
    preview (rendered files included) is up, and polls ``page`` until it shows ``new``.

    Returns:
        ``seconds`` from the save to the first answer showing the change, and ``cpu`` of the serve
        process (and its children) over that interval.
    """
    import socket
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([python, "-m", "generator", "--root", str(project), "serve", "--addr",
                             f"127.0.0.1:{port}"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for line in proc.stdout:
            if "已更新小册子" in line or "预览生成失败" in line or "内容有误" in line:
                break
        url = f"http://127.0.0.1:{port}/{urllib.request.quote(page)}"
        text = month.read_text(encoding="utf-8")
        assert old in text, old
        cpu0 = _cpu_of(proc.pid)
        start = time.perf_counter()
        month.write_text(text.replace(old, new, 1), encoding="utf-8")
        while time.perf_counter() - start < 300:
            try:
                with urllib.request.urlopen(url, timeout=5) as r:
                    if new in r.read().decode("utf-8", "replace"):
                        break
            except OSError:
                pass
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        return {"seconds": seconds, "cpu": _cpu_of(proc.pid) - cpu0}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def size_mib(folder: Path, suffix: str | None = None) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and (suffix is None or p.suffix == suffix)) / 2**20


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--months", type=int, nargs="+", default=[12, 60, 120])
    ap.add_argument("--jobs", type=int, default=None, help="worker processes (default: the build's own default)")
    ap.add_argument("--keep", type=Path, help="make the archives under this folder and keep them")
    ap.add_argument("--bundled", action="store_true", help="also measure the bundled content (build and serve)")
    ap.add_argument("--no-serve", action="store_true", help="skip the serve measurement")
    ap.add_argument("--no-memory", action="store_true",
                    help="do not sample memory (the sampler slows the build it measures; peak shows 0)")
    args = ap.parse_args(argv)
    global SAMPLE_MEMORY
    SAMPLE_MEMORY = not args.no_memory
    python = str(ROOT / ".venv" / "bin" / "python")
    if not Path(python).exists():
        python = sys.executable
    print(f"machine: {os.cpu_count()} CPUs; load average before: {os.getloadavg()[0]:.2f}")
    print(f"{'months':>6} {'step':<18} {'wall s':>8} {'CPU s':>8} {'peak MiB':>9}  result")
    if args.bundled:
        base = Path(tempfile.mkdtemp(prefix="bundled-build-"))
        for part in ("data", "content", "docs", "overrides", "mkdocs.yml"):
            src = ROOT / part
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, base / part)
        cmd = [python, "-m", "generator", "--root", str(base), "build", "-q"]
        for step, r in (("cold", measure(cmd, ROOT)), ("no change", measure(cmd, ROOT))):
            print(f"{'bundled':>6} {step:<18} {r['wall']:>8.1f} {r['cpu']:>8.1f} {r['peak_mib']:>9.0f}  "
                  f"{'OK' if r['status'] == 0 else 'FAILED'} {r['summary'][:60]}")
        if not args.no_serve:
            r = measure_serve(python, base, base / "data/months/2019-10.yml", "各支部根据实际自行安排",
                              "各支部根据实际自行安排（预览测量）", "2019-10/")
            print(f"{'bundled':>6} {'serve: save→page':<18} {r['seconds']:>8.1f} {r['cpu']:>8.1f}")
        shutil.rmtree(base, ignore_errors=True)
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
        if not args.no_serve:
            text = newest.read_text(encoding="utf-8")
            word = "各支部根据实际自行安排"
            r = measure_serve(python, project, newest, word, word + "（预览测量）", f"{keys[-1]}/")
            print(f"{months:>6} {'serve: save→page':<18} {r['seconds']:>8.1f} {r['cpu']:>8.1f} {'':>9}  "
                  "(serve process CPU over the interval)")
        site = project / "site"
        print(f"{months:>6} site: {size_mib(site):.0f} MiB, HTML {size_mib(site, '.html'):.1f} MiB, "
              f"{sum(1 for _ in site.rglob('*.html'))} pages")
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
