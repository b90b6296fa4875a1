"""Hostile .docx files built in code (for tests/test_input_faults.py and bench/importer_bounds.py).

Each function returns the bytes of a small Word package: the minimum parts Word and python-docx
need, with one thing wrong. Nothing is read from disk, so each file is what its name says.
"""

from __future__ import annotations

import io
import zipfile

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"

TITLE = "关于开展2019年11月党支部组织生活的通知"


def para(text: str, num: tuple[int, int] | None = None) -> str:
    """One ``w:p`` with ``text`` (escaped by the caller if needed); ``num`` = (numId, ilvl) for automatic numbering."""
    ppr = f'<w:pPr><w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr></w:pPr>' if num else ""
    return f"<w:p>{ppr}<w:r><w:t>{text}</w:t></w:r></w:p>"


def package(body: str | bytes, *, numbering: str | None = None, main_type: str = DOCX_MAIN,
            extra: dict[str, bytes] | None = None) -> bytes:
    """A .docx whose body is ``body`` (``w:p``/``w:tbl`` elements); ``extra`` parts are added as they are."""
    overrides = f'<Override PartName="/word/document.xml" ContentType="{main_type}"/>'
    rels = ""
    if numbering is not None:
        overrides += ('<Override PartName="/word/numbering.xml" ContentType="application/'
                      'vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>')
        rels = (f'<Relationship Id="rId9" Type="{R_NS}/numbering" Target="numbering.xml"/>')
    head = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}" '
            f'xmlns:r="{R_NS}"><w:body>').encode()
    tail = b"</w:body></w:document>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="png" ContentType="image/png"/><Default Extension="bin" '
            'ContentType="application/vnd.ms-office.vbaProject"/>' + overrides + "</Types>"))
        z.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships"><Relationship Id="rId1" Type="{R_NS}/officeDocument" '
            'Target="word/document.xml"/></Relationships>'))
        z.writestr("word/_rels/document.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships">{rels}</Relationships>'))
        if numbering is not None:
            z.writestr("word/numbering.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W_NS}">'
                                              f"{numbering}</w:numbering>")
        with z.open("word/document.xml", "w", force_zip64=True) as stream:
            stream.write(head)
            stream.write(body.encode() if isinstance(body, str) else body)
            stream.write(tail)
        for name, blob in (extra or {}).items():
            z.writestr(name, blob)
    return out.getvalue()


def ordinary() -> bytes:
    """A short notice that imports (the control)."""
    return package(para(TITLE) + para("各党支部：") + para("一、组织生活时间及地点") + para("11月28日前，各支部自行安排。"))


def roman_start(start: int = 2_000_000_000) -> bytes:
    """A list whose automatic numbering starts at ``start`` in upper-case Roman numerals (2.4 KB hung the importer)."""
    numbering = (f'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
                 '<w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')
    return package(para(TITLE) + para("各党支部：") + "".join(para(f"第{k}项工作", (1, 0)) for k in range(5)),
                   numbering=numbering)


def paragraph_bomb(n: int = 1_500_000) -> bytes:
    """``n`` paragraphs: 1.5 million inflate to 90 MB from about 260 KB."""
    return package(para(TITLE).encode() + para("一").encode() * n)


def image_bomb(mib: int = 1024) -> bytes:
    """A 1 MB .docx holding a ``mib`` MiB "image" of zeros (never referenced: only its size matters)."""
    out = io.BytesIO(ordinary())
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as z:
        with z.open("word/media/image1.png", "w", force_zip64=True) as stream:
            chunk = b"\0" * (1 << 20)
            for _ in range(mib):
                stream.write(chunk)
    return out.getvalue()


def grid_span(value: str = "abc") -> bytes:
    """A two-row table with one cell's ``gridSpan`` written as ``value``."""
    cell = "<w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>"
    odd = f'<w:tc><w:tcPr><w:gridSpan w:val="{value}"/></w:tcPr><w:p><w:r><w:t>合并</w:t></w:r></w:p></w:tc>'
    table = ("<w:tbl><w:tr>" + cell.format("序号") + cell.format("内容") + "</w:tr><w:tr>" + odd + "</w:tr></w:tbl>")
    return package(para(TITLE) + para("各党支部：") + table + para("请认真落实。"))


def macro_document() -> bytes:
    """A .docm: the macro-enabled main part type and a ``vbaProject.bin`` (bytes that are not a real macro)."""
    return package(para(TITLE) + para("各党支部：") + para("请认真落实。"), main_type=DOCM_MAIN,
                   extra={"word/vbaProject.bin": b"not a real macro project"})


def many_parts(n: int = 5000) -> bytes:
    """An ordinary notice with ``n`` empty members added to its package."""
    out = io.BytesIO(ordinary())
    with zipfile.ZipFile(out, "a") as z:
        for i in range(n):
            z.writestr(f"word/media/x{i}.png", b"")
    return out.getvalue()
