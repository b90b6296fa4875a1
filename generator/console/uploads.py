"""Upload checks before the importer sees a file: size, type by content, and what a .docx may hold.

The importer (:func:`generator.importer.source.read_source`) then applies its own checks. Every refusal
is :class:`generator.importer.ImportRefused` with a Chinese message; nothing is written.
"""

from __future__ import annotations

import io
import zipfile

from ..importer import ImportRefused
from .content import MAX_UPLOAD

MAX_ENTRIES = 2000
"""Members a .docx may hold."""
MAX_UNPACKED = 200 * 1024 * 1024
"""Bytes a .docx may unpack to, all members together."""
MAX_RATIO = 200
"""Largest compression ratio of one member (a zip bomb packs far tighter)."""


def check_upload(name: str, data: bytes) -> str:
    """Checks an uploaded file; returns its suffix (``.docx`` or ``.txt``).

    Raises:
        ImportRefused: too large, neither a Word document nor text by its content, a zip bomb, or XML
            with a document type declaration (XXE).
    """
    if len(data) > MAX_UPLOAD:
        raise ImportRefused(f"{name} 太大（{len(data) / 1048576:.0f} MB），最多 {MAX_UPLOAD // 1048576} MB。"
                            "请删去文档中的大图片后再上传")
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in (".docx", ".txt"):
        raise ImportRefused(f"{name} 不是 Word 文档（.docx）或文本文件（.txt），只能导入这两种文件")
    if data[:2] == b"MZ" or data[:4] in (b"\x7fELF",):
        raise ImportRefused(f"{name} 是可执行程序，不是{'Word 文档' if suffix == '.docx' else '文本文件'}，未导入")
    if suffix == ".docx":
        if not data.startswith(b"PK\x03\x04"):
            if data.startswith(b"\xd0\xcf\x11\xe0"):
                return suffix  # old .doc or encrypted: the importer says what to do
            raise ImportRefused(f"{name} 不是有效的 Word 文档（.docx）：文件内容不是 Word 格式，可能已损坏或只是改了扩展名。"
                                "请在 Word 或 WPS 中打开并另存为 .docx 后再导入")
        _check_zip(name, data)
    else:
        if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise ImportRefused(f"{name} 不是文本文件（含有二进制内容），未导入。请上传 Word 文档或纯文本文件")
    return suffix


def _check_zip(name: str, data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise ImportRefused(f"{name} 已损坏，无法作为 Word 文档读取。请在 Word 或 WPS 中打开并另存为 .docx 后再导入") from None
    bomb = ImportRefused(f"{name} 解压后异常巨大（疑似“压缩炸弹”），未导入。请在 Word 或 WPS 中打开并另存后再上传")
    if len(members) > MAX_ENTRIES or sum(m.file_size for m in members) > MAX_UNPACKED:
        raise bomb
    for m in members:
        if m.compress_size and m.file_size / m.compress_size > MAX_RATIO and m.file_size > 1024 * 1024:
            raise bomb
        if m.filename.endswith((".xml", ".rels")):
            with archive.open(m) as part:
                head = part.read(MAX_UPLOAD)
                if len(head) >= MAX_UPLOAD and part.read(1):
                    raise bomb
            if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
                raise ImportRefused(f"{name} 中含有 XML 文档类型声明（DOCTYPE/ENTITY），Word 不会写出这种内容，"
                                    "可能是恶意文件，未导入。请在 Word 或 WPS 中打开并另存后再上传")
