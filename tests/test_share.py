"""Links that share well (issue 18, point 2), read from every page's <head> under both site engines.

Each page: a <title> that names the site once, a description of its own, ``og:title``,
``og:description``, ``og:image``, ``og:url``; the share picture exists in the site and is at
least 300 × 300. The build warns (in Chinese) while ``site_url`` is the example address.
"""

from __future__ import annotations

import dataclasses
from urllib.parse import unquote

import lxml.html
import pytest
from PIL import Image

from conftest import site_pages
from generator.render import share

SITE_NAME = "党支部组织生活指导材料"


def pages(site_dir):
    for path in site_pages(site_dir, wechat=True):  # a 公众号 copy is shared too
        if path.relative_to(site_dir).parts[0] != "search":
            yield path.relative_to(site_dir).as_posix(), lxml.html.document_fromstring(path.read_text(encoding="utf-8"))


def meta(root, prop: str) -> str | None:
    found = root.xpath(f'//head/meta[@property="{prop}" or @name="{prop}"]/@content')
    return found[0] if found else None


def test_every_page_has_its_title_description_and_share_tags(site):
    engine, site_dir = site
    org_url = "https://dangjian.example.edu.cn/zuzhishenghuo/"
    descriptions = {}
    seen = list(pages(site_dir))
    assert len(seen) > 20
    for rel, root in seen:
        title = root.findtext(".//head/title")
        assert title.count(SITE_NAME) == 1, f"{engine} {rel}: {title}"
        assert not title.endswith(f"{SITE_NAME} - {SITE_NAME}")
        if SITE_NAME in title.removesuffix(f" - {SITE_NAME}"):
            assert not title.endswith(f" - {SITE_NAME}"), f"{rel}: the site name doubled: {title}"
        for prop in ("og:title", "og:description", "og:image", "og:url", "description"):
            assert meta(root, prop), f"{engine} {rel}: no {prop}"
        assert meta(root, "og:description") == meta(root, "description")
        descriptions.setdefault(meta(root, "description"), []).append(rel)
        image = meta(root, "og:image")
        assert image.startswith(org_url), "an absolute address"
        picture = site_dir / unquote(image.removeprefix(org_url))
        assert picture.is_file(), f"{rel}: {image}"
        with Image.open(picture) as im:
            assert im.width >= 300 and im.height >= 300
        assert meta(root, "og:url").startswith(org_url)
    doubled = {d: p for d, p in descriptions.items() if len(p) > 1}
    assert not doubled, f"{engine}: pages sharing a description: {doubled}"


def test_month_and_document_descriptions_are_their_own_words(built):
    result, site_dir = built
    october = lxml.html.document_fromstring((site_dir / "2019-10/index.html").read_text(encoding="utf-8"))
    assert meta(october, "description").startswith("学习习近平新时代中国特色社会主义思想")   # the month's theme
    assert october.findtext(".//head/title") == "2019年10月 党支部组织生活指导材料"
    assert meta(october, "og:image").endswith(unquote("2019-10/2019-10-分享图.png")) or \
        unquote(meta(october, "og:image")).endswith("2019-10/2019-10-分享图.png")
    may = lxml.html.document_fromstring((site_dir / "2017-05/index.html").read_text(encoding="utf-8"))
    assert unquote(meta(may, "og:image")).endswith("2017-05/2017-05-分享图.png")
    doc = lxml.html.document_fromstring(
        (site_dir / "documents/北京市委教育工委-党支部规范化建设实施方案/index.html").read_text(encoding="utf-8"))
    assert meta(doc, "description").startswith("为深入学习贯彻习近平新时代中国特色社会主义思想")   # its first sentence
    assert doc.findtext(".//head/title") == f"加强北京高校党支部规范化建设的实施方案 - {SITE_NAME}"


def test_the_share_picture_is_the_booklets_cover(built):
    import pypdfium2 as pdfium

    result, site_dir = built
    with Image.open(site_dir / "2019-10/2019-10-分享图.png") as im:
        picture = im.convert("L").resize((60, 85))
    pdf = pdfium.PdfDocument(site_dir / "2019-10/2019-10-党支部组织生活指导材料.pdf")
    cover = pdf[0].render(scale=0.2).to_pil().convert("L").resize((60, 85))
    pdf.close()
    diff = sum(abs(a - b) for a, b in zip(picture.tobytes(), cover.tobytes())) / (60 * 85)
    assert diff < 4, f"the picture differs from the booklet's first page by {diff:.1f} grey levels on average"


def test_the_build_warns_while_site_url_is_the_example_address(built):
    result, _ = built
    assert any("site_url 仍是示例地址" in w for w in result.warnings)
    org = result.project.organisation
    assert share.site_url_warnings(dataclasses.replace(org, site_url="https://dangjian.ustb.edu.cn/zzsh/")) == []
    for example in ("https://example.com/", "http://www.example.org/x/", "https://dw.example.edu.cn/"):
        assert share.site_url_warnings(dataclasses.replace(org, site_url=example))


@pytest.mark.parametrize("text, expected", [
    ("为加强党支部建设，现通知如下。具体要求见附件。", "为加强党支部建设，现通知如下。"),
    ("没有句号的一句话", "没有句号的一句话"),
    ("长" * 200 + "。", "长" * 119 + "…"),
])
def test_first_sentence(text, expected):
    assert share.first_sentence(text) == expected


def test_the_home_page_is_titled_by_the_site_name_alone(site):
    engine, site_dir = site
    home = lxml.html.document_fromstring((site_dir / "index.html").read_text(encoding="utf-8"))
    assert home.findtext(".//head/title") == SITE_NAME, engine
    assert meta(home, "og:title") == SITE_NAME and meta(home, "og:type") == "website"
