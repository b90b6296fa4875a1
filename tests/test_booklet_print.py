"""Print outputs: the A5 saddle-stitch imposition, bookmarks, tagged PDF, reproducible bytes."""

from __future__ import annotations

import math
import re
import subprocess
import sys
import textwrap

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import ROOT, squash
from generator.render import booklet as bk
from generator.render.imposition import page_order
from generator.render.pages import month_of

MM = 72 / 25.4
OCT = "2019-10"


def paths(built, key=OCT):
    result, site_dir = built
    issue = month_of(result.project, key)
    return site_dir / key / issue.booklet_name, site_dir / key / bk.a5_name(issue)


def test_page_order_for_folding():
    # 8 pages on two sheets: fold them, and 1 … 8 read in order.
    assert page_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    # 6 pages are padded to 8: the blanks go to the back of the booklet.
    assert page_order(6) == [(None, 1), (2, None), (6, 3), (4, 5)]
    assert page_order(1) == [(None, 1), (None, None)]


def test_a5_imposition_puts_each_page_where_folding_needs_it(built):
    """Each side holds the two A5 pages folding needs there, found by their printed page numbers."""
    a4, a5 = paths(built)
    assert a5.is_file(), "the month's A5 saddle-stitch PDF is built next to the A4 booklet"
    assert "骑马订" in a5.name
    with pdfplumber.open(a5) as dst:
        halves = []
        for side in dst.pages:
            assert abs(side.width / MM - 297) < 0.5 and abs(side.height / MM - 210) < 0.5, "A4 landscape"
            halves += [squash(side.crop((0, 0, side.width / 2, side.height)).extract_text() or ""),
                       squash(side.crop((side.width / 2, 0, side.width, side.height)).extract_text() or "")]
        total = len(halves)
        assert total % 4 == 0
        expected = []
        for k in range(total // 4):
            expected += [total - 2 * k, 2 * k + 1, 2 * k + 2, total - 2 * k - 1]
        # physical page p carries — p − 2 — (cover and its blank verso are unnumbered)
        for text, page in zip(halves, expected):
            numbers = re.findall(r"—(\d+)—", text)
            if page <= 2:
                assert not numbers, f"page {page} (cover or its verso) has no number"
            elif numbers:
                assert numbers[-1] == str(page - 2), f"page {page} of the folded booklet in its place"
        numbered = [t for t in halves if re.search(r"—\d+—", t)]
        assert len(numbered) >= total // 2, "the A5 pages carry their own page numbers"
        assert "党支部组织生活指导材料" in halves[1], "the cover on the right of the first side"
    assert PdfReader(a5).metadata.title.endswith("（A5骑马订）")


def test_a5_button_on_the_month_page_says_how_to_print(built):
    from bs4 import BeautifulSoup
    from urllib.parse import unquote

    _, site_dir = built
    _, a5 = paths(built)
    page = BeautifulSoup((site_dir / OCT / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = [a for a in page.select("a") if unquote(a.get("href", "")).endswith(a5.name)]
    assert links, "the month page links the A5 booklet"
    assert "短边翻转" in links[0].get_text()


def test_bookmarks_for_every_section_and_attachment(built):
    result, _ = built
    a4, _ = paths(built)
    reader = PdfReader(a4)
    issue = month_of(result.project, OCT)

    def walk(items, depth=0):
        for item in items:
            if isinstance(item, list):
                yield from walk(item, depth + 1)
            else:
                yield depth, item.title, reader.get_destination_page_number(item)

    marks = list(walk(reader.outline))
    top = [(t, p) for d, t, p in marks if d == 0]
    titles = [t for t, _ in top]
    for heading in ("一、", "二、", "三、"):
        assert any(t.startswith(heading) for t in titles), titles
    for n, doc in enumerate(issue.attachments, start=1):
        mark = next((p for t, p in top if t.startswith(f"附件{n}")), None)
        assert mark is not None, f"no bookmark for 附件{n}"
        assert doc.title in titles[[t for t, _ in top].index(next(t for t, _ in top if t.startswith(f"附件{n}")))]
        assert (reader.pages[mark].extract_text() or "").startswith(f"附件{n}"), "the bookmark opens the attachment's first page"
    assert "工作清单" in titles
    assert any(d == 1 for d, _, _ in marks), "sections inside an attachment are nested under it"


def test_booklet_is_a_tagged_pdf_with_metadata_and_extractable_text(built):
    a4, _ = paths(built)
    reader = PdfReader(a4)
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "zh-CN"
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert "pdfuaid:part=\"1\"" in xmp and "2019年10月党支部组织生活指导材料" in xmp
    meta = reader.metadata
    assert meta.title == "2019年10月党支部组织生活指导材料" and meta.author == "北京科技大学党委组织部"
    assert meta["/CreationDate"].startswith("D:2019"), "PDF dates come from the content, not the clock"
    assert "（一）会议时间：2019年10月31日下午3:20—4:50" in squash(reader.pages[2].extract_text())


RENDER_AGAIN = textwrap.dedent("""
    import sys
    from pathlib import Path
    from generator import read_project
    from generator.render import booklet
    root, out = Path(sys.argv[1]), Path(sys.argv[2])
    project = read_project(root)
    issue = next(m for m in project.months if m.key == "2019-10")
    org = project.organisation  # rendered as generator.builder.pipeline renders them (turned wide pages included)
    pdfs, _ = booklet.month_pdfs(issue, org, None, root)
    (out / "a4.pdf").write_bytes(pdfs["a4"])
    (out / "a5.pdf").write_bytes(pdfs["a5"])
    doc = project.shared[0]
    booklet.write_pdf(booklet.document_html(doc, org), out / "doc.pdf", base_url=root, org=org)
    print(doc.slug)
""")


def test_same_input_gives_byte_identical_pdfs(built, tmp_path):
    """A second build, in another process, on another day, writes the same bytes."""
    result, site_dir = built
    a4, a5 = paths(built)
    run = subprocess.run([sys.executable, "-c", RENDER_AGAIN, str(ROOT), str(tmp_path)], cwd=ROOT,
                         capture_output=True, text=True, timeout=300, env={"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "a4.pdf").read_bytes() == a4.read_bytes()
    assert (tmp_path / "a5.pdf").read_bytes() == a5.read_bytes()
    doc = next(d for d in result.project.shared if d.slug == run.stdout.strip())
    from generator.render.pages import pdf_path
    assert (tmp_path / "doc.pdf").read_bytes() == (site_dir / pdf_path(doc)).read_bytes()


def test_cover_qr_code_opens_the_months_page(built, tmp_path):
    import shutil

    result, _ = built
    a4, _ = paths(built)
    issue = month_of(result.project, OCT)
    url = result.project.organisation.site_url + "2019-10/"
    assert bk.month_url(issue, result.project.organisation) == url
    html = bk.month_html(issue, result.project.organisation)
    assert "data:image/svg+xml" in html and url in html, "the QR code is inline: no outside request"
    assert url in (PdfReader(a4).pages[0].extract_text() or ""), "the address is printed under the code"
    assert shutil.which("zbarimg") and shutil.which("pdftoppm"), "make test installs zbar-tools and poppler-utils"
    subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", str(a4), str(tmp_path / "cover")], check=True)
    image = next(tmp_path.glob("cover*.png"))
    decoded = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True)
    assert decoded.stdout.strip() == url, decoded.stdout + decoded.stderr
