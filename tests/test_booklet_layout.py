"""The booklet's layout measured in the PDF itself, against GB/T 9704-2012.

Every figure comes from character positions (pdfplumber) or, for the page
number's dash, from the ink of a rendered page. Units: mm unless named.
The standard's figures: A4; 天头 37 mm, 订口 28 mm (mirrored on even pages),
版心 156 × 225 mm (5.2); 22 lines × 28 characters of 16 pt per full page
(5.2.3); title 22 pt centred (7.3.1); page numbers “— N —” 14 pt, the dash
7 mm below the 版心, odd pages right and even pages left, one character in (7.5).
"""

from __future__ import annotations

import re
from collections import defaultdict

import pdfplumber
import pytest

from generator.render import booklet as bk
from generator.render.pages import month_of

MM = 72 / 25.4
PAGE_MM = (210.0, 297.0)
TOP_MM, BINDING_MM, OUTER_MM = 37.0, 28.0, 26.0
BLOCK_W_MM, BLOCK_H_MM = 156.0, 225.0
BOTTOM_MM = TOP_MM + BLOCK_H_MM  # 262 mm: the 版心's bottom edge
ONE_CHAR_14PT_MM = 14 / MM
HALF_LEADING_MM = (bk.LINE_PT - bk.BODY_PT) / 2 / MM
TOL = 0.3  # mm


def _text_lines(page):
    """The page's lines: dicts with baseline (mm from the top), x0, x1, top, bottom (mm), text, sizes, fonts."""
    rows = defaultdict(list)
    for c in page.chars:
        if c["text"].strip():
            rows[round((page.height - c["matrix"][5]) / MM, 1)].append(c)
    lines = []
    for base in sorted(rows):
        cs = sorted(rows[base], key=lambda c: c["x0"])
        main_font = max({c["fontname"] for c in cs}, key=lambda f: sum(c["fontname"] == f for c in cs))
        main = [c for c in cs if c["fontname"] == main_font]
        lines.append({
            "baseline": base, "x0": cs[0]["x0"] / MM, "x1": cs[-1]["x1"] / MM,
            # the em box of the line's main face (pdfplumber: from the font's descent and size)
            "top": min(c["top"] for c in main) / MM, "bottom": max(c["bottom"] for c in main) / MM,
            "text": "".join(c["text"] for c in cs),
            "sizes": {round(c["size"], 1) for c in cs}, "fonts": {c["fontname"].split("+")[-1] for c in cs},
        })
    return lines


def _cells(text: str) -> float:
    """Width of ``text`` in character cells: full-width characters 1, half-width ones (ASCII) ½."""
    return sum(0.5 if ord(ch) < 0x2000 else 1 for ch in text)


def _body_lines(page):
    """Lines of 16 pt text inside the 版心 (page number excluded)."""
    return [ln for ln in _text_lines(page) if ln["sizes"] == {16.0} and ln["baseline"] < BOTTOM_MM]


def _number_line(page):
    """The page number line below the 版心 (“— N —”), or None."""
    lines = [ln for ln in _text_lines(page) if ln["baseline"] > BOTTOM_MM + 5 and re.fullmatch(r"—\d+—", ln["text"])]
    return lines[0] if lines else None


@pytest.fixture(scope="module")
def october(built):
    result, site_dir = built
    path = site_dir / "2019-10" / month_of(result.project, "2019-10").booklet_name
    with pdfplumber.open(path) as pdf:
        yield pdf


def _body_pages(pdf):
    """(physical page number, page) of the pages between the cover and the checklist that carry text."""
    out = []
    for n, page in enumerate(pdf.pages, start=1):
        text = page.extract_text() or ""
        if "工作清单" in text:
            break
        if n <= 2:
            continue
        if _body_lines(page):
            out.append((n, page))
    return out


def test_pages_are_a4(october):
    for page in october.pages:
        assert abs(page.width / MM - PAGE_MM[0]) < TOL and abs(page.height / MM - PAGE_MM[1]) < TOL


def test_full_body_page_holds_22_lines_of_28_characters(october):
    counts = {n: len(_body_lines(page)) for n, page in _body_pages(october)}
    assert max(counts.values()) == 22, f"body lines per page: {counts}"
    full_lines = 0
    for n, page in _body_pages(october):
        lines = _body_lines(page)
        for ln in lines:
            assert _cells(ln["text"]) <= 28.5, f"page {n}: more than 28 characters: {ln['text']}"
            if _cells(ln["text"]) == 28 and re.fullmatch(r"[^\x00-\x7f]+", ln["text"]):
                full_lines += 1
                assert abs((ln["x1"] - ln["x0"]) - BLOCK_W_MM) < TOL, f"page {n}: 28 characters span {ln['x1'] - ln['x0']:.2f} mm"
        # Consecutive lines sit on the 28.99 pt grid: 22 pitches make the 225 mm 版心.
        body = [ln for ln in lines if ln["fonts"] == lines[-1]["fonts"]]
        for a, b in zip(body, body[1:]):
            steps = (b["baseline"] - a["baseline"]) / (bk.LINE_PT / MM)
            assert abs(steps - round(steps)) < 0.05, f"page {n}: line off the grid after {a['text'][:10]}"
    assert full_lines >= 10
    assert abs(22 * bk.LINE_PT / MM - BLOCK_H_MM) < 0.5


def test_text_block_edges_mirror_on_even_pages(october):
    checked = {"odd": 0, "even": 0, "top": 0}
    for n, page in _body_pages(october):
        lines = _body_lines(page)
        left = min(ln["x0"] for ln in lines)
        right = max(ln["x1"] for ln in lines)
        if n % 2:  # right-hand page: binding on the left
            assert abs(left - BINDING_MM) < TOL, f"page {n}: text starts {left:.2f} mm from the left"
            assert right <= BINDING_MM + BLOCK_W_MM + TOL
            checked["odd"] += 1
        else:
            assert abs(left - OUTER_MM) < TOL, f"page {n}: text starts {left:.2f} mm from the left"
            assert right <= OUTER_MM + BLOCK_W_MM + TOL
            checked["even"] += 1
        first, last = lines[0], lines[-1]
        if first["fonts"] == last["fonts"]:  # the page starts with a line of body text
            # The em box of the body face (ascent + descent = 1 em) sits in the middle of its 28.99 pt line box.
            checked["top"] += 1
            assert abs(first["top"] - HALF_LEADING_MM - TOP_MM) < TOL, f"page {n}: 版心 starts at {first['top'] - HALF_LEADING_MM:.2f} mm"
            assert last["bottom"] + HALF_LEADING_MM <= BOTTOM_MM + TOL
        assert first["top"] >= TOP_MM - TOL
    assert checked["odd"] and checked["even"] and checked["top"], checked


def test_title_is_22pt_centred_in_the_title_face(october):
    title = _text_lines(october.pages[2])[0]
    assert title["text"] == "2019年10月党支部组织生活指导材料"
    assert title["sizes"] == {22.0}
    assert any("Bold" in f or "XiaoBiaoSong" in f for f in title["fonts"]), title["fonts"]
    centre = (title["x0"] + title["x1"]) / 2
    assert abs(centre - (BINDING_MM + BLOCK_W_MM / 2)) < 0.5


def test_heading_levels_use_heiti_and_kaiti(october):
    lines = _text_lines(october.pages[2])
    h2 = next(ln for ln in lines if ln["text"].startswith("一、"))
    h3 = next(ln for ln in lines if ln["text"].startswith("（一）10月活动主题"))
    assert any("Sans" in f or "Hei" in f for f in h2["fonts"]), h2["fonts"]
    assert any("Kai" in f for f in h3["fonts"]), h3["fonts"]


def _dash_top_mm(page, number_line) -> float:
    """Top of the ink of the page number's first dash, in mm from the top (rendered at 600 dpi)."""
    image = page.to_image(resolution=600).original.convert("L")
    scale = image.height / PAGE_MM[1]
    x0 = int(number_line["x0"] * scale)
    x1 = int((number_line["x0"] + 3) * scale)  # the first dash only
    pixels = image.load()
    for y in range(int(BOTTOM_MM * scale), int((BOTTOM_MM + 20) * scale)):
        if any(pixels[x, y] < 128 for x in range(x0, x1)):
            return y / scale
    raise AssertionError("no dash found")


def test_page_numbers_follow_the_standard(october):
    numbered = 0
    for n, page in enumerate(october.pages, start=1):
        line = _number_line(page)
        has_text = any(c["text"].strip() for c in page.chars)
        if n <= 2 or not has_text:
            assert line is None, f"page {n} (cover or blank verso) carries a page number"
            continue
        assert line is not None, f"page {n} has no page number"
        number = n - 2
        assert line["text"] == f"—{number}—", line["text"]
        assert line["sizes"] == {14.0}
        if number % 2:
            assert abs(line["x1"] - (BINDING_MM + BLOCK_W_MM - ONE_CHAR_14PT_MM)) < TOL, f"page {n}: right edge {line['x1']:.2f}"
        else:
            assert abs(line["x0"] - (OUTER_MM + ONE_CHAR_14PT_MM)) < TOL, f"page {n}: left edge {line['x0']:.2f}"
        numbered += 1
    assert numbered >= 6
    for n in (3, 4):
        page = october.pages[n - 1]
        dash = _dash_top_mm(page, _number_line(page))
        assert abs(dash - (BOTTOM_MM + 7)) < 0.4, f"page {n}: dash {dash:.2f} mm from the top, want {BOTTOM_MM + 7}"


def test_blank_pages_for_duplex_exist_and_are_empty(october):
    """The body, each 附件 and the checklist start on a right-hand (odd) page."""
    starts = []
    for n, page in enumerate(october.pages, start=1):
        text = page.extract_text() or ""
        if text.startswith("附件") or "工作清单" in text.split("\n")[0] or text.startswith("2019年10月党支部组织生活指导材料"):
            starts.append(n)
    assert starts and all(n % 2 for n in starts), starts
    blanks = [n for n, page in enumerate(october.pages, start=1) if not (page.extract_text() or "").strip()]
    assert 2 in blanks
