"""Importing Word files the importer has not seen: notices of other shapes, made with python-docx here.

* a 通知 with 版头, 主送, no meeting, readings marked 集体学习 by bold type (one headline citing
  《…》), 主题党日 items, 署名 and 成文日期; its 一、 headings use Word's automatic numbering;
* a college's 指导意见 with items grouped under （一）理论学习 （二）组织生活 …, numbers running
  on across the groups, then 二、上月落实情况, and an attachment holding a table with merged cells;

and bad files (not a Word file, encrypted, empty, old .doc, unknown encoding) refused in
Chinese with nothing written. For each good file: ``check`` accepts the draft, and every
paragraph of the input is in the draft or in the report.
"""

from __future__ import annotations

import re

import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, run_cli
from generator.render.pages import month_of
from generator.read.readers import read_project
from wordtools import norm

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def project(tmp_path):
    """A project with the organisation and rules only (no months, no content)."""
    for part in ("data", "docs", "overrides", "mkdocs.yml"):
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, tmp_path / "p" / part)
    root = tmp_path / "p"
    shutil.rmtree(root / "data" / "months")
    (root / "data" / "months").mkdir()
    (root / "content").mkdir()
    return root


def _chinese_numbering(document) -> int:
    """Adds an automatic numbering 一、二、… (chineseCounting, “%1、”) to ``document``; returns its numId."""
    from docx.oxml import parse_xml

    numbering = document.part.numbering_part.element
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {ns} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        f'<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {ns} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return 90


def _numbered(paragraph, num_id: int) -> None:
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {ns}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))


NOTICE_READINGS = [
    ("习近平在中共中央政治局第二十一次集体学习时强调 坚持党的自我革命永远在路上", True),
    ("习近平给新疆大学毕业生的回信", False),
    ("中共中央办公厅印发《关于在全党开展深入贯彻中央八项规定精神学习教育的通知》", True),
    ("《中国共产党章程》", False),
]


def make_notice(path: Path) -> list[str]:
    """The 通知 fixture; returns its paragraphs' text as a reader sees them (numbers included)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    d = docx.Document()
    num = _chinese_numbering(d)
    seen = []

    def para(text, align=None, bold=False, size=None, numbered=False):
        p = d.add_paragraph()
        r = p.add_run(text)
        r.bold = bold
        if size:
            r.font.size = Pt(size)
        if align:
            p.alignment = align
        if numbered:
            _numbered(p, num)
        return p

    para("中共江城大学委员会党务部", WD_ALIGN_PARAGRAPH.CENTER, size=26)
    para("江大党务〔2025〕31号", WD_ALIGN_PARAGRAPH.CENTER)
    para("关于开展2025年9月理论学习和主题党日活动的通知", WD_ALIGN_PARAGRAPH.CENTER, size=22)
    para("各党总支、直属党支部：")
    para("为深入学习贯彻习近平新时代中国特色社会主义思想，现将2025年9月各党支部理论学习和主题党日活动安排通知如下，请遵照执行。")
    para("理论学习内容", numbered=True)
    para("其中，黑体加粗项为集体学习内容，其他项为自学内容。")
    for k, (title, bold) in enumerate(NOTICE_READINGS, start=1):
        para(f"{k}.{title}", bold=bold)
    para("主题党日活动内容", numbered=True)
    para("1.重温入党誓词。各党支部组织党员面向党旗重温入党誓词，支部书记领誓。")
    para("2.按时足额交纳党费。各党支部于9月25日前完成本月党费收缴。")
    para("特此通知。")
    para("中共江城大学委员会党务部", WD_ALIGN_PARAGRAPH.RIGHT)
    para("2025年9月1日", WD_ALIGN_PARAGRAPH.RIGHT)
    d.save(str(path))
    for p in d.paragraphs:
        seen.append(p.text)
    return [("一、" if t == "理论学习内容" else "二、" if t == "主题党日活动内容" else "") + t for t in seen]


def make_college(path: Path) -> list[str]:
    """The grouped 指导意见 fixture with an attachment holding a merged-cell table; returns its texts."""
    import docx
    from docx.enum.text import WD_BREAK

    d = docx.Document()
    texts = ["江城学院党委组织部", "2025年11月党支部组织生活指导意见", "一、本月指导意见", "（一）理论学习",
             "1.集体学习《中国共产党纪律处分条例》第一编，支部书记领学。",
             "2.个人自学党的二十届四中全会精神，撰写学习体会。",
             "（二）组织生活",
             "3.召开支部委员会，研究年度民主评议党员工作安排，11月20日前报党委组织部。",
             "4.开展谈心谈话，支部书记与每名委员谈话不少于一次。",
             "（三）党日活动",
             "5.组织参观校史馆，重温建校初心。",
             "（四）日常学习",
             "6.通过“学习强国”平台坚持每日学习，学时计入个人学习档案。",
             "二、上月落实情况",
             "10月，各支部按要求完成了以下工作：",
             "1.32个支部召开专题组织生活会，参会率96%。",
             "2.全部支部完成党费收缴，并在系统中登记。",
             "附件：支部工作安排表"]
    for t in texts:
        d.add_paragraph(t)
    d.paragraphs[-1].runs[0].add_break(WD_BREAK.PAGE)
    d.add_paragraph("支部工作安排表")
    table = d.add_table(rows=4, cols=3)
    cells = [["周次", "内容", "责任人"], ["第1周", "集体学习", "支部书记"], ["第2周", "谈心谈话", ""],
             ["第3周", "组织参观", ""]]
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(1, 2).merge(table.cell(3, 2))
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(tr_pr.makeelement(f"{W}tblHeader", {}))
    d.save(str(path))
    return texts + ["支部工作安排表"] + [t for row in cells for t in row if t]


def _everything_written(root: Path, stdout: str) -> str:
    """All text the import wrote (files' YAML values and Markdown) and printed (the report), squashed."""
    parts = [stdout]
    for path in list((root / "data" / "months").glob("*.yml")) + list((root / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        parts.append(text)
        if path.suffix == ".yml":
            parts.append(yaml.safe_dump(yaml.safe_load(text), allow_unicode=True, width=10 ** 6))
    return norm("\n".join(parts)).replace("：", ":")


def _found(text: str, written: str) -> bool:
    """Whether a paragraph of the input is in ``written`` in one of the forms a draft gives it:
    without its number (generated again), without the colon after a 主送, a title without its 《》
    (the reading's type prints them), a date as YYYY-MM-DD."""
    from generator.importer.patterns import parse_date_line, split_label

    label, rest = split_label(text)
    forms = [text, rest if label else text, re.sub(r"^\d{1,2}\.(?=\d)", "", text), re.sub(r"^附件[：:]", "", text)]
    forms += [f.rstrip("：:") for f in forms]
    forms += [f[1:-1] for f in forms if f.startswith("《") and f.endswith("》")]
    date = parse_date_line(text)
    if date and date[2]:
        forms.append(f"{date[0]:04d}-{date[1]:02d}-{date[2]:02d}")
    return any(norm(f).replace("：", ":") in written for f in forms if f)


def test_notice_without_meeting(project, tmp_path):
    source = tmp_path / "notice.docx"
    texts = make_notice(source)
    proc = run_cli(project, "import", str(source))
    assert proc.returncode == 0, proc.stderr
    assert run_cli(project, "check").returncode == 0
    issue = month_of(read_project(project), "2025-09")
    assert issue.form == "notice" and not issue.cover
    assert issue.meeting is None and issue.theme is None and not issue.requirements
    assert (issue.issuer, issue.doc_number, issue.addressee) == ("中共江城大学委员会党务部", "江大党务〔2025〕31号",
                                                                "各党总支、直属党支部")
    assert issue.title == "关于开展2025年9月理论学习和主题党日活动的通知"
    assert [s.heading for s in issue.sections] == ["理论学习内容", "主题党日活动内容"]   # from Word's own numbering
    readings = issue.readings
    assert [r.mode for r in readings] == ["集体学习", "自学", "集体学习", "自学"]
    assert [r.type for r in readings] == ["文章", "文章", "文章", "文件"]
    assert readings[2].title == NOTICE_READINGS[2][0] and readings[3].title == "中国共产党章程"
    assert [w.deadline.isoformat() if w.deadline else None for w in issue.work_items] == [None, "2025-09-25"]
    assert (issue.closing, issue.signature, issue.date.isoformat()) == ("特此通知。", "中共江城大学委员会党务部", "2025-09-01")
    written = _everything_written(project, proc.stdout)
    lost = [t for t in texts if t and not _found(t, written)]
    assert not lost, f"paragraphs neither in the draft nor in the report: {lost}"


def test_grouped_items_and_review(project, tmp_path):
    source = tmp_path / "college.docx"
    texts = make_college(source)
    proc = run_cli(project, "import", str(source))
    assert proc.returncode == 0, proc.stderr
    assert run_cli(project, "check").returncode == 0, run_cli(project, "check").stderr
    issue = month_of(read_project(project), "2025-11")
    first, second = issue.sections
    assert [b.heading for b in first.blocks if b.heading] == ["理论学习", "组织生活", "党日活动", "日常学习"]
    assert [b.label for b in first.blocks if b.heading] == ["（一）", "（二）", "（三）", "（四）"]
    assert [w.number for w in issue.work_items] == [1, 2, 3, 4, 5, 6]          # numbers run on across groups
    assert issue.work_items[2].deadline.isoformat() == "2025-11-20"
    assert [r.title for r in issue.readings] == ["中国共产党纪律处分条例"]
    assert second.heading == "上月落实情况"
    assert [b.type for b in second.blocks] == ["prose", "review"]
    assert len(second.blocks[1].items) == 2
    doc = issue.attachments[0]
    assert doc.title == "支部工作安排表"
    assert '<td rowspan="3">支部书记</td>' in doc.body and "<th>周次</th>" in doc.body
    written = _everything_written(project, proc.stdout)
    lost = [t for t in texts if not _found(t, written)]
    assert not lost, f"paragraphs neither in the draft nor in the report: {lost}"


# -- bad files --------------------------------------------------------------------------------------------
def _refused(project: Path, path: Path, *words: str) -> None:
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    proc = run_cli(project, "import", str(path), "--month", "2025-10")
    assert proc.returncode == 1
    assert proc.stderr.startswith("未导入：") and path.name in proc.stderr
    for w in words:
        assert w in proc.stderr
    assert "Traceback" not in proc.stderr
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before, "a refused file wrote something"


def test_refuses_a_file_that_is_not_word(project, tmp_path):
    fake = tmp_path / "通知.docx"
    fake.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    _refused(project, fake, "不是有效的 Word 文档", ".docx")


def test_refuses_an_encrypted_docx(project, tmp_path):
    import msoffcrypto.format.ooxml as ooxml

    plain = tmp_path / "plain.docx"
    make_notice(plain)
    secret = tmp_path / "加密通知.docx"
    with plain.open("rb") as src, secret.open("wb") as out:
        ooxml.OOXMLFile(src).encrypt("123456", out)
    _refused(project, secret, "密码")


def test_refuses_an_old_doc(project, tmp_path):
    old = tmp_path / "旧通知.doc"
    old.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 512)
    _refused(project, old, ".doc", "另存为")


def test_refuses_empty_files(project, tmp_path):
    empty = tmp_path / "空.txt"
    empty.write_bytes(b"")
    _refused(project, empty, "空文件")
    blank = tmp_path / "空白.docx"
    import docx
    docx.Document().save(str(blank))
    _refused(project, blank, "没有文字内容")


def test_refuses_an_unknown_encoding(project, tmp_path):
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes("一、组织生活时间及地点\n".encode("utf-16"))
    _refused(project, utf16, "UTF-16", "UTF-8")
    latin = tmp_path / "乱码.txt"
    latin.write_bytes(bytes([0x81, 0x30, 0xFF, 0xFE, 0x80]) * 40)
    _refused(project, latin, "编码无法识别")


def test_reads_gb18030_text(project, tmp_path):
    seed = next((ROOT.parent / "shared" / "seeds").glob("003_*.txt"), None) or next(Path("/work/shared/seeds").glob("003_*.txt"))
    gbk = tmp_path / "通知-GBK.txt"
    gbk.write_bytes(seed.read_text(encoding="utf-8").encode("gb18030"))
    proc = run_cli(project, "import", str(gbk))
    assert proc.returncode == 0, proc.stderr
    issue = month_of(read_project(project), "2019-10")
    assert len(issue.work_items) == 5 and issue.attachments[0].doc_number == "校党组发〔2019〕14号"


def test_reading_by_python_docx_keeps_what_the_recogniser_needs(tmp_path):
    """The reader gives automatic numbers, alignment, bold, page breaks and table spans (why python-docx)."""
    from generator.importer.source import Para, Table, read_source

    notice, college = tmp_path / "n.docx", tmp_path / "c.docx"
    make_notice(notice)
    make_college(college)
    blocks = read_source(notice).blocks
    assert [b.text for b in blocks if b.text.endswith("内容")] == ["一、理论学习内容", "二、主题党日活动内容"]
    assert blocks[0].align == "center" and blocks[-1].align == "right"
    assert [b.bold for b in blocks if isinstance(b, Para) and b.text[:1].isdigit()][:4] == [True, False, True, False]
    blocks = read_source(college).blocks
    table = next(b for b in blocks if isinstance(b, Table))
    assert table.page_break is False and [c.rowspan for c in table.rows[1]] == [1, 1, 3]
    assert next(b for b in blocks if isinstance(b, Para) and b.text == "支部工作安排表").page_break

