"""Bad input: every mistake is named in Chinese with file, line and fix; the last good site stays as it was."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from conftest import run_cli

MONTH = Path("data/months/2019-10.yml")
NOTICE = Path("content/2019-10/附件1-后进党支部排查和整顿工作的通知.md")
RULES = Path("data/rules.yml")


def tree_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        h.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()


def line_of(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").split("\n"), start=1):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in {path}")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def last_good(project_copy, built):
    """The copy with a real last good site in it; returns (root, digest of that site)."""
    _, good_site = built
    shutil.copytree(good_site, project_copy / "site")
    return project_copy, tree_digest(project_copy / "site")


# (what the author did, file, text replaced, replacement, the line marker after the edit, words the message must hold)
CASES = [
    ("typo in a key", MONTH, "work_items:", "work_itmes:", "work_itmes:", ["未知的键“work_itmes”", "是否应为“work_items”"]),
    ("impossible date", MONTH, "date: 2019-10-31", "date: 2019-02-30", "date: 2019-02-30", ["日期不存在：2019年2月30日"]),
    ("deadline before the month", MONTH, "            responsible: 支委会\n", "            responsible: 支委会\n            deadline: 2019-09-15\n",
     "deadline: 2019-09-15", ["早于本月"]),
    ("missing attachment file", MONTH, "  - 附件1-后进党支部排查和整顿工作的通知.md", "  - 附件1-不存在的通知.md", "附件1-不存在的通知.md",
     ["引用的文件不存在", "附件1-后进党支部排查和整顿工作的通知.md"]),
    ("YAML syntax: unclosed bracket", MONTH, "ordinal: 6", "ordinal: [6", "ordinal: [6", ["没有配对结束", "修改建议"]),
    ("tab indentation", MONTH, "          place: 各支部", "\tplace: 各支部", "\tplace", ["Tab"]),
    ("wrong type", MONTH, "ordinal: 6", "ordinal: 第六次", "ordinal: 第六次", ["应为整数"]),
    ("value not allowed", MONTH, "    responsible: 支委会", "    responsible: 党委", "responsible: 党委", ["“党委”不在可选范围内", "支委会"]),
    ("doc number with square brackets", NOTICE, "doc_number: 校党组发〔2019〕14号", "doc_number: 校党组发[2019]14号",
     "doc_number: 校党组发[2019]14号", ["文号", "〔"]),
    ("meeting ends before it starts", MONTH, 'end: "16:50"', 'end: "14:50"', 'end: "14:50"', ["不晚于开始时间"]),
    ("Word debris left in a body", NOTICE, "（8）由于党支部工作不到位", "[image: C:\\1.jpg]（8）由于党支部工作不到位", "[image:", ["Word 残留"]),
    ("month does not match the file name", MONTH, "month: 2019-10", "month: 2019-11", "month: 2019-11", ["文件名", "2019-10.yml"]),
    ("quarterly rule without months", RULES, "    months: [3, 6, 9, 12]\n    responsible: 支部书记\n    source: 《中国共产党支部工作条例（试行）》（2018年）第十一条",
     "    responsible: 支部书记\n    source: 《中国共产党支部工作条例（试行）》（2018年）第十一条", "- id: general-meeting", ["须写明安排在哪几个月", "months: [3, 6, 9, 12]"]),
    ("covers names an unknown rule", MONTH, "covers: [branch-committee]", "covers: [branch-comittee]", "covers: [branch-comittee]",
     ["没有编号为“branch-comittee”的常规工作", "branch-committee"]),
    ("frequency misspelt", RULES, "frequency: quarterly\n    months: [3, 6, 9, 12]\n    responsible: 支部书记\n    source: 本校",
     "frequency: quaterly\n    months: [3, 6, 9, 12]\n    responsible: 支部书记\n    source: 本校", "frequency: quaterly", ["“quaterly”不在可选范围内", "quarterly"]),
    ("required field missing", NOTICE, "title: 关于进一步做好后进党支部排查和整顿工作的通知\n", "", "issuer:", ["缺少必填项“title”"]),
]


@pytest.mark.parametrize("what,rel,old,new,marker,words", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_named_and_the_site_is_left_alone(last_good, what, rel, old, new, marker, words):
    root, digest = last_good
    edit(root / rel, old, new)
    run = run_cli(root, "build")
    assert run.returncode == 1, run.stderr
    line = line_of(root / rel, marker)
    assert f"{rel.as_posix()}:{line}" in run.stderr, run.stderr
    for word in words:
        assert word in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
    assert tree_digest(root / "site") == digest, "the last good site was changed"


def test_duplicate_month_in_a_yaml_file_with_other_extension(last_good):
    root, digest = last_good
    shutil.copy(root / MONTH, root / "data/months/2019-10.yaml")
    run = run_cli(root, "build")
    assert run.returncode == 1
    assert "月份 2019-10 重复" in run.stderr
    assert tree_digest(root / "site") == digest


def test_check_reports_every_problem_not_only_the_first(project_copy):
    edit(project_copy / MONTH, "work_items:", "work_itmes:")
    edit(project_copy / NOTICE, "doc_number: 校党组发〔2019〕14号", "doc_number: 校党组发(2019)14号")
    edit(project_copy / "data/months/2017-05.yml", "deadline: 2017-06-02", "deadline: 2017-13-02")
    run = run_cli(project_copy, "check")
    assert run.returncode == 1
    assert "data/months/2019-10.yml" in run.stderr
    assert "附件1-后进党支部排查和整顿工作的通知.md" in run.stderr
    assert "data/months/2017-05.yml" in run.stderr
    assert "共发现 3 处问题" in run.stderr or "共发现 4 处问题" in run.stderr, run.stderr


def test_check_passes_on_the_bundled_content(project_copy):
    run = run_cli(project_copy, "check")
    assert run.returncode == 0, run.stderr
    assert "检查通过" in run.stdout


def test_a_crash_is_not_blamed_on_the_content_and_keeps_the_site(last_good):
    root, digest = last_good
    # an unreadable template is a broken installation, not an author's mistake
    (root / "mkdocs.yml").write_text("theme:\n  name: no-such-theme\n", encoding="utf-8")
    run = run_cli(root, "build")
    assert run.returncode == 2, run.stderr
    assert "不是内容问题" in run.stderr
    assert "上一次成功构建的结果保持不变" in run.stderr
    assert tree_digest(root / "site") == digest


# -- the corpus: every kind of bad input an author, a paste from Word or an attacker produces ---------------

ANNEX = Path("content/documents/中矿京党字2012-14-附件1-考核测评办法.md")
ORG = Path("data/organisation.yml")
BODY_LINE = "各二级党组织："
"""A line of the notice's body to put things after."""


def _append_body(text: str):
    return lambda path: edit(path, BODY_LINE, BODY_LINE + text)


def _replace(old: str, new: str):
    return lambda path: edit(path, old, new)


def _write_bytes(make):
    return lambda path: path.write_bytes(make(path.read_text(encoding="utf-8")))


def _table(rows: int) -> str:
    return "\n\n| 序号 | 支部 | 问题 |\n| --- | --- | --- |\n" + "".join(f"| {i} | 第{i}党支部 | 组织生活不经常 |\n" for i in range(rows))


BOMB = ('\nlol1: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
        + "".join(f"lol{i + 2}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)))

# (what, file, change, line marker in the changed file (None: the file as a whole), words the message must hold)
CORPUS = [
    # defect 2: script from content
    ("script in a body", NOTICE, _append_body("<script>alert(1)</script>"), "<script>", ["<script>", "脚本"]),
    ("onerror on an image", NOTICE, _append_body('<img src="x.png" onerror="alert(1)">'), "onerror", ["onerror", "事件脚本"]),
    ("javascript: Markdown link", NOTICE, _append_body("[点此](javascript:alert(1))"), "javascript:", ["javascript:"]),
    ("javascript: link with entities and case", NOTICE, _append_body('<a href="JaVa&#x53;cript:alert(1)">x</a>'), "JaVa",
     ["javascript"]),
    ("onclick in a Markdown attribute list", NOTICE, _append_body('\n{: onclick="alert(1)" }'), "onclick", ["onclick"]),
    ("onerror in an attachment title", NOTICE, _replace("title: 关于进一步做好后进党支部排查和整顿工作的通知",
                                                          "title: 关于通知<img src=x onerror=alert(1)>"), "onerror", ["title", "onerror"]),
    ("script in the month's theme", MONTH, _replace("学习习近平新时代", "学习<script>alert(1)</script>习近平新时代"), "<script>",
     ["theme", "<script>"]),
    ("iframe in a work item", MONTH, _replace("登录途径：", '<iframe src="https://example.com/"></iframe>登录途径：'), "<iframe",
     ["<iframe>"]),
    ("object element", NOTICE, _append_body('<object data="x.swf"></object>'), "<object", ["<object>"]),
    ("embed element", NOTICE, _append_body('<embed src="x.swf">'), "<embed", ["<embed>"]),
    ("data: link", NOTICE, _append_body("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"), "data:", ["data:"]),
    ("vbscript: link in a requirement", MONTH, _replace("严格执行党支部组织生活", '<a href="vbscript:msgbox(1)">严格执行</a>党支部组织生活'),
     "vbscript", ["requirements", "vbscript"]),
    ("svg with onload", NOTICE, _append_body('<svg onload="alert(1)"></svg>'), "<svg", ["<svg>"]),
    ("form", NOTICE, _append_body('<form action="https://example.com/">提交</form>'), "<form", ["<form>"]),
    ("meta refresh", NOTICE, _append_body('<meta http-equiv="refresh" content="0;url=https://example.com/">'), "<meta", ["<meta>"]),
    ("base element", NOTICE, _append_body('<base href="https://example.com/">'), "<base", ["<base>"]),
    ("event handler in a table cell", Path("content/documents/中矿京党字2012-14-附件2-分类定级汇总表.md"),
     _replace("<td>", '<td onmouseover="alert(1)">'), "onmouseover", ["onmouseover"]),
    ("onerror in the organisation's name", ORG, _replace("name: 北京科技大学党委组织部", "name: 北京科技大学<img src=x onerror=alert(1)>"),
     "onerror", ["name", "onerror"]),
    ("script in a standing rule's source", RULES, _replace("第十三条：党小组会", "第十三条<script>x()</script>：党小组会"), "<script>",
     ["source", "<script>"]),
    ("unknown class", NOTICE, _append_body("\n{: .md-button }"), "md-button", ["md-button", "form", "wide"]),
    ("id that clashes with the page", NOTICE, _append_body("\n{: #checklist }"), "#checklist", ["id"]),
    ("style element", NOTICE, _append_body("<style>p { color: red }</style>"), "<style", ["<style>"]),
    # defects 3 and 4: files of the machine, outside requests
    ("attachment link to /etc/passwd", NOTICE, _append_body('<a rel="attachment" href="file:///etc/passwd">附表</a>'), "file:///etc/passwd",
     ["file:"]),
    ("image from outside content/", NOTICE, _append_body('<img src="../../../etc/passwd">'), "etc/passwd", ["content/"]),
    ("image from another host", NOTICE, _append_body("![图](https://example.com/x.png)"), "example.com", ["图片"]),
    ("srcset to another host", NOTICE, _append_body('<img src="x.png" srcset="https://example.com/x.png 2x">'), "srcset", ["srcset"]),
    ("style url() to another host", NOTICE, _append_body('<span style="background:url(https://example.com/x.png)">x</span>'),
     "url(", ["url("]),
    ("style with an unknown property", NOTICE, _append_body('<span style="position: fixed">x</span>'), "position", ["position"]),
    # defect 5: invisible characters
    ("NUL in a month file", MONTH, _replace("place: 各支部", "place: 各\x00支部"), "\x00", ["U+0000"]),
    ("Word soft line break in a month file", MONTH, _replace("学习习近平新时代", "学习\x0b习近平新时代"), "\x0b", ["U+000B", "Word", "Shift+Enter"]),
    ("Word soft line break in a body", NOTICE, _append_body("第一行\x0b第二行"), "\x0b", ["U+000B", "Word"]),
    ("Word page break in a body", NOTICE, _append_body("\x0c"), "\x0c", ["U+000C", "分页符"]),
    ("NUL in a body", NOTICE, _append_body("\x00"), "\x00", ["U+0000"]),
    ("BOM inside a month file", MONTH, _replace("\nsections:", "\n\ufeffsections:"), "\ufeffsections", ["U+FEFF"]),
    ("line separator in a rules file", RULES, _replace("召开党小组会", "召开\u2028党小组会"), "\u2028", ["U+2028"]),
    ("escape character in organisation.yml", ORG, _replace("党委组织部  ", "党委组织部\x1b  "), "\x1b", ["U+001B"]),
    # defect 6: inputs that never finish
    ("alias bomb", MONTH, lambda p: p.write_text(p.read_text(encoding="utf-8") + BOMB, encoding="utf-8"), "*a", ["别名"]),
    ("one alias", RULES, _replace("    text: 召开党小组会\n    frequency: monthly", "    text: 召开党小组会\n    frequency: *f"),
     "*f", ["不支持锚点"]),
    ("YAML type tag", MONTH, _replace("ordinal: 6", "ordinal: !!python/object:os.system 6"), "!!python", ["类型标记"]),
    ("YAML nested too deep", MONTH, _replace("ordinal: 6", "ordinal: " + "[" * 200 + "]" * 200), "ordinal: [[", ["嵌套层次太深"]),
    ("Markdown list nested too deep", NOTICE, _append_body("\n\n" + "".join("    " * i + "- x\n" for i in range(300))),
     " " * 80 + "- x", ["嵌套层次太深"]),
    ("YAML file too large", MONTH, lambda p: p.write_text(p.read_text(encoding="utf-8") + "#" * 300_000, encoding="utf-8"), None,
     ["文件太大", "256 KB"]),
    ("Markdown file too large", NOTICE, lambda p: p.write_text(p.read_text(encoding="utf-8") + "很长的正文。\n\n" * 40_000,
                                                              encoding="utf-8"), None, ["文件太大", "512 KB"]),
    ("1 MB single line", NOTICE, _append_body("一" * 350_000), None, ["文件太大"]),
    ("300 KB single line", NOTICE, _append_body("\n\n" + "党支部*组织*生活" * 12_000), "党支部*组织*生活", ["这一段太长", "空一行"]),
    ("3000-row table", NOTICE, lambda p: p.write_text(p.read_text(encoding="utf-8") + _table(3000), encoding="utf-8"),
     "| 序号 | 支部 | 问题 |", ["3001 行", "超过上限 1000 行"]),
    # defect 8: no false cycle
    ("attachment without title (no false cycle)", NOTICE, _replace("title: 关于进一步做好后进党支部排查和整顿工作的通知\n", ""), "issuer:",
     ["缺少必填项“title”"]),
    ("attachment with a YAML error (no false cycle)", NOTICE, _replace("signature: 党委组织部", "signature: [党委组织部"),
     "signature: [", ["没有配对结束"]),
    ("annexes that refer to each other", ANNEX, _replace("title: 北京高校", "annexes: [中矿京党字2012-14-基层组织建设年工作方案.md]\ntitle: 北京高校"),
     "annexes: [", ["形成循环"]),
    # defect 10
    ("hours .nan", MONTH, _replace("            responsible: 支委会\n", "            responsible: 支委会\n            hours: .nan\n"), "hours: .nan", ["有效的数"]),
    ("hours .inf", MONTH, _replace("            responsible: 支委会\n", "            responsible: 支委会\n            hours: .inf\n"), "hours: .inf", ["有效的数"]),
    ("study hours -.inf", RULES, _replace("members: 32", "members: -.inf"), "members: -.inf", ["有效的数"]),
    # defect 11: messages once, in Chinese, at the right line
    ("shared annex without title, read from two places", ANNEX, _replace("title: 北京高校教师和学生党支部工作考核测评办法（试行）\n", ""), 2,
     ["缺少必填项“title”"]),
    ("unclosed double quote", MONTH, _replace('end: "16:50"', 'end: "16:50'), 'end: "16:50', ["引号没有配对"]),
    ("unclosed single quote", MONTH, _replace("  place: 各支部根据实际自行安排", "  place: '各支部根据实际自行安排"), "place: '", ["引号没有配对"]),
    ("indentation that breaks the block", MONTH, _replace("  place: 各支部", " place: 各支部"), " place: 各支部", ["缩进"]),
    ("value starting with @", MONTH, _replace("ordinal: 6", "ordinal: @6"), "ordinal: @6", ["“@”"]),
    ("a second document in a YAML file", RULES, _replace("study_hours:", "---\nstudy_hours:"), "---", ["只能有一份数据"]),
    ("text after a block indicator", MONTH, _replace("theme: >-", "theme: >-学习"), "theme: >-学习", ["“|” 或 “>”"]),
    ("file in GBK", NOTICE, lambda p: p.write_bytes(p.read_text(encoding="utf-8").encode("gb18030")), 2, ["UTF-8", "GBK"]),
    ("file in UTF-16", MONTH, lambda p: p.write_bytes(p.read_text(encoding="utf-8").encode("utf-16")), 1, ["UTF-16"]),
    ("front matter not closed", NOTICE, lambda p: p.write_text(p.read_text(encoding="utf-8").replace("\n---\n", "\n", 1),
                                                                encoding="utf-8"), 1, ["结束标记"]),
    ("paragraph too long", NOTICE, _append_body("\n\n" + "长" * 25_000), "长长长", ["这一段太长"]),
    ("colon in a month title", MONTH, _replace("title: 党支部组织生活指导材料", "title: 党支部组织生活指导材料: 特刊"), "特刊", ["英文冒号"]),
    ("deadline both date and period", NOTICE, _replace('    time: "11:00"\n', '    time: "11:00"\n    period: 8月底\n'), "  - date: 2019-08-26",
     ["date（具体日期）或 period"]),
]

ENGLISH = re.compile(r"\b(expected|found|while|scanning|parsing|token|stream|unacceptable|Error|Traceback)\b")
ERROR_LINE = re.compile(r"^(?P<file>[^\s:][^:]*?)(?::(?P<line>\d+))?(?::\d+)?: ", re.M)


def assert_one_error_site_untouched(project_copy: Path, site: Path, digest: str, rel: Path, marker, words) -> None:
    """Builds ``project_copy`` into ``site`` and checks what the clerk sees: exit 1, exactly one error,
    named at ``rel`` and the line of ``marker`` (a text to find, a line number or ``None``), every one
    of ``words`` in it, no English, and the last good site byte for byte as it was, with no litter."""
    run = run_cli(project_copy, "build", "--site-dir", str(site))
    assert run.returncode == 1, run.stderr
    errors = list(ERROR_LINE.finditer(run.stderr))
    assert len(errors) == 1, f"expected exactly one error:\n{run.stderr}"
    assert "共发现 1 处问题" in run.stderr, run.stderr
    assert errors[0].group("file") == rel.as_posix(), run.stderr
    line = line_of(project_copy / rel, marker) if isinstance(marker, str) else marker
    assert errors[0].group("line") == (str(line) if line is not None else None), run.stderr
    for word in words:
        assert word in run.stderr, run.stderr
    assert not ENGLISH.search(run.stderr), run.stderr
    assert tree_digest(site) == digest, "the last good site was changed"
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"], "litter next to the site"


@pytest.fixture(scope="module")
def shared_site(built, tmp_path_factory):
    """One copy of the last good site for the whole corpus (each case builds into it with --site-dir)."""
    _, good_site = built
    site = tmp_path_factory.mktemp("corpus") / "site"
    shutil.copytree(good_site, site)
    return site, tree_digest(site)


@pytest.mark.parametrize("what,rel,change,marker,words", CORPUS, ids=[c[0] for c in CORPUS])
def test_corpus_one_chinese_error_at_the_right_place_and_the_site_untouched(project_copy, shared_site, what, rel,
                                                                            change, marker, words):
    site, digest = shared_site
    change(project_copy / rel)
    assert_one_error_site_untouched(project_copy, site, digest, rel, marker, words)


def test_corpus_has_every_defect_and_more_than_sixty_cases():
    assert len(CORPUS) >= 60
    assert len({c[0] for c in CORPUS}) == len(CORPUS)


def test_check_lists_a_missing_attachment_with_a_schema_error_of_its_month(project_copy):
    edit(project_copy / MONTH, "ordinal: 6", "ordinal: 第六次")
    edit(project_copy / MONTH, "  - 附件1-后进党支部排查和整顿工作的通知.md", "  - 附件1-不存在的通知.md")
    edit(project_copy / NOTICE, "date: 2019-08-26", "date: 2019-08-32")
    edit(project_copy / NOTICE, '    time: "11:00"\n', '    time: "11:00"\n    period: 8月底\n')
    run = run_cli(project_copy, "check")
    assert run.returncode == 1
    for needle in ("应为整数", "引用的文件不存在", "日期不存在：2019年8月32日", "date（具体日期）或 period"):
        assert needle in run.stderr, run.stderr
    assert "共发现 4 处问题" in run.stderr, run.stderr


def test_check_lists_a_month_date_error_together_with_a_deadline_error(project_copy):
    edit(project_copy / MONTH, "date: 2019-10-31", "date: 2019-02-30")
    edit(project_copy / MONTH, "            responsible: 支委会\n", "            responsible: 支委会\n            deadline: 2019-09-15\n")
    run = run_cli(project_copy, "check")
    assert "日期不存在" in run.stderr and "早于本月" in run.stderr, run.stderr


def test_a_rules_error_does_not_hide_the_other_rules_errors(project_copy):
    edit(project_copy / RULES, "frequency: quarterly", "frequency: quaterly")
    edit(project_copy / RULES, "months: [3, 6, 9, 12]\n    responsible: 支部书记\n    source: 本校",
         "months: [3, 6, 9]\n    responsible: 支部书记\n    source: 本校")
    run = run_cli(project_copy, "check")
    assert "“quaterly”不在可选范围内" in run.stderr and "应写 4 个月份" in run.stderr, run.stderr


@pytest.fixture(scope="module")
def awkward_titles(tmp_path_factory):
    """The bundled content with titles holding a colon, quotes and an attribute-looking text, built once."""
    from conftest import PROJECT_PARTS, ROOT

    root = tmp_path_factory.mktemp("awkward")
    for part in PROJECT_PARTS:
        (shutil.copytree if (ROOT / part).is_dir() else shutil.copy2)(ROOT / part, root / part)
    edit(root / NOTICE, "title: 关于进一步做好后进党支部排查和整顿工作的通知",
         "title: '关于进一步做好后进党支部排查和整顿工作的通知: 特刊'")
    edit(root / MONTH, "title: 党支部组织生活指导材料", "title: '党支部组织生活指导材料\" onmouseover=\"alert(1)'")
    run = run_cli(root, "build")
    assert run.returncode == 0, run.stderr
    return root / "site"


def test_a_title_with_a_colon_is_the_page_title(awkward_titles):
    from bs4 import BeautifulSoup

    page = BeautifulSoup((awkward_titles / NOTICE.relative_to("content").with_suffix("") / "index.html")
                         .read_text(encoding="utf-8"), "html.parser")
    assert "后进党支部排查和整顿工作的通知: 特刊" in page.title.get_text()
    assert "title:" not in page.find("article").get_text()


def test_a_title_with_quotes_neither_adds_attributes_nor_breaks_the_page(awkward_titles):
    from bs4 import BeautifulSoup

    for page in awkward_titles.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert not soup.find(attrs={"onmouseover": True}), page
        for link in soup.find_all("a", href=True):  # the title's quote must not end a link or attribute list early
            assert "{ ." not in link["href"] and "download=" not in link["href"], (page, link["href"])
