"""Cold builds of an archive by two versions of the generator, back to back, for a fair comparison.

Usage::

    .venv/bin/python bench/cold_ab.py --base main [--months 120] [--rounds 2] [--jobs N]

``--base`` is a git revision: its ``generator/`` is exported (``git archive``) into a temporary
folder and run from there; the other side is this working tree. Each round runs one cold build
(no ``build/``, no ``site/``) with each version, alternating which goes first, on two copies of
the same archive (``bench/archive.py``). Every build is its own ``python -m generator build -q``
process, measured as in ``bench/archive_build.py``: wall time, CPU time of the process and its
children, peak memory (PSS summed over the process tree, sampled every 50 ms).

On a shared machine the wall time of one run says little; the two versions measured in turn,
under the same load, and their CPU times, say how they compare.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from archive import make_archive  # noqa: E402
from archive_build import measure  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", required=True, help="git revision to compare against (e.g. main)")
    ap.add_argument("--months", type=int, default=120)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--jobs", type=int, default=None)
    args = ap.parse_args(argv)
    python = str(ROOT / ".venv" / "bin" / "python")
    if not Path(python).exists():
        python = sys.executable
    work = Path(tempfile.mkdtemp(prefix="cold-ab-"))
    try:
        base_code = work / "base"
        base_code.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.base, "generator"], check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(base_code)], input=archive, check=True)
        projects = {"base": work / "p-base", "this": work / "p-this"}
        make_archive(projects["base"], args.months)
        shutil.copytree(projects["base"], projects["this"])
        code = {"base": base_code, "this": ROOT}
        print(f"machine: {os.cpu_count()} CPUs; {args.months} months; base = {args.base}")
        print(f"{'round':>5} {'version':<8} {'wall s':>8} {'CPU s':>8} {'peak MiB':>9} {'load before':>11}")
        for n in range(args.rounds):
            for side in (("base", "this") if n % 2 == 0 else ("this", "base")):
                project = projects[side]
                shutil.rmtree(project / "build", ignore_errors=True)
                shutil.rmtree(project / "site", ignore_errors=True)
                cmd = [python, "-m", "generator", "--root", str(project), "build", "-q"]
                if args.jobs:
                    cmd += ["--jobs", str(args.jobs)]
                load = os.getloadavg()[0]
                r = measure(cmd, code[side])
                print(f"{n + 1:>5} {side:<8} {r['wall']:>8.1f} {r['cpu']:>8.1f} {r['peak_mib']:>9.0f} {load:>11.2f}"
                      f"  {'OK' if r['status'] == 0 else 'FAILED'}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
