"""The stages import one way and without circles: import-linter's contracts in ``pyproject.toml``.

``lint-imports`` (import-linter, a maintained tool) reads every import of ``generator/``,
function-level ones included, and checks the ``layers`` contract (a stage imports only
itself and the stages below it: docs/architecture.md) and the ``acyclic_siblings``
contract (no two modules of a package import each other, directly or round a circle).
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).with_name("lint-imports")


def run_lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT), "--no-cache"], cwd=root, capture_output=True, text=True, timeout=120)


def test_contracts_kept():
    result = run_lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.parametrize("module, line, broken", [
    # a lower stage importing an upper one: the booklet (render) reaching for the pipeline (build)
    ("generator/render/booklet.py", "from ..builder import pipeline as _up\n", "Stages import one way"),
    # a circle inside a stage: the folder pages importing the pages module that imports them
    ("generator/render/indexes.py", "from . import pages as _circle\n", "No import circles"),
])
def test_a_wrong_import_fails(tmp_path, module, line, broken):
    copy = tmp_path / "project"
    shutil.copytree(ROOT / "generator", copy / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    target = copy / module
    text = target.read_text()
    head, sep, rest = text.partition("\nfrom ")
    target.write_text(head + "\n" + line + sep.lstrip("\n") + rest)
    result = run_lint(copy)
    assert result.returncode != 0
    assert f"{broken}" in result.stdout and "BROKEN" in result.stdout
