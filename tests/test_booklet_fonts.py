"""Font problems are said at build time, in Chinese, with where and how to fix: never a silent empty box."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli
from generator.render import fonts

NOTICE = Path("content/2019-10/附件1-后进党支部排查和整顿工作的通知.md")
ORG = Path("data/organisation.yml")
RARE = "𪚥"  # U+2A6A5, CJK Extension B: in none of the open faces the build installs


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_rare_character_really_is_missing_from_the_installed_faces():
    assert fonts.faces_of("Noto Serif CJK SC"), "fonts-noto-cjk is installed by make build"
    assert fonts.uncovered("党支部" + RARE, ["FandolFang", "Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UKai CN"]) == [RARE]


def test_rare_character_missing_bold_and_missing_role_are_build_warnings(project_copy):
    edit(project_copy / NOTICE, "person: 杨明明", f"person: 杨{RARE}明")
    edit(project_copy / ORG, "  title: [", '  title: ["FandolFang", ')
    edit(project_copy / ORG, "  kaiti: [", '  kaiti: ["没有这个楷体", ')
    text = (project_copy / ORG).read_text(encoding="utf-8")
    kaiti = next(line for line in text.splitlines() if line.strip().startswith("kaiti:"))
    edit(project_copy / ORG, kaiti, '  kaiti: ["没有这个楷体"]')

    run = run_cli(project_copy, "build")
    assert run.returncode == 0, run.stderr
    err = run.stderr
    rare = [line for line in err.splitlines() if RARE in line]
    assert rare, err
    # named: the character, its code point, the month and the file and line, and a snippet around it
    line = next(n for n, t in enumerate((project_copy / NOTICE).read_text(encoding="utf-8").splitlines(), 1) if RARE in t)
    assert any("U+2A6A5" in w and "2019年10月小册子" in w and f"附件1-后进党支部排查和整顿工作的通知.md 第{line}行" in w
               and f"杨{RARE}明" in w for w in rare), rare
    assert "警告：" in err
    assert "FandolFang 没有粗体" in err, err
    assert "楷体字体均未安装：没有这个楷体" in err, err
    assert "构建完成" in run.stdout


def test_bundled_content_builds_without_font_warnings(built):
    result, _ = built
    assert not [w for w in result.warnings if "字体" in w or "字符" in w], result.warnings
