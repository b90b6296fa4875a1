"""The A5 saddle-stitch copy is laid out for A5, not shrunk: body 4号 (14 pt) or larger, the A4
booklet's faces and order, its own line breaks and page numbers (read from the PDF with pdfplumber)."""

from __future__ import annotations

import re
from collections import Counter

import pdfplumber
import pytest

from conftest import squash
from generator.render import booklet as bk
from generator.render.pages import month_of

MM = 72 / 25.4


def _base(fontname: str) -> str:
    return fontname.split("+", 1)[-1]


@pytest.fixture(scope="module", params=["2019-10", "2017-05"])
def copies(request, built):
    """(A4 pdfplumber PDF, list of the A5 copy's pages as (side, half) crops in reading order)."""
    result, site_dir = built
    issue = month_of(result.project, request.param)
    a4 = pdfplumber.open(site_dir / issue.key / issue.booklet_name)
    a5 = pdfplumber.open(site_dir / issue.key / bk.a5_name(issue))
    halves = {}
    sides = a5.pages
    total = 2 * len(sides)
    for k in range(total // 4):
        front, back = sides[2 * k], sides[2 * k + 1]
        for side, (left, right) in ((front, (total - 2 * k, 2 * k + 1)), (back, (2 * k + 2, total - 2 * k - 1))):
            halves[left] = side.crop((0, 0, side.width / 2, side.height))
            halves[right] = side.crop((side.width / 2, 0, side.width, side.height))
    yield a4, [halves[p] for p in sorted(halves)]
    a4.close()
    a5.close()


def test_body_text_is_at_least_14pt(copies):
    _, pages = copies
    sizes = Counter()
    for page in pages[2:]:
        for ch in page.chars:
            if ch["text"].strip():
                sizes[round(ch["size"], 1)] += 1
    common = sizes.most_common(1)[0][0]
    assert common >= 14 - 0.05, f"the body prints at {common} pt, at least 4号 (14 pt) wanted"
    # paragraphs: every character in the body face is 14 pt or more (tables, the checklist, page numbers excepted)
    fang = [ch for page in pages[2:] for ch in page.chars if "Fang" in ch["fontname"] and ch["text"].strip()]
    assert fang, "the body face is used"
    assert Counter(round(ch["size"], 1) >= 13.95 for ch in fang)[True] / len(fang) > 0.75


def test_pages_are_a5_with_their_own_line_breaks(copies):
    a4, pages = copies
    for page in pages:
        if page.chars:
            assert max(ch["x1"] for ch in page.chars) - min(ch["x0"] for ch in page.chars) <= 148 * MM
            assert max(ch["bottom"] for ch in page.chars) - min(ch["top"] for ch in page.chars) <= 210 * MM
    a5_lines = {squash(line) for page in pages for line in (page.extract_text() or "").splitlines()}
    a4_lines = {squash(line) for page in a4.pages for line in (page.extract_text() or "").splitlines()}
    long5 = [line for line in a5_lines if len(line) >= 18]
    assert long5 and len(set(long5) & a4_lines) < len(long5) / 2, "lines break where A5 breaks them, not as in A4"


def test_same_faces_and_same_order(copies):
    a4, pages = copies
    faces4 = {_base(ch["fontname"]) for page in a4.pages for ch in page.chars}
    faces5 = {_base(ch["fontname"]) for page in pages for ch in page.chars}
    assert faces5 <= faces4, f"faces the A4 booklet does not use: {faces5 - faces4}"
    text4 = squash("".join(page.extract_text() or "" for page in a4.pages))
    text5 = squash("".join(page.extract_text() or "" for page in pages))
    heads = [h for h in ("一、", "二、", "三、", "附件1", "工作清单") if h in text4]
    assert [text5.find(h) for h in heads] == sorted(text5.find(h) for h in heads) and all(text5.find(h) >= 0 for h in heads)
    numbers = [re.findall(r"—(\d+)—", squash(page.extract_text() or "")) for page in pages]
    printed = [int(n[-1]) for n in numbers if n]
    assert printed == sorted(printed) and printed[0] == 1, "the A5 pages are numbered in order from — 1 —"
