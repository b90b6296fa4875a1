"""Markdown documents for the console: the shared documents (``content/documents/*.md``) and a month's
attachments (``content/YYYY-MM/*.md``), each YAML front matter (``schema/document.schema.json``, read by
:meth:`generator.read.readers.Reader.document`) and a Markdown body.

A document is named by its folder (``documents`` or a month key) and its file name, and only a file that
exists in that folder is ever opened: :func:`resolve` refuses path separators, ``..``, hidden names and any
name not listed in the folder. Saving merges the form's front matter into the file as ruamel.yaml read it
(:func:`generator.console.content.merge`: comments, key order and quoting kept) and replaces the body; a save
that changes nothing writes the same bytes.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from . import content

FOLDER = re.compile(r"^(documents|\d{4}-(0[1-9]|1[0-2]))$")
"""A document folder: ``documents`` (shared documents) or a month key (that month's attachments)."""


def folders(root: Path) -> list[str]:
    """``documents`` first, then every month folder under ``content/`` that holds a ``.md`` file, newest first."""
    base = root / "content"
    months = sorted((p.name for p in base.iterdir() if p.is_dir() and FOLDER.match(p.name) and p.name != "documents"
                     and any(p.glob("*.md"))), reverse=True) if base.is_dir() else []
    return ["documents", *months]


def names(root: Path, folder: str) -> list[str]:
    """The ``.md`` file names in ``content/<folder>/`` (regular files, not hidden), sorted."""
    if not FOLDER.match(folder or ""):
        return []
    base = root / "content" / folder
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir()
                  if p.name.endswith(".md") and not p.name.startswith(".") and p.is_file() and not p.is_symlink())


def resolve(root: Path, folder: str, name: str) -> Path:
    """``root/content/<folder>/<name>`` for an existing document.

    Raises:
        LookupError: ``folder`` is not ``documents`` or a month key, ``name`` holds a path separator, ``..``
            or a leading dot, or is not a file listed in the folder.
    """
    if not FOLDER.match(folder or "") or not name or "/" in name or "\\" in name or "\0" in name \
            or name.startswith(".") or ".." in name or name not in names(root, folder):
        raise LookupError(name)
    path = root / "content" / folder / name
    if not path.resolve().is_relative_to((root / "content").resolve()):
        raise LookupError(name)
    return path


def rel(folder: str, name: str) -> str:
    """The document's path from the project root, as git and the check name it."""
    return f"content/{folder}/{name}"


@dataclass
class Parts:
    """A document's text split: ``head`` (the front matter's YAML text), ``body`` (Markdown), and the
    number of lines before the body (``body_offset``: the front matter plus its two ``---`` lines)."""

    head: str
    body: str
    body_offset: int


def split(text: str) -> Parts:
    """Splits at the ``---`` lines as :func:`generator.read.yamlio.read_front_matter` does.

    Raises:
        ValueError: no front matter (the check reports it; the form cannot be shown).
    """
    lines = text.split("\n")
    if not lines or lines[0].strip().lstrip("\ufeff") != "---":
        raise ValueError("no front matter")
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            return Parts("\n".join(lines[1:end]), "\n".join(lines[end + 1:]), end + 1)
    raise ValueError("front matter not closed")


@dataclass
class Loaded:
    """A document as the form gets it: ``data`` (the front matter as JSON), ``body``, ``text``, ``digest``."""

    data: dict
    body: str
    text: str
    digest: str


def load(path: Path) -> Loaded:
    """Reads the document. Raises OSError, ValueError (no front matter), ruamel's YAMLError."""
    text = path.read_text(encoding="utf-8")
    parts = split(text)
    data = content._yaml().load(parts.head) or CommentedMap()
    return Loaded(content.to_json(data), parts.body, text, content.digest(text))


def render(path: Path, data: dict, body: str, base_digest: str) -> str:
    """The text a save would write: the front matter merged from ``data``, the body replaced by ``body``.

    An unchanged front matter keeps its text as it was (byte for byte); a body that differs from the old
    one only by trailing newlines (the editor's own) keeps the old body.

    Raises:
        content.Conflict: the file's digest is no longer ``base_digest``.
    """
    current = path.read_text(encoding="utf-8")
    lines = current.split("\n")
    parts = split(current)
    y = content._yaml()
    doc = y.load(parts.head) or CommentedMap()
    if content.to_json(doc) == data:
        head = parts.head
    else:
        out = io.StringIO()
        y.dump(content.merge(doc, data), out)
        head = out.getvalue().rstrip("\n")
    body = body.replace("\r\n", "\n")
    if body.rstrip("\n") == parts.body.rstrip("\n"):
        body = parts.body
    elif parts.body.endswith("\n") and not body.endswith("\n"):
        body += "\n"
    text = "\n".join([lines[0], *([head] if head else []), lines[parts.body_offset - 1]]) + "\n" + body
    if content.digest(current) != base_digest:
        raise content.Conflict(current, text)
    return text


def errors_for(root: Path, folder: str, name: str, errors, text: str) -> list[dict]:
    """The check's errors as the form shows them (file, line, message, fix, ``path``): an error in this
    document's front matter at its field (``root.…``), one in its body at the Markdown editor (``body``)."""
    listed = content.errors_for(root, "", errors, text)
    mine = rel(folder, name)
    try:
        parts = split(text)
    except ValueError:
        parts = None
    paths = content._line_paths(parts.head) if parts else []
    for e in listed:
        if e["file"] != mine:
            continue
        if parts is None or e["line"] is None:
            e["path"] = "root"
        elif e["line"] > parts.body_offset:
            e["path"] = "body"
        else:
            e["path"] = content.field_at(paths, e["line"] - 1)
    return listed


def remarks_for(text: str) -> list[dict]:
    """The importer's 导入提示 comments in the document's front matter, each with the field it stands beside
    and its line in the file (:func:`generator.console.content.remarks_for` on the front matter)."""
    try:
        parts = split(text)
    except ValueError:
        return []
    return [dict(r, line=r["line"] + 1) for r in content.remarks_for(parts.head)]
