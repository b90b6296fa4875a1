"""Checklists, the year plan and calendars, derived from the data and the standing rules."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest
import yaml

from conftest import ROOT, blocks_of, run_cli
from generator.render import calendar
from generator.derive.checklist import GROUPS, conduct_requirements, derive_checklist
from generator.render.pages import month_of
from generator.read.readers import read_project
from generator.derive.yearplan import year_plan

RULES = yaml.safe_load((ROOT / "data/rules.yml").read_text(encoding="utf-8"))["rules"]
STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


def ids(checklist, kind):
    return [c.id.split("/", 1)[1] for c in checklist if c.kind == kind]


def test_bundled_months_checklists_match_data_and_rules_item_by_item():
    project = read_project(ROOT)
    for issue in project.months:
        data = yaml.safe_load((ROOT / f"data/months/{issue.key}.yml").read_text(encoding="utf-8"))
        checklist = derive_checklist(issue)
        covered = {c for w in blocks_of(data, "work_items") for c in w.get("covers", [])}
        due = [r["id"] for r in RULES if r["frequency"] == "monthly" or issue.month in r.get("months", [])]
        assert ids(checklist, "standing") == [f"rule-{r}" for r in due if r not in covered]
        assert sorted(ids(checklist, "work")) == sorted(f"work-{n}" for n in range(1, len(blocks_of(data, "work_items")) + 1))
        # the bundled requirements are rules of conduct (不得请假, 严格执行 …): printed under the list, not rows (issue 21)
        assert ids(checklist, "requirement") == []
        assert len(conduct_requirements(issue)) == len(blocks_of(data, "requirements"))
        assert ids(checklist, "meeting") == ["meeting"]
        groups = [GROUPS.index(c.responsible) for c in checklist]
        assert groups == sorted(groups), "grouped by who does it"
    october = month_of(project, "2019-10")
    assert [r.id for r in october.standing] == ["party-group", "dues"], "支委会 and 主题党日 are covered by items 3 and 2"
    # the notice's 2019-08-26 deadline has passed by October: not on the list
    assert ids(derive_checklist(october), "deadline") == []


def write_year(root: Path, year: int = 2019) -> None:
    """Twelve months in ``root``, each a copy of October 2019 moved to its month, no attachments."""
    base = yaml.safe_load((root / "data/months/2019-10.yml").read_text(encoding="utf-8"))
    for path in (root / "data/months").glob("*.yml"):
        path.unlink()
    for month in range(1, 13):
        data = dict(base, month=f"{year}-{month:02d}", attachments=[])
        data["sections"] = [
            {"heading": "组织生活时间及地点", "blocks": [{"meeting": dict(blocks_of(base, "meeting")[0], date=f"{year}-{month:02d}-20")}]},
            # covers: [] keeps every standing rule's own row (the items would otherwise replace 主题党日 and 支委会)
            {"heading": "组织生活内容", "blocks": [{"work_items": [{**w, "covers": []}
                                                                for w in blocks_of(base, "work_items")]}]},
        ]
        (root / f"data/months/{year}-{month:02d}.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def set_rule_months(root: Path, changes: dict[str, list[int]]) -> None:
    path = root / "data/rules.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for rule in data["rules"]:
        if rule["id"] in changes:
            rule["months"] = changes[rule["id"]]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize("setting", [
    {},  # the bundled rules: 党员大会 in 3, 6, 9, 12; 组织生活会 and 民主评议 in 12
    {"general-meeting": [1, 4, 7, 10], "review-meeting": [11], "appraisal": [11], "talks": [6]},
], ids=["bundled rules", "another department's rules"])
def test_quarterly_and_yearly_items_fall_in_exactly_the_months_the_rules_assign(project_copy, setting):
    write_year(project_copy)
    set_rule_months(project_copy, setting)
    rules = {r["id"]: setting.get(r["id"], r.get("months")) for r in RULES}
    project = read_project(project_copy)
    assert len(project.months) == 12
    for issue in project.months:
        standing = set(ids(derive_checklist(issue), "standing"))
        for rule_id in ("general-meeting", "party-lecture", "review-meeting", "appraisal", "talks"):
            assert (f"rule-{rule_id}" in standing) == (issue.month in rules[rule_id]), (issue.key, rule_id)
        for rule_id in ("branch-committee", "party-group", "theme-day", "dues"):
            assert f"rule-{rule_id}" in standing


def test_items_for_one_kind_of_member_give_one_version_per_kind_of_branch(project_copy):
    path = project_copy / "data/months/2019-10.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("          - summary: 讨论确定入党积极分子和发展对象", "          - applies_to: [学生]\n            summary: 讨论确定入党积极分子和发展对象")
    path.write_text(text, encoding="utf-8")
    project = read_project(project_copy)
    october = month_of(project, "2019-10")
    assert october.kinds_that_differ(project.organisation.branch_kinds) == ["教职工", "学生", "离退休", "机关"]
    assert month_of(project, "2017-05").kinds_that_differ(project.organisation.branch_kinds) == []
    student, staff = october.for_kind("学生"), october.for_kind("教职工")
    assert len(student.work_items) == 5 and len(staff.work_items) == 4
    assert [w.number for w in staff.work_items] == [1, 2, 3, 4]
    staff_texts = [c.text for c in derive_checklist(staff)]
    assert not any("入党积极分子" in t for t in staff_texts)
    assert any("入党积极分子" in t for t in (c.text for c in derive_checklist(student)))
    site = project_copy / "site"
    run = run_cli(project_copy, "build", "--site-dir", str(site))
    assert run.returncode == 0, run.stderr
    assert (site / "2019-10/2019-10-党支部组织生活指导材料-学生党支部.pdf").is_file()
    assert (site / "2019-10/2019-10-党支部组织生活指导材料-教职工党支部.pdf").is_file()
    assert (site / "2019-10/清单-学生党支部/index.html").is_file()
    assert not (site / "2017-05/清单-学生党支部").exists()


def test_attachment_deadlines_and_periods(project_copy):
    notice = project_copy / "content/2019-10/附件1-后进党支部排查和整顿工作的通知.md"
    text = notice.read_text(encoding="utf-8").replace("deadlines:\n", "deadlines:\n"
        "  - date: 2019-10-25\n    time: \"17:00\"\n    text: 报送整改台账\n"
        "  - period: 11月中旬\n    text: 完成后进党支部整顿\n    responsible: 支委会\n", 1)
    notice.write_text(text, encoding="utf-8")
    october = month_of(read_project(project_copy), "2019-10")
    deadlines = [c for c in derive_checklist(october) if c.kind == "deadline"]
    assert [(c.text, c.due, c.due_zh, c.source) for c in deadlines] == [
        ("报送整改台账", dt.date(2019, 10, 25), "2019年10月25日下午5:00前", "附件1"),
        ("完成后进党支部整顿", None, "11月中旬", "附件1"),
    ]
    events = icalendar.Calendar.from_ical(calendar.month_calendar(october, read_project(project_copy).organisation, STAMP)).walk("VEVENT")
    summaries = [str(e["SUMMARY"]) for e in events]
    assert "截止：报送整改台账" in summaries
    assert not any("完成后进党支部整顿" in s for s in summaries), "a period never becomes a made-up day"
    due = next(e for e in events if str(e["SUMMARY"]) == "截止：报送整改台账")
    assert due.decoded("DTSTART") == dt.datetime(2019, 10, 25, 17, 0, tzinfo=calendar.TZ)


def test_year_plan_from_the_bundled_months():
    project = read_project(ROOT)
    plan = year_plan(project, 2019)
    assert [r.month for r in plan.rows] == list(range(1, 13))
    october = plan.rows[9]
    assert october.issue is not None and october.theme.startswith("学习习近平新时代中国特色社会主义思想")
    assert october.activities == [w.summary for w in october.issue.work_items]
    assert october.meetings[0] == "组织生活（2019年10月31日下午3:20—4:50）"
    assert "支部委员会" in october.meetings
    assert plan.rows[11].issue is None and "组织生活会" in plan.rows[11].meetings and "民主评议党员" in plan.rows[11].meetings
    assert "支部党员大会" in plan.rows[2].meetings and "支部党员大会" not in plan.rows[3].meetings
    assert plan.targets.members == 32 and plan.targets.secretaries == 56


def test_study_hours_running_total(project_copy):
    write_year(project_copy)
    for month, hours in ((3, 4), (5, 2.5), (10, 6)):
        path = project_copy / f"data/months/2019-{month:02d}.yml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        blocks_of(data, "work_items")[0]["hours"] = hours
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    plan = year_plan(read_project(project_copy), 2019)
    assert [r.hours for r in plan.rows] == [0, 0, 4, 0, 2.5, 0, 0, 0, 0, 6, 0, 0]
    assert [r.total_hours for r in plan.rows][-1] == 12.5
    assert plan.rows[4].total_hours == 6.5


def test_calendars_parse_with_times_time_zone_and_stable_uids(built):
    result, site_dir = built
    month = icalendar.Calendar.from_ical((site_dir / "2019-10/2019-10.ics").read_bytes())
    events = month.walk("VEVENT")
    meeting = next(e for e in events if str(e["UID"]).startswith("2019-10/meeting@"))
    assert meeting.decoded("DTSTART") == dt.datetime(2019, 10, 31, 15, 20, tzinfo=calendar.TZ)
    assert meeting.decoded("DTEND") == dt.datetime(2019, 10, 31, 16, 50, tzinfo=calendar.TZ)
    assert meeting["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert [tz["TZID"] for tz in month.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids))
    assert all(u.endswith("@dangjian.example.edu.cn") for u in uids)
    may = icalendar.Calendar.from_ical((site_dir / "2017-05/2017-05.ics").read_bytes())
    deadline = next(e for e in may.walk("VEVENT") if str(e["UID"]).startswith("2017-05/meeting@"))
    assert deadline.decoded("DTSTART") == dt.date(2017, 6, 2), "a deadline is an all-day event on its day"
    year = icalendar.Calendar.from_ical((site_dir / "calendar/2019.ics").read_bytes())
    assert sorted(str(e["UID"]) for e in year.walk("VEVENT")) == sorted(uids)
    # a re-published month keeps its UIDs, so calendars update instead of duplicating
    again = icalendar.Calendar.from_ical(calendar.month_calendar(
        month_of(result.project, "2019-10"), result.project.organisation, STAMP))
    assert [str(e["UID"]) for e in again.walk("VEVENT")] == uids


def test_printable_checklist_is_the_booklets_checklist_pages_and_one_tap_from_the_list(built):
    from bs4 import BeautifulSoup
    from pypdf import PdfReader
    from urllib.parse import unquote

    result, site_dir = built
    for issue in result.project.months:
        page = BeautifulSoup((site_dir / f"{issue.key}/index.html").read_text(encoding="utf-8"), "html.parser")
        links = [unquote(a["href"]) for a in page.select("a[href$='.pdf']") if unquote(a["href"]).endswith("工作清单.pdf")]
        assert links, "a printed version of the checklist is linked from the month page"
        checklist = PdfReader(site_dir / issue.key / links[0])
        text = "".join(p.extract_text() for p in checklist.pages)
        assert "工作清单" in text and "支部书记（签字）" in text
        assert text.count("□") == len(derive_checklist(issue))
        booklet = PdfReader(site_dir / issue.key / issue.booklet_name)
        assert [p.extract_text() for p in checklist.pages] == [p.extract_text() for p in booklet.pages[-len(checklist.pages):]]


def test_year_plan_page_and_pdf(built):
    from bs4 import BeautifulSoup

    _, site_dir = built
    page = BeautifulSoup((site_dir / "plan/2019/index.html").read_text(encoding="utf-8"), "html.parser")
    rows = page.select("article table tbody tr")
    assert len(rows) == 12
    assert "10月" in rows[9].get_text() and "组织生活（2019年10月31日下午3:20—4:50）" in rows[9].get_text()
    assert "尚未发布" in rows[0].get_text()
    assert (site_dir / "plan/2019年党支部学习活动年度安排表.pdf").is_file()
    assert any(a["href"].endswith(".ics") for a in page.select("article a[href]"))


def test_month_page_shows_study_hours_against_the_targets(project_copy):
    from generator.render.pages import site_sources

    plain = site_sources(read_project(project_copy)).pages["2019-10/index.md"]
    assert "计入学时" not in plain, "no hours in the data: no made-up zero line"
    path = project_copy / "data/months/2019-10.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    blocks_of(data, "work_items")[0]["hours"] = 4
    blocks_of(data, "work_items")[1]["hours"] = 1.5
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    page = site_sources(read_project(project_copy)).pages["2019-10/index.md"]
    assert "本月计入学时：5.5 学时；2019年累计：5.5 学时（党员每年不少于 32 学时，支部书记和委员不少于 56 学时）" in page
    assert "4学时" in page, "the item shows its own credit"
