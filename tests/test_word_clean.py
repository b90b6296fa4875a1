"""The Word copy opens clean in Word and WPS: its XML checked item by item (issue 21, point 7).

Built from our own template (``generator/render/templates/word/template.docx``, made by
``generator/render/word_template.py``): no python-docx boilerplate, current Word format, East
Asian theme fonts, zh-CN, ``w:eastAsia`` on every run that names a face, alternatives in the font
table, the grid of 22 lines and 28 characters, the month once on the cover, PAGE fields in the
footers, column widths in ``w:gridCol`` (each column's, equal to its cells' ``w:tcW``) and ``w:tblW``; and LibreOffice, with the open faces mapped
(``tests/fontconfig/fonts.conf``), lays the body out in 仿宋 (FandolFang), not in a sans fallback.
"""

from __future__ import annotations

import math
import re
import zipfile

import pdfplumber
import pytest
from lxml import etree

from conftest import ROOT
from generator.read.readers import read_project
from generator.render.pages import month_of
from generator.render.word import LINE_TWIPS, MM_TWIPS, TEXT_BLOCK_MM, write_docx
from generator.render.word_template import TEMPLATE, template_bytes
from wordtools import SOFFICE, notice_project, to_pdf

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1], "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
TABLES = "documents/中矿京党字2012-14-基层组织建设年工作方案"


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    """name → (item, .docx path): the 2019-10 month, the notice-form fixture month, a document with tables."""
    out = tmp_path_factory.mktemp("word-clean")
    project = read_project(ROOT)
    notice = notice_project(out)
    items = {"month": (month_of(project, "2019-10"), project.organisation),
             "notice": (notice.months[0], notice.organisation),
             "tables": (project.documents[TABLES], project.organisation)}
    result = {}
    for name, (item, org) in items.items():
        target = out / f"{name}.docx"
        write_docx(item, org, target)
        result[name] = (item, org, target)
    return result


def _parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _xml(parts, name):
    return etree.fromstring(parts[name])


def test_the_checked_in_template_is_what_its_script_makes():
    assert _parts(TEMPLATE) == _parts(__import__("io").BytesIO(template_bytes())), \
        "run python -m generator.render.word_template after changing it"


@pytest.mark.parametrize("name", ["template", "month", "notice", "tables"])
def test_no_python_docx_boilerplate(copies, name):
    parts = _parts(TEMPLATE if name == "template" else copies[name][2])
    assert not any(n.startswith("customXml/") for n in parts), "no custom XML"
    assert not any("thumbnail" in n for n in parts), "no thumbnail"
    assert "word/stylesWithEffects.xml" not in parts
    for n, data in parts.items():
        assert b"python-docx" not in data, f"{n} names python-docx"
    core = parts["docProps/core.xml"].decode()
    assert "<dc:description" not in core or re.search(r"<dc:description>\s*</dc:description>|<dc:description/>", core)
    assert "thumbnail" not in parts["_rels/.rels"].decode() and "customXml" not in parts["word/_rels/document.xml.rels"].decode()


@pytest.mark.parametrize("name", ["template", "month"])
def test_current_word_format_zh_cn_and_east_asian_theme_fonts(copies, name):
    parts = _parts(TEMPLATE if name == "template" else copies[name][2])
    settings = _xml(parts, "word/settings.xml")
    mode = settings.find(".//w:compat/w:compatSetting[@w:name='compatibilityMode']", NS)
    assert mode is not None and mode.get(W + "val") == "15", "no compatibility mode"
    lang = settings.find("w:themeFontLang", NS)
    assert lang.get(W + "eastAsia") == "zh-CN"
    theme = _xml(parts, "word/theme/theme1.xml")
    for kind in ("majorFont", "minorFont"):
        ea = theme.find(f".//a:{kind}/a:ea", NS).get("typeface")
        hans = theme.find(f".//a:{kind}/a:font[@script='Hans']", NS).get("typeface")
        assert re.search(r"[\u4e00-\u9fff]", ea) and ea == hans, f"{kind}: East Asian face {ea!r}"
    styles = _xml(parts, "word/styles.xml")
    default = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert default.get(W + "val") == "zh-CN" and default.get(W + "eastAsia") == "zh-CN", "default language zh-CN"
    if name != "template":
        normal = styles.find("w:style[@w:styleId='Normal']/w:rPr/w:lang", NS)
        assert normal.get(W + "val") == "zh-CN"
        assert parts["docProps/core.xml"].decode().count("<dc:language>zh-CN</dc:language>") == 1


@pytest.mark.parametrize("name", ["month", "notice", "tables"])
def test_every_run_that_names_a_face_names_its_east_asian_face(copies, name):
    parts = _parts(copies[name][2])
    checked = 0
    for n, data in parts.items():
        if not re.fullmatch(r"word/(document|styles|header\d*|footer\d*)\.xml", n):
            continue
        for fonts in _xml(parts, n).iter(W + "rFonts"):
            if any(fonts.get(W + k) for k in ("ascii", "hAnsi", "asciiTheme", "hAnsiTheme")):
                checked += 1
                assert fonts.get(W + "eastAsia") or fonts.get(W + "eastAsiaTheme"), f"{n}: {etree.tostring(fonts)}"
    assert checked > 20


def _alternatives(table, start: str) -> list[str]:
    names = {f.get(W + "name"): f for f in table.findall("w:font", NS)}
    out, name = [], start
    while name in names and name not in out:
        out.append(name)
        alt = names[name].find("w:altName", NS)
        name = alt.get(W + "val") if alt is not None else None
    return out


def test_font_table_names_each_face_with_its_alternatives(copies):
    _, org, path = copies["month"]
    table = _xml(_parts(path), "word/fontTable.xml")
    body = _alternatives(table, org.fonts["body"][0])
    assert body[:5] == ["FangSong_GB2312", "仿宋_GB2312", "FangSong", "仿宋", "FandolFang"], body
    assert "黑体" in _alternatives(table, "SimHei") and "楷体" in _alternatives(table, org.fonts["kaiti"][0])
    for role in ("body", "title", "heiti", "kaiti"):
        chain = _alternatives(table, org.fonts[role][0])
        assert set(org.fonts[role]) <= set(chain), f"{role}: every configured face in the chain"
    template = _alternatives(_xml(_parts(TEMPLATE), "word/fontTable.xml"), "仿宋_GB2312")
    assert template[:3] == ["仿宋_GB2312", "仿宋", "FangSong"]
    for f in table.findall("w:font", NS):
        if re.search(r"[\u4e00-\u9fff]", f.get(W + "name")):
            assert f.find("w:charset", NS).get(W + "val") == "86", "Chinese faces in the GB2312 charset"


@pytest.mark.parametrize("name", ["month", "notice"])
def test_grid_of_22_lines_and_28_characters(copies, name):
    """The 文档网格 as Word's 公文 templates set it: 22 lines (GB/T 9704-2012 §5.2.2, 225 mm) and 28 characters
    (§5.2.1, 156 mm) of 3号, 16 pt.

    ECMA-376 §17.6.5 (docGrid): the grid's character pitch is the Normal style's font size plus
    ``charSpace`` / 4096 pt. So ``charSpace`` = ⌊(text width / 28 − 16 pt) × 4096⌋ with the text width
    between the margins as written (twips), which gives −842 here (the value of Word's own template);
    28 such pitches fit the width and 29 do not. ``linePitch`` (twips) = ⌊225 mm / 22⌋ = 579.
    What LibreOffice lays out is measured in test_word_export (28 characters, 22 lines).
    """
    doc = _xml(_parts(copies[name][2]), "word/document.xml")
    styles = _xml(_parts(copies[name][2]), "word/styles.xml")
    normal = styles.find("w:style[@w:styleId='Normal']", NS)
    size_pt = int(normal.find("w:rPr/w:sz", NS).get(W + "val")) / 2
    assert size_pt == 16, "3号"
    sects = doc.findall(".//w:sectPr", NS)
    assert sects
    for sect in sects:
        grid = sect.find("w:docGrid", NS)
        assert grid.get(W + "type") == "linesAndChars"
        assert int(grid.get(W + "linePitch")) == LINE_TWIPS == int(TEXT_BLOCK_MM[1] * MM_TWIPS / 22) == 579
        assert int(TEXT_BLOCK_MM[1] * MM_TWIPS) // LINE_TWIPS == 22
        mar = sect.find("w:pgMar", NS)
        width = int(sect.find("w:pgSz", NS).get(W + "w")) - int(mar.get(W + "left")) - int(mar.get(W + "right"))
        assert abs(width - TEXT_BLOCK_MM[0] * MM_TWIPS) < 2, "the 156 mm 版心"
        char_space = int(grid.get(W + "charSpace"))
        assert char_space == math.floor((width / 20 / 28 - size_pt) * 4096) == -842
        pitch = size_pt + char_space / 4096
        assert 28 * pitch <= width / 20 < 29 * pitch, "28 characters a line on the grid"
        # placed by the tracking, not snapped (LibreOffice 7.4 lays snapped text at 14 a line: bench/word_grid.py)
        assert normal.find("w:pPr/w:snapToGrid", NS).get(W + "val") == "0"
        assert normal.find("w:rPr/w:snapToGrid", NS).get(W + "val") == "0", "Word: no character grid for the runs"
        advance = size_pt + int(normal.find("w:rPr/w:spacing", NS).get(W + "val")) / 20
        assert 28 * advance <= width / 20 < 29 * advance, "28 characters a line by the tracking"


def test_the_month_is_printed_once_on_the_cover(copies):
    issue, _, path = copies["month"]
    doc = _xml(_parts(path), "word/document.xml")
    cover = []
    for p in doc.find("w:body", NS).findall("w:p", NS):
        cover.append("".join(t.text or "" for t in p.iter(W + "t")))
        if p.find("w:pPr/w:sectPr", NS) is not None:
            break
    assert issue.title in "".join(cover)
    assert "".join(cover).count(issue.month_zh) == 1


@pytest.mark.parametrize("name", ["month", "notice", "tables"])
def test_page_fields_in_the_footers(copies, name):
    parts = _parts(copies[name][2])
    footers = [n for n in parts if re.fullmatch(r"word/footer\d+\.xml", n)]
    assert len(footers) >= 2, "odd and even pages"
    for n in footers:
        xml = _xml(parts, n)
        instr = "".join(t.text or "" for t in xml.iter(W + "instrText"))
        kinds = [f.get(W + "fldCharType") for f in xml.iter(W + "fldChar")]
        assert instr.strip() == "PAGE" and kinds == ["begin", "separate", "end"], n


def test_table_column_widths_in_grid_and_table(copies):
    doc = _xml(_parts(copies["tables"][2]), "word/document.xml")
    tables = doc.findall(".//w:tbl", NS)
    assert tables
    for tbl in tables:
        cols = [int(c.get(W + "w")) for c in tbl.findall("w:tblGrid/w:gridCol", NS)]
        assert cols and all(c > 0 for c in cols), "WPS reads w:gridCol"
        width = tbl.find("w:tblPr/w:tblW", NS)
        assert width.get(W + "type") == "dxa" and int(width.get(W + "w")) == sum(cols), "Word reads w:tblW"
        assert abs(sum(cols) - TEXT_BLOCK_MM[0] * MM_TWIPS) < 40, "the 版心's width"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is installed by make setup-test")
def test_libreoffice_lays_the_body_out_in_fangsong(copies, tmp_path):
    _, _, path = copies["month"]
    with pdfplumber.open(to_pdf(path, tmp_path)) as pdf:
        names = [c["fontname"].split("+", 1)[-1] for page in pdf.pages[2:] for c in page.chars if c["text"].strip()]
    assert names
    fang = sum("FandolFang" in n for n in names) / len(names)
    assert fang > 0.6, f"body in 仿宋 (FandolFang), not a fallback: {sorted(set(names))}"
    assert not any("DejaVu" in n or "Sans" in n and "Hei" not in n for n in names)


@pytest.fixture(scope="module")
def bundled_months(tmp_path_factory):
    """name → .docx path: the Word copy of every bundled month and every bundled document (the months'
    copies hold no table today; the documents hold the tables, e.g. :data:`TABLES`)."""
    out = tmp_path_factory.mktemp("word-months")
    project = read_project(ROOT)
    items = {m.key: m for m in project.months}
    items.update({f"doc{k}": d for k, d in enumerate(project.documents.values())})
    result = {}
    for name, item in items.items():
        write_docx(item, project.organisation, out / f"{name}.docx")
        result[name] = out / f"{name}.docx"
    return result


def test_each_column_width_in_grid_equals_its_cells(bundled_months):
    """Each ``w:gridCol`` (WPS) is the width of its column's cells (``w:tcW``, Word): a cell spanning n grid
    columns (``w:gridSpan``) is as wide as those n ``w:gridCol`` together, in every row of every table."""
    checked = 0
    for name, path in bundled_months.items():
        doc = _xml(_parts(path), "word/document.xml")
        for t, tbl in enumerate(doc.iter(W + "tbl")):
            cols = [int(c.get(W + "w")) for c in tbl.findall("w:tblGrid/w:gridCol", NS)]
            for r, row in enumerate(tbl.findall("w:tr", NS)):
                at = 0
                for tc in row.findall("w:tc", NS):
                    span = tc.find("w:tcPr/w:gridSpan", NS)
                    n = int(span.get(W + "val")) if span is not None else 1
                    tcw = tc.find("w:tcPr/w:tcW", NS)
                    assert tcw is not None and tcw.get(W + "type") == "dxa", (name, t, r, at)
                    assert int(tcw.get(W + "w")) == sum(cols[at:at + n]), (name, t, r, at, cols)
                    at += n
                    checked += 1
                assert at == len(cols), f"{name}: table {t} row {r} covers {at} of {len(cols)} grid columns"
    assert checked, "no table cell checked"
    print(f"{checked} cells checked in {len(bundled_months)} Word copies")
