"""Reading a notice: a ``.docx`` (python-docx) or a plain-text file → a flat list of paragraphs and tables.

Everything downstream (:mod:`generator.importer.recognise`) sees the same
:class:`Source` whatever the file was. A text file is what Word writes when a
document is saved as text (the seeds): one paragraph per line, table cells as
lines that start with a tab, and debris (``[image: …]``, ``[bookmark: _GoBack]``).
A ``.docx`` is read with python-docx; automatic numbering (自动编号, which is
not in a paragraph's text) is rebuilt from ``numbering.xml`` so that 一、 and
（一） typed by Word's list feature are seen like typed ones.

Bad files are refused with :class:`ImportRefused` (a Chinese message) before
anything is written.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..read.limits import MAX_TABLE_COLUMNS


class ImportRefused(Exception):
    """The file cannot be imported; ``str(exc)`` is the Chinese message for the author (file and fix)."""


@dataclass
class Para:
    """One paragraph of the notice.

    Attributes:
        text: the paragraph's text, white space trimmed at both ends (automatic numbering included).
        where: its line (text file) or paragraph (``.docx``) number, 1-based.
        indent: leading spaces in a text file (a right-aligned signature shows as many), 0 in a ``.docx``.
        align: ``center``, ``right``, ``left``, ``both`` or ``None`` (``.docx`` only).
        bold: every character of the paragraph is bold.
        page_break: the paragraph starts a new page (``.docx``: a page break or section break before it).
        blank_before: blank lines (empty paragraphs) just before it.
        size: the first run's font size in pt, if set.
        style: the paragraph style's name (``.docx``).
        auto_label: the number Word's automatic numbering shows before the text (``一、``, ``1.``),
            which ``text`` starts with; ``""`` when the number, if any, is typed. Being Word's
            own, it is a number for certain (``1.`` + ``28个党支部……`` is item 1, not 1.28).
        links: the paragraph's hyperlinks (超链接, ``.docx``) as (text shown, address), in order: the
            address is not in ``text``.
    """

    text: str
    where: int
    indent: int = 0
    align: str | None = None
    bold: bool = False
    page_break: bool = False
    blank_before: int = 0
    size: float | None = None
    style: str | None = None
    auto_label: str = ""
    links: tuple[tuple[str, str], ...] = ()


@dataclass
class Cell:
    """A table cell: its text (paragraphs joined by newlines) and its spans."""

    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Table:
    """A table: rows of cells (cells covered by a row span are left out), header rows first."""

    rows: list[list[Cell]]
    where: int
    header_rows: int = 1
    blank_before: int = 0
    page_break: bool = False

    @property
    def n_cols(self) -> int:
        """Columns: the widest row's sum of column spans."""
        return max((sum(c.colspan for c in row) for row in self.rows), default=0)


@dataclass
class Note:
    """Something the reader could not carry over (an image, a text box); it goes into the report."""

    where: int
    text: str
    message: str
    full: bool = False


@dataclass
class Source:
    """A notice as read: its blocks in order, what the reader dropped, and how places are named.

    Attributes:
        path: the file.
        kind: ``docx`` or ``txt``.
        blocks: paragraphs and tables in reading order (blank paragraphs are counted in ``blank_before``).
        notes: images, text boxes and the like that were not imported.
        unit: ``行`` for text files, ``段`` for ``.docx`` (as in “第 34 行”).
        encoding: the text file's encoding.
    """

    path: Path
    kind: str
    blocks: list = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    unit: str = "行"
    encoding: str | None = None


TEXT_SUFFIXES = {".txt", ".text"}
DOCX_SUFFIXES = {".docx", ".docm", ".dotx"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# -- bounds (measured with bench/importer_bounds.py; results in docs/safety.md) ----------------------
MAX_FILE_BYTES = 64 * 1024 * 1024
"""Largest file to import, as stored (a .docx with a few photos is 1–10 MB)."""
MAX_TEXT_BYTES = 1024 * 1024
"""Largest text file to import: twice :data:`generator.read.limits.MAX_MARKDOWN_BYTES`, what ``check``
allows for one document (a whole notice with its annexes is 10–100 KB). A 20 MB text took 13.5 s to
import into a draft ``check`` then refused."""
MAX_XML_PART_BYTES = 16 * 1024 * 1024
"""Largest XML part of a .docx once inflated (``word/document.xml`` of a real notice is 20–500 KB)."""
MAX_PART_BYTES = 32 * 1024 * 1024
"""Largest other part (an image) once inflated; 1 MB on disk held a 1 GiB image and took 2.1 GB of memory."""
MAX_INFLATED_BYTES = 128 * 1024 * 1024
"""Largest total of all parts of a .docx once inflated."""
MAX_PARTS = 2000
"""Most members of a .docx package (a notice with pictures has 20–60)."""
MAX_PARAGRAPHS = 5_000
"""Most paragraphs (``w:p``, in the body, tables, notes) in a .docx; a long notice has about 500 (the seeds 70–400).
1.5 million paragraphs (264 KB on disk) took 1.2 GB and did not end."""
MAX_TABLE_CELLS = 10_000
"""Most table cells (``w:tc``) in a .docx."""
MAX_NUMBER_START = 1000
"""Largest start value of Word's automatic numbering taken as written; a larger one (a list starting at
2 000 000 000 in Roman numerals hung the importer) is counted from 1, with a remark."""

_BINARY_MAGIC = (
    (b"%PDF", "PDF 文件"), (b"MZ", "Windows 程序（.exe）"), (b"\x7fELF", "程序文件"),
    (b"\x89PNG", "PNG 图片"), (b"\xff\xd8\xff", "JPEG 图片"), (b"GIF8", "GIF 图片"),
    (b"Rar!", "RAR 压缩包"), (b"7z\xbc\xaf", "7z 压缩包"), (b"\x1f\x8b", "gzip 压缩包"),
    (b"{\\rtf", "RTF 文档"), (b"BM", None),
)
"""Leading bytes of files that are not text, whatever their name says (``BM`` only with a bitmap header)."""


def read_source(path: Path) -> Source:
    """Reads ``path`` (``.docx`` or text) into a :class:`Source`.

    Raises:
        ImportRefused: the file is missing, empty, not a Word document, encrypted,
            an old ``.doc``, or a text file in an encoding other than UTF-8 / GB18030.
    """
    name = path.name
    try:
        is_file = path.is_file()
        size = path.stat().st_size if is_file else 0
    except OSError:
        is_file, size = False, 0
    if not is_file:
        raise ImportRefused(f"找不到文件：{path}。请检查文件名和路径")
    if size > MAX_FILE_BYTES:
        raise ImportRefused(f"{name} 太大（{size / 1048576:.0f} MB，上限 {MAX_FILE_BYTES // 1048576} MB），未导入。"
                            "请检查是否选错了文件；通知中的大图片可以先在 Word 中压缩（“图片格式 → 压缩图片”）")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportRefused(f"无法读取 {name}（{exc.strerror}）。请检查文件的权限") from None
    if not data.strip():
        raise ImportRefused(f"{name} 是空文件，没有可导入的内容")
    suffix = path.suffix.lower()
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
            raise ImportRefused(f"{name} 设有打开密码（已加密），无法读取。请在 Word 或 WPS 中打开后"
                                "“文件 → 信息 → 保护文档 → 用密码进行加密”清除密码，另存后再导入")
        raise ImportRefused(f"{name} 是旧版 Word 文档（.doc）或其他 Office 格式，无法直接读取。"
                            "请在 Word 或 WPS 中“另存为” Word 文档（.docx）后再导入")
    what = _binary_kind(data)
    if data.startswith(b"PK"):
        source = _read_docx(path, data)
    elif what:
        raise ImportRefused(f"{name} 不是有效的 Word 文档（.docx）或文本文件：按文件内容看，它是 {what}"
                            "（扩展名不能说明文件内容），无法导入。"
                            "可导入的文件：Word 文档（.docx）或 UTF-8 / GB18030 编码的文本文件（.txt）；"
                            "PDF 请在原来的 Word 文件中导出，或复制文字到记事本另存为 .txt")
    elif suffix in DOCX_SUFFIXES:
        raise ImportRefused(f"{name} 不是有效的 Word 文档（.docx）：文件内容不是 Word 格式，可能已损坏或只是改了扩展名。"
                            "请在 Word 或 WPS 中打开并另存为 .docx 后再导入")
    else:
        source = _read_text(path, data)
    if not any(isinstance(b, Table) or b.text for b in source.blocks):
        raise ImportRefused(f"{name} 中没有文字内容，没有可导入的内容")
    return source


def _binary_kind(data: bytes) -> str | None:
    """What a file that is not text is (``PDF 文件``), judged by its first bytes; ``None`` for text."""
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            if what is None:   # "BM" starts ordinary text too: a bitmap also has its header size at 14
                return "BMP 图片" if len(data) > 18 and data[14:18] in (b"\x28\0\0\0", b"\x0c\0\0\0", b"\x7c\0\0\0") else None
            return what
    return None


# -- plain text ---------------------------------------------------------------------------------------
_DEBRIS = re.compile(r"\[(image|bookmark):[^\]]*\]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\u2028\u2029\u200b\u2060\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_UNKNOWN = ("的文字编码无法识别（既不是 UTF-8，也不是 GB18030/GBK）。"
            "请用记事本或 WPS 打开，另存为“UTF-8”编码的文本文件后再导入")


def _decode(name: str, data: bytes) -> tuple[str, str, list[Note]]:
    """The text of a text file, its encoding, and remarks on lines read differently.

    UTF-8 (with or without BOM) first, then GB18030 (which includes GBK). A file that is GBK
    but for some lines (a signature pasted from a UTF-8 file) is read line by line: each line
    that is valid UTF-8 and holds Chinese in it is read as UTF-8, with a remark naming it; a line
    neither encoding reads is refused with its number. Invisible control characters (and
    direction marks) are dropped, each line named in a remark; a file of little else is not text.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportRefused(f"{name} 是 UTF-16 编码的文本文件。请用记事本或 WPS 打开，另存为“UTF-8”编码后再导入")
    if b"\x00" in data:
        raise ImportRefused(f"{name} 不是文本文件，也不是 Word 文档（.docx），无法导入。"
                            "可导入的文件：Word 文档（.docx）或 UTF-8 / GB18030 编码的文本文件（.txt）")
    notes: list[Note] = []
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = _decode_lines(name, data, notes), "gb18030"
    controls = _CONTROL.findall(text)
    if len(controls) > max(8, len(text) // 50):
        raise ImportRefused(f"{name} 不是文本文件（大部分是看不见的控制字符），也不是 Word 文档（.docx），无法导入。"
                            "可导入的文件：Word 文档（.docx）或 UTF-8 / GB18030 编码的文本文件（.txt）")
    if controls:
        lines = text.split("\n")
        for n, line in enumerate(lines, start=1):
            found = sorted(set(_CONTROL.findall(line)))
            if found:
                codes = "、".join(f"U+{ord(c):04X}" for c in found)
                notes.append(Note(n, _CONTROL.sub("", line).strip()[:20],
                                  f"有看不见的控制字符（{codes}），已删去，请核对这一行"))
                lines[n - 1] = _CONTROL.sub("", line)
        text = "\n".join(lines)
    return text, encoding, notes


def _decode_lines(name: str, data: bytes, notes: list[Note]) -> str:
    """A file that is not UTF-8, read as GB18030 line by line (see :func:`_decode`)."""
    out = []
    utf8_lines = []
    for n, raw in enumerate(data.split(b"\n"), start=1):
        line = None
        if any(b >= 0x80 for b in raw):
            try:
                candidate = raw.decode("utf-8")
                if _CJK.search(candidate):
                    line = candidate
                    utf8_lines.append(n)
            except UnicodeDecodeError:
                pass
        if line is None:
            try:
                line = raw.decode("gb18030")
            except UnicodeDecodeError:
                raise ImportRefused(f"{name} 第 {n} 行{_UNKNOWN}") from None
        out.append(line)
    text = "\n".join(out)
    if not _CJK.search(text):
        raise ImportRefused(f"{name} {_UNKNOWN}")
    if utf8_lines and len(utf8_lines) * 2 > len([x for x in out if x.strip()]):
        raise ImportRefused(f"{name} 混用了 UTF-8 和 GBK 两种编码（第 {'、'.join(map(str, utf8_lines[:5]))} 行等是 UTF-8），"
                            "无法可靠地读取。请用记事本或 WPS 打开，另存为“UTF-8”编码的文本文件后再导入")
    for n in utf8_lines:
        notes.append(Note(n, out[n - 1].strip()[:20], "这一行是 UTF-8 编码，与文件其余部分（GBK/GB18030）不同，"
                                                     "已按 UTF-8 读取，请核对文字是否正确"))
    return text


def _read_text(path: Path, data: bytes) -> Source:
    if len(data) > MAX_TEXT_BYTES:
        raise ImportRefused(f"{path.name} 太大（{len(data) / 1048576:.1f} MB），超过文本文件导入的上限 "
                            f"{MAX_TEXT_BYTES // 1048576} MB；导入的草稿会超过 make check 允许的大小。"
                            "请检查是否选错了文件，或把通知和各附件分成几个文件分别导入")
    text, encoding, notes = _decode(path.name, data)
    source = Source(path=path, kind="txt", unit="行", encoding=encoding)
    source.notes += notes
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    cleaned: list[str] = []
    for n, line in enumerate(lines, start=1):
        def drop(m: re.Match, n=n) -> str:
            if m.group(1) == "image":
                source.notes.append(Note(n, m.group(0), "图片未导入；如需要，请把图片放入本月文件夹，"
                                                         "在正文中用 ![说明](文件名) 引用"))
            return ""
        cleaned.append(_DEBRIS.sub(drop, line).rstrip(" \u3000"))
    source.blocks = _text_blocks(cleaned)
    return source


def _indent(line: str) -> int:
    stripped = line.lstrip(" \u3000")
    return sum(2 if c == "\u3000" else 1 for c in line[:len(line) - len(stripped)])


def _text_blocks(lines: list[str]) -> list:
    """Lines → paragraphs and tables. Tables are runs of lines starting with a tab (one cell per line)."""
    blocks: list = []
    blank = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("\t") and _indented_text(lines, i):
            lines[i] = line.lstrip("\t")
            line = "  " + lines[i]
        if line.startswith("\t"):
            table, i = _text_table(lines, i)
            table.blank_before = blank
            blank = 0
            if table.rows:
                blocks.append(table)
            continue
        if not line.strip():
            blank += 1
            i += 1
            continue
        blocks.append(Para(text=line.strip(), where=i + 1, indent=_indent(line.replace("\t", " ")), blank_before=blank))
        blank = 0
        i += 1
    return blocks


_LEVEL_LABEL = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])")


def _indented_text(lines: list[str], i: int) -> bool:
    """Whether the tab-led lines from ``lines[i]`` are paragraphs indented with a tab, not a table.

    Word writes a table's cells one a line after a tab and ends each row with a blank line; a
    run of tab-led lines that runs straight into text (no blank line after it), or that holds
    headings (一、, （一）), is text someone indented with the Tab key.
    """
    j = i
    while j < len(lines) and lines[j].startswith("\t"):
        j += 1
    run = lines[i:j]
    return (j < len(lines) and lines[j].strip() != "") or any(_LEVEL_LABEL.match(x) for x in run)


_END_PUNCT = "。；;：:！？!?）)"


def _text_table(lines: list[str], start: int) -> tuple[Table, int]:
    """Reads the table starting at ``lines[start]`` (a tab line); returns it and the index after it.

    Word writes each cell as a line starting with a tab; a cell's further
    paragraphs follow without a tab; rows are separated by a blank line, but a
    cell may itself hold blank lines. The first row (its cells before the first
    blank line) sets the expected width: a row is complete once it has that many
    cells; then a blank line followed by a line without a tab ends the table.
    """
    rows: list[list[list[str]]] = []
    row: list[list[str]] = []
    width = None
    i = start
    saw_blank = False
    while i < len(lines):
        line = lines[i]
        if line.startswith("\t"):
            if saw_blank and row and width is not None and len(row) >= width:
                rows.append(row)
                row = []
            elif saw_blank and row and width is None:
                width = len(row)
                rows.append(row)
                row = []
            row.append([line[1:].strip()])
            saw_blank = False
        elif not line.strip():
            saw_blank = True
            if row and row[-1][-1] != "":
                row[-1].append("")
        else:
            complete = width is not None and len(row) >= width
            more = any(x.startswith("\t") for x in lines[i + 1:i + 7])
            if not row or (saw_blank and (complete or not more)):
                break
            row[-1].append(line.strip())
            saw_blank = False
        i += 1
    if row:
        rows.append(row)
    while i > start + 1 and not lines[i - 1].strip() and not lines[i - 1].startswith("\t"):
        i -= 1
    cells = [[Cell(_join_cell_lines(c)) for c in r] for r in rows]
    return Table(rows=cells, where=start + 1), i


def _join_cell_lines(parts: list[str]) -> str:
    """A cell's lines as text: a wrapped word (完成整 / 改时间) is joined, separate paragraphs keep a newline.

    Blank lines inside a cell say nothing (Word writes them between wrapped parts
    too); a line that ends a sentence, or a next line that starts with a number,
    makes a new paragraph.
    """
    out: list[str] = []
    for part in (p for p in parts if p):
        if out and not out[-1].endswith(tuple(_END_PUNCT)) and not re.match(r"^[0-9０-９（(一二三四五六七八九十]", part):
            out[-1] += part
        else:
            out.append(part)
    return "\n".join(out)


# -- .docx --------------------------------------------------------------------------------------------
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


_MAIN_TYPES = {
    "application/vnd.ms-word.document.macroEnabled.main+xml": ".docm",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": ".dotx",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": ".dotm",
}
"""Main-part content types python-docx refuses, by the kind of file they make; their text is read alike."""
_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_BROKEN = "请在 Word 或 WPS 中打开并另存为 .docx 后再导入"


def _bounded_package(path: Path, data: bytes, notes: list[Note]) -> bytes:
    """The .docx package, after checking that no part inflates beyond the bounds above.

    Every part is inflated once, in chunks, counting the bytes actually produced (a part's declared
    size can lie), before python-docx reads anything. Counts paragraphs and table cells in the XML
    parts on the way. A macro-enabled document (.docm) or a template (.dotx) gets the main part type
    of a .docx, so that its text is read; macros are never run (nothing here runs anything), and
    the report says they were left out. Returns the package to give python-docx (``data`` itself
    when nothing was changed).

    Raises:
        ImportRefused: a part or the whole inflates beyond its bound, too many paragraphs or cells,
            or a broken package.
    """
    name = path.name
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportRefused(f"{name} 已损坏，无法打开（不是完整的 Word 文档）。{_BROKEN}") from None
    names = {i.filename for i in infos}
    if len(infos) > MAX_PARTS:
        raise ImportRefused(f"{name} 内含 {len(infos)} 个部件，远多于一份 Word 文档（上限 {MAX_PARTS}），未导入。"
                            "可能是损坏的文件或故意构造的文件；请在 Word 或 WPS 中打开并另存为 .docx 后再导入")
    if "word/document.xml" not in names:
        kind = ("Excel 表格" if any(n.startswith("xl/") for n in names) else
                "PowerPoint 演示文稿" if any(n.startswith("ppt/") for n in names) else "压缩包")
        raise ImportRefused(f"{name} 是{kind}，不是 Word 文档（.docx）。请导入 Word 文档或文本文件")
    total = paragraphs = cells = 0
    parts: dict[str, bytes] = {}
    too_big = (f"{name} 解压后过大：{{what}}超过上限 {{limit}} MB，未导入（可能是损坏的文件或故意构造的“压缩炸弹”）。"
               "请在 Word 或 WPS 中打开，压缩图片（“图片格式 → 压缩图片”）后另存为 .docx 再导入")
    for info in infos:
        xml = info.filename.endswith((".xml", ".rels"))
        limit = MAX_XML_PART_BYTES if xml else MAX_PART_BYTES
        size = 0
        chunks = []
        tail = b""
        try:
            with archive.open(info) as stream:
                while True:
                    chunk = stream.read(1 << 20)
                    if not chunk:
                        break
                    size += len(chunk)
                    total += len(chunk)
                    if size > limit:
                        raise ImportRefused(too_big.format(what=f"其中的 {info.filename} ", limit=limit // 1048576))
                    if total > MAX_INFLATED_BYTES:
                        raise ImportRefused(too_big.format(what="全部内容", limit=MAX_INFLATED_BYTES // 1048576))
                    if xml and info.filename.startswith("word/"):
                        window = tail + chunk
                        paragraphs += len(re.findall(rb"<w:p[\s>/]", window)) - len(re.findall(rb"<w:p[\s>/]", tail))
                        cells += len(re.findall(rb"<w:tc[\s>/]", window)) - len(re.findall(rb"<w:tc[\s>/]", tail))
                        tail = chunk[-8:]
                    if paragraphs > MAX_PARAGRAPHS:
                        raise ImportRefused(f"{name} 的段落超过 {MAX_PARAGRAPHS} 个，远多于一份通知，未导入。"
                                            "请检查是否选错了文件，或把通知和各附件分成几个文件分别导入")
                    if cells > MAX_TABLE_CELLS:
                        raise ImportRefused(f"{name} 的表格单元格超过 {MAX_TABLE_CELLS} 个，未导入。"
                                            "请把大表格另存为单独的文件，或删去不需要的表格后再导入")
                    chunks.append(chunk)
        except ImportRefused:
            raise
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError, EOFError,
                RuntimeError):   # a bad CRC, an unknown compression method, an encrypted member
            raise ImportRefused(f"{name} 已损坏，无法打开（其中的 {info.filename} 读不出来）。{_BROKEN}") from None
        parts[info.filename] = b"".join(chunks)
    types = parts.get("[Content_Types].xml", b"").decode("utf-8", "replace")
    kind = next((k for t, k in _MAIN_TYPES.items() if t in types), None)
    if kind is None:
        return data
    macros = any(n.lower().endswith("vbaproject.bin") for n in names)
    notes.append(Note(0, "", f"这是 {kind} 文件" + ("，含有宏；宏没有运行，也没有导入，只导入了文字" if macros else
                                                   "，已按 Word 文档读取它的文字"), full=True))
    for t in _MAIN_TYPES:
        types = types.replace(t, _DOCX_MAIN)
    parts["[Content_Types].xml"] = types.encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as rebuilt:
        for filename, blob in parts.items():
            rebuilt.writestr(filename, blob)
    return out.getvalue()


def _read_docx(path: Path, data: bytes) -> Source:
    notes: list[Note] = []
    data = _bounded_package(path, data, notes)
    import docx  # python-docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises several kinds on a broken package
        raise ImportRefused(f"{path.name} 无法读取：Word 文档的内部结构有误（缺少部件或部件之间的关联不对）。"
                            f"{_BROKEN}") from None
    source = Source(path=path, kind="docx", unit="段")
    source.notes += notes
    try:
        _DocxWalker(document, source).walk()
    except ImportRefused:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, LookupError):
        raise ImportRefused(f"{path.name} 无法读取：Word 文档中有不合规定的格式设置（例如编号、表格合并写法有误）。"
                            f"{_BROKEN}") from None
    return source


_FORMATS = {
    "decimal": lambda n: str(n), "decimalZero": lambda n: f"{n:02d}", "decimalFullWidth": lambda n: str(n),
    "chineseCounting": lambda n: _cn(n), "chineseCountingThousand": lambda n: _cn(n),
    "chineseLegalSimplified": lambda n: _cn(n), "japaneseCounting": lambda n: _cn(n),
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if n <= 20 else str(n),
    "decimalEnclosedParen": lambda n: f"({n})", "decimalEnclosedFullstop": lambda n: f"{n}.",
    "lowerLetter": lambda n: chr(96 + (n - 1) % 26 + 1), "upperLetter": lambda n: chr(64 + (n - 1) % 26 + 1),
    "lowerRoman": lambda n: _roman(n).lower(), "upperRoman": lambda n: _roman(n),
    "bullet": lambda n: "", "none": lambda n: "",
}


def _cn(n: int) -> str:
    from ..model.zh import chinese_number
    return chinese_number(n) if 1 <= n <= 99 else str(n)


def _int(value, default: int) -> int:
    """``int(value)``, or ``default`` when ``value`` is missing or not a whole number (``gridSpan="abc"``)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                       (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + sym, n - value
    return out


class _Numbering:
    """Word's automatic numbering (numbering.xml): the label each numbered paragraph shows."""

    def __init__(self, document, notes: list[Note] | None = None):
        self.notes = notes if notes is not None else []
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.abstract_of: dict[str, str] = {}
        self.start_override: dict[tuple[str, int], int] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstracts = {}
        for a in root.findall(f"{W}abstractNum"):
            aid = a.get(f"{W}abstractNumId")
            lv = {}
            for lvl in a.findall(f"{W}lvl"):
                ilvl = _int(lvl.get(f"{W}ilvl", "0"), 0)
                fmt = _val(lvl.find(f"{W}numFmt")) or "decimal"
                text = _val(lvl.find(f"{W}lvlText")) or ""
                start = self._start(_val(lvl.find(f"{W}start")))
                lv[ilvl] = (fmt, text, start)
            abstracts[aid] = lv
        for num in root.findall(f"{W}num"):
            nid = num.get(f"{W}numId")
            aid = _val(num.find(f"{W}abstractNumId"))
            self.abstract_of[nid] = aid
            for ilvl, spec in abstracts.get(aid, {}).items():
                self.levels[(nid, ilvl)] = spec
            for o in num.findall(f"{W}lvlOverride"):
                so = o.find(f"{W}startOverride")
                if so is not None:
                    self.start_override[(nid, _int(o.get(f"{W}ilvl", "0"), 0))] = self._start(_val(so))

    def _start(self, value: str | None) -> int:
        """A list's start value; beyond :data:`MAX_NUMBER_START` (or not a number) it counts from 1, with a remark."""
        start = _int(value, 1)
        if 0 <= start <= MAX_NUMBER_START:
            return start
        self.notes.append(Note(0, "", f"自动编号设为从 {start} 开始，超出通知会用到的范围（上限 {MAX_NUMBER_START}），"
                                      "已按从 1 开始编号，请核对各条的序号", full=True))
        return 1

    def label(self, num_id: str, ilvl: int) -> str:
        """The label of the next paragraph numbered (num_id, ilvl), counting as Word does; '' if unknown."""
        if (num_id, ilvl) not in self.levels or num_id == "0":
            return ""
        key = self.abstract_of.get(num_id, num_id)
        counters = self.counters.setdefault(key, {})
        fmt, text, start = self.levels[(num_id, ilvl)]
        start = self.start_override.get((num_id, ilvl), start)
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def level_value(m: re.Match) -> str:
            lv = int(m.group(1)) - 1
            spec = self.levels.get((num_id, lv))
            value = counters.get(lv, spec[2] if spec else 1)
            return _FORMATS.get(spec[0] if spec else "decimal", str)(value)
        return re.sub(r"%(\d)", level_value, text)


def _val(el) -> str | None:
    return None if el is None else el.get(f"{W}val")


MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_SKIP = {f"{W}del", f"{W}moveFrom", f"{W}txbxContent", f"{MC}Fallback"}


def _paragraph_text(p) -> str:
    """A paragraph's text as Word shows it with tracked changes accepted.

    python-docx's ``Paragraph.text`` reads only the runs directly in the paragraph (and in
    hyperlinks), so the text of a tracked insertion (``w:ins``, 修订), a moved passage
    (``w:moveTo``), a smart tag or a simple field would be lost; this reads every run below the
    paragraph, leaving out tracked deletions (``w:del``, ``w:moveFrom``), text boxes (reported
    apart) and the fallback copy of alternate content. Tabs become ``\t``, line breaks ``\n``.
    """
    out = []
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen"):
        anc, skip = el.getparent(), False
        while anc is not None and anc is not p:
            if anc.tag in _SKIP:
                skip = True
                break
            anc = anc.getparent()
        if skip:
            continue
        tag = el.tag
        if tag == f"{W}t":
            out.append(el.text or "")
        elif tag == f"{W}tab":
            if el.getparent().tag == f"{W}r":          # a tab character, not a tab stop in w:tabs
                out.append("\t")
        elif tag == f"{W}br":
            if el.get(f"{W}type") in (None, "textWrapping"):
                out.append("\n")
        elif tag == f"{W}cr":
            out.append("\n")
        else:
            out.append("-")
    return "".join(out)


_PICTURE_TAGS = ("}blip", "}imagedata", "}pic")


def _is_picture(drawing) -> bool:
    """Whether a ``w:drawing`` or ``w:pict`` holds an image (``a:blip``, ``pic:pic``, VML ``v:imagedata``),
    not only a text box or a shape."""
    return any(isinstance(el.tag, str) and el.tag.endswith(_PICTURE_TAGS) for el in drawing.iter())


class _DocxWalker:
    """Walks a python-docx document body in order, producing :class:`Para` and :class:`Table` blocks."""

    def __init__(self, document, source: Source):
        self.document = document
        self.source = source
        self.numbering = _Numbering(document, source.notes)
        # python-docx looks a style up by a linear XPath search each time (0.15 ms; seven times a paragraph):
        # remember each answer for this document, which is only read, so that reading is linear in its size
        lookup, styles = document.part.get_style, {}

        def get_style(style_id, style_type):
            key = (style_id, style_type)
            if key not in styles:
                styles[key] = lookup(style_id, style_type)
            return styles[key]
        document.part.get_style = get_style
        self.n = 0
        self.blank = 0
        self.break_pending = False
        self.notes = {"footnoteReference": self._notes_of("footnotes", "footnote"),
                      "endnoteReference": self._notes_of("endnotes", "endnote")}

    def _notes_of(self, part_name: str, tag: str) -> dict[str, str]:
        """The text of every footnote (脚注) or endnote (尾注) by its id, from ``word/footnotes.xml`` or
        ``word/endnotes.xml`` (python-docx does not read them); separators are left out."""
        from lxml import etree

        for rel in self.document.part.rels.values():
            if rel.is_external or not rel.reltype.endswith("/" + part_name):
                continue
            try:
                root = etree.fromstring(rel.target_part.blob)
            except (etree.XMLSyntaxError, ValueError):
                return {}
            out = {}
            for note in root.findall(f"{W}{tag}"):
                if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                text = "\n".join(_paragraph_text(p).strip() for p in note.iter(f"{W}p")).strip()
                if text:
                    out[note.get(f"{W}id")] = text
            return out
        return {}

    def walk(self) -> None:
        self._container(self.document.element.body)

    def _container(self, element) -> None:
        """Reads the paragraphs and tables of ``element`` (the body, a content control, a boxed cell) in order."""
        for child in element.iterchildren():
            tag = child.tag
            if tag == f"{W}p":
                self._paragraph(child)
            elif tag == f"{W}tbl":
                self._table(child)
            elif tag == f"{W}sdt":
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    self._container(content)

    def _paragraph(self, p) -> None:
        from docx.text.paragraph import Paragraph

        self.n += 1
        para = Paragraph(p, self.document)
        ppr = p.pPr
        starts_page = self.break_pending or (ppr is not None and ppr.find(f"{W}pageBreakBefore") is not None
                                             and _val(ppr.find(f"{W}pageBreakBefore")) not in ("0", "false"))
        self.break_pending = False
        text = _paragraph_text(p)
        # a page break run: text before it stays on this page, text after it starts the next
        brs = p.findall(f".//{W}br")
        page_brs = [b for b in brs if b.get(f"{W}type") == "page"]
        if page_brs and not text.strip():
            self.break_pending = True
        elif page_brs:
            self.break_pending = self._break_is_last(p)
            if not self.break_pending:
                starts_page = True
        if ppr is not None and ppr.find(f"{W}sectPr") is not None:
            self.break_pending = True
        for pic in p.iter(f"{W}drawing", f"{W}pict"):
            if not _is_picture(pic):
                continue        # a text box or a drawn shape: its text is reported below
            self.source.notes.append(Note(self.n, text[:20], "图片未导入；如需要，请把图片放入本月文件夹，在正文中用 ![说明](文件名) 引用"))
            break
        self._side_notes(p, self.n)
        for box in p.iter(f"{W}txbxContent"):
            if any(a.tag == f"{MC}Fallback" for a in box.iterancestors()):
                continue            # the same box again, for programs that cannot draw DrawingML
            box_text = "".join(t.text or "" for t in box.iter(f"{W}t")).strip()
            if box_text:
                self.source.notes.append(Note(self.n, box_text, "文本框中的文字未导入"))
        label = self._number_label(para)
        text = text.strip()
        if label and text:
            text = label + text
        elif label:
            label = ""
        if not text:
            self.blank += 1
            if starts_page:
                self.break_pending = True
            return
        links = self._links(p)
        lines = [x for x in text.split("\n") if x.strip()]
        for k, line in enumerate(lines):
            # each link goes with the line that shows its text; one whose text is nowhere, with the first
            mine = tuple(x for x in links if x[0] and x[0] in line)
            if k == 0:
                mine += tuple(x for x in links if not x[0] or not any(x[0] in y for y in lines))
            self.source.blocks.append(Para(
                text=line.strip(), where=self.n, align=self._align(para), bold=self._bold(para),
                page_break=starts_page, blank_before=self.blank, size=self._size(para),
                style=para.style.name if para.style is not None else None, auto_label=label,
                links=mine,
            ))
            label = ""
            starts_page = False
            self.blank = 0

    def _links(self, p) -> tuple[tuple[str, str], ...]:
        """The external hyperlinks of paragraph ``p``: ``w:hyperlink`` with a relationship to an address,
        and HYPERLINK fields (``w:fldSimple`` or ``w:instrText``), each with the text it shows."""
        out = []
        rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
        for h in p.iter(f"{W}hyperlink"):
            rid = h.get(rel)
            target = self.document.part.rels[rid].target_ref if rid in self.document.part.rels else None
            if target and re.match(r"https?://", target):
                out.append(("".join(t.text or "" for t in h.iter(f"{W}t")).strip(), target))
        for f in p.iter(f"{W}fldSimple"):
            m = re.search(r'HYPERLINK\s+"([^"]+)"', f.get(f"{W}instr") or "")
            if m and re.match(r"https?://", m.group(1)):
                out.append(("".join(t.text or "" for t in f.iter(f"{W}t")).strip(), m.group(1)))
        instr = "".join(t.text or "" for t in p.iter(f"{W}instrText"))
        for m in re.finditer(r'HYPERLINK\s+"(https?://[^"]+)"', instr):
            out.append(("", m.group(1)))
        return tuple(out)

    def _side_notes(self, p, where: int) -> None:
        """Reports the footnotes and endnotes (脚注, 尾注) referred to in paragraph ``p`` (also in a table
        cell), whose text is not part of the paragraph's, in full."""
        for ref in p.iter(f"{W}footnoteReference", f"{W}endnoteReference"):
            kind = ref.tag[len(W):]
            note = self.notes[kind].get(ref.get(f"{W}id"))
            if note:
                what = "脚注" if kind == "footnoteReference" else "尾注"
                self.source.notes.append(Note(where, note, f"是本段的{what}，未导入；如需要，请写入正文（或学习材料的 source）",
                                              full=True))

    @staticmethod
    def _break_is_last(p) -> bool:
        """Whether the paragraph's last page break comes after all its text (the next paragraph starts the page)."""
        seen_break = False
        for el in p.iter(f"{W}t", f"{W}br"):
            if el.tag == f"{W}br" and el.get(f"{W}type") == "page":
                seen_break = True
            elif el.tag == f"{W}t" and (el.text or "").strip() and seen_break:
                return False
        return seen_break

    def _number_label(self, para) -> str:
        """The automatic number Word shows before ``para``: its list (numId) and level (ilvl) from the
        paragraph, else from its style and the styles it is based on, each found where first given
        (a paragraph may set only the level of its style's list)."""
        ppr = para._p.pPr
        found = [ppr.numPr if ppr is not None else None]
        style = para.style
        while style is not None:
            spr = style.element.pPr
            found.append(spr.numPr if spr is not None else None)
            style = style.base_style
        num_id = next((n.numId.val for n in found if n is not None and n.numId is not None), None)
        ilvl = next((n.ilvl.val for n in found if n is not None and n.ilvl is not None), 0)
        if num_id is None:
            return ""
        return self.numbering.label(str(num_id), int(ilvl))

    @staticmethod
    def _align(para) -> str | None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH as A

        value = para.paragraph_format.alignment
        style = para.style
        while value is None and style is not None:
            value = style.paragraph_format.alignment
            style = style.base_style
        return {A.CENTER: "center", A.RIGHT: "right", A.LEFT: "left", A.JUSTIFY: "both",
                A.DISTRIBUTE: "both"}.get(value)

    @staticmethod
    def _bold(para) -> bool:
        runs = [r for r in para.runs if r.text.strip()]
        if not runs:
            return False

        def bold(r) -> bool:
            if r.bold is not None:
                return r.bold
            style = r.style
            while style is not None and style.font.bold is None:
                style = style.base_style
            if style is not None and style.font.bold is not None:
                return style.font.bold
            style = para.style
            while style is not None and style.font.bold is None:
                style = style.base_style
            return bool(style is not None and style.font.bold)
        return all(bold(r) for r in runs)

    @staticmethod
    def _size(para) -> float | None:
        for r in para.runs:
            if r.text.strip() and r.font.size is not None:
                return r.font.size.pt
        style = para.style
        while style is not None:
            if style.font.size is not None:
                return style.font.size.pt
            style = style.base_style
        return None

    def _table(self, tbl) -> None:
        rows = tbl.findall(f"{W}tr")
        cells = rows[0].findall(f"{W}tc") if len(rows) == 1 else []
        if len(cells) == 1:      # a one-cell table is a box drawn round text (版头, 温馨提示): read its paragraphs
            self._container(cells[0])
            return
        self.n += 1
        where = self.n
        grid: list[list[tuple[Cell, str | None, int]]] = []
        header_rows = 0
        for r, tr in enumerate(tbl.findall(f"{W}tr")):
            trpr = tr.find(f"{W}trPr")
            if trpr is not None and trpr.find(f"{W}tblHeader") is not None and r == header_rows:
                header_rows += 1
            row = []
            col = 0
            for tc in tr.findall(f"{W}tc"):
                tcpr = tc.find(f"{W}tcPr")
                written = _val(tcpr.find(f"{W}gridSpan")) if tcpr is not None else None
                span = _int(written, 0) if written is not None else 1
                if not 1 <= span <= MAX_TABLE_COLUMNS:   # gridSpan="abc", "0", "100000"
                    self.source.notes.append(Note(where, "", f"表格中一格的合并列数写法不对（gridSpan=“{written}”），"
                                                             "已按 1 列导入，请核对表格", full=True))
                    span = 1
                vmerge = tcpr.find(f"{W}vMerge") if tcpr is not None else None
                merge = None if vmerge is None else (_val(vmerge) or "continue")
                paras = []
                for p in tc.iter(f"{W}p"):
                    t = "".join((x.text or "") if x.tag == f"{W}t" else ("\t" if x.tag == f"{W}tab" else "\n")
                                for x in p.iter(f"{W}t", f"{W}tab", f"{W}br")).strip()
                    paras.append(t)
                    self._side_notes(p, where)
                    for shown, url in self._links(p):
                        if url not in t:
                            self.source.notes.append(Note(where, shown or t, f"（表格中）带有超链接 {url}，链接地址未导入；"
                                                                             "如需要，请写入表格或学习材料的 link", full=True))
                text = "\n".join(x for x in paras if x)
                if tc.find(f".//{W}tbl") is not None:
                    self.source.notes.append(Note(where, text[:20], "表格中套有表格，内层表格已按文字导入，请核对"))
                row.append((Cell(text, colspan=span), merge, col))
                col += span
            grid.append(row)
        rows: list[list[Cell]] = []
        for r, row in enumerate(grid):
            out = []
            for cell, merge, col in row:
                if merge == "continue":
                    continue
                if merge == "restart":
                    n = 1
                    for below in grid[r + 1:]:
                        if any(m == "continue" and c == col for _, m, c in below):
                            n += 1
                        else:
                            break
                    cell.rowspan = n
                out.append(cell)
            rows.append(out)
        self.source.blocks.append(Table(rows=rows, where=where, header_rows=max(1, header_rows),
                                        blank_before=self.blank, page_break=self.break_pending))
        self.break_pending = False
        self.blank = 0
