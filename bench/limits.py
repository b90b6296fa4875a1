"""What the safety checks cost, and what the input limits bound. Prints figures; asserts nothing.

Run ``.venv/bin/python bench/limits.py`` from the project root (part of ``make bench``).
Every figure is wall and CPU seconds of one run on this machine:

1. read: ``read_project`` on a 120-month archive (``bench/archive.py``) with the
   read-time HTML checks (:mod:`generator.read.sanitize`) and with them switched off.
2. scan: the outside-request scan of ``check_site`` over every page of that
   archive's site (built without PDFs): the fast scanner
   (:func:`generator.site.checks.resources`) against the full ``html.parser`` walk it replaced.
3. limits: the worst input each limit lets through, and what it costs:
   a paragraph of :data:`~generator.read.limits.MAX_PARAGRAPH_CHARS` characters full of
   inline marks (check + render), a table of :data:`~generator.read.limits.MAX_TABLE_ROWS`
   rows (check + booklet PDF), a Markdown file of
   :data:`~generator.read.limits.MAX_MARKDOWN_BYTES` of prose (check + booklet PDF), a YAML file
   of :data:`~generator.read.limits.MAX_YAML_BYTES` (parse + check), and the 1.7 KB alias
   bomb and a 1 MB line (refused: time to the error).

Results and the exact command are recorded in ``docs/safety.md``.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def timed(label: str, func, *args, **kwargs):
    wall, cpu = time.perf_counter(), time.process_time()
    result = func(*args, **kwargs)
    print(f"{label:<62} wall {time.perf_counter() - wall:7.2f} s   cpu {time.process_time() - cpu:7.2f} s", flush=True)
    return result


class OldResources(HTMLParser):
    """The ``check_site`` scanner before: a full html.parser walk of every page (kept here as the baseline)."""

    LOADS = {("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src"),
             ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")}

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for t, a in self.LOADS:
            if tag == t and attrs.get(a):
                self.urls.append(attrs[a])
        if attrs.get("style"):
            self.urls += re.findall(r"url\(['\"]?([^'\")]+)", attrs["style"])


def bench_archive(months: int) -> None:
    from archive import make_archive
    from search import build_archive

    from generator.read import readers, sanitize
    from generator.site.checks import resources

    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "archive"
        make_archive(project, months)
        timed(f"read: {months}-month archive, with HTML checks", readers.read_project, project)
        saved = sanitize.check_markdown, sanitize.check_yaml
        sanitize.check_markdown = lambda *a, **k: []
        sanitize.check_yaml = lambda *a, **k: []
        try:
            timed(f"read: {months}-month archive, without HTML checks", readers.read_project, project)
        finally:
            sanitize.check_markdown, sanitize.check_yaml = saved
        site = Path(tmp) / "site"
        build_archive(project, site)
        pages = [p.read_text(encoding="utf-8") for p in site.rglob("*.html")]
        size = sum(len(p.encode()) for p in pages) / 1e6
        print(f"scan: {len(pages)} pages, {size:.1f} MB of HTML")

        def old():
            for page in pages:
                parser = OldResources()
                parser.feed(page)

        timed("scan: html.parser walk (before)", old)
        timed("scan: fast scanner resources() (now)", lambda: [resources(p) for p in pages])


def bench_limits() -> None:
    from generator.render import booklet
    from generator.read import limits, sanitize
    from generator.read.readers import read_project
    from generator.read.yamlio import read_yaml_text

    project = read_project(ROOT)
    doc, org = project.shared[0], project.organisation
    content = ROOT / "content"

    def check_and_print(body: str, label: str) -> None:
        errors = timed(f"{label}: read-time check", sanitize.check_markdown, body, doc.path, 1, doc.path.parent, content)
        assert not errors, errors
        with tempfile.TemporaryDirectory() as tmp:
            d = dataclasses.replace(doc, body=body, annexes=[])
            timed(f"{label}: booklet PDF", booklet.write_pdf, booklet.document_html(d, org), Path(tmp) / "x.pdf",
                  base_url=ROOT, org=org)

    unit = "党支部*组织*生活[链接](https://example.com/)`代码`"
    paragraph = (unit * (limits.MAX_PARAGRAPH_CHARS // len(unit)))[:limits.MAX_PARAGRAPH_CHARS - 10]
    timed(f"paragraph of {len(paragraph)} characters of inline marks: check", sanitize.check_markdown,
          paragraph, doc.path, 1, doc.path.parent, content)
    rows = limits.MAX_TABLE_ROWS - 1
    table = "| 序号 | 支部 | 问题 |\n| --- | --- | --- |\n" + "".join(f"| {i} | 第{i}党支部 | 组织生活不经常 |\n" for i in range(rows))
    check_and_print(table, f"table of {rows + 1} rows")
    prose = ("党支部组织生活指导材料是党委组织部每月发布的文件，各支部据此开展组织生活。" * 5 + "\n\n")
    body = prose * (limits.MAX_MARKDOWN_BYTES // len(prose.encode()) - 1)
    check_and_print(body, f"Markdown of {len(body.encode()) // 1024} KB of prose")
    item = "  - text: 第{i}项工作安排，组织党员学习，深刻领会。\n    summary: 学习{i}\n"
    yaml_text = "work_items:\n" + "".join(item.format(i=i) for i in range(limits.MAX_YAML_BYTES // len(item.encode()) - 1))
    located, _ = timed(f"YAML of {len(yaml_text.encode()) // 1024} KB: parse", read_yaml_text, yaml_text, Path("x.yml"))
    timed(f"YAML of {len(yaml_text.encode()) // 1024} KB: HTML check", sanitize.check_yaml, located, content)
    bomb = ('lol1: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
            + "".join(f"lol{i + 2}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)))
    timed(f"alias bomb of {len(bomb)} bytes: refused", read_yaml_text, bomb, Path("x.yml"))
    line = "党支部*组织*生活" * 100_000
    timed(f"single line of {len(line) // 1000}k characters: refused", sanitize.check_markdown, line, doc.path, 1,
          doc.path.parent, content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=120)
    args = parser.parse_args()
    import logging

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    bench_archive(args.months)
    bench_limits()


if __name__ == "__main__":
    main()
