"""A5 saddle-stitch (骑马订) imposition of an A4 booklet onto A4 landscape sheets.

Each A4 page is scaled by 1/√2 to A5 (148 × 210 mm) and placed two-up on an
A4 landscape side (297 × 210 mm). Printed double-sided, flipped on the short
edge (短边翻转), folded in the middle and stapled on the fold, the sheets read
in order. Any duplex A4 printer can print it; no booklet driver is needed.

Page order for n pages (n padded with blank pages to a multiple of 4),
sheet k = 0, 1, …, n/4 − 1, pages numbered from 1:

* front of sheet k: left n − 2k, right 2k + 1;
* back of sheet k: left 2k + 2, right n − 2k − 1.

So for 8 pages: [8, 1], [2, 7], [6, 3], [4, 5].
"""

from __future__ import annotations

import hashlib
import io
import math

MM = 72 / 25.4
SHEET_PT = (297 * MM, 210 * MM)
"""A4 landscape sheet, width × height in pt."""


def page_order(n: int) -> list[tuple[int | None, int | None]]:
    """Sides in printing order, each ``(left, right)`` page numbers (1-based), ``None`` for a padding blank.

    Args:
        n: pages in the A4 booklet (≥ 1).

    Returns:
        ``2 * ceil(n / 4)`` sides: front of sheet 1, back of sheet 1, front of sheet 2, …
    """
    total = max(4, math.ceil(n / 4) * 4)

    def real(p: int) -> int | None:
        return p if p <= n else None

    sides = []
    for k in range(total // 4):
        sides.append((real(total - 2 * k), real(2 * k + 1)))
        sides.append((real(2 * k + 2), real(total - 2 * k - 1)))
    return sides


def impose_a5(source, title: str | None = None) -> bytes:
    """The saddle-stitch imposition of an A4 PDF, as the bytes of a new PDF.

    The output depends only on the bytes of the source (its /ID is a hash of
    them; no clock), so identical booklets give identical impositions.

    Args:
        source: the A4 portrait booklet: its bytes, or a pypdf ``PdfReader`` already open
            on them (then the caller's reader is reused, not parsed again).
        title: the document title for the PDF metadata; default: the source's title + “（A5骑马订）”.

    Returns:
        The PDF bytes (A4 landscape sides, two A5 pages each).
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject, DictionaryObject, NameObject, StreamObject, TextStringObject

    reader = source if isinstance(source, PdfReader) else PdfReader(io.BytesIO(source))
    data = _source_bytes(reader)
    pages = reader.pages
    writer = PdfWriter()
    sheet_w, sheet_h = SHEET_PT
    forms: dict[int, object] = {}
    for left, right in page_order(len(pages)):
        side = writer.add_blank_page(width=sheet_w, height=sheet_h)
        ops, xobjects = [], DictionaryObject()
        for slot, number in ((0, left), (1, right)):
            if number is None:
                continue
            page = pages[number - 1]
            if number not in forms:
                forms[number] = _form(writer, page)
            box = page.mediabox
            scale = min((sheet_w / 2) / float(box.width), sheet_h / float(box.height))
            dx = slot * sheet_w / 2 + (sheet_w / 2 - float(box.width) * scale) / 2 - float(box.left) * scale
            dy = (sheet_h - float(box.height) * scale) / 2 - float(box.bottom) * scale
            name = f"/P{number}"
            xobjects[NameObject(name)] = forms[number]
            ops.append(f"q {scale:.6f} 0 0 {scale:.6f} {dx:.4f} {dy:.4f} cm {name} Do Q")
        content = StreamObject()
        content.set_data(" ".join(ops).encode())
        side[NameObject("/Contents")] = writer._add_object(content)
        # The fonts are also listed on the side itself (unused there), so that tools that look for
        # fonts page by page (pdffonts, preflight checks) see them embedded.
        page_fonts = DictionaryObject()
        for form in xobjects.values():
            page_fonts.update(form.get_object()["/Resources"].get_object().get("/Font", DictionaryObject()).get_object())
        side[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects, NameObject("/Font"): page_fonts})
    meta = reader.metadata or {}
    info = {k: v for k, v in meta.items() if k in ("/Author", "/Subject", "/Keywords", "/Creator", "/CreationDate", "/ModDate")}
    info["/Title"] = title or f"{meta.get('/Title', '')}（A5骑马订）"
    info["/Producer"] = "pypdf"
    writer.add_metadata(info)
    lang = reader.trailer["/Root"].get("/Lang")
    if lang:
        writer._root_object[NameObject("/Lang")] = TextStringObject(str(lang))
    digest = ByteStringObject(hashlib.md5(data).digest())
    writer._ID = ArrayObject((digest, digest))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _source_bytes(reader) -> bytes:
    """The bytes a ``PdfReader`` was opened on (its stream), for the output's /ID."""
    stream = reader.stream
    position = stream.tell()
    stream.seek(0)
    data = stream.read()
    stream.seek(position)
    return data


def _form(writer, page):
    """The A4 ``page`` as a Form XObject in ``writer`` (drawn scaled on a sheet; content is not re-parsed).

    A page with one compressed content stream (as WeasyPrint writes them) lends its
    bytes as they are, still compressed; otherwise its decoded content is compressed anew.
    """
    from pypdf.generic import (ArrayObject, DictionaryObject, EncodedStreamObject, FloatObject, NameObject,
                               NumberObject, StreamObject)

    header = {
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/FormType"): NumberObject(1),
        NameObject("/BBox"): ArrayObject(FloatObject(float(v)) for v in page.mediabox),
        NameObject("/Resources"): page["/Resources"].clone(writer) if "/Resources" in page else DictionaryObject(),
    }
    raw = page.get("/Contents")
    raw = raw.get_object() if raw is not None else None
    if isinstance(raw, EncodedStreamObject) and raw.get("/Filter") == "/FlateDecode" and "/DecodeParms" not in raw:
        form = EncodedStreamObject()
        form._data = raw._data
        form.update(header)
        form[NameObject("/Filter")] = NameObject("/FlateDecode")
        return writer._add_object(form)
    contents = page.get_contents()
    form = StreamObject()
    form.set_data(contents.get_data() if contents is not None else b"")
    form.update(header)
    return writer._add_object(form.flate_encode())
