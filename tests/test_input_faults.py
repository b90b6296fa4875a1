"""Faults of the third round on the input side (issue 20): what writes into the project, text behind
character references, the importer's bounds, the clerk's slips, and the documented commands.

Each case failed before its fix (``docs/safety.md``, "第三轮故障：输入、导入与提示"). What a user
sees is tested: the exit status, one Chinese message naming the file, line or variable and the fix,
no English line (no traceback, no class name, no "make: ***"), and nothing written where it must not be.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import bad_docx
from conftest import ROOT, make_empty_project, run_cli

SEED = next(Path(p) for p in (ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds"))
            if Path(p).is_dir()) / "003_28a1b195372b7c91.txt"
MONTH = Path("data/months/2019-10.yml")
ENGLISH = re.compile(r"Traceback|Error\b|[A-Z][a-z]+Error|make: \*\*\*|\b(?:the|not|is|and)\b")


def english(text: str) -> list[str]:
    """Lines of ``text`` with English in them (a traceback, an exception name, make's own lines)."""
    return [line for line in text.splitlines() if ENGLISH.search(line)]


@pytest.fixture
def empty(tmp_path):
    """A project with organisation and rules but no months or content (where an import writes)."""
    return make_empty_project(tmp_path / "p")


def _import(root: Path, path: Path, *args: str) -> subprocess.CompletedProcess:
    proc = run_cli(root, "import", str(path), *args)
    assert not english(proc.stdout + proc.stderr), proc.stdout + proc.stderr
    return proc


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


# -- 3. every path that writes into the project refuses links that lead out ------------------------------------

def test_import_does_not_write_through_a_month_folder_linked_outside(empty, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (empty / "content" / "2019-10").symlink_to(outside)
    proc = _import(empty, SEED)
    assert proc.returncode == 1
    assert "content/2019-10" in proc.stderr and "符号链接" in proc.stderr
    assert _files(outside) == [] and _files(empty / "data" / "months") == []


def test_new_does_not_write_through_a_month_folder_linked_outside(project_copy, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (project_copy / "content" / "2019-11").symlink_to(outside)
    proc = run_cli(project_copy, "new", "2019-11")
    assert proc.returncode == 1 and "符号链接" in proc.stderr and not english(proc.stderr)
    assert not (project_copy / "data" / "months" / "2019-11.yml").exists() and _files(outside) == []


def test_new_from_latest_does_not_copy_a_month_file_linked_outside(project_copy, tmp_path_factory):
    secret = tmp_path_factory.mktemp("outside") / "secret.yml"
    secret.write_text("month: 2019-12\ntitle: 项目以外的文件\n", encoding="utf-8")
    (project_copy / "data" / "months" / "2019-12.yml").symlink_to(secret)
    proc = run_cli(project_copy, "new", "2020-01", "--from", "latest")
    assert proc.returncode == 1 and "data/months/2019-12.yml" in proc.stderr and "符号链接" in proc.stderr
    assert not (project_copy / "data" / "months" / "2020-01.yml").exists()


def test_schema_does_not_write_through_a_folder_linked_outside(project_copy, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (project_copy / "schema").symlink_to(outside)
    proc = run_cli(project_copy, "schema")
    assert proc.returncode == 1 and "符号链接" in proc.stderr and not english(proc.stderr)
    assert _files(outside) == []


# -- 4. text is checked after character references are decoded ------------------------------------------------

@pytest.mark.parametrize("reference,code", [("&#x202E;", "U+202E"), ("&rlm;", "U+200F"), ("&#1;", "U+0001")])
def test_character_reference_to_an_invisible_character_is_refused(project_copy, reference, code):
    path = project_copy / MONTH
    text = path.read_text(encoding="utf-8")
    line = next(n for n, s in enumerate(text.split("\n"), start=1) if s.startswith("title:"))
    path.write_text(text.replace("\ntitle: ", f"\ntitle: 附件{reference}", 1), encoding="utf-8")
    proc = run_cli(project_copy, "check")
    assert proc.returncode == 1, proc.stdout
    assert f"{MONTH.as_posix()}:{line}:" in proc.stderr and code in proc.stderr and reference in proc.stderr
    assert not english(proc.stderr)


def test_character_reference_in_a_body_is_refused_at_its_line(project_copy):
    body = next((project_copy / "content" / "2019-10").glob("附件1-*.md"))
    lines = body.read_text(encoding="utf-8").rstrip("\n").split("\n")
    body.write_text("\n".join(lines + ["", "第一段&#12;第二段"]) + "\n", encoding="utf-8")
    proc = run_cli(project_copy, "check")
    assert proc.returncode == 1
    assert f"附件1-" in proc.stderr and f".md:{len(lines) + 2}:" in proc.stderr and "U+000C" in proc.stderr


def test_a_reference_shown_as_code_is_not_refused(project_copy):
    body = next((project_copy / "content" / "2019-10").glob("附件1-*.md"))
    body.write_text(body.read_text(encoding="utf-8") + "\n在代码中写 `&#x202E;` 只是文字。\n", encoding="utf-8")
    proc = run_cli(project_copy, "check")
    assert proc.returncode == 0, proc.stderr


# -- 6. the importer is bounded ---------------------------------------------------------------------------------

def _docx(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_numbering_that_starts_at_two_billion_is_counted_from_one(empty, tmp_path):
    proc = _import(empty, _docx(tmp_path, "罗马.docx", bad_docx.roman_start()), "--month", "2019-11")
    assert proc.returncode == 0, proc.stderr
    assert "2000000000" in proc.stdout and "从 1 开始" in proc.stdout


@pytest.mark.parametrize("build,words", [
    (lambda: bad_docx.paragraph_bomb(1_500_000), ["段落超过"]),
    (lambda: bad_docx.image_bomb(48), ["解压后过大", "word/media/image1.png"]),
    (lambda: bad_docx.many_parts(5000), ["5004 个部件"]),
])
def test_a_docx_that_inflates_beyond_the_bounds_is_refused(empty, tmp_path, build, words):
    proc = _import(empty, _docx(tmp_path, "炸弹.docx", build()), "--month", "2019-11")
    assert proc.returncode == 1
    assert all(w in proc.stderr for w in words), proc.stderr
    assert _files(empty / "data" / "months") == [] and _files(empty / "content") == []


def test_a_table_cell_with_a_span_that_is_not_a_number_is_imported_with_a_remark(empty, tmp_path):
    proc = _import(empty, _docx(tmp_path, "表格.docx", bad_docx.grid_span("abc")), "--month", "2019-11")
    assert proc.returncode == 0, proc.stderr
    assert "gridSpan" in proc.stdout and "abc" in proc.stdout


def test_a_macro_document_is_read_for_its_text_and_its_macros_named(empty, tmp_path):
    proc = _import(empty, _docx(tmp_path, "通知.docm", bad_docx.macro_document()), "--month", "2019-11")
    assert proc.returncode == 0, proc.stderr
    assert "宏" in proc.stdout and "没有运行" in proc.stdout
    assert "请认真落实" in (empty / "data" / "months" / "2019-11.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("data,kind", [
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF"),
    (b"MZ\x90\x00\x03" + b"\xff" * 60, "程序"),
    (bytes.fromhex("89504e470d0a1a0a0000000d49484452"), "PNG"),
])
def test_a_binary_file_named_txt_is_refused_by_its_content(empty, tmp_path, data, kind):
    proc = _import(empty, _docx(tmp_path, "通知.txt", data), "--month", "2019-11")
    assert proc.returncode == 1 and kind in proc.stderr and "扩展名" in proc.stderr
    assert _files(empty / "data" / "months") == []


def test_a_gbk_text_with_one_utf8_line_reads_that_line_and_says_so(empty, tmp_path):
    lines = SEED.read_text(encoding="utf-8").split("\n")
    n = max(k for k, line in enumerate(lines) if "组织部" in line)
    data = b"\n".join(line.encode("utf-8") if k == n else line.encode("gb18030") for k, line in enumerate(lines))
    proc = _import(empty, _docx(tmp_path, "混合.txt", data))
    assert proc.returncode == 0, proc.stderr
    assert f"第 {n + 1} 行" in proc.stdout and "UTF-8" in proc.stdout
    drafts = "".join(p.read_text(encoding="utf-8") for p in (empty).rglob("*") if p.suffix in (".yml", ".md")
                     and "months" in p.parts or "content" in p.parts and p.is_file())
    assert lines[n].strip() in drafts and "缁" not in drafts   # not mojibake


def test_a_utf8_text_with_three_control_characters_is_not_called_an_unknown_encoding(empty, tmp_path):
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("一、", "一、\x02", 1).replace("二、", "二、\x03", 1).replace("三、", "三、\x01", 1)
    proc = _import(empty, _docx(tmp_path, "控制.txt", text.encode("utf-8")))
    assert proc.returncode == 0, proc.stderr
    assert "控制字符" in proc.stdout and "U+0002" in proc.stdout and "编码" not in proc.stdout
    assert "\x02" not in (empty / "data" / "months" / "2019-10.yml").read_text(encoding="utf-8")


def test_a_text_larger_than_check_allows_is_refused_before_reading(empty, tmp_path):
    big = _docx(tmp_path, "大.txt", SEED.read_bytes() * 500)
    proc = _import(empty, big)
    assert proc.returncode == 1 and "太大" in proc.stderr and "make check" in proc.stderr
    assert _files(empty / "data" / "months") == []


# -- 7. every slip a clerk makes gets its cause -----------------------------------------------------------------

def _month_with(project: Path, old: str, new: str, count: int = 1) -> int:
    """Replaces ``old`` by ``new`` in the bundled month; returns the (1-based) line of the change."""
    path = project / MONTH
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


@pytest.mark.parametrize("written", ["2019.10.31", "2019/10/31", "2019年10月31日"])   # 20191031: SLIPS
def test_a_date_written_the_way_clerks_write_it_gets_the_exact_fix(project_copy, written):
    line = _month_with(project_copy, "date: 2019-10-31", f"date: {written}")
    proc = run_cli(project_copy, "check")
    assert proc.returncode == 1
    assert f"{MONTH.as_posix()}:{line}:" in proc.stderr and "写成 2019-10-31" in proc.stderr
    assert "检查中断" not in proc.stderr and not english(proc.stderr)


SLIPS = [
    # (what, old, new, words the message must hold)
    ("indentation with full-width spaces", "\n          place:", "\n\u3000\u3000\u3000\u3000\u3000place:", ["全角空格"]),
    ("'-summary:' without a space", "- summary: 组织学习", "-summary: 组织学习", ["少了一个空格"]),
    ("'注意: ' inside a requirement", "\n          - 严格执行", "\n          - 注意: 严格执行", ["英文冒号", "注意："]),
    ("a date written 20191031", "date: 2019-10-31", "date: 20191031", ["写成 2019-10-31"]),
    ("deadline written as words", "responsible: 支委会", "deadline: 10月中旬", ["period: 10月中旬"]),
    ("theme starting with #", "theme: >-\n", "theme: #学习主题\n        x-note: >-\n", ["#", "引号"]),
    ("ordinal written 第七次", "ordinal: 6", "ordinal: 第七次", ["ordinal: 7"]),
    ("place at the block's indentation", "\n          place:", "\n        place:", ["meeting", "缩进"]),
    ("a text starting with a quote", "\n          - 严格执行", '\n          - "严格执行"', ["引号开头"]),
]


@pytest.mark.parametrize("what,old,new,words", SLIPS, ids=[s[0] for s in SLIPS])
def test_a_yaml_slip_gets_its_real_cause(project_copy, what, old, new, words):
    _month_with(project_copy, old, new)
    proc = run_cli(project_copy, "check")
    assert proc.returncode == 1
    assert all(w in proc.stderr for w in words), proc.stderr
    assert "检查中断" not in proc.stderr and not english(proc.stderr)


def test_a_new_months_placeholders_are_all_listed_with_the_meeting_error(project_copy):
    run_cli(project_copy, "new", "2019-11")
    proc = run_cli(project_copy, "check")
    text = (project_copy / "data" / "months" / "2019-11.yml").read_text(encoding="utf-8").split("\n")
    place = next(n for n, line in enumerate(text, start=1) if line.strip().startswith("place:"))
    assert proc.returncode == 1 and "会议须写 date" in proc.stderr
    assert f"2019-11.yml:{place}:" in proc.stderr and "【待填写】" in proc.stderr


def test_a_title_with_url_characters_gives_file_names_that_link(project_copy):
    from generator.read.readers import read_project

    _month_with(project_copy, "\ntitle: ", "\ntitle: 甲&乙'丙#丁?戊%")
    name = next(m for m in read_project(project_copy).months if m.key == "2019-10").booklet_name
    assert not set("#%&'?") & set(name) and "甲－乙－丙－丁－戊－" in name


def test_verbose_works_after_the_command(project_copy):
    proc = run_cli(project_copy, "check", "-v")
    assert proc.returncode == 0 and "检查通过" in proc.stdout, proc.stderr


@pytest.mark.parametrize("month", ["0000-01", "9999-12", "1920-12"])
def test_new_refuses_the_months_check_refuses(project_copy, month):
    proc = run_cli(project_copy, "new", month)
    assert proc.returncode == 1 and "年份" in proc.stderr and not english(proc.stderr)
    assert not (project_copy / "data" / "months" / f"{month}.yml").exists()
    assert not (project_copy / "content" / month).exists()


def test_import_refuses_the_months_check_refuses(empty):
    proc = _import(empty, SEED, "--month", "0000-01")
    assert proc.returncode == 1 and "年份" in proc.stderr


@pytest.mark.parametrize("content,words", [
    (b"month: 2019-12\n\ttitle: x\n", ["第 2 行"]),
    ("month: 2019-12\ntitle: 党支部\n".encode("gb18030"), ["UTF-8"]),
    (b"- a\n- b\n", ["键: 值"]),
])
def test_new_from_latest_that_cannot_be_copied_says_why(project_copy, content, words):
    (project_copy / "data" / "months" / "2019-12.yml").write_bytes(content)
    proc = run_cli(project_copy, "new", "2020-01", "--from", "latest")
    assert proc.returncode == 1 and "data/months/2019-12.yml" in proc.stderr
    assert all(w in proc.stderr for w in words) and not english(proc.stderr)
    assert not (project_copy / "data" / "months" / "2020-01.yml").exists()


def test_new_when_the_month_folder_is_a_file_leaves_nothing_behind(project_copy):
    (project_copy / "content" / "2019-11").write_text("x", encoding="utf-8")
    proc = run_cli(project_copy, "new", "2019-11")
    assert proc.returncode == 1 and "content/2019-11" in proc.stderr and not english(proc.stderr)
    assert not (project_copy / "data" / "months" / "2019-11.yml").exists()


def test_import_and_new_name_the_folder_they_cannot_write(project_copy, empty):
    shutil.rmtree(empty / "data" / "months")
    (empty / "data" / "months").write_text("not a folder", encoding="utf-8")
    proc = _import(empty, SEED)
    assert proc.returncode == 1 and "data/months" in proc.stderr and "未写入任何文件" in proc.stderr
    assert not list((empty / "content").iterdir())
    shutil.rmtree(project_copy / "data" / "months")
    (project_copy / "data" / "months").write_text("not a folder", encoding="utf-8")
    proc = run_cli(project_copy, "new", "2019-11")
    assert proc.returncode == 1 and "data/months" in proc.stderr and not english(proc.stderr)


# -- 7, 8. make's own lines, and the commands as documented -----------------------------------------------------

def _fresh_shell(command: str, cwd: Path) -> subprocess.CompletedProcess:
    """``command`` in a login-less shell with only the system's PATH (no venv activated)."""
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": os.environ.get("HOME", "/root"), "LANG": "C.UTF-8"}
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def test_make_passes_verbose_and_adds_no_english_line():
    proc = _fresh_shell("make -s check V=1", ROOT)
    assert proc.returncode == 0 and "检查通过" in proc.stdout, proc.stderr
    for command in ("make new MONTH=0000-01", "make import", "make import FILE=/nonexistent/通知.docx"):
        proc = _fresh_shell(command, ROOT)
        assert proc.returncode != 0, command
        assert proc.stderr.strip() and not english(proc.stdout + proc.stderr), (command, proc.stderr)
    assert not (ROOT / "data" / "months" / "0000-01.yml").exists()


@pytest.fixture
def runnable_copy(tmp_path):
    """A copy of the whole project (code, bin/, Makefile, the venv by link) without months or content,
    so that the documented commands can write into it as into the real one."""
    target = tmp_path / "copy"
    make_empty_project(target)
    for part in ("generator", "bin", "Makefile", "requirements.txt", "pyproject.toml"):
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, target / part, **({"symlinks": True} if src.is_dir() else {}))
    (target / ".venv").symlink_to((ROOT / ".venv").resolve())
    if (ROOT / ".stamps").is_dir():
        shutil.copytree(ROOT / ".stamps", target / ".stamps")
    return target


DOCUMENTED = [
    # (the command as the README or the guide shows it, with the file names replaced, where it is shown), in an
    # order in which each succeeds: after `new` the month holds 【待填写】, which check refuses
    ("bin/generator import 通知.txt --month 2017-05", "docs/content-guide.md"),
    ("bin/generator check -v", "README.md"),
    ("make check", "README.md"),
    ("make import FILE=文件.docx MONTH=2019-12", "README.md"),
    ("bin/generator new 2019-11", "docs/content-guide.md"),
]


def test_each_documented_command_runs_as_written_in_a_fresh_shell(runnable_copy, tmp_path):
    shutil.copy(SEED, runnable_copy / "通知.txt")
    (runnable_copy / "文件.docx").write_bytes(bad_docx.ordinary())
    for command, doc in DOCUMENTED:
        shown = command.replace(" FILE=文件.docx MONTH=2019-12", " FILE=文件.docx")
        assert shown.split(" --month")[0] in (ROOT / doc).read_text(encoding="utf-8"), (command, doc)
        proc = _fresh_shell(command, runnable_copy)
        assert proc.returncode == 0, (command, proc.stdout, proc.stderr)
        assert not english(proc.stdout + proc.stderr), (command, proc.stdout + proc.stderr)
    months = runnable_copy / "data" / "months"
    assert {"2017-05.yml", "2019-11.yml", "2019-12.yml"} <= {p.name for p in months.iterdir()}
    # what the import report says to run next runs too
    report = _fresh_shell("bin/generator import 通知.txt --month 2018-05", runnable_copy).stdout
    following = re.search(r"运行 (make check|bin/generator check)", report)
    assert following, report
    proc = _fresh_shell(following[1], runnable_copy)   # refuses the new month's 【待填写】: the program's own words
    assert "【待填写】" in proc.stderr and not english(proc.stdout + proc.stderr), proc.stderr
