"""Word in and out: import time per seed, export time per month, and mammoth vs python-docx for reading.

Run: ``.venv/bin/python bench/word.py`` (after ``make setup-test``: mammoth is a test dependency).
Prints wall and CPU time (best of ``REPEAT`` runs in one warm process, plus the first, cold run)
and, for the .docx fixtures, what each reader keeps of what the recogniser needs. Figures and
the command are recorded in ``docs/benchmarks-word.md``.
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
REPEAT = 5
SEEDS = next(p for p in (ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds")) if p.is_dir())


def timed(fn, repeat: int = REPEAT) -> tuple[float, float, float, float]:
    """(first wall, first cpu, best wall, best cpu) in seconds over ``repeat`` calls of ``fn``."""
    runs = []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        fn()
        runs.append((time.perf_counter() - w, time.process_time() - c))
    return runs[0][0], runs[0][1], min(r[0] for r in runs), min(r[1] for r in runs)


def row(label: str, t) -> str:
    return f"{label:<44} {t[0]:7.3f} {t[1]:7.3f} {t[2]:7.3f} {t[3]:7.3f}"


def main() -> None:
    from generator.importer import plan_import
    from generator.read.readers import read_project
    from generator.render.word import write_docx

    print(f"{'':<44} {'first':>7} {'':>7} {'best':>7}")
    print(f"{'what':<44} {'wall s':>7} {'cpu s':>7} {'wall s':>7} {'cpu s':>7}")
    for seed in sorted(SEEDS.glob("*.txt")):
        month = "2017-05" if seed.name.startswith("000") else None
        print(row(f"import {seed.name}", timed(lambda: plan_import(seed, ROOT, month=month))))
    project = read_project(ROOT)
    out = Path(tempfile.mkdtemp(prefix="bench-word-"))
    for issue in project.months:
        print(row(f"export {issue.key} (.docx)", timed(lambda: write_docx(issue, project.organisation, out / "m.docx"))))
    for doc in project.shared:
        if doc.annexes:
            print(row(f"export {doc.title[:14]}… with {len(doc.annexes)} annexes",
                      timed(lambda: write_docx(doc, project.organisation, out / "d.docx"))))
    readers(project, out)


def readers(project, out: Path) -> None:
    """mammoth (docx → HTML) against python-docx (our :mod:`generator.importer.source`) on the fixtures."""
    import mammoth

    from generator.importer.source import Para, Table, read_source
    from generator.render.word import write_docx
    from test_import_docx import make_college, make_notice

    fixtures = {}
    make_notice(out / "notice.docx")
    fixtures["通知 (automatic 一、, bold)"] = out / "notice.docx"
    make_college(out / "college.docx")
    fixtures["指导意见 (merged-cell table)"] = out / "college.docx"
    issue = next(m for m in project.months if m.key == "2019-10")
    write_docx(issue, project.organisation, out / "2019-10.docx")
    fixtures["2019-10 exported (cover, 附件)"] = out / "2019-10.docx"
    plan = next(d for d in project.shared if d.annexes)
    write_docx(plan, project.organisation, out / "plan.docx")
    fixtures["001 plan exported (3 tables)"] = out / "plan.docx"

    print()
    print(f"{'fixture':<32} {'reader':<12} {'cpu ms':>7} {'paras':>6} {'一、 seen':>9} {'aligned':>8} "
          f"{'bold':>5} {'breaks':>7} {'spans':>6}")
    for name, path in fixtures.items():
        def with_mammoth():
            with path.open("rb") as f:
                return mammoth.convert_to_html(f).value
        html = with_mammoth()
        t = timed(with_mammoth)
        paras = len(re.findall(r"<(?:p|h\d|li)\b", html))
        print(f"{name:<32} {'mammoth':<12} {t[3] * 1000:7.1f} {paras:6d} {len(re.findall(r'>[一二三四五六七八九十]、', html)):9d} "
              f"{'no':>8} {html.count('<strong>'):5d} {'no':>7} {len(re.findall(r'(?:col|row)span', html)):6d}")
        source = read_source(path)
        t = timed(lambda: read_source(path))
        ps = [b for b in source.blocks if isinstance(b, Para)]
        spans = sum(1 for b in source.blocks if isinstance(b, Table) for r in b.rows for c in r if c.colspan > 1 or c.rowspan > 1)
        print(f"{'':<32} {'python-docx':<12} {t[3] * 1000:7.1f} {len(ps):6d} "
              f"{sum(1 for p in ps if re.match(r'^[一二三四五六七八九十]、', p.text)):9d} "
              f"{sum(1 for p in ps if p.align in ('center', 'right')):8d} {sum(1 for p in ps if p.bold):5d} "
              f"{sum(1 for b in source.blocks if b.page_break):7d} {spans:6d}")


if __name__ == "__main__":
    main()
