"""Bad input: every mistake is named in Chinese with file, line and fix; the last good site stays as it was."""

from __future__ import annotations

import hashlib
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
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
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
