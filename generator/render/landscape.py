"""Wide tables on turned pages (横排表格), after GB/T 9704-2012 clause 10.1.

The standard lets an A4 table run sideways: the sheet stays portrait, the table
is turned 90°, its head (表头) lies towards the binding edge on odd pages and
towards the outer edge on even pages, and the page number stays where it is on
every other page. WeasyPrint can lay a table out on a landscape page (named
page ``wide`` in the booklet stylesheet) but cannot turn a page or its margin
boxes, so :func:`turn_wide_pages` does it afterwards with pypdf:

1. each landscape page's content is rotated 90° counter-clockwise onto a
   portrait A4 sheet, which puts the table's head at the sheet's left edge:
   the binding edge of an odd page and the outer edge of an even page, as the
   standard asks for both;
2. the page number (“— N —”, same face, size and place as on portrait pages)
   is stamped from an overlay page that WeasyPrint renders with the same
   stylesheet, so it is upright when the booklet is held normally.

The page objects are modified in place (their marked content stays in the
structure tree of a tagged PDF) and the output's /ID is a hash of the input,
so identical input gives identical bytes.
"""

from __future__ import annotations

import hashlib
import io

PORTRAIT = (595.28, 841.89)
"""A4 portrait in pt."""


def overlay_order(numbers: list[int]) -> list[int | None]:
    """Page numbers laid out on overlay pages so that each falls on a page of its own parity.

    Odd numbers must sit on odd (right-hand) overlay pages and even ones on even
    pages, because the stylesheet puts odd page numbers right and even ones left.
    ``None`` marks a filler page. Example: ``[5, 7]`` → ``[5, None, 7]``.
    """
    order: list[int | None] = []
    for n in sorted(numbers):
        if (len(order) + 1) % 2 != n % 2:
            order.append(None)
        order.append(n)
    return order


def overlay_html(css: str, order: list[int | None]) -> str:
    """An HTML document of blank pages whose margin boxes print the numbers in ``order``.

    Args:
        css: the booklet stylesheet for a standalone document (no cover renumbering).
        order: from :func:`overlay_order`.
    """
    resets = "".join(f"@page :nth({i}) {{ counter-reset: page {n}; }}\n"
                     for i, n in enumerate(order, start=1) if n is not None)
    pages = "".join('<div class="overlay-page"></div>' for _ in order)
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>{css}\n{resets}'
            ".overlay-page + .overlay-page { break-before: page; }</style></head>"
            f"<body>{pages}</body></html>")


BOXES = ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox")


def set_page_size(page, width: float, height: float) -> None:
    """Sets every box a pypdf ``page`` has (media, crop, bleed, trim, art) to ``width`` × ``height`` pt."""
    from pypdf.generic import NameObject, RectangleObject

    box = RectangleObject([0, 0, width, height])
    for name in BOXES:
        if name in page:
            page[NameObject(name)] = box


def turn_wide_pages(pdf: bytes, numbers: dict[int, int], overlay_pdf: bytes, order: list[int | None]) -> bytes:
    """Turns the landscape pages of ``pdf`` onto portrait sheets and stamps their page numbers.

    Args:
        pdf: the booklet as WeasyPrint wrote it.
        numbers: 0-based index of each landscape page → its printed page number.
        overlay_pdf: :func:`overlay_html` rendered to PDF.
        order: the overlay's page numbers (:func:`overlay_order`), to find each number's overlay page.

    Returns:
        The new PDF bytes (same pages, bookmarks, metadata and structure tree).
    """
    from pypdf import PdfReader, PdfWriter, Transformation
    from pypdf.generic import ArrayObject, ByteStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    overlay = PdfReader(io.BytesIO(overlay_pdf))
    for index, number in numbers.items():
        page = writer.pages[index]
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        # (x, y) → (height − y, x): the landscape page's top edge becomes the sheet's left edge
        page.add_transformation(Transformation().rotate(90).translate(height, 0))
        set_page_size(page, height, width)
        page.merge_page(overlay.pages[order.index(number)])
    digest = ByteStringObject(hashlib.md5(pdf).digest())
    writer._ID = ArrayObject((digest, digest))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
