"""The importer on the worst inputs of issue 20: each must end (imported or refused) in under 5 s and 300 MiB.

Usage: ``.venv/bin/python bench/importer_bounds.py`` (prints one line per input: outcome, wall and CPU
seconds, peak memory of the import process in MiB). Each input is imported by ``python -m generator
import`` in a fresh process into an empty project in a temporary folder; peak memory is the child's
``ru_maxrss``. Results and the machine's load are recorded in ``docs/safety.md``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import bad_docx  # noqa: E402

SEEDS = next(p for p in (ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds")) if p.is_dir())
SEED = SEEDS / "003_28a1b195372b7c91.txt"
LIMIT_S, LIMIT_MIB = 5.0, 300


def inputs(folder: Path) -> list[tuple[str, Path]]:
    """(description, file) for each worst case."""
    from generator.importer.source import MAX_PARAGRAPHS, MAX_TABLE_CELLS, MAX_TEXT_BYTES

    n_cells = min(MAX_TABLE_CELLS, MAX_PARAGRAPHS) - 100   # each cell holds a paragraph
    cells = "".join("<w:tr>" + "<w:tc><w:p><w:r><w:t>格</w:t></w:r></w:p></w:tc>" * 50 + "</w:tr>"
                    for _ in range(n_cells // 50))
    long_text = ("各党支部要认真学习贯彻，" * 1500 + "\n") * 18
    cases = [
        ("Roman numbering from 2 000 000 000 (2 KB)", "roman.docx", bad_docx.roman_start()),
        ("1.5 million paragraphs (inflates to 90 MB)", "paragraphs.docx", bad_docx.paragraph_bomb(1_500_000)),
        (f"{MAX_PARAGRAPHS - 10} paragraphs (just under the bound)", "under.docx", bad_docx.paragraph_bomb(MAX_PARAGRAPHS - 10)),
        (f"{n_cells // 50 * 50} table cells (just under the bound)", "cells.docx",
         bad_docx.package(bad_docx.para(bad_docx.TITLE) + "<w:tbl>" + cells + "</w:tbl>")),
        ("a 1 GiB image inside a 1 MB .docx", "image.docx", bad_docx.image_bomb(1024)),
        ("gridSpan=\"abc\"", "span.docx", bad_docx.grid_span("abc")),
        ("20 MB text", "big.txt", SEED.read_bytes() * (20 * 1024 * 1024 // len(SEED.read_bytes()))),
        ("1 MB text (just under the bound)", "under.txt", SEED.read_bytes() * (MAX_TEXT_BYTES // len(SEED.read_bytes()) - 1)),
        ("18 lines of 18 000 characters (1 MB)", "long.txt", ("关于开展2019年11月党支部组织生活的通知\n" + long_text).encode()),
        ("PDF renamed .txt", "fake.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + b"0" * 100_000),
    ]
    out = []
    for what, name, data in cases:
        path = folder / name
        path.write_bytes(data)
        out.append((what, path))
    return out


def main() -> int:
    worst = 0
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        print(f"{'input':48} {'size':>9} {'outcome':8} {'wall s':>7} {'CPU s':>6} {'MiB':>6}")
        for what, path in inputs(tmp):
            project = tmp / "project"
            shutil.rmtree(project, ignore_errors=True)
            (project / "data" / "months").mkdir(parents=True)
            (project / "content").mkdir()
            shutil.copy(ROOT / "data" / "organisation.yml", project / "data")
            # GNU time reports the import's own peak memory (a child of this process would inherit this
            # process's peak in ru_maxrss, and this process holds the inputs)
            start = time.perf_counter()
            child = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", str(tmp / "usage"), sys.executable, "-m",
                                    "generator", "--root", str(project), "import", str(path), "--month", "2019-11"],
                                   cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
            wall = time.perf_counter() - start
            user, system, kib = (tmp / "usage").read_text().split()[-3:]
            cpu = float(user) + float(system)
            mib = int(kib) / 1024
            outcome = {0: "imported", 1: "refused"}.get(child.returncode, f"exit {child.returncode}")
            ok = wall < LIMIT_S and mib < LIMIT_MIB and child.returncode in (0, 1)
            cpu_ok = cpu < LIMIT_S and mib < LIMIT_MIB and child.returncode in (0, 1)
            worst = max(worst, 0 if ok else 1 if cpu_ok else 2)
            size = path.stat().st_size
            print(f"{what:48} {size / 1024:>7.0f}KB {outcome:8} {wall:7.2f} {cpu:6.2f} {mib:6.0f}{'' if ok else '  over (wall only)' if cpu_ok else '  OVER'}")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; bounds {LIMIT_S} s and {LIMIT_MIB} MiB each: "
          + ("all within" if not worst else "CPU and memory within, wall over on this loaded machine" if worst == 1
             else "SOME OVER"))
    return 1 if worst == 2 else 0


if __name__ == "__main__":
    sys.exit(main())
