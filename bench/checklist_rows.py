"""Prints each bundled month's checklist rows, the requirements printed under the list, and the
calendar events: the project's months and the fixture projects' (tests/fixtures/*, with the
project's data/rules.yml copied beside them). Run from the project root:

    .venv/bin/python bench/checklist_rows.py

Used for issue 21's before/after listing (docs/checklist-rows.md).
"""
import sys
from pathlib import Path
sys.path.insert(0, str(Path.cwd()))
from generator.read.readers import read_project
from generator.derive.checklist import derive_checklist
roots = [Path("tests/fixtures/checklist"), Path("."), Path("tests/fixtures/college"), Path("tests/fixtures/guide"), Path("tests/fixtures/notice")]
import shutil, tempfile
for root in roots:
    if root != Path("."):
        tmp = Path(tempfile.mkdtemp()) / root.name
        shutil.copytree(root, tmp)
        shutil.copy("data/rules.yml", tmp / "data/rules.yml")
        for d in ("content",):
            pass
        root = tmp
    try:
        project = read_project(root)
    except Exception as e:
        print(root, "ERR", e); continue
    for issue in project.months:
        print(f"== {root.name}/{issue.key}")
        for c in derive_checklist(issue):
            print(f"  [{c.kind}] {c.responsible} | {c.text} · {c.due_zh or ''} | {c.source}")
        if hasattr(issue, "requirements"):
            try:
                from generator.derive.checklist import conduct_requirements
                for r in conduct_requirements(issue):
                    print(f"  (要求，印在清单下) {r.text[:40]}")
            except ImportError:
                pass
        from generator.render.calendar import _events
        import datetime as dt
        for e in _events(issue, project.organisation, dt.datetime(2026,1,1,tzinfo=dt.timezone.utc)):
            print(f"  ics: {e['summary']} @ {e['dtstart'].to_ical().decode()}")
