"""A short （一）-numbered requirement in a text notice is an item, not a heading (issue 21, point 6).

``tests/fixtures/checklist/jiguan-2026-04.txt`` is a plain-text notice whose 工作要求 lists short
sentences “（一）按时参加。” … “（四）注重实效。” and a task “（五）支部书记于4月28日前报送学习小结。”,
beside real （一） headings with text under them (“（一）学习内容” and the lead-in “（三）加强组织领导。”).
Before, the four short sentences were read as headings with nothing under them: four 导入提示 and
four prose blocks, so only （五） was a requirement and the rules of conduct were lost from the
checklist's 要求. Now: one requirements block of five, the headings stay headings, no remark.
"""

from __future__ import annotations

import pytest
import yaml

from conftest import ROOT, make_empty_project, run_cli
from generator.derive.checklist import derive_checklist
from generator.importer.recognise import outline
from generator.importer.source import Para
from generator.read.readers import read_project

NOTICE = ROOT / "tests" / "fixtures" / "checklist" / "jiguan-2026-04.txt"


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    root = make_empty_project(tmp_path_factory.mktemp("import-req") / "project")
    proc = run_cli(root, "import", str(NOTICE), "--month", "2026-04")
    assert proc.returncode == 0, proc.stderr
    data = yaml.safe_load((root / "data" / "months" / "2026-04.yml").read_text(encoding="utf-8"))
    return root, proc.stdout, data


def _section(data, heading):
    return next(s for s in data["sections"] if s["heading"] == heading)


def test_short_numbered_sentences_are_requirements_not_headings(imported):
    root, report, data = imported
    assert "标题下面没有内容" not in report and "全部内容均已识别" in report, report
    (block,) = _section(data, "工作要求")["blocks"]
    entries = block["requirements"]
    texts = [e if isinstance(e, str) else e["text"] for e in entries]
    assert texts == ["（一）按时参加。", "（二）认真记录。", "（三）严守纪律。", "（四）注重实效。",
                     "（五）支部书记于4月28日前报送学习小结。"]
    assert str(entries[4]["deadline"]) == "2026-04-28"
    assert run_cli(root, "check").returncode == 0


def test_real_headings_keep_their_text(imported):
    _, _, data = imported
    blocks = _section(data, "学习安排")["blocks"]
    assert [b.get("heading") for b in blocks] == ["学习内容", "学习方式", "加强组织领导。"]
    assert blocks[0]["prose"].startswith("组织党员学习《中国共产党纪律处分条例》")
    assert blocks[2]["prose"].startswith("各支部书记要亲自抓")


def test_rules_of_conduct_under_the_checklist_and_the_task_a_row(imported):
    root, _, _ = imported
    issue = read_project(root, cache=False).months[0]
    conduct = [r.text for r in issue.requirements if not r.task]
    assert conduct == ["（一）按时参加。", "（二）认真记录。", "（三）严守纪律。", "（四）注重实效。"]
    rows = [c.text for c in derive_checklist(issue)]
    assert any("4月28日前报送学习小结" in r for r in rows)
    assert not any("按时参加" in r or "注重实效" in r for r in rows)


def _kinds(lines: list[str]) -> list[tuple[str, str]]:
    from generator.importer.recognise import Node

    root = outline([Para(text=t, where=k) for k, t in enumerate(lines, start=1)])
    return [(n.kind, n.text) for n in root.walk() if isinstance(n, Node)]


@pytest.mark.parametrize("lines,want", [
    (["（一）按时参加。", "（二）认真记录。"], [("item", "按时参加。"), ("item", "认真记录。")]),
    (["（一）加强组织领导。", "各支部书记要亲自抓。"], [("heading", "加强组织领导。")]),
    (["（一）学习内容", "（二）学习方式"], [("heading", "学习内容"), ("heading", "学习方式")]),
    (["一、工作要求", "（一）按时参加。", "二、其他"],
     [("heading", "工作要求"), ("item", "按时参加。"), ("heading", "其他")]),
])
def test_outline_tells_an_item_from_a_heading(lines, want):
    assert _kinds(lines) == want
