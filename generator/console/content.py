"""Month files for the console: load as JSON for the form, save back as round-trip YAML, check, import.

Saving merges the form's value into the file as ruamel.yaml read it, so the author's (and the
importer's) comments, key order and quoting stay; only values that changed are replaced. A save is
refused (:class:`Conflict`) when the file changed since the form loaded it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString, ScalarString

from ..read.errors import ContentError, ContentErrors
from ..read.readers import read_project

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
"""A month key, the only form a month parameter may take (nothing else reaches the file system)."""

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

MAX_UPLOAD = 20 * 1024 * 1024
"""The largest upload accepted, in bytes."""


class Conflict(Exception):
    """The file changed since it was loaded. Attributes: ``theirs`` (the file's text now), ``mine`` (this save)."""

    def __init__(self, theirs: str, mine: str):
        super().__init__("文件已被他人修改")
        self.theirs, self.mine = theirs, mine


def month_path(root: Path, month: str) -> Path:
    """``root/data/months/<month>.yml``. Raises ValueError for anything but ``YYYY-MM``."""
    if not MONTH.match(month or ""):
        raise ValueError(month)
    return root / "data" / "months" / f"{month}.yml"


def months(root: Path) -> list[str]:
    """Every month key with a data file, newest first."""
    return sorted((p.stem for p in (root / "data" / "months").glob("*.yml") if MONTH.match(p.stem)), reverse=True)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def to_json(value):
    """A round-trip YAML value as plain JSON values (dates as ISO text)."""
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, ScalarString):
        return str(value)
    return value


def _empty(value) -> bool:
    """A value the form leaves for a field nobody filled in (the file never gets it: nothing invented)."""
    return value is None or value == "" or value == [] or value == {}


def _new(value):
    if isinstance(value, dict):
        m = CommentedMap()
        for k, v in value.items():
            if not _empty(v):
                m[k] = _new(v)
        return m
    if isinstance(value, list):
        s = CommentedSeq()
        s.extend(_new(v) for v in value)
        if value and all(isinstance(v, (str, int)) and len(str(v)) < 30 for v in value):
            s.fa.set_flow_style()        # covers: [branch-committee], as a hand author writes a short list
        return s
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    if isinstance(value, str) and DATE.match(value):
        try:   # written plain, 2019-11-20, as a hand author writes it (a str would be quoted)
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def merge(old, new):
    """``new`` (plain JSON) written into ``old`` (round-trip YAML), keeping whatever did not change."""
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        for k in [k for k in old if k not in new]:
            del old[k]
        for k, v in new.items():
            if k in old and v == "" and old[k] not in ("", None):
                del old[k]           # a field emptied in the form is taken out, not written empty
            elif k in old:
                merged = merge(old[k], v)
                if merged is not old[k]:
                    old[k] = merged
            elif not _empty(v):
                old[k] = _new(v)
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        while len(old) > len(new):
            del old[len(old) - 1]
        for i, v in enumerate(new):
            if i < len(old):
                merged = merge(old[i], v)
                if merged is not old[i]:
                    old[i] = merged
            else:
                old.append(_new(v))
        return old
    if to_json(old) == new and type(to_json(old)) is type(new):
        return old
    if isinstance(old, ScalarString) and isinstance(new, str):
        return LiteralScalarString(new) if "\n" in new else type(old)(new)
    return _new(new)


@dataclass
class Loaded:
    """A month file as the form gets it: ``data`` (JSON), ``text`` and its ``digest``."""

    data: dict
    text: str
    digest: str


def load(root: Path, month: str, path: Path | None = None) -> Loaded:
    """Reads ``data/months/<month>.yml`` (or ``path``). Raises FileNotFoundError, ValueError."""
    text = (path or month_path(root, month)).read_text(encoding="utf-8")
    data = _yaml().load(text) or CommentedMap()
    return Loaded(to_json(data), text, digest(text))


def render(root: Path, month: str, data: dict, base_digest: str, path: Path | None = None) -> tuple[str, str]:
    """The YAML text a save would write, and the file's text now.

    Raises:
        Conflict: the file's digest is no longer ``base_digest``.
    """
    path = path or month_path(root, month)
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    y = _yaml()
    doc = y.load(current) if current else CommentedMap()
    doc = merge(doc if doc is not None else CommentedMap(), data)
    out = io.StringIO()
    y.dump(doc, out)
    text = out.getvalue()
    if digest(current) != base_digest:
        raise Conflict(current, text)
    return text, current


def write(path: Path, text: str | bytes) -> None:
    """Writes atomically (temporary file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".console-", suffix=".tmp")
    with os.fdopen(fd, "wb") as out:
        out.write(text.encode("utf-8") if isinstance(text, str) else text)
    os.replace(tmp, path)


def check(root: Path) -> tuple[list[ContentError], list[str]]:
    """The project's own check (:func:`generator.read.read_project`): ``(errors, warnings)``."""
    try:
        project = read_project(root)
    except ContentErrors as errors:
        return errors.errors, []
    return [], list(project.warnings)


def _line_paths(text: str) -> list[tuple[int, str]]:
    """Every key and item of the YAML text as ``(line, json-editor path)``, 1-based lines, in line order."""
    try:
        data = _yaml().load(text)
    except Exception:
        return []
    out: list[tuple[int, str]] = []

    def walk(node, path):
        if isinstance(node, CommentedMap):
            for k in node:
                line, _ = node.lc.key(k)
                out.append((line + 1, f"{path}.{k}"))
                walk(node[k], f"{path}.{k}")
        elif isinstance(node, CommentedSeq):
            for i in range(len(node)):
                line, _ = node.lc.item(i)
                out.append((line + 1, f"{path}.{i}"))
                walk(node[i], f"{path}.{i}")
    walk(data, "root")
    return sorted(out, key=lambda x: x[0])


def field_at(paths: list[tuple[int, str]], line: int | None, after: bool = False) -> str:
    """The deepest field path on ``line`` (or the nearest before it; ``after``: the nearest after it)."""
    if line is None or not paths:
        return "root"
    same = [p for ln, p in paths if ln == line]
    if same:
        return max(same, key=len)
    if after:
        nxt = [p for ln, p in paths if ln > line]
        return nxt[0] if nxt else "root"
    before = [p for ln, p in paths if ln < line]
    return before[-1] if before else "root"


def errors_for(root: Path, month: str, errors: list[ContentError], text: str) -> list[dict]:
    """The check's errors as the form shows them: file, line, message, fix and the field path (``root.…``)."""
    paths = _line_paths(text)
    mine = f"data/months/{month}.yml"
    out = []
    for e in errors:
        rel = str(e.path)
        try:
            rel = str(Path(e.path).resolve().relative_to(root)) if Path(e.path).is_absolute() else rel
        except ValueError:
            pass
        out.append({"file": rel, "line": e.line, "message": e.message, "fix": e.fix,
                    "path": field_at(paths, e.line) if rel == mine else None})
    return out


def remarks_for(text: str) -> list[dict]:
    """The importer's 导入提示 comments in ``text``, each with the field it stands beside."""
    paths = _line_paths(text)
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        m = re.search(r"#\s*((?:导入)?提示[:：].*)$", line)
        if m:
            own = line.split("#", 1)[0].strip()
            out.append({"line": n, "message": m.group(1), "path": field_at(paths, n, after=not own)})
    return out


LONG_TEXT = {"text", "theme", "prose", "body", "note", "summary_text", "content"}
"""String fields edited in a text area (several lines) rather than one line."""


def form_schema(root: Path, schema: dict) -> dict:
    """The project's JSON Schema adapted for the form: ``covers`` a choice of the rules in
    ``data/rules.yml`` (by name), lists of fixed values as check boxes, block types and list items named
    in Chinese, long texts in text areas, no ``$schema`` field."""
    import copy

    import yaml

    try:
        rules = (yaml.safe_load((root / "data" / "rules.yml").read_text(encoding="utf-8")) or {}).get("rules") or []
    except (OSError, yaml.YAMLError):
        rules = []
    rules = [r for r in rules if isinstance(r, dict) and r.get("id")]
    schema = copy.deepcopy(schema)

    def walk(node: dict, key: str | None = None, required: bool = True) -> None:
        if not isinstance(node, dict):
            return
        props = node.get("properties")
        if isinstance(props, dict):
            props.pop("$schema", None)
            for k, sub in props.items():
                walk(sub, k, k in (node.get("required") or []))
        if key == "covers" and node.get("type") == "array" and rules:
            node["items"] = {"type": "string", "enum": [r["id"] for r in rules],
                             "options": {"enum_titles": [r.get("name") or r["id"] for r in rules]}}
            node["description"] = "勾选本项已包含的常规工作（data/rules.yml），清单中不再重复列出"
        items = node.get("items")
        if isinstance(items, dict):
            if "enum" in items:
                node["uniqueItems"] = True
                node["format"] = "checkbox"
            items.setdefault("title", node.get("title", "项"))
            walk(items)
        for alt in ("oneOf", "anyOf"):
            for option in node.get(alt) or []:
                req = option.get("required") or []
                if req and not option.get("title"):
                    sub = (option.get("properties") or {}).get(req[0]) or {}
                    option["title"] = sub.get("title") or req[0]
                walk(option)
        if "enum" in node and "type" not in node:
            node["type"] = "string" if all(isinstance(v, str) for v in node["enum"]) else node.get("type")
            words = dict(re.findall(r"([A-Za-z_]+)：([^（；，(]+)", node.get("description", "")))
            if all(isinstance(v, str) and v in words for v in node["enum"]):   # booklet：指导材料 → 指导材料
                node.setdefault("options", {})["enum_titles"] = [f"{words[v]}（{v}）" for v in node["enum"]]
            if not required and node["type"] == "string":   # an optional choice starts empty: nothing invented
                titles = (node.get("options") or {}).get("enum_titles") or list(node["enum"])
                node["enum"] = ["", *node["enum"]]
                node.setdefault("options", {})["enum_titles"] = ["（不填）", *titles]
        if node.get("format") == "month-or-date":
            del node["format"]
        if node.get("type") == "string" and "enum" not in node and "pattern" not in node and (
                key in LONG_TEXT or "Markdown" in node.get("description", "")):
            node["format"] = "textarea"
    walk(schema)
    return schema
