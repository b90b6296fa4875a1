"""The content HTML allow-list, the booklet's file fetcher and the site's outside-request scan, in process."""

from __future__ import annotations

import base64
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from generator.render import booklet
from generator.read import sanitize
from generator.read.errors import ContentErrors
from generator.site.checks import SiteCheckError, check_site, resources

CONTENT = ROOT / "content"
DOC = CONTENT / "2019-10" / "附件1-后进党支部排查和整顿工作的通知.md"


def problems(markdown: str) -> list:
    return sanitize.check_markdown(markdown, DOC, 1, DOC.parent, CONTENT)


ALLOWED = [
    "普通段落，**加粗**、*强调*、`代码`。",
    "| 左 | 中 | 右 |\n|:--|:-:|--:|\n| 1 | 2 | 3 |",
    '<table class="form wide"><tr><th colspan="2">合并</th></tr><tr><td>1</td><td>2<br>换行</td></tr></table>',
    "表格\n{: .wide }",
    "[链接](https://example.com/a?b=1) [邮件](mailto:zzb@ustb.edu.cn) [电话](tel:01062332293) [本站](../documents/x.md#一) <https://example.com/>",
    "![图](图1.png)",
    '<span style="text-align: center; color: #c00; border: 1px solid rgb(0, 0, 0)">x</span>',
    "1. 第一\n2. 第二\n\n- 甲\n- 乙",
    "> 引用",
    "《北京市实施<中国共产党普通高等学校基层组织工作条例>的办法》",
    "AT&T 和 a < b，以及 &lt;script&gt; 文字",
    "<!-- 注释 -->正文",
]


@pytest.mark.parametrize("markdown", ALLOWED)
def test_ordinary_content_passes(markdown):
    assert problems(markdown) == []


REFUSED = [
    ("<script>alert(1)</script>", "<script>"),
    ("<SCRIPT SRC=//x.js></SCRIPT>", "<script>"),
    ('<img src="x.png" onerror="alert(1)">', "onerror"),
    ('<a href="java&#x09;script:alert(1)">x</a>', "javascript"),  # a raw tab becomes spaces: no scheme
    ('<a href="&#106;avascript:alert(1)">x</a>', "javascript"),
    ('<a href=" JAVASCRIPT:alert(1)">x</a>', "javascript"),
    ("[x](data:text/html,<script>alert(1)</script>)", "<script>"),
    ("[x](file:///etc/passwd)", "file"),
    ('<a href="vbscript:x">x</a>', "vbscript"),
    ("段落\n{: onclick=\"alert(1)\" }", "onclick"),
    ('<p style="background:url(https://example.com/x.png)">x</p>', "url("),
    ('<p style="background:u\\72l(https://example.com/x.png)">x</p>', "url("),
    ('<p style="width: expression(alert(1))">x</p>', "url("),
    ('<img src="x.png" srcset="https://example.com/x.png 2x">', "srcset"),
    ("![x](https://example.com/x.png)", "图片"),
    ("![x](//example.com/x.png)", "图片"),
    ("![x](/etc/passwd)", "图片"),
    ("![x](../../../etc/passwd)", "content/"),
    ('<iframe src="https://example.com/"></iframe>', "<iframe>"),
    ('<object data="x"></object>', "<object>"),
    ('<embed src="x">', "<embed>"),
    ("<svg><script>alert(1)</script></svg>", "<svg>"),
    ("<math><mi>x</mi></math>", "<math>"),
    ('<a rel="attachment" href="x.pdf">x</a>', "rel"),
    ('<div class="md-button">x</div>', "md-button"),
    ("## 标题 {#checklist}", "id"),
    ('<p data-x="1">x</p>', "data-x"),
    ("<style>p{}</style>", "<style>"),
    ('<base href="https://example.com/">', "<base>"),
    ('<link rel="stylesheet" href="https://example.com/x.css">', "<link>"),
    ("<details open ontoggle=alert(1)>x</details>", "<details>"),
    ("<scr<script>ipt>alert(1)</script>", "<script>"),
    ("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">", "noscript"),
]


@pytest.mark.parametrize("markdown,word", REFUSED, ids=[r[0][:40] for r in REFUSED])
def test_anything_off_the_list_is_refused_with_a_reason(markdown, word):
    found = problems(markdown)
    assert found, f"let through: {markdown!r}"
    assert all("不允许的 HTML" in e.message and e.fix for e in found)
    assert any(word.lower() in e.message.lower() for e in found), [e.message for e in found]


def test_each_refusal_names_its_own_line():
    found = problems("第一段\n\n<script>a()</script>\n\n第三段\n\n[x](javascript:b())")
    assert [(e.line, e.column) for e in found] == [(3, 1), (7, 5)]  # column: where the URL starts


def test_yaml_strings_are_checked_at_their_line_whatever_the_key(tmp_path):
    from generator.read.yamlio import read_yaml_text

    text = "a: 正常\nnested:\n  - deeper:\n      anything: |-\n        第一行\n        <b onclick=x()>第二行</b>\n"
    located, error = read_yaml_text(text, tmp_path / "x.yml")
    assert error is None
    (tmp_path / "x.yml").write_text(text, encoding="utf-8")
    found = sanitize.check_yaml(located, CONTENT)
    assert [(e.line, "anything" in e.message, "onclick" in e.message) for e in found] == [(6, True, True)]


def test_the_booklet_gets_cleaned_html():
    assert sanitize.clean('<p onclick="x()">a<script>b()</script><img src="https://e.com/x.png"></p>') == "<p>a<img></p>"


def test_the_booklet_reads_no_file_outside_content_and_no_url(tmp_path):
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="9" height="9">'
           '<image width="9" height="9" xlink:href="file:///etc/hostname"/></svg>')
    for html in ['<p><a rel="attachment" href="file:///etc/passwd">附表</a></p>',
                 '<p><img src="http://127.0.0.1:9/x.png"></p>',
                 '<style>p { background: url(http://127.0.0.1:9/y.png) }</style><p>x</p>',
                 '<p><img src="../../../etc/passwd"></p>',
                 f'<p><img src="data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode()}"></p>']:
        target = tmp_path / "x.pdf"
        with pytest.raises(ContentErrors) as refused:
            booklet.write_pdf(html, target, base_url=ROOT)
        assert "content/ 以外" in str(refused.value)
        assert not target.exists()


def test_the_refusal_names_the_source_file_and_line(tmp_path):
    project = tmp_path / "p"
    (project / "content" / "2019-10").mkdir(parents=True)
    (project / "content" / "2019-10" / "a.md").write_text("---\ntitle: x\n---\n正文\n\n![图](/etc/hostname)\n", encoding="utf-8")
    with pytest.raises(ContentErrors) as refused:
        booklet.write_pdf('<p><img src="/etc/hostname"></p>', tmp_path / "x.pdf", base_url=project)
    assert "content/2019-10/a.md:6" in str(refused.value)


def test_the_booklet_still_prints_content_images_and_its_own_qr_code(tmp_path):
    image = CONTENT / "2019-10" / "_probe.svg"
    image.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>', encoding="utf-8")
    try:
        booklet.write_pdf('<p><img src="content/2019-10/_probe.svg"></p>', tmp_path / "x.pdf", base_url=ROOT)
    finally:
        image.unlink()
    assert (tmp_path / "x.pdf").stat().st_size > 0


def test_the_scan_finds_every_kind_of_outside_request():
    page = ('<img src="a.png" srcset="x.png 1x, https://cdn.example.com/2.png 2x">'
            '<p style="background:url(&quot;https://a.example.com/b.png&quot;)">x</p>'
            '<style>p { background: url(https://s.example.com/c.png) } @import "https://i.example.com/x.css";</style>'
            '<link rel="canonical" href="https://c.example.com/"><link rel="preload" href="https://f.example.com/x.woff2">'
            '<a href="https://link.example.com/">followed only if tapped</a><svg><image href="https://svg.example.com/i.png"/></svg>'
            '<video poster="https://p.example.com/x.jpg"></video><table background="https://t.example.com/x.gif"></table>')
    hosts = {u.split("/")[2] for u in resources(page) if "//" in u}
    assert hosts == {"cdn.example.com", "a.example.com", "s.example.com", "i.example.com", "f.example.com",
                     "svg.example.com", "p.example.com", "t.example.com"}


@pytest.mark.parametrize("snippet", ['<img src="x.png" srcset="https://cdn.example.com/x.png 2x">',
                                     "<style>body { background: url(https://cdn.example.com/x.png) }</style>"])
def test_check_site_refuses_srcset_and_inline_style_requests(built, tmp_path, snippet):
    _, good = built
    site = tmp_path / "site"
    shutil.copytree(good, site)
    page = site / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", snippet + "</body>"), encoding="utf-8")
    with pytest.raises(SiteCheckError, match="cdn.example.com"):
        check_site(site)


def test_the_built_site_passes_the_scan(built):
    _, site = built
    check_site(site)


def test_a_document_is_read_once_and_its_errors_reported_once(tmp_path):
    from generator.read.readers import _Reader
    from generator.read.yamlio import Located

    (tmp_path / "content" / "d").mkdir(parents=True)
    doc = tmp_path / "content" / "d" / "a.md"
    doc.write_text("---\nissuer: x\n---\n正文\n", encoding="utf-8")
    reader = _Reader(tmp_path)
    for _ in range(3):
        assert reader.document(doc, Located(None, doc), []) is None
    assert len(reader.errors.errors) == 1 and "缺少必填项“title”" in reader.errors.errors[0].message
    assert reader._reading == set()


def test_limits_are_what_docs_safety_says():
    from generator.read import limits

    text = (ROOT / "docs" / "safety.md").read_text(encoding="utf-8")
    assert f"{limits.MAX_YAML_BYTES // 1024} KB" in text
    assert f"{limits.MAX_MARKDOWN_BYTES // 1024} KB" in text
    assert f"{limits.MAX_PARAGRAPH_CHARS:,}".replace(",", " ") in text or str(limits.MAX_PARAGRAPH_CHARS) in text
    assert f"{limits.MAX_TABLE_ROWS}" in text
    for cls in sanitize.CLASSES:
        assert cls in text


def test_a_page_checked_before_is_not_scanned_again_but_a_changed_page_is(built, tmp_path, monkeypatch):
    """The site check's memo (build/site-check.json) skips only pages whose place and bytes it has seen:
    an outside request or a broken link added to a page afterwards still fails the check, and a
    damaged memo is set aside."""
    from generator.site import checks

    _, good = built
    site, memo = tmp_path / "site", tmp_path / "site-check.json"
    shutil.copytree(good, site)
    check_site(site, memo=memo)
    scanned = []
    real = checks.resources
    monkeypatch.setattr(checks, "resources", lambda text: scanned.append(text) or real(text))
    check_site(site, memo=memo)
    assert scanned == []  # nothing changed: no page scanned again
    page = site / "index.html"
    original = page.read_text(encoding="utf-8")
    page.write_text(original.replace("</body>", '<img src="https://cdn.example.com/x.png"></body>'), encoding="utf-8")
    with pytest.raises(SiteCheckError, match="cdn.example.com"):
        check_site(site, memo=memo)
    assert len(scanned) == 1
    page.write_text(original.replace("</body>", '<a href="不存在的文件.pdf">x</a></body>'), encoding="utf-8")
    with pytest.raises(SiteCheckError, match="index.html: 不存在的文件.pdf"):
        check_site(site, memo=memo)
    page.write_text(original, encoding="utf-8")
    memo.write_text("{not json", encoding="utf-8")
    check_site(site, memo=memo)
    # a file a page links to, removed while the page stays as it was: its link is resolved anew
    linked = next(p for p in site.rglob("*.pdf"))
    linked.unlink()
    with pytest.raises(SiteCheckError, match="指向不存在文件"):
        check_site(site, memo=memo)
