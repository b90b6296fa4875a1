"""The .docx copies (GB/T 9704-2012 form), measured in the PDF LibreOffice makes of them.

LibreOffice (Debian ``libreoffice-writer-nogui``, installed by ``make setup-test``) converts the
exported files headless; the PDF is then measured as a reader would find it: A4 pages, the
版心's edges (28 mm from the left, 156 mm wide, 37 mm from the top, 225 mm tall), 22 lines on a
full page and 28 characters on a full line, “— N —” page numbers on the outer side 7 mm below
the 版心, and every text of the month or document present. The round trip (export every bundled
month, import it back) must give the same structure and ≥ 98 % of every text field.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pdfplumber
import pytest

from conftest import ROOT, run_cli, make_empty_project
from generator.render.booklet import html_text
from generator.read.markdown import to_html
from generator.render.pages import month_of
from generator.read.readers import read_project
from generator.render.word import docx_path, write_docx
from wordtools import SOFFICE, compare_table, month_fields, norm, notice_project, print_table, to_pdf

MM = 72 / 25.4
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is installed by make setup-test")


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The bundled 2019-10 month, a long shared document and the 通知 fixture month as .docx and as LibreOffice's PDF."""
    out = tmp_path_factory.mktemp("docx")
    project = read_project(ROOT)
    notice = notice_project(out)
    items = {
        "month": (month_of(project, "2019-10"), project.organisation),
        "document": (next(d for d in project.shared if "规范化建设" in d.title), project.organisation),
        "notice": (notice.months[0], notice.organisation),
    }
    result = {}
    for name, (item, org) in items.items():
        target = out / f"{name}.docx"
        write_docx(item, org, target)
        result[name] = (item, target, to_pdf(target, out))
    return result


def _lines(page) -> list[list[dict]]:
    """The page's text lines (characters grouped by baseline), top to bottom, each left to right."""
    rows: list[list[dict]] = []
    for c in sorted((c for c in page.chars if c["text"].strip()), key=lambda c: c["bottom"]):
        if rows and c["bottom"] - rows[-1][0]["bottom"] < 6:   # a line: baselines within 6 pt (punctuation boxes differ)
            rows[-1].append(c)
        else:
            rows.append([c])
    return [sorted(r, key=lambda c: c["x0"]) for r in rows]


HANGING = "，。、；：！？”）》"
"""Closing punctuation that Word and LibreOffice let hang past the 版心's edge at a line's end (标点溢出边界)."""


def _inside(chars) -> list[dict]:
    """A line's characters inside the 版心: without a closing punctuation mark hanging past the edge."""
    if chars and chars[-1]["text"] in HANGING and chars[-1]["x0"] / MM > 28 + 156 - 1:
        return chars[:-1]
    return chars


def _width(chars) -> float:
    """Characters of a line inside the 版心 (full-width 1, half-width ½)."""
    return sum(0.5 if ord(c["text"]) < 0x2E80 else 1 for c in _inside(chars))


def _body_lines(page) -> list[list[dict]]:
    """Lines inside the 版心 (not the footer's page number)."""
    return [ln for ln in _lines(page) if ln[0]["bottom"] <= (297 - 35) * MM + 2]


def test_page_and_text_block(exported):
    for name, (_, _, pdf_path) in exported.items():
        with pdfplumber.open(pdf_path) as pdf:
            for page in pdf.pages:
                assert abs(page.width - 210 * MM) < 1 and abs(page.height - 297 * MM) < 1, name
            full = [_inside(ln) for page in pdf.pages for ln in _body_lines(page) if _width(ln) >= 27.5]
            assert full or name == "notice", f"{name}: no full line"   # the short 通知 may have none
            if not full:
                continue
            lefts = [ln[0]["x0"] / MM for ln in full]
            rights = [ln[-1]["x1"] / MM for ln in full]
            assert min(lefts) > 27 and max(lefts) < 29.5, (name, min(lefts), max(lefts))   # 28 mm binding margin
            # a line of 28 characters at 15.7 pt ends 0.9 mm inside the edge (the −0.3 pt tracking, left-aligned:
            # generator/render/word.py); one of 27 and a half-width digit 2.2 mm inside (measured, 2019-10)
            assert max(rights) < 28 + 156 + 1 and min(rights) > 28 + 156 - 2.5, (name, min(rights), max(rights))
            for page in pdf.pages:
                body = _body_lines(page)
                if body:
                    assert body[0][0]["top"] / MM > 37 - 1, name                  # nothing above the 版心
                    assert body[-1][-1]["bottom"] / MM < 297 - 35 + 1, name       # nor below it


def test_22_lines_of_28_characters(exported):
    _, _, pdf_path = exported["document"]
    with pdfplumber.open(pdf_path) as pdf:
        counts = [len(_body_lines(page)) for page in pdf.pages]
        lines = [ln for page in pdf.pages for ln in _body_lines(page)]
    assert max(counts) == 22 and counts.count(22) >= len(counts) - 2, counts   # every page but the last is full
    widths = [_width(ln) for ln in lines]
    assert max(widths) <= 28, max(widths)
    assert widths.count(28) >= 10, "a full line holds exactly 28 characters"



def test_page_numbers(exported):
    for name, (item, _, pdf_path) in exported.items():
        with pdfplumber.open(pdf_path) as pdf:
            pages = pdf.pages[1:] if name == "month" else pdf.pages   # the booklet's cover has no number
            for n, page in enumerate(pages, start=1):
                feet = [ln for ln in _lines(page) if ln[0]["top"] > (297 - 35) * MM]
                assert len(feet) == 1, (name, n)
                text = "".join(c["text"] for c in feet[0])
                assert text == f"—{n}—", (name, n, text)
                dash = feet[0][0]
                middle = (dash["top"] + dash["bottom"]) / 2 / MM
                assert 297 - 35 + 4 < middle < 297 - 35 + 11, (name, n, middle)   # 7 mm below the 版心
                if n % 2:
                    assert abs(feet[0][-1]["x1"] / MM - (28 + 156 - 14 / MM)) < 1.5, (name, n)   # one character in
                else:
                    assert abs(feet[0][0]["x0"] / MM - (28 + 14 / MM)) < 1.5, (name, n)
                assert abs(dash["size"] - 14) < 0.5


def _pdf_text(pdf_path: Path) -> str:
    with pdfplumber.open(pdf_path) as pdf:
        return norm("".join("".join(c["text"] for ln in _body_lines(p) for c in ln) for p in pdf.pages))


def test_text_equals_the_source(exported):
    for name in ("month", "notice"):
        issue, docx_file, pdf_path = exported[name]
        text = _pdf_text(pdf_path)
        fields = {k: v for k, v in month_fields(issue).items() if not k.startswith("reading")}
        missing = []
        for key, value in fields.items():
            plain = norm(html_text(to_html(value))) if key.endswith(("body", "theme")) or key.startswith(("work_item", "requirement")) else norm(value)
            if plain and plain not in text:
                missing.append(key)
        assert not missing, f"{name}: not in the PDF: {missing}"
        for r in issue.readings:
            if r.item is None:
                assert norm(r.display_title) in text
        expected = sum(len(norm(html_text(to_html(v)))) for v in fields.values())
        assert len(text) < expected * 1.2 + 400, "the PDF holds text the month does not have"
    doc, _, pdf_path = exported["document"]
    assert norm(html_text(to_html(doc.body))) in _pdf_text(pdf_path).replace(norm(doc.title), "", 1)


def test_fonts_named_from_the_organisation(exported):
    item, docx_file, _ = exported["month"]
    d = docx.Document(str(docx_file))
    fonts = {el.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
             for root in (d.element, d.styles.element)
             for el in root.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts")}
    org = read_project(ROOT).organisation
    assert {org.fonts["body"][0], org.fonts["title"][0], org.fonts["heiti"][0], org.fonts["kaiti"][0]} <= fonts
    styles = d.styles
    assert styles["Normal"].font.size.pt == 16 and styles["Title"].font.size.pt == 22
    grid = d.sections[-1]._sectPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}docGrid")
    assert grid.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}type") == "linesAndChars"
    assert grid.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}linePitch") == "579"


def test_tables_repeat_their_header_rows(tmp_path):
    project = read_project(ROOT)
    doc = next(d for d in project.documents.values() if d.title.startswith("北京高校教师和学生党支部工作考核测评办法"))
    target = tmp_path / "tables.docx"
    write_docx(doc, project.organisation, target)
    d = docx.Document(str(target))
    assert len(d.tables) == 2
    for table in d.tables:
        first = table.rows[0]._tr
        assert first.find(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader") is not None
        assert [c.text for c in table.rows[0].cells][:2] == ["考评标准", "考评标准内涵"]
    pdf = to_pdf(target, tmp_path)
    with pdfplumber.open(pdf) as p:
        heads = sum(1 for page in p.pages if "考评标准内涵" in (page.extract_text() or ""))
    assert heads >= 3, "the header row is printed again on each page the table runs onto"


def test_build_writes_and_links_the_docx(built):
    result, site_dir = built
    from bs4 import BeautifulSoup
    for issue in result.project.months:
        target = site_dir / docx_path(issue)
        assert target.is_file() and docx.Document(str(target)).paragraphs
        soup = BeautifulSoup((site_dir / issue.key / "index.html").read_text(encoding="utf-8"), "html.parser")
        links = [a for a in soup.find_all("a") if (a.get("href") or "").endswith(".docx")]
        assert links and "Word" in links[0].get_text()
    for doc in result.project.shared:
        assert (site_dir / docx_path(doc)).is_file()


@pytest.mark.parametrize("key", ["2019-10", "2017-05"])
def test_round_trip(tmp_path, key):
    """Export a bundled month to .docx, import it back: the same structure and ≥ 98 % of every text field."""
    project = read_project(ROOT)
    issue = month_of(project, key)
    source = tmp_path / f"{key}.docx"
    write_docx(issue, project.organisation, source)
    root = make_empty_project(tmp_path / "p")
    proc = run_cli(root, "import", str(source), "--month", key)
    assert proc.returncode == 0, proc.stderr
    check = run_cli(root, "check")
    assert check.returncode == 0, check.stderr
    back = month_of(read_project(root), key)
    assert [s.heading for s in back.sections] == [s.heading for s in issue.sections]
    assert [[b.type for b in s.blocks] for s in back.sections] == [[b.type for b in s.blocks] for s in issue.sections]
    assert (len(back.work_items), len(back.requirements), len(back.attachments)) == \
           (len(issue.work_items), len(issue.requirements), len(issue.attachments))
    assert back.meeting == issue.meeting
    rows = compare_table(month_fields(issue), month_fields(back))
    print_table(f"{key}: exported .docx imported back", rows)
    low = [(k, round(r, 3)) for k, r, *_ in rows if r < 0.98]
    assert not low, low


def test_notice_imprint_at_the_foot_of_the_last_page(exported):
    """The 通知's 版记 (印发机关, 印发日期) is the last thing of the last page, its line at the foot of
    the 版心 (GB/T 9704-2012, 7.4.1), below the 署名 and 成文日期."""
    issue, _, pdf_path = exported["notice"]
    with pdfplumber.open(pdf_path) as pdf:
        last = _body_lines(pdf.pages[-1])
    texts = ["".join(c["text"] for c in ln) for ln in last]
    assert texts[-1].startswith(issue.publisher) and texts[-1].endswith("2025年9月2日印发"), texts[-1]
    assert last[-1][-1]["bottom"] / MM > 297 - 35 - 12, "the 版记 stands at the foot of the page"
    assert any("2025年9月1日" in t for t in texts[:-1]), "成文日期 above the 版记"
    assert last[-1][0]["x0"] / MM < 28 + 16 / MM * 1.6 and last[-1][-1]["x1"] / MM > 28 + 156 - 16 / MM * 1.6, \
        "印发机关 one character from the left, the date one from the right"
