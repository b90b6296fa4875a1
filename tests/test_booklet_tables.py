"""Tables and blank forms in print: headers on every page, no text lost across page breaks, rows to write in.

Checked on the seed 001 document (中矿京党字〔2012〕14号) printed on its own,
whose 附件1 holds two long 考核测评标准 tables and whose 附件2 and 附件3 are blank forms.
"""

from __future__ import annotations

from collections import Counter

import pdfplumber
import pytest
from bs4 import BeautifulSoup

from conftest import unturned, squash
from generator.read.markdown import to_html
from generator.render.pages import pdf_path

MM = 72 / 25.4
SLUG = "documents/中矿京党字2012-14-基层组织建设年工作方案"


@pytest.fixture(scope="module")
def document(built, tmp_path_factory):
    """The document and its PDF, turned pages (横排) turned back so tables read the right way round."""
    result, site_dir = built
    doc = result.project.documents[SLUG]
    with pdfplumber.open(unturned(site_dir / pdf_path(doc), tmp_path_factory.mktemp("unturned"))) as pdf:
        yield doc, pdf


def source_tables(doc):
    """(header cells, body rows) of every table in the document and its annexes, from the Markdown."""
    out = []
    for d in [doc, *doc.annexes]:
        for table in BeautifulSoup(to_html(d.body), "html.parser").select("table"):
            header = [squash(th.get_text()) for th in table.select("thead th")]
            rows = [[squash(td.get_text()) for td in tr.select("td")] for tr in table.select("tbody tr")]
            out.append((header, rows))
    return out


def pdf_tables(pdf):
    """(page number, pdfplumber table) for every table fragment on every page."""
    return [(n, table) for n, page in enumerate(pdf.pages, start=1) for table in page.find_tables()]


def test_every_table_fragment_starts_with_its_header_row(document):
    doc, pdf = document
    headers = [h for h, _ in source_tables(doc)]
    assert len(headers) >= 4
    fragments = pdf_tables(pdf)
    pages_per_header = Counter()
    for n, table in fragments:
        first = [squash(c or "") for c in table.extract()[0]]
        first = [c for c in first if c]
        assert first in headers, f"page {n}: a table continues without its header row: {first}"
        pages_per_header[tuple(first)] += 1
    assert max(pages_per_header.values()) >= 3, "the long 考核测评 table spans pages, its header on each"


def test_no_cell_text_is_lost_across_page_breaks(document):
    doc, pdf = document
    want = Counter()
    for _, rows in source_tables(doc):
        for row in rows:
            want.update("".join(row))
    got = Counter()
    fragments = pdf_tables(pdf)
    for i, (n, table) in enumerate(fragments):
        following = [t.bbox[1] for m, t in fragments[i + 1:] if m == n]
        # Everything printed inside the table's frame, below its header row, down to the 版心's foot:
        # a row cut by a page break has no bottom rule, so pdfplumber does not close its cells.
        page = pdf.pages[n - 1]
        x0, _, x1, _ = table.bbox
        top = table.rows[0].bbox[3]
        area = page.crop((x0, top, x1, min([262 * MM, float(page.height), *following])))  # a turned-back page is 210 mm tall
        got.update(squash("".join(c["text"] for c in area.chars)))
    missing = want - got
    assert not missing, f"characters of table cells missing from the PDF: {''.join(sorted(missing.elements()))[:80]}"


def test_blank_forms_keep_rows_to_write_in(document):
    doc, pdf = document
    forms = [(n, t) for n, t in pdf_tables(pdf) if [squash(c or "") for c in t.extract()[0]][:2] == ["序号", "所属党委（党总支）"]
             or [squash(c or "") for c in t.extract()[0]][:2] == ["序号", "党支部名称"]]
    assert forms, "both blank forms are tables in the PDF"
    blank_rows = 0
    for n, table in forms:
        for row, cells in zip(table.rows[1:], table.extract()[1:]):
            if not any(squash(c or "") for c in cells[1:]):
                height = (row.bbox[3] - row.bbox[1]) / MM
                assert height >= 10, f"page {n}: an empty form row is only {height:.1f} mm high"
                blank_rows += 1
    assert blank_rows >= 20
