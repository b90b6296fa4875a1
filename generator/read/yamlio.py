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

import math
import re

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer, ComposerError
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent

from . import limits
from .errors import ContentError


class _TextDatesConstructor(RoundTripConstructor):
    """Round-trip constructor that leaves YAML timestamps as plain strings."""


_TextDatesConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp",
    lambda self, node: self.construct_scalar(node),
)


_CORE_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")}


class _BoundedComposer(Composer):
    """Composer that refuses aliases (``*name``, so no alias bomb can expand), explicit
    non-core tags (``!foo``, ``!!binary``) and nesting deeper than :data:`generator.read.limits.MAX_NESTING`."""

    _depth = 0

    def compose_node(self, parent, index):
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent):
            raise ComposerError(None, None, "alias refused", event.start_mark)
        if isinstance(event, (ScalarEvent, CollectionStartEvent)) and event.tag is not None \
                and event.tag not in _CORE_TAGS:
            raise ComposerError(None, None, "tag refused", event.start_mark)
        self._depth += 1
        try:
            if self._depth > limits.MAX_NESTING:
                raise ComposerError(None, None, "too deep", event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _TextDatesConstructor
    yaml.Composer = _BoundedComposer
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


_YAML_PROBLEMS = [
    (r"mapping values are not allowed", "这里不能出现“键: 值”",
     "检查上一行的缩进；若文字里含有英文冒号“: ”，请给整段文字加引号，或改用中文冒号“：”"),
    (r"found character '\\t' that cannot start any token", "使用了 Tab 缩进",
     "YAML 只能用空格缩进，请把 Tab 换成两个空格"),
    (r"found character '(.)' that cannot start any token", "“{0}”不能出现在一段文字的开头",
     "给这段文字加引号，例如 \"{0}……\""),
    (r"found duplicate key", "同一个键写了两次", "删去重复的一项，或把其中一个改成正确的键名"),
    (r"could not find expected ':'", "缺少冒号", "每个键后面要写英文冒号和一个空格，例如 “month: 2019-10”"),
    (r"found unexpected ':'", "冒号的位置不对", "键后面写英文冒号和一个空格；文字里的冒号请改用中文冒号“：”或给文字加引号"),
    (r"alias refused|found undefined alias", "使用了 YAML 别名（以 * 开头）：本项目不支持锚点和别名",
     "把要重复的内容直接写出来；若 * 是文字的一部分，给这段文字加引号"),
    (r"tag refused|found undefined tag handle|while scanning a tag|expected '!'", "以 ! 开头的文字会被当作 YAML 类型标记",
     "给这段文字加引号"),
    (r"too deep", f"嵌套层次太深（超过 {limits.MAX_NESTING} 层）", "检查缩进或括号是否多写了；数据不需要这么多层"),
    (r"expected chomping or indentation indicators|expected indentation indicator",
     "“|” 或 “>” 后面不能直接接文字", "在 | 或 > 后换行，下一行缩进后再写正文；若 | 是文字的一部分，给这段文字加引号"),
    (r"expected alphabetic or numeric character", "以 & 或 * 开头的文字会被当作 YAML 锚点或别名", "给这段文字加引号"),
    (r"mapping keys are not allowed|found unexpected '\?'|expected '\?'", "“? ” 不能出现在这里", "给这段文字加引号"),
    (r"another document|document start|document separator|document end marker|single document",
     "文件中间出现了“---”或“...”，一个文件只能有一份数据", "删去这一行；若它是文字的一部分，给这段文字加引号"),
    (r"unknown escape character|escape sequence", "双引号里的反斜杠“\\”写法有误",
     "把双引号改成单引号，或把 \\ 写成 \\\\"),
    (r"found unexpected end of stream", "文件在一段文字或列表的中间结束了", "检查引号和括号是否配对"),
    (r"expected <block end>|expected the node content|expected a comment or a line break",
     "这一行的缩进或格式与上文不一致",
     "同一层的键要左对齐，只用空格缩进；检查上一行的引号是否配对、冒号后是否有空格"),
    (r"failed to decode|while constructing|expected a|found unhashable|found unconstructable",
     "这个值的写法无法识别", "给这段文字加引号"),
]


def _translate(problem: str) -> tuple[str, str]:
    """A YAML library problem as (message, fix) in Chinese; never returns the English text."""
    for pattern, message, fix in _YAML_PROBLEMS:
        match = re.search(pattern, problem or "")
        if match:
            return message.format(*match.groups()), fix.format(*match.groups())
    return ("YAML 写法有误", "检查这一行及上一行：缩进只用空格且同层对齐，冒号后有空格，引号和括号配对")


_QUOTE_START = re.compile(r"""^\s*(?:-\s+)*(?:[^\s#'"][^#]*?:\s+)?(["'])""")


def _unclosed_quote(lines: list[str], upto: int) -> tuple[int, int] | None:
    """(0-based line, 0-based column) of the last value up to line ``upto`` that opens a quote and does not close it on its line."""
    found = None
    for n, line in enumerate(lines[:upto + 1]):
        match = _QUOTE_START.match(line)
        if not match:
            continue
        quote, rest = match.group(1), line[match.end():]
        closing = re.compile(r'(?:[^"\\]|\\.)*"') if quote == '"' else re.compile(r"(?:[^']|'')*'")
        if not closing.match(rest):
            found = (n, match.start(1))
    return found


def _slip(lines: list[str], upto: int) -> tuple[int, int, str, str] | None:
    """The clerk's slip behind a YAML parse error at line ``upto`` (0-based), looking at that line and the ones
    before it: (0-based line, 0-based column, message, fix), or ``None`` when none is recognised.

    * indentation with full-width spaces (a Chinese input method's space, U+3000): YAML does not count
      them as indentation, so it complains about the line after;
    * ``-text:`` — a list item's dash without the space after it;
    * a text that starts with a quote and goes on after the closing quote (``- "严格执行"党支部……``).
    """
    for n in range(upto, max(-1, upto - 3), -1):
        if n >= len(lines):
            continue
        line = lines[n]
        lead = line[:len(line) - len(line.lstrip(" \t\u3000"))]
        if "\u3000" in lead:
            return (n, lead.index("\u3000"), "这一行用全角空格（中文输入法的空格）缩进，YAML 不认它",
                    "缩进只能用半角空格：切换到英文输入法，把行首的全角空格换成半角空格，与同一层的键左对齐")
        dash = re.match(r"^(\s*)-([^\s\-][^:]*:)", line)
        if dash:
            return (n, len(dash[1]), f"“-”后面少了一个空格：“-{dash[2]}”",
                    f"列表的每一项写成“- ”加内容，短横线后面空一格：- {dash[2]}")
        quoted = re.match(r"""^(\s*(?:-\s+|[\w-]+:\s+))(["'])(.*?)\2(?=\s*[^\s#])(.*)$""", line)
        if quoted and n == upto:
            q = quoted[2]
            return (n, len(quoted[1]), f"这段文字以引号开头，引号配对结束后又接着写了“{quoted[4][:10]}”",
                    f"以引号开头的文字，整段都要放在引号里；文字中的引号请用中文引号：“{quoted[3]}”{quoted[4][:10]}……"
                    f"（或整段外面再加一层{'单' if q == chr(34) else '双'}引号）")
    return None


def read_yaml_text(text: str, path: Path, line_offset: int = 0) -> tuple[Located | None, ContentError | None]:
    """Parses YAML text.

    Refuses what would make the build hang or crash later: aliases (``*name``,
    the "billion laughs" alias bomb), explicit type tags (``!foo``), nesting deeper
    than :data:`generator.read.limits.MAX_NESTING`, and the numbers ``.nan`` / ``.inf``.

    Args:
        text: the YAML source.
        path: the file it came from, for messages.
        line_offset: lines in the file before ``text`` begins.

    Returns:
        ``(Located, None)`` on success, or ``(None, ContentError)`` naming the
        line and column of the problem in Chinese. Never raises for bad YAML.
    """
    try:
        data = _yaml().load(text)
    except MarkedYAMLError as exc:
        message, fix = _translate(exc.problem or "")
        mark = exc.problem_mark or exc.context_mark
        context = exc.context or ""
        lines = text.split("\n")
        if exc.context_mark and context.startswith("while parsing a flow"):
            # an unclosed [ or {: point at where it opened, which is where the author must look
            mark = exc.context_mark
            message = "方括号 [ 或花括号 { 没有配对结束"
            fix = f"在这一行补上 ] 或 }}，或去掉多余的括号（解析到第 {exc.problem_mark.line + 1 + line_offset} 行时发现）"
        elif exc.context_mark and "quoted scalar" in context:
            mark = exc.context_mark
            message, fix = "引号没有配对结束", "在这段文字末尾补上同样的引号；文字里要用引号时，请用中文引号“”"
        elif "refused" not in (exc.problem or "") and "too deep" not in (exc.problem or "") and mark is not None:
            slip = _slip(lines, mark.line)
            if slip is not None:
                return None, ContentError(path, slip[0] + 1 + line_offset, slip[1] + 1, slip[2], slip[3])
            quote = _unclosed_quote(lines, mark.line)
            if quote is not None and quote[0] < mark.line:
                return None, ContentError(path, quote[0] + 1 + line_offset, quote[1] + 1, "引号没有配对结束",
                                          "在这段文字末尾补上同样的引号；文字里要用引号时，请用中文引号“”")
        line = mark.line + 1 + line_offset if mark else None
        column = mark.column + 1 if mark else None
        return None, ContentError(path, line, column, message, fix)
    except (YAMLError, RecursionError, ValueError) as exc:  # unmarked library errors, a stack overflow
        message, fix = _translate(str(exc)) if isinstance(exc, YAMLError) else (
            f"嵌套层次太深（超过 {limits.MAX_NESTING} 层）", "检查缩进或括号是否多写了")
        return None, ContentError(path, 1 + line_offset, None, message, fix)
    located = Located(data if data is not None else CommentedMap(), path, line_offset)
    for keys, value in walk(located.data):
        if isinstance(value, str):
            line, col = located.position(keys)
            name = next((k for k in reversed(keys) if isinstance(k, str)), "")
            error = limits.check_value(value, path, line, col, name)
            if error:
                return None, error
        if isinstance(value, float) and not math.isfinite(value):
            line, col = located.position(keys)
            name = next((k for k in reversed(keys) if isinstance(k, str)), "")
            return None, ContentError(path, line, col, f"{name} 的值不是一个有效的数（YAML 中 .nan 表示“非数”，.inf 表示无穷大）",
                                      "写一个具体的数，例如 2 或 1.5")
    return located, None


def walk(data: Any, keys: tuple = ()):
    """Every scalar in a parsed YAML value as ``(keys, value)`` pairs, depth first, keys as for :meth:`Located.position`.

    Mapping keys that are strings are yielded too, with the path of their mapping plus ``None``
    marking "the key itself" (so a key can be checked like a value)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str):
                yield (*keys, key, None), key
            yield from walk(value, (*keys, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from walk(value, (*keys, i))
    else:
        yield keys, data


def read_yaml(path: Path) -> tuple[Located | None, ContentError | None]:
    """Reads a YAML file; see :func:`read_yaml_text`.

    A missing, unreadable, too large (:data:`generator.read.limits.MAX_YAML_BYTES`) or non-UTF-8
    file, or one with invisible control characters, is an error too.
    """
    text, error = limits.read_text(path, limits.MAX_YAML_BYTES)
    if error:
        return None, error
    if not re.search(r"^[ \t]*[^#\s]", text.lstrip("\ufeff"), re.M):  # nothing but blank lines and comments
        fix = (f"照已有月份的文件填写，或删去它后用 bin/generator new {path.stem}（或 make new MONTH={path.stem}）重新生成"
               if path.parent.name == "months" else "照项目自带的同名文件填写，或删去这个文件")
        return None, ContentError(path, 1, None, "文件是空的：没有任何数据", fix)
    return read_yaml_text(text.lstrip("\ufeff"), path)


def read_front_matter(path: Path) -> tuple[Located | None, str, ContentError | None]:
    """Splits a Markdown file into its YAML front matter and body.

    The file must start with a line ``---``; the front matter ends at the next
    ``---`` line.

    Returns:
        ``(front_matter, body, None)``, or ``(None, "", ContentError)`` when the
        file is missing, too large (:data:`generator.read.limits.MAX_MARKDOWN_BYTES`),
        not UTF-8, holds invisible control characters, has no front matter or bad YAML in it.
    """
    text, error = limits.read_text(path, limits.MAX_MARKDOWN_BYTES)
    if error:
        return None, "", error
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
