"""The printed checklist (工作清单) on one sheet: up to 15 rows and the signature on one A4 side.

Checked on the 2019-10 checklist and on three synthetic months made of its own rows repeated
(15 and 25 rows, and 15 rows with a 要求 block of four rules of conduct under the table), in the booklet and in the separate 工作清单 PDF, from the PDFs' text
(pdfplumber) and drawn lines: which rows each page holds, where the header and the signature
line fall, and that the blank after “日期：” is on the same line as “日期：”.
"""

from __future__ import annotations

import copy
import dataclasses
import io
import re

import pdfplumber
import pytest

from conftest import ROOT, squash
from generator.builder.targets import render_month
from generator.derive import derive
from generator.read.readers import read_project
from generator.render.paths import checklist_pdf

OCT = "2019-10"
HEADER = ("序号", "事项", "期限", "责任人", "备注")
SIGN = "支部书记（签字）"


def _rows_only(issue):
    """``issue`` whose checklist page lists no rules of conduct under the table (its body is unchanged)."""
    cls = type(issue)
    rows_only = type("RowsOnly", (cls,), {"requirements": property(lambda self: [r for r in cls.requirements.fget(self) if r.task])})
    out = copy.copy(issue)
    object.__setattr__(out, "__class__", rows_only)
    return out


FOURTH_RULE = ("严格落实“三会一课”制度，党员因故不能参加组织生活的，应向支部书记请假，"
               "会后及时补学。支部委员会要认真做好会议记录。")
"""A fourth rule of conduct, as 2019-10's are written (two sentences; the sheet prints the first)."""


def _with_conduct(issue):
    """``issue`` with 2019-10's three rules of conduct and :data:`FOURTH_RULE`: four under the table."""
    from generator.model import Requirement

    cls = type(issue)
    own = cls.requirements.fget(issue)
    extra = Requirement(index=len(own) + 1, number=len(own) + 1, text=FOURTH_RULE, task=False)
    with_conduct = type("WithConduct", (cls,), {"requirements": property(lambda self: [*cls.requirements.fget(self), extra])})
    out = copy.copy(issue)
    object.__setattr__(out, "__class__", with_conduct)
    return out


@pytest.fixture(scope="module")
def rendered():
    """``rows → (booklet PDF bytes, checklist PDF bytes)`` for 2019-10 (8 rows), 15 and 25 rows, and
    ``"15+要求"``: 15 rows with four rules of conduct under the table."""
    project = read_project(ROOT)
    derived = derive(project)
    edition = next(e for e in derived.all_editions() if e.issue.key == OCT and e.issue.kind is None)
    base = list(edition.checklist)
    out = {}
    for n in (len(base), 15, 25):
        rows = tuple(dataclasses.replace(base[i % len(base)], id=f"{OCT}/synthetic-{i}") for i in range(n))
        # the synthetic months are rows only: 2019-10's rules of conduct (printed under its table since the
        # checklist derivation stopped making them rows) stay with the month's own 8 rows
        issue = edition.issue if n == len(base) else _rows_only(edition.issue)
        files = render_month(issue, rows, project.organisation, ROOT).files
        booklet = files[f"{OCT}/{edition.issue.booklet_name}"]
        out[n] = (booklet, files[checklist_pdf(edition.issue)])
    rows = tuple(dataclasses.replace(base[i % len(base)], id=f"{OCT}/synthetic-{i}") for i in range(15))
    issue = _with_conduct(edition.issue)
    assert sum(not r.task for r in issue.requirements) == 4
    files = render_month(issue, rows, project.organisation, ROOT).files
    out["15+要求"] = (files[f"{OCT}/{edition.issue.booklet_name}"], files[checklist_pdf(edition.issue)])
    return out


def _checklist_pages(data: bytes, from_title: bool):
    """pdfplumber pages of the checklist: the whole file, or the booklet's pages from the 工作清单 title on."""
    pdf = pdfplumber.open(io.BytesIO(data))
    pages = pdf.pages
    if from_title:
        start = next(i for i, p in enumerate(pages) if "党支部工作清单" in squash(p.extract_text() or ""))
        pages = pages[start:]
    return pdf, pages


def _row_numbers(page) -> list[int]:
    """The 序号 of the rows on ``page``: the numbers standing alone in the first column."""
    table_left = min(w["x0"] for w in page.extract_words() if w["text"].startswith("序号"))
    first_col = [w for w in page.extract_words() if w["x0"] < table_left + 8 * 72 / 25.4 and re.fullmatch(r"\d+", w["text"])]
    return [int(w["text"]) for w in sorted(first_col, key=lambda w: w["top"])]


def _sign_line(page):
    """(words of the line holding 支部书记（签字）, its top), or None if the page has no signature."""
    words = page.extract_words()
    sign = next((w for w in words if w["text"].startswith("支部书记（签字")), None)
    if sign is None:
        return None
    return [w for w in words if abs(w["top"] - sign["top"]) < 3], sign["top"]


@pytest.mark.parametrize("n", ["oct", 15, 25, "15+要求"])
@pytest.mark.parametrize("copy", ["booklet", "checklist"])
def test_checklist_pages(rendered, n, copy):
    conduct = n == "15+要求"
    n = min(k for k in rendered if isinstance(k, int)) if n == "oct" else n
    booklet, sheet = rendered[n]
    n = 15 if conduct else n
    pdf, pages = _checklist_pages(booklet if copy == "booklet" else sheet, from_title=copy == "booklet")
    with pdf:
        if copy == "booklet":
            pages = [p for p in pages if squash(p.extract_text() or "").strip("—0123456789 ")]  # no blank versos
        seen = []
        for page in pages:
            text = squash(page.extract_text() or "")
            assert all(h in text for h in HEADER), "the header row is on every page of the checklist"
            numbers = _row_numbers(page)
            assert numbers, "no page holds only the header (or only the signature)"
            seen += numbers
        assert seen == list(range(1, n + 1)), "every row once, in order, none split across pages"
        if n <= 15:
            assert len(pages) == 1, f"{n} rows and the signature fit one A4 side"
        else:
            assert len(pages) == 2
        last = pages[-1]
        line = _sign_line(last)
        assert line is not None, "the signature line is on the last page, with the last rows"
        words, top = line
        joined = "".join(w["text"] for w in words)
        assert "日期" in joined, "“日期：” on the signature's line"
        if conduct:
            text = squash(last.extract_text() or "")
            assert "要求" in text and "严格落实“三会一课”制度" in text, "the rules of conduct under the table"
            rule_top = next(w["top"] for w in last.extract_words() if w["text"].startswith("严格落实"))
            assert rule_top < top, "the rules of conduct between the table and the signature"
        for page in pages[:-1]:
            assert _sign_line(page) is None
        date = next(w for w in words if "日期" in w["text"])
        blanks = [e for e in last.horizontal_edges if e["x0"] >= date["x1"] - 1 and abs(e["top"] - date["bottom"]) < 6]
        assert blanks, "the blank after “日期：” is drawn on the same line"
        assert all(abs(p.width - 595.28) < 1 and abs(p.height - 841.89) < 1 for p in pages), "A4"
