"""Checklist rows (issue 21): one row per thing to do, in the notice's words, by the right role.

On the bundled months and on ``tests/fixtures/checklist`` (three shapes: a 主题党日 notice whose
meeting is an activity; a month with a 党费 item and a 支委会 item that match standing rules; a
requirement list mixing tasks and rules of conduct): no two rows for one rule's activity, every
row's words found in the month's file or in ``data/rules.yml``, the event kinds, the roles, and
meetings in the calendar as the meetings themselves.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import icalendar
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, run_cli
from generator.derive.checklist import conduct_requirements, derive_checklist
from generator.model import tasks
from generator.read.readers import read_project
from generator.render import calendar
from generator.render.booklet import month_html

FIXTURE = ROOT / "tests" / "fixtures" / "checklist"
STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def fixture_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("checklist") / "project"
    shutil.copytree(FIXTURE / "data", root / "data")
    shutil.copy(ROOT / "data" / "rules.yml", root / "data" / "rules.yml")
    return root


@pytest.fixture(scope="module")
def fixture_project(fixture_root):
    return read_project(fixture_root, cache=False)


@pytest.fixture(scope="module")
def bundled():
    return read_project(ROOT, cache=False)


def _month(project, key):
    return next(m for m in project.months if m.key == key)


def _rows(project, key):
    return derive_checklist(_month(project, key))


def _all_months(bundled, fixture_project):
    return [(ROOT, m) for m in bundled.months] + [(fixture_project.root, m) for m in fixture_project.months]


def test_no_two_rows_for_one_rules_activity(bundled, fixture_project):
    for root, issue in _all_months(bundled, fixture_project):
        rules = read_project(root, cache=False).rules.rules if root != ROOT else bundled.rules.rules
        for rule in rules:
            if not rule.due_in(issue.month):
                continue
            doing = [c for c in derive_checklist(issue)
                     if c.id.endswith(f"/rule-{rule.id}") or rule.id in tasks.matching_rules(c.text, [rule])]
            kept = [w for w in issue.work_items if "covers" in _written_keys(root, issue, w) and not w.covers]
            if any(rule.id in tasks.matching_rules(w.summary, [rule]) for w in kept):
                assert len(doing) == 2, (issue.key, rule.id, [c.text for c in doing])   # covers: [] keeps both
            else:
                assert len(doing) <= 1, (issue.key, rule.id, [c.text for c in doing])


def _written_keys(root, issue, item) -> set:
    import yaml
    data = yaml.safe_load((root / "data" / "months" / f"{issue.key}.yml").read_text(encoding="utf-8"))
    items = [w for s in data["sections"] for b in s["blocks"] for w in b.get("work_items", [])]
    return set(items[item.index - 1])


def test_every_row_is_in_the_notice_or_a_rule(bundled, fixture_project):
    """A row says only what the month's file or a standing rule says (the verb before a meeting's name aside)."""
    for root, issue in _all_months(bundled, fixture_project):
        source = (root / "data" / "months" / f"{issue.key}.yml").read_text(encoding="utf-8")
        source = re.sub(r"\s+", "", source)
        rule_texts = {r.text for r in bundled.rules.rules}
        for row in derive_checklist(issue):
            if row.kind == "standing":
                assert row.text in rule_texts
                continue
            text = row.text
            if row.kind == "meeting":
                text = re.sub(r"（[^（）]*）$", "", text)
                assert row.location is None or row.location in source
                name = re.sub(r"^(召开|开展|讲)", "", text)
                assert name in source or name in ("组织生活", "组织生活会"), (issue.key, row.text)
                assert not (text.startswith("召开组织生活") and "组织生活" not in source), row.text
                continue
            words = re.sub(r"\s+", "", text).rstrip("。")
            assert words in source, (issue.key, row.text)


def test_event_kinds_and_their_lines(fixture_project):
    march = _month(fixture_project, "2026-03")
    (meeting,) = march.meetings
    assert meeting.kind == "主题党日" and meeting.name == "开展义务植树主题党日"
    row = next(c for c in _rows(fixture_project, "2026-03") if c.kind == "meeting")
    assert row.text == "开展义务植树主题党日（城北生态公园）"
    assert row.due_zh == "2026年3月15日上午8:20" and row.event == "主题党日"
    assert "rule-theme-day" not in {c.id.split("/")[1] for c in _rows(fixture_project, "2026-03")}, \
        "the 主题党日 activity is this month's 主题党日"
    assert not any("组织生活" in c.text for c in _rows(fixture_project, "2026-03")), "the notice never says 组织生活"
    # the booklet prints the activity's time as 活动时间, not 会议时间
    html = month_html(march, fixture_project.organisation)
    text = BeautifulSoup(html, "html.parser").get_text()
    assert "活动时间：2026年3月15日上午8:20" in text and "会议时间" not in text
    assert "活动地点：城北生态公园" in text
    july = _month(fixture_project, "2026-07")
    assert july.meetings[0].kind == "支部党员大会"
    assert _month(fixture_project, "2026-06").meetings[0].kind == "组织生活"


def test_roles_come_from_the_text(fixture_project):
    june = {c.text: c.responsible for c in _rows(fixture_project, "2026-06")}
    assert june["召开支委会，研究专题组织生活会方案。"] == "支委会"
    assert june["党员交纳6月份党费，支部组织委员做好登记。"] == "全体党员"
    july = {c.text: c.responsible for c in _rows(fixture_project, "2026-07")}
    assert july["党小组长组织本组党员开展“七一”学习交流。"] == "党小组长"
    assert july["支委会要在7月10日前研究确定本支部“两优一先”推荐人选"] == "支委会"
    assert july["组织委员负责收集党员学习笔记，汇总后交支部书记"] == "组织委员"
    march = {c.text: c.responsible for c in _rows(fixture_project, "2026-03")}
    assert march["3月12日前，各支部书记将参加人员名单报机关党委。"] == "支部书记"
    for _, issue in [(None, m) for m in fixture_project.months]:
        for c in derive_checklist(issue):
            if re.match(r"^召开(支委会|支部委员会)", c.text):
                assert c.responsible == "支委会", c.text


def test_requirements_of_conduct_are_not_rows(fixture_project, bundled):
    july_rows = [c for c in _rows(fixture_project, "2026-07") if c.kind == "requirement"]
    assert sorted(c.source for c in july_rows) == ["要求第2条", "要求第3条", "要求第4条"]
    conduct = [r.text for r in conduct_requirements(_month(fixture_project, "2026-07"))]
    assert conduct[0].startswith("支部全体党员按时参加，不得请假") and conduct[1].startswith("注意保守秘密")
    for issue in bundled.months:      # 不得请假, 严格执行 …: no row for 支部书记 to tick
        assert not [c for c in derive_checklist(issue) if "不得请假" in c.text]
    # the booklet's checklist page prints them under the table, as requirements
    soup = BeautifulSoup(month_html(_month(fixture_project, "2026-07"), fixture_project.organisation), "html.parser")
    page = soup.select_one("section.checklist-page")
    box = page.select_one(".checklist-requirements")
    assert box is not None and [li.get_text() for li in box.select("li")] == [
        "支部全体党员按时参加，不得请假", "注意保守秘密，不在微信群中传阅涉密文件"]      # each one's first sentence
    assert "不得请假" not in page.select_one("table.checklist").get_text()


def test_covers_empty_keeps_both_rows(fixture_project):
    ids = [c.id.split("/")[1] for c in _rows(fixture_project, "2026-06")]
    assert "rule-general-meeting" in ids and "work-3" in ids
    assert "rule-dues" not in ids and "rule-branch-committee" not in ids


def test_calendar_events_for_meetings_are_the_meetings(fixture_project, bundled):
    for project in (fixture_project, bundled):
        for issue in project.months:
            cal = icalendar.Calendar.from_ical(calendar.month_calendar(issue, project.organisation, STAMP))
            meetings = [c for c in derive_checklist(issue) if c.kind == "meeting"]
            events = {str(e["uid"]).split("@")[0]: e for e in cal.walk("VEVENT")}
            for m in meetings:
                event = events[m.id]
                assert "截止" not in str(event["summary"]), event["summary"]
                assert str(event["summary"]).startswith(m.text)
                if m.start:
                    assert isinstance(event["dtstart"].dt, dt.datetime) and event["dtstart"].dt.time() == m.start
    march = _month(fixture_project, "2026-03")
    cal = icalendar.Calendar.from_ical(calendar.month_calendar(march, fixture_project.organisation, STAMP))
    (tree,) = [e for e in cal.walk("VEVENT") if "植树" in str(e["summary"])]
    assert str(tree["summary"]) == "开展义务植树主题党日（城北生态公园）"
    assert str(tree["location"]) == "城北生态公园"
    assert tree["dtstart"].dt == dt.datetime(2026, 3, 15, 8, 20, tzinfo=calendar.TZ)


def test_check_lists_what_replaces_a_rule_and_warns_on_an_empty_row(fixture_root):
    proc = run_cli(fixture_root, "check")
    assert proc.returncode == 0, proc.stderr
    assert "2026-06：第1项 代替常规工作“党费”" in proc.stdout
    assert "2026-06：第2项 代替常规工作“支部委员会”" in proc.stdout
    assert "2026-03：会议“开展义务植树主题党日” 代替常规工作“主题党日”" in proc.stdout
    assert "第3项 代替" not in proc.stdout.split("2026-06")[-1]      # covers: [] — both kept
    assert "警告：2026-06：工作安排第4项“完成附件1。”只写了附件1" in proc.stderr


def test_a_reference_only_row_is_named_from_its_attachment(project_copy):
    path = project_copy / "data" / "months" / "2019-10.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("          - summary: 讨论确定入党积极分子", "          - summary: 完成附件1\n            text: 完成附件1。\n"
                        "          - summary: 讨论确定入党积极分子", 1)
    path.write_text(text, encoding="utf-8")
    issue = _month(read_project(project_copy, cache=False), "2019-10")
    rows = [c.text for c in derive_checklist(issue) if c.text.startswith("完成附件1")]
    assert rows == [f"完成附件1《{issue.attachments[0].title}》"]


def test_a_month_without_terms_in_its_rules_reads_as_before(project_copy):
    """Backward compatible: rules.yml without ``terms`` and months with ``covers`` still read; names alone match."""
    path = project_copy / "data" / "rules.yml"
    path.write_text(re.sub(r"\n    terms: \[[^\]]*\]", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    october = _month(read_project(project_copy, cache=False), "2019-10")
    assert [r.id for r in october.standing] == ["party-group", "dues"]
