"""Monthly notices of other shapes, as they were written: sections, order and headings are data.

Three fixture projects (``tests/fixtures/``): a 通知 with no meeting (readings split by bold
type, 主送, signature and date), a company's 总体要求 / 内容导引 / 操作提示, and a college's
grouped items with a review of last month. Each is built for real; the tests read the built
HTML and the PDF text and check that what the notice says is there, in its order, and that
nothing it does not say is.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil

import icalendar
import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import ROOT, squash
from generator.derive.checklist import derive_checklist
from generator.model import Readings, layout
from generator.model import zh

FIXTURES = ROOT / "tests" / "fixtures"


def make_project(tmp_path, name):
    """The fixture ``name`` with this project's site config, theme overrides, docs and standing rules."""
    root = tmp_path / name
    root.mkdir()
    for part in ("mkdocs.yml", "overrides", "docs"):
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, root / part)
    shutil.copytree(FIXTURES / name / "data", root / "data")
    shutil.copy2(ROOT / "data/rules.yml", root / "data/rules.yml")
    if (FIXTURES / name / "content").is_dir():
        shutil.copytree(FIXTURES / name / "content", root / "content")
    else:
        (root / "content").mkdir()
    return root


@pytest.fixture(scope="module", params=["notice", "guide", "college"])
def shape(request, tmp_path_factory):
    """One fixture project built: ``(name, project, site_dir, issue)``."""
    from generator.builder.pipeline import build

    root = make_project(tmp_path_factory.mktemp("shape"), request.param)
    result = build(root, root / "site")
    issue = result.project.months[0]
    return request.param, result.project, root / "site", issue


EXPECTED = {
    "notice": {
        "h1": "关于开展2025年9月理论学习和主题党日活动的通知",
        "h2": ["一、理论学习内容", "二、主题党日活动内容"],
        "h3": [],
        "absent": ["会议时间", "会议地点", "必学", "选学", "活动主题", "要求", "《《", "2025年9月关于"],
    },
    "guide": {
        "h1": "2026年3月党支部“三会一课”内容导引",
        "h2": ["一、总体要求", "二、内容导引", "三、操作提示"],
        "h3": [],
        "absent": ["会议时间", "会议地点", "必学", "学习材料", "活动主题"],
    },
    "college": {
        "h1": "2025年11月党支部组织生活指导意见",
        "h2": ["一、本月指导意见", "二、上月落实情况"],
        "h3": ["（一）理论学习", "（二）组织生活", "（三）党日活动", "（四）日常学习"],
        "absent": ["会议时间", "会议地点", "必学", "活动主题"],
    },
}


def article(site_dir, key):
    page = BeautifulSoup((site_dir / key / "index.html").read_text(encoding="utf-8"), "html.parser")
    return page.select_one("article")


def body_of(art):
    """The article up to the checklist: what the notice itself says."""
    text = []
    for el in art.find_all(recursive=False):
        if el.name == "h2" and el.get("id") == "checklist":
            break
        text.append(el.get_text())
    return squash("".join(text))


def booklet_text(site_dir, issue, upto_checklist=True):
    reader = PdfReader(site_dir / issue.key / issue.booklet_name)
    text = re.sub(r"—\d+—", "", squash("".join(p.extract_text() or "" for p in reader.pages)))  # page numbers
    return text.split(squash(f"{issue.month_zh}党支部工作清单"))[0] if upto_checklist else text


def test_headings_are_the_notices_own_in_its_order(shape):
    name, _, site_dir, issue = shape
    art = article(site_dir, issue.key)
    want = EXPECTED[name]
    assert squash(art.find("h1").get_text()) == squash(want["h1"])
    h2 = [squash(h.get_text()) for h in art.find_all("h2") if h.get("id") not in ("checklist",)]
    h2 = [h for h in h2 if h != "附件"]
    assert h2 == [squash(h) for h in want["h2"]]
    h3 = [squash(h.get_text()) for h in art.find_all("h3") if "zz-group" not in (h.get("class") or [])]
    assert h3 == [squash(h) for h in want["h3"]]
    reader = PdfReader(site_dir / issue.key / issue.booklet_name)
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert [t for t in outline if t != "工作清单"] == want["h2"]
    assert reader.metadata.title == want["h1"], "PDF metadata carries the title as written, the month once"


def test_nothing_the_notice_does_not_say(shape):
    name, _, site_dir, issue = shape
    page_text = body_of(article(site_dir, issue.key))
    pdf = booklet_text(site_dir, issue)
    for word in EXPECTED[name]["absent"]:
        assert word not in page_text, f"{name}: “{word}” on the page"
        assert word not in pdf, f"{name}: “{word}” in the booklet"
    art = article(site_dir, issue.key)
    for heading in art.find_all(["h2", "h3"]):
        nxt = heading.find_next_sibling()
        assert nxt is not None and nxt.name not in ("h2",), f"empty heading {heading.get_text()!r}"
    assert len(re.findall(re.escape(issue.month_zh), squash(art.find("h1").get_text()))) <= 1
    home = BeautifulSoup((site_dir / "index.html").read_text(encoding="utf-8"), "html.parser").select_one("article")
    assert "会议时间" not in home.get_text(), "no meeting: the home page invents no meeting time"
    assert issue.short_title in home.get_text()


def test_checklist_and_calendar_come_only_from_the_month_and_the_standing_rules(shape):
    name, project, site_dir, issue = shape
    checklist = derive_checklist(issue)
    kinds = {c.kind for c in checklist}
    assert "meeting" not in kinds, "no meeting in the notice: no meeting row"
    work = [c for c in checklist if c.kind == "work"]
    assert [c.id for c in sorted(work, key=lambda c: int(c.id.rsplit("-", 1)[1]))] == \
        [f"{issue.key}/work-{w.index}" for w in issue.work_items]
    covered = {r for w in issue.work_items for r in w.covers}
    due = [r.id for r in project.rules.rules if r.due_in(issue.month) and r.id not in covered]
    assert sorted(c.id.split("/rule-")[1] for c in checklist if c.kind == "standing") == sorted(due)
    assert not [c for c in checklist if c.kind == "requirement"], "no requirements written: none derived"
    events = icalendar.Calendar.from_ical((site_dir / issue.key / f"{issue.key}.ics").read_bytes()).walk("VEVENT")
    dated = [c for c in checklist if c.due is not None]
    assert sorted(str(e["UID"]).split("@")[0] for e in events) == sorted(c.id for c in dated)
    assert not any("召开组织生活" in str(e["SUMMARY"]) for e in events)


def test_notice_form_prints_like_a_notice(shape):
    name, _, site_dir, issue = shape
    if name != "notice":
        pytest.skip("the 通知 fixture only")
    reader = PdfReader(site_dir / issue.key / issue.booklet_name)
    first = squash(reader.pages[0].extract_text())
    assert first.startswith("中共江城大学委员会党务部江大党务〔2025〕31号"), "版头 on page 1: no cover page"
    assert "—1—" in first, "page 1 is numbered — 1 —"
    assert "关于开展2025年9月理论学习和主题党日活动的通知各党总支、直属党支部：为深入学习" in first, "主送 after the title"
    text = booklet_text(site_dir, issue)
    assert text.endswith("中共江城大学委员会党务部2025年9月1日中共江城大学委员会党务部2025年9月2日印发"), \
        "署名 and 成文日期 close the notice, then its 版记 (印发机关, 印发日期)"
    art = article(site_dir, issue.key)
    assert "各党总支、直属党支部：" in art.get_text()
    assert "2025年9月1日" in art.select_one(".zz-signature").get_text()


def test_readings_as_written_each_its_own_line(shape):
    name, _, site_dir, issue = shape
    if name != "notice":
        pytest.skip("the 通知 fixture only")
    art = article(site_dir, issue.key)
    lines = [squash(p.get_text()) for p in art.find_all("p") if re.match(r"\d+\.", squash(p.get_text()))]
    readings = issue.readings
    assert len([line for line in lines if any(squash(r.title)[:12] in line for r in readings)]) == len(readings)
    # headlines as written (the one that cites a regulation keeps its own 《》), documents in 《》
    assert "2.习近平给新疆大学毕业生的回信" in lines
    assert "4.中共中央办公厅印发《关于在全党开展深入贯彻中央八项规定精神学习教育的通知》" in lines
    assert "6.《中国共产党章程》" in lines
    bold = [squash(b.get_text()) for b in art.find_all("strong")]
    assert len(bold) == sum(r.mode == "集体学习" for r in readings), "collective study in bold, as the notice says"
    pdf = booklet_text(site_dir, issue)
    assert "《《" not in pdf
    written = squash(issue.sections[0].blocks[0].text + "".join(r.title for r in readings))
    assert pdf.count("集体学习") == written.count("集体学习"), "no 集体学习/自学 label the notice does not print"
    assert pdf.count("自学") == written.count("自学")


def test_item_deadline_reaches_checklist_and_calendar(shape):
    name, _, site_dir, issue = shape
    if name != "guide":
        pytest.skip("the 内容导引 fixture only")
    item = next(c for c in derive_checklist(issue) if c.text == "支部书记讲专题党课")
    assert item.due == dt.date(2026, 3, 31) and item.due_zh == "2026年3月31日前"
    events = icalendar.Calendar.from_ical((site_dir / issue.key / f"{issue.key}.ics").read_bytes()).walk("VEVENT")
    event = next(e for e in events if str(e["SUMMARY"]) == "截止：支部书记讲专题党课")
    assert event.decoded("DTSTART") == dt.date(2026, 3, 31)
    assert "在2026年3月底完成" in body_of(article(site_dir, issue.key))


def test_groups_and_review_of_last_month(shape):
    name, project, site_dir, issue = shape
    if name != "college":
        pytest.skip("the 指导意见 fixture only")
    checklist = derive_checklist(issue)
    sources = [c.source for c in checklist if c.kind == "work"]
    assert "理论学习第1项" in sources and "组织生活第2项" in sources
    assert not any("42个党支部" in c.text for c in checklist), "last month's report is not a task"
    text = body_of(article(site_dir, issue.key))
    assert "1.10月，全院42个党支部均按要求" in text and "3.个别党支部组织生活记录不完整" in text
    assert "1.《习近平关于教育的重要论述摘编》选学" in text, "a label the author wrote"
    assert "《习近平关于教育的重要论述摘编》\u3000选学" in article(site_dir, issue.key).get_text(), "spaced from the title"
    from generator.derive.yearplan import year_plan
    row = year_plan(project, 2025).rows[10]
    assert row.hours == 6 and row.readings[0].startswith("《中共中央关于制定")
    assert booklet_text(site_dir, issue).count("（一）理论学习") == 1


# -- the model's rules, without a build ----------------------------------------------------------

@pytest.mark.parametrize("heading,numbered", [
    ("一、总体要求", True), ("（二）组织生活", True), ("(三)党日活动", True), ("1.理论学习", True), ("2、组织生活", True),
    ("（1）学习", True), ("总体要求", False), ("2025年工作要点", False), ("十月工作安排", False),
])
def test_headings_that_carry_their_own_number_are_kept(heading, numbered):
    assert zh.has_number(heading) is numbered


@pytest.mark.parametrize("title,month,named", [
    ("关于开展2025年9月主题党日活动的通知", 9, True), ("党支部组织生活指导材料", 9, False),
    ("九月主题党日安排", 9, True), ("2025年11月指导意见", 1, False), ("十一月安排", 1, False), ("11月安排", 11, True),
])
def test_month_is_added_to_a_title_only_when_missing(title, month, named):
    assert zh.names_month(title, 2025, month) is named


@pytest.mark.parametrize("title,printed", [
    ("中国共产党章程", "《中国共产党章程》"),
    ("学习《中国共产党章程》的体会", "《学习〈中国共产党章程〉的体会》"),
    ("《中国共产党章程》", "《中国共产党章程》"),
])
def test_book_title_marks_never_nest(title, printed):
    assert zh.book_title(title) == printed


def test_file_names_are_safe_and_short():
    assert zh.file_name("2025-09-关于“A/B”的通知: 特刊") == "2025-09-关于“A－B”的通知－特刊"
    assert len(zh.file_name("长" * 200)) == zh.MAX_NAME_CHARS


def test_a_group_emptied_for_one_kind_of_branch_disappears_with_its_heading(tmp_path):
    from generator.read.readers import read_project

    root = make_project(tmp_path, "college")
    path = root / "data/months/2025-11.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "          - text: 结合“宪法宣传周”", "          - applies_to: [学生]\n            text: 结合“宪法宣传周”"),
        encoding="utf-8")
    issue = read_project(root).months[0]
    staff = issue.for_kind("教职工")
    headings = [b.label + b.heading for s in staff.sections for b in s.shown if b.heading]
    assert headings == ["（一）理论学习", "（二）组织生活", "（三）日常学习"], "renumbered, no empty （三）党日活动"
    assert [b.label + b.heading for s in issue.for_kind("学生").sections for b in s.shown if b.heading][2] == "（三）党日活动"


def test_layout_numbers_items_per_block_or_on_when_asked():
    from generator.model import Section, WorkItem, WorkItems

    def items(n, start):
        return tuple(WorkItem(index=start + i, number=0, text="x", summary="x") for i in range(n))
    sections = [Section(heading="内容", blocks=(WorkItems(heading="甲", items=items(2, 1)),
                                               WorkItems(heading="乙", items=items(2, 3)),
                                               WorkItems(heading="丙", items=items(1, 5), continue_numbering=True)))]
    laid = layout(sections)[0]
    assert [[w.number for w in b.items] for b in laid.blocks] == [[1, 2], [1, 2], [3]]
    assert [b.label for b in laid.blocks] == ["（一）", "（二）", "（三）"]
    assert not Readings(items=()).visible


@pytest.mark.parametrize("text,label", [("重温入党誓词。", "3."), ("3.重温入党誓词。", ""), ("（3）重温入党誓词。", ""),
                                        ("三、重温入党誓词。", ""),
                                        ("10月25日前完成党费收缴。", "3. ")])   # 3. 10月: not 3.10月 (issue 21)
def test_an_item_that_carries_its_own_number_keeps_it(text, label):
    from generator.model import WorkItem

    assert WorkItem(index=3, number=3, text=text, summary=text).label == label


def _lines_with_y(page) -> list[tuple[float, str]]:
    """A PDF page's text runs with their baselines (pt from the bottom of the page)."""
    runs: list[tuple[float, str]] = []
    page.extract_text(visitor_text=lambda text, cm, tm, font, size: text.strip() and runs.append((tm[5] * cm[3] + cm[5], text)))
    return runs


def test_notice_imprint_after_the_attachments_at_the_foot_of_the_page(tmp_path):
    """A 通知's 版记 stands after its 附件 (GB/T 9704-2012, 8.2: 附件 before the 版记), on the
    公文's last page with its last element on the last line (7.4.1), not under the 署名 on page 2."""
    from generator.builder.pipeline import build

    root = make_project(tmp_path, "notice")
    (root / "content" / "2025-09").mkdir(parents=True)
    (root / "content" / "2025-09" / "附件1-报名表.md").write_text(
        "---\ntitle: 主题党日活动报名表\n---\n请各支部于9月20日前填写。\n\n| 支部 | 人数 |\n| --- | --- |\n| 一支部 | 12 |\n",
        encoding="utf-8")
    month = next((root / "data" / "months").glob("*.yml"))
    text = month.read_text(encoding="utf-8").replace("publisher: 中共江城大学委员会党务部", "publisher: 江城大学党务部")
    month.write_text(text + "attachments:\n  - 附件1-报名表.md\n", encoding="utf-8")
    result = build(root, root / "site")
    issue = result.project.months[0]
    issuer = article(root / "site", issue.key).select_one(".zz-issuer")
    assert issuer is not None and issuer.get_text() == "中共江城大学委员会党务部", \
        "the 发文机关标志 is on the page when the byline names another publisher"
    reader = PdfReader(root / "site" / issue.key / issue.booklet_name)
    pages = [squash(p.extract_text()) for p in reader.pages]
    with_imprint = [k for k, text in enumerate(pages) if "2025年9月2日印发" in text]
    with_annex = [k for k, text in enumerate(pages) if "主题党日活动报名表" in text and "附件1" in text]
    assert with_imprint == [with_annex[-1]], (with_imprint, with_annex)
    runs = _lines_with_y(reader.pages[with_imprint[0]])
    imprint_y = min(y for y, text in runs if "印发" in text)
    body_ys = [y for y, text in runs if "一支部" in text or "请各支部" in text]
    mm = 72 / 25.4
    assert 35 * mm < imprint_y < 35 * mm + 30, "the 版记's line is the last of the 版心 (bottom margin 35 mm)"
    assert min(body_ys) > imprint_y + 100, "the 附件's text stands well above it"


@pytest.mark.parametrize("title, lines", [
    ("关于开展2025年9月理论学习和主题党日活动的通知", ["关于开展2025年9月理论学习和", "主题党日活动的通知"]),
    ("中共江城市委组织部关于认真学习贯彻党的二十届四中全会精神的通知",
     ["中共江城市委组织部关于认真学习贯彻", "党的二十届四中全会精神的通知"]),
    ("关于召开2025年度党支部组织生活会和开展民主评议党员工作的通知",
     ["关于召开2025年度党支部组织生活会和", "开展民主评议党员工作的通知"]),
    ("2019年10月党支部组织生活指导材料", ["2019年10月党支部组织生活指导材料"]),          # fits one line
    ("关于印发《2026年党支部工作要点》的通知", ["关于印发《2026年党支部工作要点》的通知"]),
    # no cut keeps the quotation whole and beats the plain wrap: left to the renderer
    ("关于在全体党员中开展“学党章、守纪律、讲奉献”主题教育活动的实施方案",
     ["关于在全体党员中开展“学党章、守纪律、讲奉献”主题教育活动的实施方案"]),
])
def test_long_titles_turn_where_the_meaning_stays_whole(title, lines):
    """GB/T 9704-2012, 7.3.1: a title's lines turn with the meaning whole, balanced (梯形)."""
    assert zh.title_lines(title) == lines


@pytest.mark.parametrize("title", [
    "关于做好2025年度基层党组织书记抓基层党建工作述职评议考核的通知",
    "中共北京科技大学委员会组织部关于进一步做好后进党支部排查和整顿工作的通知",
    "关于转发《中共中央组织部关于做好2025年度党员组织关系集中排查工作的通知》的通知",
    "关于开展“不忘初心、牢记使命”主题教育和2019年10月主题党日活动暨党支部书记讲党课的通知",
])
def test_title_lines_never_change_or_split_a_title_badly(title):
    lines = zh.title_lines(title)
    assert "".join(lines) == title
    for a, b in zip(lines, lines[1:]):
        assert not (a[-1].isdigit() and (b[0].isdigit() or b[0] in "年月日")), (a, b)
        assert a.count("《") == a.count("》") and a.count("“") == a.count("”"), (a, b)
    if len(lines) > 1:
        assert all(zh.text_width(line) <= zh.TITLE_CHARS_PER_LINE for line in lines)


def test_booklet_title_is_balanced_on_page_one(shape):
    name, _, site_dir, issue = shape
    if name != "notice":
        pytest.skip("the 通知 fixture only")
    reader = PdfReader(site_dir / issue.key / issue.booklet_name)
    lines = [line.strip() for line in reader.pages[0].extract_text().splitlines()]
    assert "关于开展2025年9月理论学习和" in lines and "主题党日活动的通知" in lines, lines[:8]
