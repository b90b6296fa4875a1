"""Everything the command line prints is Chinese, click's own usage lines and errors included."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import ROOT

ENGLISH = re.compile(r"\b(Usage|Error|Options|Commands|Show this message|No such|Missing|Invalid value|Try '|"
                     r"Got unexpected|does not exist|Did you mean|OPTIONS|ARGS|TEXT|INTEGER|FLOAT)\b")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)


@pytest.mark.parametrize("args", [
    ["buidl"],                          # a mistyped command
    ["build", "--foo"],                 # an option that does not exist
    ["import"],                         # a missing argument
    ["build", "-j", "0"],               # a value out of range
    ["new", "--from", "x", "2025-01"],  # not one of the choices
    ["--root", "/etc/passwd", "check"], # a file where a folder is wanted
    ["build", "a", "b"],                # extra arguments
])
def test_usage_errors_are_chinese(args):
    done = run(*args)
    assert done.returncode == 2
    assert "错误：" in done.stderr and "用法：" in done.stderr, done.stderr
    assert not ENGLISH.search(done.stderr), done.stderr


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["serve"], ["new"], ["import"], ["schema"]])
def test_help_is_chinese(command):
    done = run(*command, "--help")
    assert done.returncode == 0
    assert done.stdout.startswith("用法：") and "显示本帮助并退出。" in done.stdout, done.stdout
    assert not ENGLISH.search(done.stdout), done.stdout
