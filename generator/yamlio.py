"""Reading YAML and Markdown front matter with line numbers.

The reader keeps every mapping and sequence as ruamel.yaml's round-trip types,
which remember where each key and item stood, so that schema errors found later
can point at ``file:line:column``. Dates are kept as text (``"2019-10-31"``):
the schema checks them, so an impossible date such as ``2019-02-30`` becomes a
clear error rather than a crash inside the YAML library.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError

from .errors import ContentError


class _TextDatesConstructor(RoundTripConstructor):
    """Round-trip constructor that leaves YAML timestamps as plain strings."""


_TextDatesConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp",
    lambda self, node: self.construct_scalar(node),
)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _TextDatesConstructor
    yaml.allow_duplicate_keys = False
    return yaml


@dataclass
class Located:
    """A parsed YAML document and where it came from.

    Attributes:
        data: the parsed value (``CommentedMap`` for a mapping).
        path: the file it was read from.
        line_offset: lines before the YAML in the file (front matter starts after ``---``).
        body_offset: for front matter, lines before the Markdown body (both ``---`` lines included).
    """

    data: Any
    path: Path
    line_offset: int = 0
    body_offset: int = 0

    def position(self, keys: tuple | list) -> tuple[int | None, int | None]:
        """1-based (line, column) of the value at ``keys`` (a JSON-Schema-style path).

        Walks as deep as the path exists; a key that is missing (e.g. a required
        one) resolves to the mapping that should hold it.
        """
        node = self.data
        line = col = None
        if isinstance(node, (CommentedMap, CommentedSeq)) and node.lc.line is not None:
            line, col = node.lc.line, node.lc.col
        for key in keys:
            if isinstance(node, CommentedMap) and key in node:
                line, col = node.lc.key(key)
                node = node[key]
            elif isinstance(node, CommentedSeq) and isinstance(key, int) and key < len(node):
                line, col = node.lc.item(key)
                node = node[key]
            else:
                break
        if line is None:
            return (1 + self.line_offset, None)
        return (line + 1 + self.line_offset, col + 1)

    def key_position(self, keys: tuple | list, key: str) -> tuple[int | None, int | None]:
        """1-based (line, column) of ``key`` inside the mapping at ``keys``."""
        node = self.data
        for k in keys:
            try:
                node = node[k]
            except (KeyError, IndexError, TypeError):
                return self.position(keys)
        if isinstance(node, CommentedMap) and key in node:
            line, col = node.lc.key(key)
            return (line + 1 + self.line_offset, col + 1)
        return self.position(keys)


_YAML_PROBLEMS = {
    "mapping values are not allowed here": (
        "这里不能出现“键: 值”",
        "检查上一行的缩进；若文字里含有英文冒号“: ”，请给整段文字加引号，或改用中文冒号“：”",
    ),
    "found character '\\t' that cannot start any token": (
        "使用了 Tab 缩进",
        "YAML 只能用空格缩进，请把 Tab 换成两个空格",
    ),
    "found duplicate key": ("同一个键写了两次", "删去重复的一项，或把其中一个改成正确的键名"),
    "could not find expected ':'": ("缺少冒号", "每个键后面要写英文冒号和一个空格，例如 “month: 2019-10”"),
}


def _translate(problem: str) -> tuple[str, str]:
    for english, chinese in _YAML_PROBLEMS.items():
        if problem and problem.startswith(english):
            return chinese
    return (f"YAML 语法错误（{problem}）", "检查这一行及上一行的缩进、冒号和引号是否配对")


def read_yaml_text(text: str, path: Path, line_offset: int = 0) -> tuple[Located | None, ContentError | None]:
    """Parses YAML text.

    Args:
        text: the YAML source.
        path: the file it came from, for messages.
        line_offset: lines in the file before ``text`` begins.

    Returns:
        ``(Located, None)`` on success, or ``(None, ContentError)`` naming the
        line and column of a syntax error in Chinese. Never raises for bad YAML.
    """
    try:
        data = _yaml().load(text)
    except MarkedYAMLError as exc:
        message, fix = _translate(exc.problem or "")
        mark = exc.problem_mark or exc.context_mark
        context = exc.context or ""
        if exc.context_mark and context.startswith("while parsing a flow"):
            # an unclosed [ or {: point at where it opened, which is where the author must look
            mark = exc.context_mark
            message = "方括号 [ 或花括号 { 没有配对结束"
            fix = f"在这一行补上 ] 或 }}，或去掉多余的括号（解析到第 {exc.problem_mark.line + 1 + line_offset} 行时发现）"
        line = mark.line + 1 + line_offset if mark else None
        column = mark.column + 1 if mark else None
        return None, ContentError(path, line, column, message, fix)
    return Located(data if data is not None else CommentedMap(), path, line_offset), None


def read_yaml(path: Path) -> tuple[Located | None, ContentError | None]:
    """Reads a YAML file; see :func:`read_yaml_text`. A missing or non-UTF-8 file is an error too."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, ContentError(path, None, None, "文件不是 UTF-8 编码", "用编辑器另存为 UTF-8 编码")
    except OSError:
        return None, ContentError(path, None, None, "文件不存在或无法读取", "检查文件名和路径")
    return read_yaml_text(text, path)


def read_front_matter(path: Path) -> tuple[Located | None, str, ContentError | None]:
    """Splits a Markdown file into its YAML front matter and body.

    The file must start with a line ``---``; the front matter ends at the next
    ``---`` line.

    Returns:
        ``(front_matter, body, None)``, or ``(None, "", ContentError)`` when the
        file is missing, not UTF-8, has no front matter or bad YAML in it.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, "", ContentError(path, None, None, "文件不是 UTF-8 编码", "用编辑器另存为 UTF-8 编码")
    except OSError:
        return None, "", ContentError(path, None, None, "文件不存在或无法读取", "检查文件名和路径")
    text = text.lstrip("\ufeff")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, "", ContentError(
            path, 1, 1, "文件开头缺少文件信息（front matter）",
            "第一行写 ---，接着写 title: 标题 等信息，再写一行 --- 后开始正文",
        )
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            break
    else:
        return None, "", ContentError(path, 1, 1, "文件信息没有结束标记", "在文件信息之后单独写一行 ---")
    located, error = read_yaml_text("\n".join(lines[1:end]), path, line_offset=1)
    if error:
        return None, "", error
    located.body_offset = end + 1
    return located, "\n".join(lines[end + 1:]), None


def plain(value: Any) -> Any:
    """Converts ruamel's round-trip containers to plain ``dict``/``list``/``str`` for the schema."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value
