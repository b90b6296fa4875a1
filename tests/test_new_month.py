"""Adding a month with one command, and the warnings that keep a copied folder honest."""

from __future__ import annotations

import shutil

import yaml

from conftest import run_cli
from generator.read.readers import PLACEHOLDER


def test_new_month_from_the_template_cannot_be_published_until_filled_in(project_copy):
    run = run_cli(project_copy, "new", "2019-11")
    assert run.returncode == 0, run.stderr
    path = project_copy / "data/months/2019-11.yml"
    assert (project_copy / "content/2019-11").is_dir()
    check = run_cli(project_copy, "check")
    assert check.returncode == 1
    lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if PLACEHOLDER in line
             and not line.lstrip().startswith("#")]
    for n in lines:
        assert f"data/months/2019-11.yml:{n}:" in check.stderr, check.stderr
    assert "会议须写 date" in check.stderr
    # filled in, it passes and builds the default 一/二/三 shape
    text = path.read_text(encoding="utf-8").replace(f"place: {PLACEHOLDER}", "date: 2019-11-28\n          place: 各支部自行安排")
    text = text.replace(PLACEHOLDER, "学习党的十九届四中全会精神")
    path.write_text(text, encoding="utf-8")
    check = run_cli(project_copy, "check")
    assert check.returncode == 0, check.stderr
    data = yaml.safe_load(text)
    assert [s["heading"] for s in data["sections"]] == ["组织生活时间及地点", "组织生活内容", "组织生活要求"]


def test_new_month_from_the_latest_keeps_its_shape_and_points_at_old_dates(project_copy):
    run = run_cli(project_copy, "new", "2019-11", "--from", "latest")
    assert run.returncode == 0, run.stderr
    data = yaml.safe_load((project_copy / "data/months/2019-11.yml").read_text(encoding="utf-8"))
    old = yaml.safe_load((project_copy / "data/months/2019-10.yml").read_text(encoding="utf-8"))
    assert data["month"] == "2019-11" and data["ordinal"] == 7 and "attachments" not in data
    assert data["sections"] == old["sections"]
    check = run_cli(project_copy, "check")
    assert check.returncode == 1 and "早于本月（2019-11）" in check.stderr


def test_an_existing_month_is_never_overwritten_without_force(project_copy):
    before = (project_copy / "data/months/2019-10.yml").read_bytes()
    run = run_cli(project_copy, "new", "2019-10")
    assert run.returncode == 1 and "已经存在" in run.stderr
    assert (project_copy / "data/months/2019-10.yml").read_bytes() == before
    assert run_cli(project_copy, "new", "2019-13").returncode == 1


def test_check_warns_about_files_nothing_references(project_copy):
    folder = project_copy / "content/2019-10"
    shutil.copy(folder / "附件1-后进党支部排查和整顿工作的通知.md", folder / "附件2-复制来的通知.md")
    (project_copy / "content/2019-09").mkdir()
    run = run_cli(project_copy, "check")
    assert run.returncode == 0, run.stderr
    assert "content/2019-10/附件2-复制来的通知.md：本月的数据文件没有引用它" in run.stderr
    assert "content/2019-09/：没有对应的月份文件" in run.stderr
    assert "附件1-后进党支部" not in run.stderr
