"""Every save a commit in the project's git repository, with the user as author (the ``git`` command).

Only the month's own files are staged (``data/months/<m>.yml`` and ``content/<m>/``), so other work
in the tree is never committed by the console.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


class GitError(Exception):
    """git failed; ``str(exc)`` is Chinese."""


def _git(root: Path, *args: str, env: dict | None = None, check: bool = True) -> str:
    run = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                         env={**os.environ, "LC_ALL": "C", **(env or {})})
    if check and run.returncode:
        raise GitError(f"版本记录（git）出错：{run.stderr.strip()[:300]}")
    return run.stdout


def ensure_repo(root: Path) -> None:
    """Makes ``root`` a git repository if it is not one."""
    if _git(root, "rev-parse", "--is-inside-work-tree", check=False).strip() != "true":
        _git(root, "init", "-q")


def month_paths(month: str) -> list[str]:
    return [f"data/months/{month}.yml", f"content/{month}"]


def commit(root: Path, month: str, name: str, message: str, files: list[str] | None = None) -> str:
    """Commits the month's files (or ``files``) with ``name`` as author; returns the commit id (the last
    one when unchanged)."""
    ensure_repo(root)
    every = files or month_paths(month)
    paths = [p for p in every if (root / p).exists()]
    _git(root, "add", "-A", "--", *paths)
    email = f"{name}@console.invalid"
    env = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email,
           "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email}
    staged = [p for p in _git(root, "diff", "--cached", "--name-only", "-z", "--", *every).split("\0") if p]
    if staged:   # -z: names as they are (without it git quotes a Chinese file name, and the commit misses it)
        _git(root, "commit", "-q", "-m", message, "--", *staged, env=env)
    return _git(root, "log", "-1", "--format=%H", "--", *every, check=False).strip()


def last(root: Path, month: str) -> str | None:
    out = _git(root, "log", "-1", "--format=%H", "--", *month_paths(month), check=False).strip()
    return out or None


def last_of(root: Path, path: str | list[str], upto: str = "HEAD") -> str | None:
    """The last commit up to ``upto`` that touched ``path`` (from the root; or any of a list), or None."""
    paths = [path] if isinstance(path, str) else path
    out = _git(root, "log", "-1", "--format=%H", upto, "--", *paths, check=False).strip()
    return out or None


def head(root: Path) -> str | None:
    """The commit checked out (HEAD), or None in a repository without commits."""
    return _git(root, "rev-parse", "--verify", "-q", "HEAD", check=False).strip() or None


def log(root: Path, month: str, path: str | None = None) -> list[dict]:
    """The commits that touched the month (or the file ``path``, from the root), newest first:
    ``{id, author, when, message}``."""
    out = _git(root, "log", "--format=%H%x1f%an%x1f%ad%x1f%s", "--date=format-local:%Y-%m-%d %H:%M:%S",
               "--", path or f"data/months/{month}.yml", check=False)   # times in the console's zone (TIME_ZONE)
    rows = []
    for line in out.splitlines():
        sha, author, when, subject = line.split("\x1f", 3)
        rows.append({"id": sha, "author": author, "when": when, "message": subject})
    return rows


def show(root: Path, sha: str, path: str) -> str | None:
    """The text of ``path`` at commit ``sha``, or None."""
    run = subprocess.run(["git", "-C", str(root), "show", f"{sha}:{path}"], capture_output=True)
    return run.stdout.decode("utf-8") if run.returncode == 0 else None


def export(root: Path, sha: str, paths: list[str], target: Path) -> None:
    """Writes ``paths`` as they were at ``sha`` under ``target`` (``git archive``, unpacked with tarfile's
    ``data`` filter: nothing outside ``target``)."""
    import io
    import tarfile

    listed = [p for p in _git(root, "ls-tree", "-z", "--name-only", sha, "--", *paths).split("\0") if p]
    if not listed:
        return
    run = subprocess.run(["git", "-C", str(root), "archive", "--format=tar", sha, "--", *listed],
                         capture_output=True)
    if run.returncode:
        raise GitError(f"版本记录（git）出错：{run.stderr.decode('utf-8', 'replace').strip()[:300]}")
    with tarfile.open(fileobj=io.BytesIO(run.stdout)) as archive:
        archive.extractall(target, filter="data")
