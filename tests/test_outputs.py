"""What members and secretaries see in the built site and booklets of the bundled content."""

from __future__ import annotations

import json
from urllib.parse import unquote

import pdfplumber
import pytest
import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import ROOT, blocks_of, squash, unturned
from generator.derive.checklist import derive_checklist
from generator.render.pages import month_of

OCT = "2019-10"
MAY = "2017-05"
OCT_SLOT = "2019年10月31日下午3:20—4:50"


def html(site_dir, rel):
    return BeautifulSoup((site_dir / rel).read_text(encoding="utf-8"), "html.parser")


def pdf_text(path) -> str:
    return squash("".join(page.extract_text() or "" for page in PdfReader(path).pages))


def booklet(site_dir, project, key):
    return site_dir / key / month_of(project, key).booklet_name


def month_data(key):
    return yaml.safe_load((ROOT / "data" / "months" / f"{key}.yml").read_text(encoding="utf-8"))


def test_october_page_has_meeting_time_work_items_and_attachment_link(built):
    result, site_dir = built
    page = html(site_dir, f"{OCT}/index.html")
    text = squash(page.get_text())
    assert OCT_SLOT in text
    items = blocks_of(month_data(OCT), "work_items")
    assert len(items) == 5
    for n, item in enumerate(items, start=1):
        assert f"{n}." + squash(item["text"])[:40] in text, f"work item {n} missing from the page"
    paragraphs = [squash(p.get_text()) for p in page.select("article p")]
    for n, item in enumerate(items, start=1):
        first = squash(item["text"].split("\n\n")[0])
        assert f"{n}.{first}" in paragraphs, f"work item {n} is not a paragraph of its own"
    for n, req in enumerate(blocks_of(month_data(OCT), "requirements"), start=1):
        assert f"{n}.{squash(req)}" in paragraphs, f"requirement {n} is not a paragraph of its own"
    links = [a.get_text() for a in page.select("article a")]
    assert any("校党组发〔2019〕14号" in t for t in links)
    assert page.html["lang"].startswith("zh")
    assert len(page.find_all("h1")) == 1


def test_october_attachment_page_is_complete(built):
    _, site_dir = built
    page = html(site_dir, f"{OCT}/附件1-后进党支部排查和整顿工作的通知/index.html")
    text = squash(page.get_text())
    assert "校党组发〔2019〕14号" in text
    for n in range(1, 9):
        assert f"（{n}）" in text
    assert "（8）由于党支部工作不到位，造成其他不良影响的。" in text
    assert "摸排情况于2019年8月26日（周一）上午11：00前报送至党委组织部邮箱zzb@ustb.edu.cn。" in text
    assert "联系人：杨明明" in text and "zzb@ustb.edu.cn" in text
    assert "北京科技大学2019年后进党支部整顿工作台账" in text


def test_october_booklet_text(built):
    result, site_dir = built
    text = pdf_text(booklet(site_dir, result.project, OCT))
    assert OCT_SLOT in text
    assert "第六次" in text and "北京科技大学党委组织部" in text
    for n, item in enumerate(blocks_of(month_data(OCT), "work_items"), start=1):
        assert f"{n}." + squash(item["text"])[:40] in text, f"work item {n} missing from the booklet"
    assert "校党组发〔2019〕14号" in text
    assert "（8）由于党支部工作不到位，造成其他不良影响的。" in text
    assert "各二级党组织要严格落实主体责任" in text


def test_may_2017_booklet_has_all_four_attachments_and_signature_date(built):
    result, site_dir = built
    text = pdf_text(booklet(site_dir, result.project, MAY))
    issue = month_of(result.project, MAY)
    assert len(issue.attachments) == 4
    for doc in issue.attachments:
        assert squash(doc.title) in text
    assert "2017年5月22日" in text
    assert "2017年6月2日之前" in text
    assert "附件4" in text


def test_every_pdf_embeds_its_fonts(built):
    result, site_dir = built
    assert result.pdfs
    for rel in result.pdfs:
        reader = PdfReader(site_dir / rel)
        fonts = {}
        for page in reader.pages:
            for font in (page["/Resources"].get("/Font") or {}).values():
                font = font.get_object()
                fonts[font["/BaseFont"]] = font
        assert fonts, rel
        for name, font in fonts.items():
            descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font)["/FontDescriptor"]
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), f"{rel}: {name} not embedded"
            assert "+" in name, f"{rel}: {name} not subset"


def test_booklet_metadata_bookmarks_and_page_numbers(built):
    result, site_dir = built
    reader = PdfReader(booklet(site_dir, result.project, OCT))
    meta = reader.metadata
    assert meta.title == "2019年10月党支部组织生活指导材料"
    assert meta.author == "北京科技大学党委组织部"
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "一、组织生活时间及地点" in outline
    assert "三、组织生活要求" in outline
    assert any(t.startswith("附件1") for t in outline)
    assert "工作清单" in outline
    pages = [p.extract_text() or "" for p in reader.pages]
    assert "—" not in pages[0], "the cover carries no page number"
    assert "— 1 —" in pages[2], "the body starts on page 3 (a right-hand page) numbered — 1 —"


def test_table_from_seed_001_is_a_table_on_the_site_and_in_the_pdf(built, tmp_path):
    result, site_dir = built
    page = html(site_dir, "documents/中矿京党字2012-14-附件1-考核测评办法/index.html")
    tables = page.select("article table")
    assert len(tables) == 2
    headers = [squash(th.get_text()) for th in tables[0].select("thead th")]
    assert headers == ["考评标准", "考评标准内涵", "考评要素", "考评等次"]
    assert len(tables[0].select("tbody tr")) == 5

    pdf = unturned(site_dir / "documents/中矿京党字2012-14-基层组织建设年工作方案.pdf", tmp_path)
    found = []
    with pdfplumber.open(pdf) as doc:
        for p in doc.pages:
            for table in p.extract_tables():
                found.append([squash(c or "") for c in table[0]])
    assert ["考评标准", "考评标准内涵", "考评要素", "考评等次"] in found
    assert any(row[:2] == ["序号", "党支部名称"] for row in found), "the 整改汇总表 form is a table"


def test_checklist_items_equal_the_work_items(built):
    result, site_dir = built
    for issue in result.project.months:
        checklist = derive_checklist(issue)
        work = sorted((c for c in checklist if c.kind == "work"), key=lambda c: int(c.id.rsplit("-", 1)[1]))
        assert [c.text for c in work] == [w.summary for w in issue.work_items]
        assert [c.source for c in work] == [f"工作安排第{w.number}项" for w in issue.work_items]
        page = html(site_dir, f"{issue.key}/index.html")
        boxes = page.select(".zz-checklist input[type=checkbox]")
        assert [b["data-id"] for b in boxes] == [c.id for c in checklist]
        shown = [squash(li.select_one(".zz-item").get_text()) for li in page.select(".zz-checklist li")]
        assert shown == [squash(c.text) for c in checklist]
        text = pdf_text(booklet(site_dir, result.project, issue.key))
        for c in checklist:
            assert squash(c.text) in text
        assert text.count("□") == len(checklist)


def test_site_links_each_month_to_its_pdf_and_home_lists_latest_first(built):
    result, site_dir = built
    home = html(site_dir, "index.html")
    hrefs = [a["href"] for a in home.select("article a[href]")]
    months = [h for h in hrefs if h.rstrip("/") in ("2019-10", "2017-05")]
    assert months[0].startswith("2019-10")
    for issue in result.project.months:
        page = html(site_dir, f"{issue.key}/index.html")
        pdf_links = [a["href"] for a in page.select("a[href$='.pdf']")]
        assert pdf_links and all((site_dir / issue.key / unquote(h)).is_file() for h in pdf_links)


def test_no_page_loads_anything_from_another_host(built):
    _, site_dir = built
    for page in site_dir.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for el in soup.find_all(tag):
                if tag == "link" and {"canonical", "alternate"} & set(el.get("rel") or []):
                    continue  # a name for the page, not a request
                url = el.get(attr) or ""
                assert not url.startswith(("http:", "https:", "//")), f"{page}: {url}"
    assert "fonts.googleapis" not in "".join(p.read_text(encoding="utf-8") for p in site_dir.rglob("*.html"))


def test_an_author_adds_a_month_by_copying_one_file_and_one_folder(project_copy):
    import shutil

    from conftest import run_cli

    data = project_copy / "data/months"
    text = (data / "2019-10.yml").read_text(encoding="utf-8")
    text = (text.replace("month: 2019-10", "month: 2019-11").replace("ordinal: 6", "ordinal: 7")
            .replace("date: 2019-10-31", "date: 2019-11-28"))
    (data / "2019-11.yml").write_text(text, encoding="utf-8")
    shutil.copytree(project_copy / "content/2019-10", project_copy / "content/2019-11")
    site = project_copy / "site"
    run = run_cli(project_copy, "build", "--site-dir", str(site))
    assert run.returncode == 0, run.stderr
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "2019年11月" in home.select_one("article").get_text(), "the new month leads the home page"
    page = BeautifulSoup((site / "2019-11/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "2019年11月28日下午3:20—4:50" in squash(page.get_text())
    booklet_text = pdf_text(site / "2019-11/2019-11-党支部组织生活指导材料.pdf")
    assert "第七次" in booklet_text and "2019年11月28日下午3:20—4:50" in booklet_text


def test_an_image_in_an_attachment_shows_on_the_page_and_in_the_booklet(project_copy):
    """A picture saved beside an attachment and shown with ![说明](文件名): the page and the booklet both carry it."""
    from PIL import Image

    from conftest import run_cli

    folder = project_copy / "content/2019-10"
    Image.new("RGB", (120, 60), "red").save(folder / "示意图.png")
    notice = folder / "附件1-后进党支部排查和整顿工作的通知.md"
    notice.write_text(notice.read_text(encoding="utf-8").replace(
        "（8）由于党支部工作不到位", "![整顿工作示意图](示意图.png)\n\n（8）由于党支部工作不到位", 1), encoding="utf-8")
    run = run_cli(project_copy, "build")
    assert run.returncode == 0, run.stderr
    site = project_copy / "site"
    page = BeautifulSoup((site / "2019-10/附件1-后进党支部排查和整顿工作的通知/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    img = page.select_one("article img[alt=整顿工作示意图]")
    src = (site / "2019-10/附件1-后进党支部排查和整顿工作的通知" / unquote(img["src"])).resolve()
    assert src.is_file() and src.read_bytes() == (folder / "示意图.png").read_bytes()
    reader = PdfReader(site / "2019-10/2019-10-党支部组织生活指导材料.pdf")
    sizes = [img.image.size for p in reader.pages for img in p.images]
    assert (120, 60) in sizes, f"the booklet prints the picture ({sizes})"
