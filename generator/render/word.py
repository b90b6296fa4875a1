"""Word out: a month or a document as a ``.docx`` in the form of GB/T 9704-2012 《党政机关公文格式》.

:func:`write_docx` is the one entry point the build calls, once per month and
once per shared document. The file is written with python-docx from the
content model and meant for the OA system and the higher authority's files:

* A4, margins 37 mm top, 28 mm binding (left), 26 mm right, 35 mm bottom:
  the 156 × 225 mm 版心 (GB/T 9704-2012, 5.2.1–5.2.2);
* the document grid (文档网格) of 22 lines and 28 characters as Word's 公文 templates set it
  (5.2.3): ``w:docGrid`` type ``linesAndChars``, ``linePitch`` 579 (28.95 pt) and ``charSpace``
  −842 (:func:`char_space`, the formula of ECMA-376 §17.6.5), so Word's 页面设置 shows 22 行 × 28 字.
  The text itself is placed by exact 28.95 pt line spacing and a −0.3 pt tracking of the 16 pt body
  (:data:`TRACKING_TWIPS`), with ``w:snapToGrid`` 0 on paragraphs and runs: LibreOffice 7.4 lays text
  that snaps to a grid with a negative ``charSpace`` at 14 characters a line (measured), so no
  application is asked to snap; each places 28 characters of 15.7 pt the same way;
* body 3号 (16 pt) 仿宋, paragraphs indented two characters; title 2号 (22 pt)
  小标宋, centred; 一、 in 黑体, （一） in 楷体, 1. and （1） in 仿宋 (7.3.3);
* page numbers 4号 (14 pt) 宋体 as “— N —”, 7 mm below the 版心, odd pages on
  the right and even pages on the left, one character in from the edge (7.5);
* 发文机关标志 in red 小标宋, 文号 centred with a red rule below (7.2);
  主送 flush left (7.3.2); 附件说明 with later names aligned (7.3.5.1);
  署名 and 成文日期 to the right per 7.3.5.2; each 附件 on a new page headed
  附件N in 3号黑体 (7.3.5.1, 8);
* tables ruled, header rows repeated on every page (``w:tblHeader``).

The package starts from our own template (:mod:`generator.render.word_template`: current Word
format, zh-CN, East Asian theme fonts, no python-docx boilerplate). Runs name the first family of
each role of ``data/organisation.yml`` for every script (``w:eastAsia`` included), so a department
with 仿宋_GB2312 and 方正小标宋 gets them; the font table lists every configured family with the
next as its alternative (``w:altName``), so a machine without the first finds the others. The file
embeds no font.
Bytes depend only on the content: the package's dates are fixed.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

from ..model import Document, Organisation, zh
from ..read.markdown import to_html
from .word_month import write_month

MM_TWIPS = 1440 / 25.4
"""Twips (1/20 pt) per millimetre."""
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
"""Page margins giving the 156 × 225 mm 版心 (GB/T 9704-2012, 5.2.1)."""
TEXT_BLOCK_MM = (156, 225)
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
BODY_PT = 16
"""3号."""
TITLE_PT = 22
"""2号."""
NUMBER_PT = 14
"""4号, page numbers."""
ISSUER_PT = 26
"""发文机关标志: the booklet's size (GB/T 9704 leaves it to the issuer; 小标宋, red)."""
TABLE_PT = 12
"""小四 in tables, as the booklet."""
LINE_TWIPS = int(TEXT_BLOCK_MM[1] * MM_TWIPS / LINES_PER_PAGE)
"""Line pitch: 225 mm / 22 = 579 twips (28.95 pt), rounded down so the 22nd line fits."""
TRACKING_TWIPS = -6
"""Letter-spacing of body text, in twips (−0.3 pt): a 16 pt character advances 15.7 pt, so 28 fit the
156 mm (442.25 pt) line and a 29th does not (GB/T 9704-2012, 5.2.3: 28 characters a line). −0.25 pt
would do in Word; LibreOffice 7.4, given a ``linesAndChars`` grid, shortens the line to 28 of its grid
cells, rounded down to 5.55 mm each (440.5 pt), where 28 × 15.75 pt no longer fit (27 a line, measured)."""
NUMBER_GAP_MM = 7
"""The page number's dashes sit 7 mm below the 版心 (GB/T 9704-2012, 7.5)."""
RED = "FF0000"


def char_space(text_width_twips: int, chars: int = CHARS_PER_LINE, size_pt: float = BODY_PT) -> int:
    """``w:docGrid``'s ``charSpace`` for ``chars`` characters a line of ``text_width_twips`` (ECMA-376 §17.6.5).

    The grid's character pitch is the Normal style's font size plus ``charSpace`` / 4096 pt; for a line of
    ``chars`` characters the pitch is the text width / ``chars``, so ``charSpace`` = (width / chars − size) × 4096,
    rounded down so that ``chars`` pitches never exceed the width. For the 公文 page (8845 twips between
    the margins as written: 11906 − 1587 − 1474) and 3号: (442.25 / 28 − 16) × 4096 = −841.1 → −842, the
    value Word's own 公文 templates write.
    """
    import math

    return math.floor((text_width_twips / 20 / chars - size_pt) * 4096)


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_path(item) -> str:
    """Where the build writes ``item``'s ``.docx``, relative to the site root: next to its PDF.

    A month: ``2019-10/2019-10-党支部组织生活指导材料.docx``; a shared document: ``documents/….docx``.
    """
    if isinstance(item, Document):
        return item.slug + ".docx"
    return f"{item.key}/{item.booklet_name.removesuffix('.pdf')}.docx"


def docx_bytes(item, org: Organisation) -> bytes:
    """``item`` (a month or a shared document) as the bytes of a GB/T 9704 ``.docx`` (see :func:`write_docx`)."""
    import io
    import zipfile

    buffer = io.BytesIO()
    _build(item, org).doc.save(buffer)
    # python-docx stamps each zip entry with the clock; fixed stamps make the bytes depend on the content only
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), src.read(info.filename),
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def write_docx(item, org: Organisation, target: Path) -> None:
    """Writes ``item`` (a :class:`~generator.model.Document` or a month) to ``target`` as a GB/T 9704 ``.docx``.

    Args:
        item: a shared document (with its annexes), or a month (:class:`~generator.model.MonthIssue`):
            booklet form with a cover page, or 通知 form (``form: notice``).
        org: supplies the font names by role and the publisher.
        target: the ``.docx`` to write (folders are created).

    Raises:
        OSError: if ``target`` cannot be written.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(docx_bytes(item, org))


def _build(item, org: Organisation) -> "_Writer":
    writer = _Writer(org)
    if isinstance(item, Document):
        writer.document(item, label=None)
        title, author, created = item.title, item.signature or item.issuer or org.name, (
            item.date.as_date() if item.date else None)
    else:
        title, author, created = write_month(writer, item)
    writer.finish(title=title, author=author, created=created)
    return writer


class _Writer:
    """Builds one python-docx document: page set-up, styles, and the paragraph kinds of a 公文."""

    def __init__(self, org: Organisation):
        import docx

        from .word_template import TEMPLATE

        self.org = org
        self.doc = docx.Document(str(TEMPLATE))
        self.fonts = {role: (org.fonts.get(role) or ["FangSong"])[0] for role in ("body", "title", "heiti", "kaiti")}
        self.fonts["number"] = "SimSun" if "SimSun" in org.fonts.get("body", []) else "宋体"
        self._body = self.doc.element.body
        for p in list(self._body.iterchildren()):
            if p.tag != _w("sectPr"):
                self._body.remove(p)
        self._styles()
        self._page()
        self.first = True

    # -- set-up ------------------------------------------------------------------------------------
    def _styles(self) -> None:
        from docx.shared import Pt

        styles = self.doc.styles
        normal = styles["Normal"]
        _fonts(normal.element.get_or_add_rPr(), self.fonts["body"])
        normal.font.size = Pt(BODY_PT)
        pf = normal.paragraph_format
        pf.space_before = pf.space_after = Pt(0)
        pf.line_spacing = Pt(LINE_TWIPS / 20)
        from docx.enum.text import WD_LINE_SPACING
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.widow_control = False
        ppr = normal.element.get_or_add_pPr()
        _set(ppr, "w:autoSpaceDE", val="0")   # no extra space between Chinese and Latin letters or digits
        _set(ppr, "w:autoSpaceDN", val="0")
        _set(ppr, "w:snapToGrid", val="0")   # laid out by exact pitch and tracking, the same in every application
        # Left, not justified: LibreOffice 7.4 drops a justified line's hanging end punctuation (“大学习、” printed
        # as “大学习”, measured); with every character 15.75 pt wide the lines end evenly all the same.
        _set(ppr, "w:jc", val="left")
        _set(ppr, "w:ind", firstLineChars="200", firstLine=str(2 * BODY_PT * 20))
        lang = normal.element.get_or_add_rPr()
        _set(lang, "w:snapToGrid", val="0")   # the run level: no character grid (Word), placed by the tracking
        _set(lang, "w:spacing", val=str(TRACKING_TWIPS))
        _set(lang, "w:lang", val="zh-CN", eastAsia="zh-CN")
        for name, role, size in (("Heading 1", "heiti", BODY_PT), ("Heading 2", "kaiti", BODY_PT),
                                 ("Heading 3", "body", BODY_PT), ("Title", "title", TITLE_PT)):
            st = styles[name]
            st.base_style = normal
            rpr = st.element.get_or_add_rPr()
            for tag in ("w:color", "w:b", "w:bCs", "w:i", "w:sz", "w:szCs", "w:rFonts", "w:spacing", "w:kern",
                        "w:caps", "w:u"):
                for el in rpr.findall(_w(tag[2:])):
                    rpr.remove(el)
            _fonts(rpr, self.fonts[role])
            st.font.size = Pt(size)
            st.font.bold = role == "title"
            st.font.color.rgb = None
            spf = st.paragraph_format
            spf.space_before = spf.space_after = Pt(0)
            spf.keep_with_next = role != "title"
            spf.line_spacing = Pt(LINE_TWIPS / 20)
            spf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            sppr = st.element.get_or_add_pPr()
            for el in sppr.findall(_w("pBdr")):
                sppr.remove(el)
            if role == "title":
                _set(sppr, "w:jc", val="center")
                _set(sppr, "w:ind", firstLineChars="0", firstLine="0")
            else:
                _set(sppr, "w:ind", firstLineChars="200", firstLine=str(2 * BODY_PT * 20))
        styles["Title"].paragraph_format.line_spacing = Pt(LINE_TWIPS / 20 * 1.25)

    def _page(self) -> None:
        from docx.shared import Mm, Pt

        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
        section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
        section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
        section.header_distance = Mm(15)
        # The footer holds one 14 pt line; its dashes' middle must lie 7 mm below the 版心.
        section.footer_distance = Mm(MARGINS_MM["bottom"] - NUMBER_GAP_MM) - Pt(NUMBER_PT * 0.8)
        sect = section._sectPr
        for grid in sect.findall(_w("docGrid")):
            sect.remove(grid)
        # Lines and characters, as Word's 公文 templates (22 × 28); the text does not snap to it (see the module doc)
        width = int(sect.find(_w("pgSz")).get(_w("w")))
        mar = sect.find(_w("pgMar"))
        width -= int(mar.get(_w("left"))) + int(mar.get(_w("right")))
        grid = sect.makeelement(_w("docGrid"), {_w("type"): "linesAndChars", _w("linePitch"): str(LINE_TWIPS),
                                                _w("charSpace"): str(char_space(width))})
        sect.append(grid)
        self.doc.settings.odd_and_even_pages_header_footer = True
        self._page_number(section.footer, "right")
        self._page_number(section.even_page_footer, "left")

    def _page_number(self, footer, side: str) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if side == "right" else WD_ALIGN_PARAGRAPH.LEFT
        pf = p.paragraph_format
        pf.first_line_indent = Pt(0)
        if side == "right":
            pf.right_indent = Pt(NUMBER_PT)
        else:
            pf.left_indent = Pt(NUMBER_PT)
        pf.line_spacing = 1.0
        ppr = p._p.get_or_add_pPr()
        _set(ppr, "w:snapToGrid", val="0")
        ind = ppr.find(_w("ind"))
        for attr in ("firstLineChars", "firstLine"):
            ind.attrib.pop(_w(attr), None)
        ind.set(_w("firstLine"), "0")
        self._run(p, "— ", role="number", size=NUMBER_PT)
        r = self._run(p, "", role="number", size=NUMBER_PT)
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
            if kind:
                fld = r._r.makeelement(_w("fldChar"), {_w("fldCharType"): kind})
                r._r.append(fld)
            elif text == "1":
                r = self._run(p, "1", role="number", size=NUMBER_PT)
            else:
                instr = r._r.makeelement(_w("instrText"), {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
                instr.text = text
                r._r.append(instr)
            if kind in ("separate",):
                r = self._run(p, "", role="number", size=NUMBER_PT)
        self._run(p, " —", role="number", size=NUMBER_PT)

    def finish(self, title: str, author: str, created: dt.date | None) -> None:
        """Sets the package properties (fixed dates, so the same content gives the same bytes)."""
        props = self.doc.core_properties
        # the package's properties hold at most 255 characters each (python-docx raises beyond);
        # the document itself carries the whole title
        props.title = title[:255]
        props.author = author[:255]
        props.last_modified_by = author[:255]
        props.language = "zh-CN"
        stamp = dt.datetime.combine(created or dt.date(2000, 1, 1), dt.time())
        props.created = props.modified = stamp
        props.revision = 1
        self._font_table()

    def _font_table(self) -> None:
        """The package's font table: every face of ``organisation.fonts``, each naming the next as its
        alternative (``w:altName``: FangSong_GB2312 → 仿宋_GB2312 → FangSong → 仿宋 → FandolFang …)."""
        from .word_template import font_table, chain

        roles = [self.org.fonts.get(r) or [] for r in ("body", "title", "heiti", "kaiti")]
        chains = [chain(r) for r in roles if r] + [chain([self.fonts["number"], "SimSun", "FandolSong"])]
        for rel in self.doc.part.rels.values():
            if rel.reltype.endswith("/fontTable"):
                rel.target_part._blob = font_table(chains)

    # -- runs and paragraphs -------------------------------------------------------------------------
    def _run(self, p, text: str, role: str | None = None, size: float | None = None, bold: bool | None = None,
             color: str | None = None):
        from docx.shared import Pt, RGBColor

        r = p.add_run(text)
        if role:
            _fonts(r._r.get_or_add_rPr(), self.fonts[role])
        if size:
            r.font.size = Pt(size)
        if bold is not None:
            r.font.bold = bold
        if color:
            r.font.color.rgb = RGBColor.from_string(color)
        return r

    def paragraph(self, text: str = "", style: str | None = None, *, align: str | None = None, indent_chars=None,
                  role: str | None = None, size: float | None = None, bold: bool | None = None,
                  color: str | None = None, page_break: bool = False, right_chars: float | None = None,
                  left_chars: float | None = None, hanging_chars: float | None = None, space_lines: float = 0,
                  keep_next: bool = False):
        """Adds a paragraph; ``indent_chars`` is the first-line indent in characters (default: the style's)."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        p = self.doc.add_paragraph(style=style)
        ppr = p._p.get_or_add_pPr()
        if page_break and not self.first:
            p.paragraph_format.page_break_before = True
        self.first = False
        if align:
            p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
                           "left": WD_ALIGN_PARAGRAPH.LEFT, "both": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
        if indent_chars is not None or right_chars is not None or left_chars is not None or hanging_chars is not None:
            attrs = {}
            unit = BODY_PT * 20
            if hanging_chars is not None:
                attrs.update(hangingChars=str(int(hanging_chars * 100)), hanging=str(int(hanging_chars * unit)))
            else:
                ic = indent_chars or 0
                attrs.update(firstLineChars=str(int(ic * 100)), firstLine=str(int(ic * unit)))
            if right_chars is not None:
                attrs.update(rightChars=str(int(right_chars * 100)), right=str(int(right_chars * unit)))
            if left_chars is not None:
                attrs.update(leftChars=str(int(left_chars * 100)), left=str(int(left_chars * unit)))
            _set(ppr, "w:ind", **attrs)
        if space_lines:
            p.paragraph_format.space_before = Pt(LINE_TWIPS / 20 * space_lines)
        if keep_next:
            p.paragraph_format.keep_with_next = True
        if text:
            self.inline(p, text, role=role, size=size, bold=bold, color=color)
        return p

    def inline(self, p, text: str, role=None, size=None, bold=None, color=None) -> None:
        """Adds ``text`` to ``p``; ``**bold**`` stretches become 黑体 runs (no faked bold, as the booklet)."""
        for k, part in enumerate(re.split(r"\*\*(.+?)\*\*", text)):
            if not part:
                continue
            if k % 2:
                self._run(p, part, role="heiti", size=size, color=color)
            else:
                self._run(p, part, role=role, size=size, bold=bold, color=color)

    # -- document parts --------------------------------------------------------------------------------
    def title(self, text: str, page_break: bool = False) -> None:
        """标题: 2号 小标宋, centred, one blank line below (GB/T 9704-2012, 7.3.1); a long title turns its
        lines where :func:`generator.model.zh.title_lines` finds them balanced (a line break within the paragraph)."""
        lines = zh.title_lines(text)
        p = self.paragraph(lines[0], "Title", page_break=page_break)
        for line in lines[1:]:
            p.add_run().add_break()
            self.inline(p, line)
        self.paragraph("", indent_chars=0)

    def head(self, issuer: str | None, doc_number: str | None) -> None:
        """版头: 发文机关标志 in red, 文号 centred, then a red rule the width of the 版心 (7.2)."""
        if issuer:
            self.paragraph(issuer, align="center", indent_chars=0, role="title", size=ISSUER_PT, bold=True, color=RED)
        if doc_number:
            if issuer:
                self.paragraph("", indent_chars=0)
            self.paragraph(doc_number, align="center", indent_chars=0)
        if issuer or doc_number:
            rule = self.paragraph("", indent_chars=0)
            ppr = rule._p.get_or_add_pPr()
            bdr = ppr.makeelement(_w("pBdr"), {})
            bdr.append(bdr.makeelement(_w("top"), {_w("val"): "single", _w("sz"): "12", _w("space"): "1",
                                                   _w("color"): RED}))
            ppr.insert(0, bdr)
            self.paragraph("", indent_chars=0)

    def annex_label(self, label: str, page_break: bool = True) -> None:
        """附件N: 3号黑体 at the top left of a new page (GB/T 9704-2012, 8)."""
        self.paragraph(label, align="left", indent_chars=0, role="heiti", page_break=page_break)
        self.paragraph("", indent_chars=0)

    def markdown(self, text: str) -> None:
        """Content Markdown (the project's dialect) as paragraphs, headings and tables."""
        _Blocks(self).feed(to_html(text))

    def contact(self, contact) -> None:
        if contact is None:
            return
        first = "　".join(x for x in ((f"联系人：{contact.person}" if contact.person else ""),
                                     (f"电话：{contact.phone}" if contact.phone else "")) if x)
        self.paragraph("", indent_chars=0)
        if first:
            self.paragraph(first)
        if contact.email:
            self.paragraph(f"邮　箱：{contact.email}")

    def annex_note(self, names: list[str]) -> None:
        """附件说明: 空一行, 空二字 “附件：1.名称”, later names aligned with the first (7.3.5.1)."""
        if not names:
            return
        self.paragraph("", indent_chars=0)
        for k, name in enumerate(names, start=1):
            number = f"{k}." if len(names) > 1 else ""
            if k == 1:
                self.paragraph(f"附件：{number}{name}", left_chars=5, hanging_chars=3)
            else:
                self.paragraph(f"{number}{name}", left_chars=5, indent_chars=0)

    def signature(self, signer: str | None, date_text: str | None) -> None:
        """署名 and 成文日期 without a seal (GB/T 9704-2012, 7.3.5.2).

        The 署名 ends two characters from the right; the date's first character
        stands two characters right of the 署名's first; when the date is the
        longer, the date ends two characters from the right and the 署名 moves left.
        """
        if not signer and not date_text:
            return
        self.paragraph("", indent_chars=0)
        ls, ld = zh.text_width(signer or ""), zh.text_width(date_text or "")
        if signer and date_text:
            right_sig, right_date = 2, ls - ld
            if right_date < 2:  # the date is the longer: it ends two characters in, the 署名 moves left
                right_sig, right_date = 4 + ld - ls, 2
            self.paragraph(signer, align="right", indent_chars=0, right_chars=right_sig, keep_next=True)
            self.paragraph(date_text, align="right", indent_chars=0, right_chars=right_date)
        else:
            self.paragraph(signer or date_text, align="right", indent_chars=0, right_chars=2)

    def imprint(self, by: str, date_text: str) -> None:
        """版记 (GB/T 9704-2012, 7.4): 印发机关 one character from the left, ``date_text`` + 印发 one
        character from the right, 4号 (14 pt), between thick rules (0.35 mm ≈ 1 pt, ``w:sz`` 8 eighths) as
        wide as the 版心; placed after the 附件 (8.2) in a frame anchored to the foot of the 版心 of the
        last page, so that its last element stands on the last line (7.4.1)."""
        p = self.paragraph("", indent_chars=0, left_chars=1, right_chars=1)
        ppr = p._p.get_or_add_pPr()
        width = int(TEXT_BLOCK_MM[0] * MM_TWIPS)
        _set(ppr, "w:framePr", w=str(width), wrap="around", vAnchor="margin", hAnchor="margin",
             xAlign="center", yAlign="bottom")
        borders = _set(ppr, "w:pBdr")
        for side in ("top", "bottom"):
            _set(borders, f"w:{side}", val="single", sz="8", space="1", color="000000")
        tabs = _set(ppr, "w:tabs")
        _set(tabs, "w:tab", val="right", pos=str(width - BODY_PT * 20))  # at the right indent (1 character)
        self._run(p, by, size=NUMBER_PT)
        self._run(p, "\t", size=NUMBER_PT)
        self._run(p, f"{date_text}印发", size=NUMBER_PT)

    def document(self, doc: Document, label: str | None, page_break: bool = False) -> None:
        """One document: 附件N label, 版头, 引题, title, body, contact, 附件说明, signature; then its annexes."""
        if label:
            self.annex_label(label, page_break=page_break or not self.first)
            page_break = False
        self.head(doc.issuer, doc.doc_number)
        if doc.pretitle:
            self.paragraph(doc.pretitle, align="center", indent_chars=0, role="kaiti", page_break=page_break)
            page_break = False
        self.title(doc.title, page_break=page_break)
        self.markdown(doc.body)
        self.contact(doc.contact)
        self.annex_note(doc.annex_names)
        self.signature(doc.signature, doc.date.zh if doc.date else None)
        for k, annex in enumerate(doc.annexes, start=1):
            self.document(annex, label=f"附件{k}", page_break=True)



def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _set(parent, tag: str, **attrs) -> object:
    """Sets (creating it if needed) child ``tag`` (``w:xxx``) of ``parent`` with ``attrs`` (w: attributes)."""
    name = _w(tag[2:])
    el = parent.find(name)
    if el is None:
        el = parent.makeelement(name, {})
        _insert_ordered(parent, el)
    for k, v in attrs.items():
        el.set(_w(k), v)
    return el


_PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
              "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
              "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
              "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
              "sectPr", "pPrChange"]
_RPR_ORDER = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
              "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
              "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
              "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"]


def _insert_ordered(parent, el) -> None:
    """Inserts ``el`` among ``parent``'s children in the schema order Word insists on (else: repair prompt)."""
    local = parent.tag.split("}")[1]
    order = _PPR_ORDER if local == "pPr" else _RPR_ORDER if local == "rPr" else None
    if order is None:
        parent.append(el)
        return
    name = el.tag.split("}")[1]
    rank = order.index(name) if name in order else len(order)
    for k, child in enumerate(parent):
        cname = child.tag.split("}")[1]
        if cname in order and order.index(cname) > rank:
            parent.insert(k, el)
            return
    parent.append(el)


def _fonts(rpr, family: str) -> None:
    """Names ``family`` for every script of a run (``w:rFonts`` ascii, hAnsi, eastAsia, cs)."""
    el = rpr.find(_w("rFonts"))
    if el is None:
        el = rpr.makeelement(_w("rFonts"), {})
        _insert_ordered(rpr, el)
    for attr in list(el.attrib):
        del el.attrib[attr]
    for k in ("ascii", "hAnsi", "eastAsia", "cs"):
        el.set(_w(k), family)


class _Blocks(HTMLParser):
    """Walks the HTML of a Markdown body, adding paragraphs, headings and tables to a :class:`_Writer`."""

    BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre"}

    def __init__(self, writer: _Writer):
        super().__init__(convert_charrefs=True)
        self.w = writer
        self.tag: str | None = None
        self.text: list[tuple[str, bool]] = []
        self.bold = 0
        self.table: list | None = None
        self.row: list | None = None
        self.cell: dict | None = None
        self.in_head = False
        self.list_stack: list[list] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.table = []
            self.table_class = a.get("class") or ""
        elif tag == "thead":
            self.in_head = True
        elif tag == "tbody":
            self.in_head = False
        elif tag == "tr" and self.table is not None:
            self.row = []
            self.table.append((self.row, self.in_head))
        elif tag in ("td", "th") and self.row is not None:
            self.cell = {"text": [], "colspan": int(a.get("colspan") or 1), "rowspan": int(a.get("rowspan") or 1),
                         "th": tag == "th"}
            self.row.append(self.cell)
        elif tag in ("ol", "ul"):
            self.list_stack.append([tag, 0])
        elif tag in self.BLOCKS:
            if tag == "li" and self.list_stack:
                self.list_stack[-1][1] += 1
            self._flush()
            self.tag = tag
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag == "br":
            self._data("\n")

    def handle_endtag(self, tag):
        if tag == "table" and self.table is not None:
            self.w_table(self.table)
            self.table = self.row = self.cell = None
        elif tag in ("td", "th"):
            self.cell = None
        elif tag in ("ol", "ul") and self.list_stack:
            self.list_stack.pop()
        elif tag in self.BLOCKS and self.tag == tag:
            self._flush()
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)

    def handle_data(self, data):
        self._data(data)

    def _data(self, data: str) -> None:
        if self.cell is not None:
            self.cell["text"].append(data)
        elif self.tag is not None:
            self.text.append((data, self.bold > 0))
        elif data.strip():
            self.tag = "p"
            self.text.append((data, self.bold > 0))

    def _flush(self) -> None:
        if self.tag is None:
            return
        tag, parts = self.tag, self.text
        self.tag, self.text = None, []
        if not "".join(t for t, _ in parts).strip():
            return
        style = {"h1": "Heading 1", "h2": "Heading 1", "h3": "Heading 2", "h4": "Heading 3"}.get(tag)
        p = self.w.paragraph(style=style)
        if tag == "li" and self.list_stack:
            kind, n = self.list_stack[-1]
            self.w._run(p, f"{n}." if kind == "ol" else "· ")
        first = True
        for text, bold in parts:
            if first:
                text = text.lstrip()
                first = False
            for k, line in enumerate(text.split("\n")):
                if k:
                    p.add_run().add_break()
                if line:
                    self.w._run(p, line, role="heiti" if bold and not style else None)

    @staticmethod
    def _widths(table, columns: int) -> None:
        """Column widths in both places: ``w:gridCol`` (WPS lays tables out from these) and the
        table's ``w:tblW`` with each cell's ``w:tcW`` (Word's), the 版心's width shared equally, in twips."""
        total = int(TEXT_BLOCK_MM[0] * MM_TWIPS)
        each = total // columns
        tbl = table._tbl
        for col in tbl.tblGrid.findall(_w("gridCol")):
            col.set(_w("w"), str(each))
        tblpr = tbl.tblPr
        _set(tblpr, "w:tblW", w=str(each * columns), type="dxa")
        for tc in tbl.iter(_w("tc")):
            span = tc.find(f"{_w('tcPr')}/{_w('gridSpan')}")
            n = int(span.get(_w("val"))) if span is not None else 1
            _set(tc.get_or_add_tcPr(), "w:tcW", w=str(each * n), type="dxa")

    def w_table(self, rows: list) -> None:
        """A ruled table; header rows (``<thead>``) repeat on every page; spans kept."""
        from docx.enum.table import WD_TABLE_ALIGNMENT

        width = max((sum(c["colspan"] for c in r) for r, _ in rows), default=0)
        if not width:
            return
        table = self.w.doc.add_table(rows=len(rows), cols=width)
        table.style = self.w.doc.styles["Table Grid"] if "Table Grid" in [s.name for s in self.w.doc.styles] else None
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        self._widths(table, width)
        occupied: set[tuple[int, int]] = set()
        form = "form" in self.table_class
        for r, (cells, head) in enumerate(rows):
            tr = table.rows[r]
            if head:
                trpr = tr._tr.get_or_add_trPr()
                trpr.append(trpr.makeelement(_w("tblHeader"), {}))
            if form and not head:
                from docx.shared import Mm
                tr.height = Mm(11)
            c = 0
            for cell in cells:
                while (r, c) in occupied:
                    c += 1
                if c >= width:
                    break
                target = table.cell(r, c)
                end_r = min(len(rows) - 1, r + cell["rowspan"] - 1)
                end_c = min(width - 1, c + cell["colspan"] - 1)
                if end_r > r or end_c > c:
                    target = target.merge(table.cell(end_r, end_c))
                for rr in range(r, end_r + 1):
                    for cc in range(c, end_c + 1):
                        occupied.add((rr, cc))
                text = "".join(cell["text"]).strip()
                p = target.paragraphs[0]
                ppr = p._p.get_or_add_pPr()
                _set(ppr, "w:snapToGrid", val="0")
                _set(ppr, "w:ind", firstLineChars="0", firstLine="0")
                p.paragraph_format.line_spacing = 1.25
                from docx.enum.text import WD_LINE_SPACING
                p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
                if cell["th"]:
                    _set(ppr, "w:jc", val="center")
                for k, line in enumerate(text.split("\n")):
                    if k:
                        p.add_run().add_break()
                    if line:
                        run = self.w._run(p, line.strip(), role="heiti" if cell["th"] else None, size=TABLE_PT)
                        _set(run._r.get_or_add_rPr(), "w:spacing", val="0")
                c = end_c + 1
        self.w.paragraph("", indent_chars=0)
