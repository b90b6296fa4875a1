"""The printed booklet: the content model → HTML → PDF with WeasyPrint.

Stage three for paper. :func:`month_html` lays out one month (cover, body,
each 附件 on a new right-hand page, the checklist as a table to tick);
:func:`document_html` lays out one shared document with its annexes.
:func:`write_pdf` turns either into a PDF whose bytes depend only on the
content (the PDF dates come from the content, not the clock).

Typography follows GB/T 9704-2012; the figures live in
``templates/booklet/booklet.css.j2`` and the constants below.
"""

from __future__ import annotations

import ctypes.util
import datetime as dt
import io
import logging
import math
import os
import re
import threading

import markupsafe
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from . import fonts
from ..read import sanitize
from ..derive.checklist import derive_checklist
from ..read.markdown import to_html
from ..model import Document, MonthIssue, Organisation
from .paths import a5_name  # noqa: F401  (kept importable from here)
from .templating import environment

log = logging.getLogger(__name__)

MM = 72 / 25.4
"""Points per millimetre."""
TEXT_BLOCK_MM = (156, 225)
"""版心 width × height in mm (GB/T 9704-2012, 5.2.2)."""
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
"""A full body page holds 22 lines of 28 characters (GB/T 9704-2012, 5.2.3)."""
BODY_PT = 16
"""Body type size: 3号 = 16 pt."""
LINE_PT = math.floor(TEXT_BLOCK_MM[1] * MM / LINES_PER_PAGE * 100) / 100
"""Line pitch in pt: 225 mm / 22 lines = 28.99 pt (rounded down so the 22nd line fits)."""
TRACKING_PT = math.floor((TEXT_BLOCK_MM[0] * MM / CHARS_PER_LINE - BODY_PT) * 100) / 100
"""Letter-spacing in pt that fits 28 characters of 16 pt into 156 mm: −0.21 pt (rounded down so the 28th fits)."""
INDENT_PT = round(2 * (BODY_PT + TRACKING_PT), 2)
"""First-line indent: two tracked characters (空二字), in pt."""
NUMBER_FONTS = ["SimSun", "FandolSong", "Noto Serif CJK SC"]
"""Page numbers: 4号 half-width 宋体 (GB/T 9704-2012, 7.5)."""
NUMBER_PT = 14
"""Page-number size: 4号 = 14 pt."""
NUMBER_GAP_MM = 7
"""The 一字线 of the page number lies 7 mm below the 版心's bottom edge (GB/T 9704-2012, 7.5)."""
DASH_TOP_EM = 0.56
"""How far the em dash's stroke sits below the top of its em box, in em (measured on FandolSong; 0.64 on Noto Serif CJK SC)."""
NUMBER_PAD_PT = round(NUMBER_GAP_MM * MM - DASH_TOP_EM * NUMBER_PT, 2)
"""Padding above the page number's em box so that its dashes land 7 mm below the 版心 (12.0 pt with FandolSong)."""


A5_TEXT_BLOCK_MM = (116, 170)
"""The A5 copy's 版心, width × height in mm: the A4 one's margins scaled to the A5 sheet (148 × 210 mm)."""
A5_BODY_PT = 14
"""The A5 copy's body size: 4号 = 14 pt, the smallest the issue allows for older readers."""
A5_LINES_PER_PAGE = 21
A5_CHARS_PER_LINE = 23
"""A full A5 body page holds 21 lines of 23 characters of 14 pt."""
A5_LINE_PT = math.floor(A5_TEXT_BLOCK_MM[1] * MM / A5_LINES_PER_PAGE * 100) / 100
"""The A5 line pitch in pt: 170 mm / 21 lines = 22.94 pt."""
A5_TRACKING_PT = math.floor((A5_TEXT_BLOCK_MM[0] * MM / A5_CHARS_PER_LINE - A5_BODY_PT) * 100) / 100
"""Letter-spacing in pt that fits 23 characters of 14 pt into 116 mm: 0.29 pt."""
A5_INDENT_PT = round(2 * (A5_BODY_PT + A5_TRACKING_PT), 2)
"""The A5 first-line indent: two tracked characters, in pt."""
PAPERS = ("A4", "A5")
"""Paper sizes a booklet is laid out for: A4 (GB/T 9704-2012) and the A5 saddle-stitch copy."""


def _stack(families: list[str], generic: str) -> markupsafe.Markup:
    # CSS, not HTML: marked safe so templates do not entity-escape the quotes (the schema refuses
    # quotes, angle brackets, braces and semicolons in font names, so a name cannot end the rule)
    return markupsafe.Markup(", ".join(f'"{f}"' for f in families) + f", {generic}")


def font_stacks(org: Organisation) -> dict[str, str]:
    """CSS ``font-family`` values by role (body, title, heiti, kaiti, number) from ``org.fonts``."""
    return {
        "body": _stack(org.fonts["body"], "serif"),
        "title": _stack(org.fonts["title"], "serif"),
        "heiti": _stack(org.fonts["heiti"], "sans-serif"),
        "kaiti": _stack(org.fonts["kaiti"], "serif"),
        "number": _stack(NUMBER_FONTS, "serif"),
    }


_RELATIVE_SRC = re.compile(r"""(<img\b[^>]*?\ssrc=)(["'])(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^"']+)\2""", re.I)


def _rebase(html: str, folder: Path) -> str:
    """``html`` with each relative ``<img src>`` made absolute from ``folder`` (the document's own
    folder under ``content/``): a booklet gathers documents from several folders, and WeasyPrint
    resolves relative addresses from one base only. The fetcher still serves only ``content/``."""
    from urllib.parse import quote, unquote

    def absolute(m) -> str:
        path = (folder / unquote(m.group(3))).resolve()
        return f"{m.group(1)}{m.group(2)}file://{quote(path.as_posix())}{m.group(2)}"
    return _RELATIVE_SRC.sub(absolute, html)


def stylesheet(org: Organisation, for_issue: bool, paper: str = "A4") -> str:
    """The booklet CSS with the organisation's font families filled in.

    Args:
        org: supplies ``fonts`` by role (body, title, heiti, kaiti).
        for_issue: True for a month's booklet with a cover (cover + blank verso, numbering
            restarts at the body); False for anything that starts numbering on its first page.
        paper: ``A4`` (GB/T 9704-2012) or ``A5``: the A5 copy's own page size, margins and
            grid (:data:`A5_TEXT_BLOCK_MM`, body 4号 14 pt), same faces, same order.
    """
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {PAPERS}, not {paper!r}")
    return markupsafe.Markup(_env().get_template("booklet.css.j2").render(
        fonts=font_stacks(org), line_pt=LINE_PT, tracking_pt=TRACKING_PT, indent_pt=INDENT_PT,
        number_pad_pt=NUMBER_PAD_PT, issue=for_issue, a5=paper == "A5", a5_line_pt=A5_LINE_PT,
        a5_tracking_pt=A5_TRACKING_PT, a5_indent_pt=A5_INDENT_PT))


def for_paper(html: str, org: Organisation, for_issue: bool, paper: str) -> str:
    """``html`` (from :func:`month_html` or :func:`document_html`, laid out for A4) with its stylesheet
    swapped for ``paper``'s: the same content for another paper without rendering the templates again.

    Raises:
        ValueError: ``html`` does not carry the A4 stylesheet of ``org``.
    """
    a4 = stylesheet(org, for_issue)
    if a4 not in html:
        raise ValueError("html does not carry the A4 booklet stylesheet")
    return html.replace(a4, stylesheet(org, for_issue, paper), 1)


@lru_cache(maxsize=1)
def _env():
    """The booklet's Jinja environment, made once per process (templates still reload when they change)."""
    env = environment("booklet")
    # checked when read (generator.read.sanitize); cleaned again here, as defence in depth
    env.filters["md"] = lambda text: markupsafe.Markup(sanitize.clean(to_html(text)))
    env.filters["md_doc"] = lambda text, doc: markupsafe.Markup(_rebase(sanitize.clean(to_html(text)), doc.path.parent))
    return env


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00+08:00"


def _where(ch: str, issue: MonthIssue | None, doc: Document | None) -> str:
    """Names the source file (and line) holding ``ch``: the month's data file or a document's Markdown."""
    docs = ([doc] if doc else []) + (list(issue.attachments) if issue else [])
    for d in list(docs):
        docs += d.annexes
    label = f"{issue.month_zh}小册子" if issue else f"《{doc.title}》"
    for path in [d.path for d in docs] + ([issue.path] if issue else []):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        for n, line in enumerate(lines, start=1):
            if ch in line:
                return f"{label}（{'/'.join(path.parts[-3:])} 第{n}行）"
    return label


def glyph_report(html: str, org: Organisation, issue: MonthIssue | None = None, doc: Document | None = None) -> list[str]:
    """Warnings (Chinese) for the characters of a rendered booklet ``html`` that no configured font has.

    Args:
        html: what :func:`month_html` or :func:`document_html` returned.
        org: supplies the configured font families.
        issue, doc: the month or document it was rendered from, to name the file and line of each character.
    """
    return glyph_warnings(html_text(html), org, lambda ch: _where(ch, issue, doc))


@dataclass(frozen=True)
class CoverQR:
    """The cover's QR code: ``url`` of the month's page and the code as an SVG ``data:`` URI (no outside request)."""

    url: str
    data_uri: str


def month_url(issue: MonthIssue, org: Organisation) -> str:
    """The month's page on the published site: ``organisation.site_url`` + ``YYYY-MM/``."""
    return org.site_url.rstrip("/") + f"/{issue.key}/"


def cover_qr(issue: MonthIssue, org: Organisation) -> CoverQR | None:
    """The QR code for the cover (error correction M, no quiet zone: the cover's white is the margin); None without a site URL."""
    if not org.site_url:
        return None
    import segno

    url = month_url(issue, org)
    code = segno.make(url, error="m", micro=False)
    return CoverQR(url=url, data_uri=code.svg_data_uri(border=0, dark="#000", light="#fff"))


def first_numbered(issue: MonthIssue) -> int:
    """The physical page numbered — 1 — in the month's booklet: 3 after a cover and its blank verso, else 1."""
    return 3 if issue.cover else 1


def month_html(issue: MonthIssue, org: Organisation, checklist: list | tuple | None = None) -> str:
    """The month's booklet as one HTML document (str), styles inlined; check it with :func:`glyph_report`.

    A booklet (``form: booklet``) has a cover and its blank verso, then the body on a right-hand
    page; a notice (``form: notice``, GB/T 9704-2012 clause 7) starts with its 版头 or title on
    page 1. Attachments follow, each on a new right-hand page, then the checklist
    (``checklist``, as :func:`generator.derive.derive` computed it; derived here when not given).
    """
    created = issue.published or issue.first_day
    html = _env().get_template("booklet.html.j2").render(
        issue=issue, doc=None, checklist=derive_checklist(issue) if checklist is None else checklist,
        css=stylesheet(org, issue.cover),
        qr=cover_qr(issue, org) if issue.cover else None,
        title=issue.display_title, author=issue.publisher,
        description=f"{issue.publisher}{issue.display_title}" + (f"（{issue.ordinal_zh}）" if issue.ordinal_zh else ""),
        created=_timestamp(created),
    )
    return html


def document_html(doc: Document, org: Organisation) -> str:
    """A shared document (with its annexes) as one HTML document for printing on its own."""
    created = doc.date.as_date() if doc.date else dt.date(2000, 1, 1)
    html = _env().get_template("booklet.html.j2").render(
        issue=None, doc=doc, checklist=[], css=stylesheet(org, False), title=doc.title,
        author=doc.signature or doc.issuer or org.name, description=doc.title, created=_timestamp(created),
    )
    return html


PDF_VARIANT = "pdf/ua-1"
"""Tagged PDF (structure tree, /MarkInfo, XMP metadata) so that screen readers can read the booklet.

WeasyPrint does not guarantee validity; the tests check that the structure is
there, that text extraction still works and that the bytes stay reproducible."""


def year_plan_html(plan, org: Organisation) -> str:
    """The year plan (:class:`generator.derive.yearplan.YearPlan`) as a printable HTML document: A4
    landscape, one table, its header repeated on every page."""
    created = f"{plan.year}-01-01T00:00:00+08:00"
    return _env().get_template("yearplan.html.j2").render(plan=plan, org=org, fonts=font_stacks(org), created=created)


def pdf_bytes(html: str, base_url: Path | None = None, org: Organisation | None = None,
              first_numbered: int = 1, paper: str = "A4", variant: str | None = PDF_VARIANT) -> bytes:
    """Lays out ``html`` and returns the PDF file's bytes.

    Fonts are embedded and subset; the PDF is tagged (:data:`PDF_VARIANT`) and
    carries the HTML's title, author, language (``lang``) and the dates from its
    ``dcterms`` meta tags, so the same content always gives the same bytes.

    Args:
        html: a booklet from :func:`month_html` or :func:`document_html` (or any HTML).
        base_url: for relative references in ``html``.
        org: pass it for booklets: landscape pages (tables marked ``class="wide"``)
            are then turned onto portrait sheets with their page numbers in place
            (:mod:`generator.render.landscape`, GB/T 9704-2012 clause 10.1). Without it
            pages are written as laid out (the year plan is landscape throughout).
        first_numbered: the physical page (1-based) that is numbered — 1 — (3 for a
            month's booklet with a cover: cover, blank verso, then the body).
        paper: the paper ``html``'s stylesheet is for (:func:`for_paper`): the turned pages'
            numbers are stamped in that paper's style.
        variant: WeasyPrint's ``pdf_variant``; ``None`` writes an untagged PDF (the A5 copy,
            whose imposition keeps no structure tree anyway).

    WeasyPrint reads nothing but files under ``content/`` of the project at ``base_url``
    (:func:`generator.read.sanitize.project_fetcher`): no other file of the machine, no network.

    Raises:
        generator.read.errors.ContentErrors: ``html`` names a file outside ``content/`` or a URL;
            the error names the source file and line.
    """
    data, _ = _render(html, base_url, lambda document: _write(document, org, first_numbered, paper, variant))
    return data


def _render(html: str, base_url: Path | None, then):
    """Lays out ``html`` (WeasyPrint, project fetcher, shared font configuration) and returns
    ``(then(document), document)``; refused fetches raise :class:`generator.read.errors.ContentErrors`."""
    import weasyprint  # imported here: loading Pango costs ~0.5 s and `check` never needs it
    from weasyprint.urls import FatalURLFetchingError

    from ..read.errors import ContentErrors

    fetcher = sanitize.project_fetcher(Path(base_url or Path.cwd()))
    data = document = None
    html, sheets = _parsed_stylesheet(html)
    try:
        document = weasyprint.HTML(string=html, base_url=str(base_url or Path.cwd()),
                                   url_fetcher=fetcher).render(font_config=font_configuration(), stylesheets=sheets)
        data = then(document)
    except FatalURLFetchingError:
        if not fetcher.refused:
            raise
    if fetcher.refused:
        raise ContentErrors(fetcher.refused)
    return data, document


CHECKLIST_BOOKMARK = "工作清单"
"""The booklet's bookmark at the start of the checklist pages."""


PDFIUM = threading.Lock()
"""Held around every use of PDFium (pypdfium2) in this process: PDFium may not be called from two threads
at once, not even on different documents (pypdfium2's documentation, “Incompatibility with Threading”);
the console renders previews in threads."""


SHARE_WIDTH_PX = 600
"""Width of the share picture in pixels (A4 portrait: 600 × 849); WeChat and others ask for at least 300 × 300."""


def cover_png(pdf: bytes, width: int = SHARE_WIDTH_PX) -> bytes:
    """The first page of ``pdf`` (a booklet: its cover, or its first page when it has none) as PNG bytes,
    ``width`` pixels wide: the month's share picture (issue 18; :mod:`generator.render.share` names it).

    Rendered by pypdfium2 (PDFium); the same PDF gives the same PNG. Compressed at zlib's default level:
    Pillow's ``optimize`` (level 9 and a search of filters) made the file 4% smaller (39 against 41 KB)
    at three times the CPU (0.033 against 0.009 s a picture).

    Raises:
        ValueError: the PDF has no page.
    """
    import pypdfium2 as pdfium

    with PDFIUM:  # one PDFium call at a time in a process
        doc = pdfium.PdfDocument(pdf)
        try:
            if len(doc) == 0:
                raise ValueError("the PDF has no page")
            page = doc[0]
            image = page.render(scale=width / page.get_width(), may_draw_forms=False).to_pil()
        finally:
            doc.close()
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG")
    return out.getvalue()


def checklist_pages(pdf: bytes, start: int) -> bytes:
    """The pages of the booklet ``pdf`` from ``start`` (0-based: the 工作清单's first page) to the end,
    as a PDF titled “<booklet title>：工作清单”, with the booklet's other metadata: the very pages the
    booklet carries (their content streams, fonts and annotations), copied by PDFium's page import
    (pypdfium2), then given their metadata by pypdf. 0.02 s a booklet: pypdf alone parsed every object of
    the tagged A4 (its structure tree, all in object streams) to reach the last pages, 0.11 s a booklet
    and 13 s of a ten-year archive's first build; writing them again from the layout with WeasyPrint
    took 0.07–0.1 s (fonts subset anew)."""
    import pypdfium2 as pdfium
    from pypdf import PdfReader, PdfWriter

    with PDFIUM:
        source = pdfium.PdfDocument(pdf)
        try:
            info = source.get_metadata_dict(skip_empty=True)
            copy = pdfium.PdfDocument.new()
            try:
                copy.import_pages(source, list(range(start, len(source))))
                pages = io.BytesIO()
                copy.save(pages)
            finally:
                copy.close()
        finally:
            source.close()
    writer = PdfWriter()  # pages appended (PDFium's file ID, random, is not copied: same bytes every time)
    writer.append(PdfReader(pages))
    writer.add_metadata({**{f"/{k}": v for k, v in info.items()},
                         "/Title": f"{info.get('Title', '')}：{CHECKLIST_BOOKMARK}"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def month_pdfs(issue: MonthIssue, org: Organisation, checklist, root: Path, a5: bool = True) -> tuple[dict[str, bytes], str]:
    """A month's printed copies, from one A4 layout and one A5 layout of the same HTML.

    Returns ``({"a4": …, "checklist": …, "a5": …}, html)`` (no ``a5`` when ``a5`` is False): the A4 booklet (tagged PDF/UA-1), its
    checklist pages (工作清单: the very pages the booklet carries, :func:`checklist_pages`) and the A5 copy laid out for A5 (:func:`for_paper`; body 4号 14 pt) and imposed for
    saddle stitching (:func:`generator.render.imposition.impose_a5`); ``html`` is the A4 HTML
    (for :func:`glyph_report`).

    Raises:
        generator.read.errors.ContentErrors: as :func:`pdf_bytes`.
        ValueError: the booklet has no 工作清单 bookmark.
    """
    from .imposition import impose_a5

    html = month_html(issue, org, checklist)
    first = first_numbered(issue)

    def write_a4(document):
        start = next((i for i, page in enumerate(document.pages)
                      if any(mark[1] == CHECKLIST_BOOKMARK for mark in page.bookmarks)), None)
        if start is None:
            raise ValueError(f"the booklet has no {CHECKLIST_BOOKMARK} bookmark")
        return _write(document, org, first), start

    (a4, start), _ = _render(html, root, write_a4)
    sheet = checklist_pages(a4, start)
    if not a5:
        return {"a4": a4, "checklist": sheet}, html
    a5 = pdf_bytes(for_paper(html, org, issue.cover, "A5"), root, org, first, paper="A5", variant=None)
    return {"a4": a4, "checklist": sheet, "a5": impose_a5(a5, title=f"{issue.display_title}（A5骑马订）")}, html


_FONT_CONFIG = threading.local()

_HEAD_STYLE = re.compile(r"<style>(.*?)</style>", re.S)


def _parsed_stylesheet(html: str) -> tuple[str, list]:
    """``html`` without its one ``<style>`` (the booklet's or the year plan's stylesheet, in ``<head>``) and
    that stylesheet parsed once per thread and process (WeasyPrint ``CSS``, kept by its text), so that the
    250-odd documents a worker lays out do not each tokenise and validate the same 11 KB of CSS again
    (about 0.02 s a document). Given to WeasyPrint as the render's stylesheet (user origin) it cascades as
    the inline sheet did (author origin): it is the document's only sheet besides the user agent's, and the
    only author styles left are ``style`` attributes, which outrank its normal declarations either way and
    cannot be ``!important`` (:mod:`generator.read.sanitize` refuses ``!``). ``(html, [])`` unchanged when
    the document has any other ``<style>`` or ``<link>`` (not one the booklet writes)."""
    head = html.find("</head>")
    match = _HEAD_STYLE.search(html, 0, head) if head > 0 else None
    if match is None:
        return html, []
    rest = html[:match.start()] + html[match.end():]
    if "<style" in rest or "<link" in rest.lower():
        return html, []
    from weasyprint import CSS

    held = getattr(_FONT_CONFIG, "sheets", None)
    if held is None or held[0] != os.getpid() or len(held[1]) > 16:
        held = _FONT_CONFIG.sheets = (os.getpid(), {})
    css = held[1].get(match.group(1))
    if css is None:
        css = held[1][match.group(1)] = CSS(string=match.group(1), font_config=font_configuration())
    return rest, [css]


def font_configuration():
    """The WeasyPrint ``FontConfiguration`` (Pango's font map: the fonts found, opened and shaped
    so far) that every render of this thread and process shares.

    WeasyPrint makes a new one for each document unless given one, and each new one opens and
    measures the booklet's CJK faces again; sharing it cuts about a tenth of a booklet's CPU
    time (measured: 0.72 → 0.65 s a booklet, 120-month archive) and leaves the PDF's bytes as
    they were (the booklet CSS declares no ``@font-face``, so nothing accumulates in it). One
    per thread (Pango's font map is not thread-safe) and per process (not inherited across a
    fork). Fonts installed while a process runs are seen by its next process (each build's workers
    are new).
    """
    from weasyprint.text.fonts import FontConfiguration

    held = getattr(_FONT_CONFIG, "held", None)
    if held is None or held[0] != os.getpid():
        held = _FONT_CONFIG.held = (os.getpid(), FontConfiguration())
    return held[1]


def _write(document, org: Organisation | None, first_numbered: int, paper: str = "A4",
           variant: str | None = PDF_VARIANT) -> bytes:
    """The PDF bytes of a laid-out WeasyPrint document, its landscape pages turned (see :func:`pdf_bytes`)."""
    import weasyprint

    from . import landscape

    wide = [i for i, page in enumerate(document.pages) if page.width > page.height]
    if org is None or not wide:
        return document.write_pdf(pdf_variant=variant)
    numbers = {i: i + 2 - first_numbered for i in wide}
    order = landscape.overlay_order(list(numbers.values()))
    overlay = weasyprint.HTML(string=landscape.overlay_html(stylesheet(org, False, paper), order)).write_pdf(
        font_config=font_configuration())
    pdf = document.write_pdf(pdf_variant=variant)
    return landscape.turn_wide_pages(pdf, numbers, overlay, order)


def write_pdf(html: str, target: Path, base_url: Path | None = None, org: Organisation | None = None,
              first_numbered: int = 1) -> None:
    """Writes :func:`pdf_bytes` of ``html`` to the file ``target`` (its folder is created).

    Raises:
        OSError: if ``target`` cannot be written.
        generator.read.errors.ContentErrors: as :func:`pdf_bytes`; nothing is written.
    """
    data = pdf_bytes(html, base_url, org, first_numbered)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


ROLES = {"body": "正文（仿宋）", "title": "标题（小标宋）", "heiti": "黑体", "kaiti": "楷体"}
"""Font roles of ``organisation.fonts`` and their names in messages."""
BOLD_ROLES = ("title",)
"""Roles the stylesheet sets in bold (font-weight 700): titles and the cover. Bold lead-ins in the body use 黑体 instead."""

def environment_warnings(org: Organisation) -> list[str]:
    """Problems with the machine that make booklets wrong or slow, in Chinese, each with its fix.

    * a font role none of whose configured families is installed;
    * a role printed in bold (the title) whose first installed family has no
      bold face: WeasyPrint does not fake bold, so it prints regular;
    * HarfBuzz's subsetter (``libharfbuzz-subset``) missing: WeasyPrint then
      falls back to fontTools and every CJK booklet takes ~40× longer
      (measured: 11.5 s instead of 0.17 s for six pages).

    Characters that no configured font has are content warnings, found per
    booklet by :func:`glyph_report`.
    """
    warnings: list[str] = []
    families = fonts.installed_families()
    for role, label in ROLES.items():
        configured = org.fonts[role]
        present = [f for f in configured if f in families]
        if families and not present:
            warnings.append(f"小册子{label}字体均未安装：{'、'.join(configured)}；将使用系统默认字体。"
                            "修改建议：运行 make build 安装开源字体，或在 data/organisation.yml 的 fonts 中写入已安装的字体名")
            continue
        if present and present[0] != configured[0]:
            log.info("小册子%s使用 %s（%s 未安装）", label, present[0], "、".join(configured[:configured.index(present[0])]))
        if present and role in BOLD_ROLES and not fonts.has_bold(present[0]):
            warnings.append(f"小册子{label}字体 {present[0]} 没有粗体字重，标题将以常规字重印出（生成 PDF 时不会模拟加粗）。"
                            f"修改建议：安装该字体的粗体，或在 data/organisation.yml 的 fonts.{role} 中把有粗体的字体"
                            "（如 Noto Serif CJK SC）写在前面；方正小标宋等本身笔画粗重的字体可忽略此提示")
    if ctypes.util.find_library("harfbuzz-subset") is None:
        warnings.append("未找到 HarfBuzz 字体子集库（libharfbuzz-subset0），生成 PDF 会慢约 40 倍。"
                        "修改建议：运行 apt-get install libharfbuzz-subset0（make build 会自动安装）")
    return warnings


class _Text(HTMLParser):
    """The text of an HTML fragment, without the contents of <style> and <script>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The visible text of ``html`` (str), tags and styles removed."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def glyph_warnings(text: str, org: Organisation, where) -> list[str]:
    """One Chinese warning per character of ``text`` that no configured font can print.

    Args:
        text: the text to be printed.
        org: supplies the configured families (every role; a character found
            in any of them is taken as printable).
        where: a str naming the month or document (e.g. ``2019年10月小册子（content/2019-10/附件1-….md 第5行）``),
            or a function from the character to such a name.

    Returns:
        Messages naming the character, its code point, ``where`` and a snippet
        of about 20 characters around its first appearance.
    """
    families = [f for role in ROLES for f in org.fonts[role]] + NUMBER_FONTS
    out = []
    for ch in fonts.uncovered(text, families):
        i = text.index(ch)
        snippet = re.sub(r"\s+", " ", text[max(0, i - 10):i + 10]).strip()
        place = where(ch) if callable(where) else where
        out.append(f"{place}中的字符“{ch}”（U+{ord(ch):04X}）在已配置的字体中都没有，印出来会是空框或其他字体："
                   f"“…{snippet}…”。修改建议：安装含有该字的字体并写进 data/organisation.yml 的 fonts，"
                   "或在正文中改用通用写法")
    return out

