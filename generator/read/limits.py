"""Bounds on one input file, and the characters no input may hold.

Authors paste text from Word and web pages; a build must neither hang on a
pathological file nor crash on an invisible character. Everything here runs
before a file is parsed or rendered, so the expensive stages never see such
input. Each check returns one Chinese :class:`~generator.read.errors.ContentError`
(file, line, column, fix) or ``None``.

The limits (documented for authors in ``docs/safety.md``) were measured on the
2-core build machine so that no single input keeps a build busy for more than
about 30 s (``bench/limits.py``, results in ``docs/safety.md``). They are
constants: change them here, with the measurement.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path

from .errors import ContentError

MAX_YAML_BYTES = 256 * 1024
"""Largest ``data/*.yml`` file in bytes (a month's file is about 5 KB)."""

MAX_MARKDOWN_BYTES = 512 * 1024
"""Largest ``content/**/*.md`` file in bytes (the largest real document is 17 KB; 512 KB is about 280 printed pages)."""

MAX_PARAGRAPH_CHARS = 20_000
"""Longest paragraph (lines not separated by a blank line, table rows excepted) in characters.

Python-Markdown's inline processing is quadratic in the length of a paragraph:
20 000 characters take 0.05 s, 170 000 take 4 s and a 1 MB line more than a minute."""

MAX_TABLE_ROWS = 1000
"""Most rows in one table. WeasyPrint lays out about 100 table rows a second; 3000 rows took 37 s."""

MAX_IMAGE_BYTES = 20 * 1024 * 1024
"""Largest image file under ``content/`` in bytes (a phone photo is 3–8 MB)."""

MAX_IMAGE_PIXELS = 50_000_000
"""Most pixels in one image (a 48-megapixel phone photo passes). A 20 000 × 20 000 PNG is 1.2 MB on disk
and 1.6 GB decoded: WeasyPrint gave up on it with an English warning and printed the booklet without it."""

MAX_TABLE_COLUMNS = 60
"""Most cells in one table row (and the largest ``colspan``). A row of 3000 cells, or one cell with
``colspan="100000"``, kept WeasyPrint laying out the booklet for more than 150 s."""

MAX_NESTING = 50
"""Deepest nesting of YAML collections or Markdown blocks (lists, quotes); deeper input would exhaust the stack."""

_NAMES = {
    "\x00": ("空字符 NUL（U+0000）", "通常是文件损坏，或文件其实是 UTF-16 编码"),
    "\x0b": ("垂直制表符（U+000B）", "这是 Word 的手动换行符（Shift+Enter），从 Word 复制文字时会带进来"),
    "\x0c": ("换页符（U+000C）", "这是 Word 的分页符，从 Word 复制文字时会带进来"),
    "\ufeff": ("零宽不换行空格（U+FEFF，BOM）", "通常是从网页或其他文件复制时带进来的"),
    "\u2028": ("行分隔符（U+2028）", "通常是从网页或 Word 复制时带进来的"),
    "\u2029": ("段分隔符（U+2029）", "通常是从网页或 Word 复制时带进来的"),
    "\u200b": ("零宽空格（U+200B）", "通常是从网页复制时带进来的；它会让站内搜索找不到这几个字"),
    "\u2060": ("零宽连接符（U+2060）", "通常是从网页复制时带进来的；它会让站内搜索找不到这几个字"),
}
for _ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c":
    _NAMES[_ch] = (f"文字方向控制符（U+{ord(_ch):04X}）",
                   "它让文字倒着显示，看到的和实际写的不一样，可用来伪装文件名或链接")

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff"
                        "\u200b\u2060\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ud800-\udfff]")
"""C0 and C1 control characters (tab, line feed and carriage return allowed), line/paragraph separators, BOM,
non-characters, zero-width spaces (U+200B, U+2060: search cannot find words they split), the bidirectional
controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C: text shown reversed, "Trojan source") and lone
surrogates (which only a YAML escape such as ``"\\ud800"`` can write, and no output can encode).

Zero-width joiner and non-joiner (U+200D, U+200C) are allowed: emoji and some scripts need them."""


_REFERENCE = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
"""An HTML character reference: ``&#8238;``, ``&#x202E;``, ``&rlm;`` (the ``;`` may be left out, as browsers allow)."""


def forbidden_reference(html: str) -> tuple[int, str, str] | None:
    """The first character reference in ``html`` that decodes to a character :data:`_FORBIDDEN` refuses.

    Text is checked after its references are decoded: ``&#x202E;`` is a right-to-left override
    in every browser and in the Word copy, whatever the source looks like. ``&#0;`` and references
    to surrogates decode to U+FFFD in HTML and are refused too (no output can hold them as written).

    Returns:
        ``(index in html, the reference as written, the character it writes)`` or ``None``.
    """
    import html as html_module

    for match in _REFERENCE.finditer(html):
        ref = match.group(0)
        if ref.lower().startswith("&amp"):
            continue
        body = match.group(1)
        if body.startswith("#"):
            try:
                code = int(body[2:], 16) if body[1:2] in "xX" else int(body[1:])
            except ValueError:
                continue
            if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
                return match.start(), ref, "\x00" if code == 0 else "\ud800"
            char = chr(code)   # as written; HTML maps some (&#1;, &#x80;) to other characters, the Word copy does not
        else:
            char = html_module.unescape(ref)
            if char == ref:
                continue
        bad = _FORBIDDEN.search(char)
        if bad:
            return match.start(), ref, bad.group()
    return None


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of ``text[index]``."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def check_size(path: Path, size: int, limit: int) -> ContentError | None:
    """An error if a file of ``size`` bytes exceeds ``limit``."""
    if size <= limit:
        return None
    return ContentError(path, None, None,
                        f"文件太大：{size / 1024:.0f} KB，超过上限 {limit // 1024} KB",
                        "检查是否误粘贴了大量重复内容或图片数据；内容确实很多时，拆成几个文件作为不同的附件")


def describe_character(ch: str) -> tuple[str, str]:
    """(name, where it comes from) of a refused character, in Chinese."""
    if "\ud800" <= ch <= "\udfff":
        return f"单独的代理码（U+{ord(ch):04X}）", "它不是一个字符，任何文件都无法保存它"
    return _NAMES.get(ch, (f"控制字符（U+{ord(ch):04X}）", "通常是从其他软件复制时带进来的"))


def check_value(value: str, path: Path, line: int | None, column: int | None, key: str = "") -> ContentError | None:
    """An error if a parsed YAML string holds a character :func:`check_characters` refuses.

    The file's own text was checked already; this catches what double-quoted escapes write
    (``"\\x00"``, ``"\\v"``, ``"\\u202e"``, ``"\\ud800"``), which no text check can see.
    ``line`` and ``column`` are the string's position in the file (1-based).
    """
    match = _FORBIDDEN.search(value)
    if match is None:
        return None
    name, _ = describe_character(match.group())
    label = f"{key} 的值" if key else "这段文字"
    return ContentError(path, line, column, f"{label}中有看不见的{name}（由双引号里的转义写法写出）",
                        "删去双引号里的 \\x…、\\u… 等转义写法，直接写出要写的文字")


def check_characters(text: str, path: Path, line_offset: int = 0) -> ContentError | None:
    """An error naming the first invisible control character in ``text`` (and how many there are).

    A byte-order mark at the very start is allowed (editors write it). Tabs, line feeds and
    carriage returns are allowed; every other C0/C1 control character, U+2028/U+2029 and a
    BOM inside the text are refused: YAML refuses them with an English traceback, and in
    Markdown they would print as boxes or break lines where the author sees none.
    """
    start = 1 if text.startswith("\ufeff") else 0
    match = _FORBIDDEN.search(text, start)
    if match is None:
        return None
    ch = match.group()
    count = len(_FORBIDDEN.findall(text, start))
    name, why = describe_character(ch)
    line, col = _position(text, match.start())
    where = f"，全文共 {count} 处" if count > 1 else ""
    every = f"；在编辑器中用查找替换处理全部 {count} 处" if count > 1 else ""
    fix = f"删去这个看不见的字符（{why}）{every}"
    if ch == "\x0b":
        fix = f"{why}。把它换成回车（另起一段）或直接删去{every}"
    if ch == "\x00" and count * 4 > len(text):
        fix = "文件可能是 UTF-16 编码（Windows 记事本的“Unicode”）：用编辑器另存为 UTF-8 编码"
    return ContentError(path, line + line_offset, col, f"有看不见的{name}{where}", fix)


def decode(data: bytes, path: Path) -> tuple[str | None, ContentError | None]:
    """``data`` as UTF-8 text, or an error naming the line of the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = "用编辑器另存为 UTF-8 编码"
        try:
            data.decode("gb18030")
            hint = "文件像是 GBK/GB18030 编码（Windows 记事本的 ANSI）：" + hint
        except UnicodeDecodeError:
            pass
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            hint = "文件是 UTF-16 编码（Windows 记事本的“Unicode”）：" + hint
            line, col = 1, 1
        return None, ContentError(path, line, col, "文件不是 UTF-8 编码", hint)


def read_text(path: Path, limit: int) -> tuple[str | None, ContentError | None]:
    """Reads a file as UTF-8 after checking its size, then checks its characters.

    Universal newlines as :meth:`pathlib.Path.read_text` (``\\r\\n`` and ``\\r`` become ``\\n``).

    Returns:
        ``(text, None)`` or ``(None, error)``: missing or unreadable, too large, not UTF-8,
        or holding a forbidden control character. Never raises for the file's content.
    """
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode):
            return None, ContentError(path, None, None, "这不是普通文件（是管道、设备等），读它会一直等下去",
                                      "删去它，换成普通文件")
        size = st.st_size
        error = check_size(path, size, limit)
        if error:
            return None, error
        data = path.read_bytes()
    except IsADirectoryError:
        return None, ContentError(path, None, None, "这是一个文件夹，不是文件", "检查文件名")
    except PermissionError:
        return None, ContentError(path, None, None, "没有权限读取这个文件", f"chmod a+r {path}")
    except OSError:
        return None, ContentError(path, None, None, "文件不存在或无法读取", "检查文件名和路径")
    text, error = decode(data, path)
    if error:
        return None, error
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    error = check_characters(text, path)
    return (None, error) if error else (text, None)


_TABLE_ROW = re.compile(r"^\s*(\||<t[rdh][\s>])", re.I)


def check_paragraphs(text: str, path: Path, line_offset: int = 0) -> ContentError | None:
    """An error at the first paragraph of ``text`` longer than :data:`MAX_PARAGRAPH_CHARS`.

    A paragraph is a run of non-blank lines; table rows (Markdown ``|`` rows, HTML ``<tr>``)
    do not count towards it, tables are bounded by :data:`MAX_TABLE_ROWS` instead.
    """
    length, first = 0, 0
    for n, line in enumerate(text.split("\n")):
        if not line.strip():
            length = 0
            continue
        if _TABLE_ROW.match(line):
            continue
        if length == 0:
            first = n
        length += len(line.strip())
        if length > MAX_PARAGRAPH_CHARS:
            return ContentError(path, first + 1 + line_offset, 1,
                                f"这一段太长：超过 {MAX_PARAGRAPH_CHARS} 个字符（约 {MAX_PARAGRAPH_CHARS // 616} 页）",
                                "在段落之间空一行分段；若是误粘贴的重复内容，请删去")
    return None
