"""横排表格 (GB/T 9704-2012, 10.1): wide tables on turned pages, page numbers where they always are."""

from __future__ import annotations

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import ROOT
from generator.render import booklet, landscape
from generator.read.readers import read_project

MM = 25.4 / 72
A4 = (595.28, 841.89)


def sideways(char) -> bool:
    """Whether a character runs sideways (its text matrix is turned a quarter).

    Read from the matrix, not pdfminer's ``upright``: a rotation leaves 1e-17 where
    0 belongs and pdfminer then calls the character upright.
    """
    a, b, *_ = char["matrix"]
    return abs(b) > abs(a)


def number_line(page):
    """(text, x0, x1, top) in mm of the page number “— N —”, upright at the foot of the page."""
    chars = [c for c in page.chars if not sideways(c) and c["top"] * MM > 262]   # below the 版心 (37 + 225 mm)
    if not chars:
        return None
    return ("".join(c["text"] for c in chars), min(c["x0"] for c in chars) * MM,
            max(c["x1"] for c in chars) * MM, min(c["top"] for c in chars) * MM)


def check_turned(pdf_path, index, number):
    """Page ``index`` is portrait A4 with its table turned, head at the left edge, and its number in place."""
    reader = PdfReader(pdf_path)
    box = reader.pages[index].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == (round(A4[0], 1), round(A4[1], 1))
    with pdfplumber.open(pdf_path) as pdf:
        page = pdf.pages[index]
        turned = [c for c in page.chars if sideways(c)]
        assert len(turned) >= 13, "the table's text runs sideways"
        # a glyph's up-vector is (c, d) of its matrix: pointing to −x means the tops of the
        # characters, and so the table's head, face the sheet's left edge
        assert all(c["matrix"][2] < 0 for c in turned), "the table's head lies towards the left edge"
        text, x0, x1, top = number_line(page)
        assert text.replace(" ", "") == f"—{number}—"
        # as on every other page: as high as a portrait page's number, odd right / even left one character in
        reference = next(number_line(p) for p in pdf.pages if p.page_number != index + 1 and number_line(p))
        assert abs(top - reference[3]) < 0.3
        one_char = 14 * MM
        if number % 2:
            assert abs(x1 - (28 + 156 - one_char)) < 0.3, x1
        else:
            assert abs(x0 - (26 + one_char)) < 0.3, x0


def test_the_rectification_form_is_printed_sideways_on_an_odd_page(built):
    _, site_dir = built
    pdf = site_dir / "documents/中矿京党字2012-14-基层组织建设年工作方案.pdf"
    reader = PdfReader(pdf)
    last = len(reader.pages) - 1
    assert "北京高校基层党支部整改汇总表" in reader.pages[last].extract_text().replace("\n", "")
    check_turned(pdf, last, last + 1)
    assert "/StructTreeRoot" in reader.trailer["/Root"], "still a tagged PDF"
    assert "填表说明" in reader.pages[last].extract_text(), "the whole form stays on its turned page"


@pytest.fixture(scope="module")
def org():
    return read_project(ROOT).organisation


def wide_html(org) -> str:
    rows = "".join(f"<tr><td>{n}</td><td></td><td></td></tr>" for n in range(1, 8))
    return (f'<html lang="zh-CN"><head><style>{booklet.stylesheet(org, False)}</style></head><body>'
            '<main class="body standalone"><p>第一页。</p>'
            f'<table class="wide form"><thead><tr><th>序号</th><th>名称</th><th>备注</th></tr></thead><tbody>{rows}</tbody></table>'
            '<p>第三页。</p></main></body></html>')


def test_an_even_page_turns_the_same_way_with_its_number_on_the_left(org, tmp_path):
    target = tmp_path / "wide.pdf"
    booklet.write_pdf(wide_html(org), target, org=org)
    reader = PdfReader(target)
    assert len(reader.pages) == 3
    check_turned(target, 1, 2)
    again = tmp_path / "again.pdf"
    booklet.write_pdf(wide_html(org), again, org=org)
    assert target.read_bytes() == again.read_bytes(), "identical input, identical bytes"


def test_without_the_organisation_pages_stay_as_laid_out(org, tmp_path):
    target = tmp_path / "plain.pdf"
    booklet.write_pdf(wide_html(org), target)
    box = PdfReader(target).pages[1].mediabox
    assert float(box.width) > float(box.height), "the year plan relies on this: landscape stays landscape"


@pytest.mark.parametrize("numbers,order", [
    ([5], [5]), ([6], [None, 6]), ([5, 7], [5, None, 7]), ([5, 6, 9], [5, 6, 9]), ([4, 5], [None, 4, 5]),
])
def test_overlay_numbers_fall_on_pages_of_their_own_parity(numbers, order):
    result = landscape.overlay_order(numbers)
    assert result == order
    assert all((i + 1) % 2 == n % 2 for i, n in enumerate(result) if n is not None)
