"""The 公众号 copy (issue 18, point 1): what the 公众号 editor keeps, read from the copy itself.

The copies of both bundled months, of the shared documents and of the three fixture shapes are
parsed: no ``<style>``, ``class``, ``id`` or ``<script>``; every element in the body carries its
style inline; lists at most two levels deep; links only as numbered references under 文中链接;
every part within 20,000 characters. A document written for the purpose checks the deep list,
the links and the image. A build puts the copy beside the PDF and links it from the month page;
in headless Chromium (both site engines) the 复制全文 button puts HTML with inline styles on the
clipboard, read back with ``navigator.clipboard.read``, and a paste of it into a plain
contenteditable page is saved as a screenshot to look at.
"""

from __future__ import annotations

import dataclasses
import re
from urllib.parse import unquote

import lxml.html
import pytest

from conftest import OUTPUT, ROOT
from generator.read import read_project
from generator.render import wechat
from test_shapes import make_project


def parse(html: str):
    return lxml.html.document_fromstring(html)


def list_depth(el) -> int:
    depth, node = 1, el.getparent()
    while node is not None:
        depth += node.tag in ("ul", "ol")
        node = node.getparent()
    return depth


def assert_keeps_in_wechat(html: str) -> None:
    """What the 公众号 editor keeps: checked on the file's text and its parsed tree."""
    root = parse(html)
    assert not root.xpath("//style | //script | //link"), "no <style>, <script> or stylesheet link"
    assert not root.xpath("//*[@class] | //*[@id]"), "no class, no id"
    assert not root.xpath("//a"), "links only as references"
    assert not re.search(r"<style|<script|\sclass=|\sid=", html, re.I)
    unstyled = [el.tag for el in root.body.iter() if el is not root.body and not el.get("style")]
    assert not unstyled, f"elements without inline style: {unstyled[:5]}"
    for lst in root.xpath("//ul | //ol"):
        assert list_depth(lst) <= 2
    parts = [el for el in root.body if el.tag == "section"]
    assert parts, "one <section> per part"
    for part in parts:
        assert len(re.sub(r"\s+", "", part.text_content())) <= wechat.LIMIT


@pytest.fixture(scope="module")
def bundled():
    return read_project(ROOT)


def test_both_months_and_every_shared_document(bundled):
    org = bundled.organisation
    for item in [*bundled.months, *bundled.shared]:
        art = wechat.article(item, org)
        assert_keeps_in_wechat(art.html)
        text = parse(art.html).body.text_content()
        assert len(art.title) <= wechat.TITLE_MAX and 0 < len(art.digest) <= wechat.DIGEST_MAX
        assert parse(art.html).findtext(".//title") == art.title
        if hasattr(item, "sections"):
            for section in item.sections:
                if section.shown:
                    assert f"{section.label}{section.heading}" in text
            for n, doc in enumerate(item.attachments, start=1):
                assert f"附件{n}" in text and doc.title in text
            if item.theme:
                assert art.digest[:20] in re.sub(r"\s+", " ", text)
        else:
            assert item.title in text
        assert len(art.parts) == 1 and not art.warnings


def test_typography_follows_the_booklet(bundled):
    root = parse(wechat.article(bundled.months[0], bundled.organisation).html)
    h2 = root.xpath("//h2")[0].get("style")
    h3 = root.xpath("//h3")[0].get("style")
    body = root.body[0].get("style")
    assert "SimHei" in h2 and "KaiTi" in h3 and "FangSong" in body, "一、黑体 （一）楷体, 仿宋 body"
    assert root.xpath("//h2")[0].text_content().startswith("一、")
    colours = set(re.findall(r"color:\s*([^;\"]+)", wechat.article(bundled.months[0], bundled.organisation).html))
    assert colours <= {"#000"}, "the booklet prints no red, so neither does the copy"


@pytest.mark.parametrize("name", ["notice", "guide", "college"])
def test_fixture_shapes(tmp_path, name):
    project = read_project(make_project(tmp_path, name))
    for item in [*project.months, *project.shared]:
        art = wechat.article(item, project.organisation)
        assert_keeps_in_wechat(art.html)
        assert item.display_title in parse(art.html).body.text_content()


DEEP = """---
title: 深层列表、外部链接和图片的测试文件
---

学习材料见[共产党员网](https://www.12371.cn/)和[人民网](http://www.people.com.cn/ "人民网")，
站内文件见[本月材料](../2019-10/index.md)，再次引用[共产党员网](https://www.12371.cn/)。

1. 第一层一
    1. 第二层一
        1. 第三层一
            - 第四层
        2. 第三层二
2. 第一层二

![学习现场](photo.png)
"""


@pytest.fixture
def deep_doc(project_copy):
    from PIL import Image

    folder = project_copy / "content" / "documents"
    Image.new("RGB", (40, 30), "white").save(folder / "photo.png")
    (folder / "测试-深层列表.md").write_text(DEEP, encoding="utf-8")
    project = read_project(project_copy)
    return project, next(d for d in project.shared if d.title.startswith("深层列表"))


def test_deep_lists_links_and_images(deep_doc):
    project, doc = deep_doc
    art = wechat.article(doc, project.organisation)
    assert_keeps_in_wechat(art.html)
    root = parse(art.html)
    text = root.body.text_content()
    # the third and fourth levels are paragraphs that carry their numbers as text
    flat = [re.sub(r"\s+", "", p.text_content()) for p in root.xpath("//p")]
    assert "1.第三层一" in flat and "2.第三层二" in flat and "·第四层" in flat
    assert [(li.text or "").strip() for li in root.xpath("//ol/li/ol/li")] == ["第二层一"]
    # links: external ones numbered once each, listed at the end; the site's own link is plain text
    assert "共产党员网[1]" in text and "人民网[2]" in text and text.count("[1]") == 3   # twice in the text, once in the list
    assert "本月材料" in text and "[3]" not in text
    refs = [p.text_content() for p in root.xpath("//p")][-3:]
    assert refs == [wechat.REFERENCES, "[1] https://www.12371.cn/", "[2] http://www.people.com.cn/"]
    # the image: a file beside the copy, named for upload
    assert [unquote(img.get("src")) for img in root.xpath("//img")] == ["测试-深层列表-公众号版-图1.png"]
    assert wechat.outputs(doc) == ["documents/测试-深层列表-公众号版.html", "documents/测试-深层列表-公众号版-图1.png"]


def test_a_long_copy_is_split_at_section_boundaries_with_a_warning(bundled):
    month = bundled.months[1]   # 2017-05: about 11,000 characters with its four 附件
    whole = wechat.article(month, bundled.organisation)
    art = wechat.article(month, bundled.organisation, limit=3000)
    assert len(art.parts) > 2 and all(n <= 3000 for n in art.parts)
    assert any("分为" in w and "篇" in w for w in art.warnings)
    root = parse(art.html)
    parts = [el for el in root.body if el.tag == "section"]
    assert len(parts) == len(art.parts)
    for n, part in enumerate(parts, start=1):
        assert part[0].text_content() == f"（第{n}篇，共{len(parts)}篇）"
        first = part[1]
        # a part starts where a section starts: the title, a heading (一、), an 附件 label, or a document's body
        starts = first.xpath("./*[1]")[0] if len(first) else first
        assert starts.tag in ("p", "h1", "h2", "h3", "div") and (
            starts.tag in ("h1", "h2", "h3") or starts.text_content().startswith(("附件", "第"))
            or re.match(r"[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）", starts.text_content())
            or starts.getparent().getparent() is part), starts.text_content()[:30]
    squeeze = lambda t: re.sub(r"\s+|（第\d+篇，共\d+篇）", "", t)   # noqa: E731
    assert squeeze(root.body.text_content()) == squeeze(parse(whole.html).body.text_content()), "nothing lost or doubled"
    assert_keeps_in_wechat(art.html)


def test_over_20000_characters_is_split_for_real(deep_doc):
    project, doc = deep_doc
    long_doc = dataclasses.replace(doc, body="\n\n".join(
        f"## 第{n}部分\n\n" + "党支部要认真组织学习，" * 300 for n in range(1, 9)))
    art = wechat.article(long_doc, project.organisation)
    assert len(art.parts) == 2 and all(n <= wechat.LIMIT for n in art.parts) and sum(art.parts) > wechat.LIMIT
    assert any("20000" in w for w in art.warnings)
    assert_keeps_in_wechat(art.html)


def test_a_title_over_32_characters_is_shortened_with_a_warning(deep_doc):
    project, doc = deep_doc
    long = dataclasses.replace(doc, title="关于在全校各级党组织中深入开展“不忘初心、牢记使命”主题教育并做好后进党支部整顿工作的实施方案")
    art = wechat.article(long, project.organisation)
    assert len(art.title) == wechat.TITLE_MAX and art.title.endswith("…")
    assert any("公众号标题最多 32 个字" in w for w in art.warnings)


# -- the build and the page ---------------------------------------------------------------------

def test_the_build_writes_the_copy_beside_the_pdf_and_links_it(built):
    result, site_dir = built
    for issue in result.project.months:
        copy = site_dir / wechat.copy_path(issue)
        assert copy.is_file() and (site_dir / issue.key / issue.booklet_name).is_file()
        assert_keeps_in_wechat(copy.read_text(encoding="utf-8"))
        page = parse((site_dir / issue.key / "index.html").read_text(encoding="utf-8"))
        link = [a for a in page.xpath("//a") if a.text_content() == "公众号版"]
        assert link and unquote(link[0].get("href")).rstrip("/").endswith("公众号版")
    for doc in result.project.shared:
        assert (site_dir / wechat.copy_path(doc)).is_file()


def test_copy_button_puts_rich_text_on_the_clipboard(site, served, browser):
    engine, site_dir = site
    context = browser.new_context(viewport={"width": 390, "height": 844},
                                  permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(served + "2019-10/")
        page.get_by_role("link", name="公众号版").click()
        page.get_by_role("button", name="复制全文").click()
        page.wait_for_function("document.querySelector('.zz-wechat-status').textContent.startsWith('已复制')")
        OUTPUT.mkdir(exist_ok=True)
        page.screenshot(path=OUTPUT / f"wechat-copy-page-{engine}.png")
        html = page.evaluate("""async () => {
            const [item] = await navigator.clipboard.read();
            return await (await item.getType('text/html')).text(); }""")
        root = lxml.html.fragment_fromstring(html, create_parent="div")
        assert root.xpath("//h1")[0].text_content() == "2019年10月党支部组织生活指导材料"
        assert not root.xpath("//*[@class] | //style | //script")
        assert all(el.get("style") for el in root.iter() if el is not root and el.tag != "br")
        # pasted into a plain editable page (as into the 公众号 editor): the layout comes along
        page.set_content('<!doctype html><meta charset="utf-8"><div contenteditable="true" style="width:360px"></div>')
        page.focus("[contenteditable]")
        page.keyboard.press("Control+V")
        pasted = page.locator("[contenteditable] h2").first
        assert pasted.text_content() == "一、组织生活时间及地点"
        assert "SimHei" in pasted.evaluate("el => getComputedStyle(el).fontFamily")
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=OUTPUT / f"wechat-pasted-{engine}.png")
    finally:
        context.close()


def test_a_built_copy_carries_its_image_beside_it(deep_doc):
    from generator.builder.pipeline import build

    project, doc = deep_doc
    result = build(project.root, project.root / "site")
    site_dir = project.root / "site"
    beside = site_dir / "documents" / "测试-深层列表-公众号版-图1.png"
    assert beside.read_bytes() == (project.root / "content/documents/photo.png").read_bytes()
    page = parse((site_dir / "documents/测试-深层列表-公众号版/index.html").read_text(encoding="utf-8"))
    assert "测试-深层列表-公众号版-图1.png" in page.body.text_content(), "the page names the image to upload"
    assert result.published
