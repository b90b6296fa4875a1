"""Word out for a month (content model v2): the booklet form with its cover, or the 通知 form.

The order and numbering are the booklet's (``templates/booklet/booklet.html.j2``):
cover (booklet form: 期次, title, month, publisher; no page number), then 版头
(发文机关标志, 文号), title, 主送, 开头, the sections with their generated
labels (一、 （一） 1.), 结尾, contact, 附件说明, 署名 and 成文日期, and each
附件 on a new page; last, a 通知's 版记 at the foot of the last page. Typography is :mod:`generator.render.word`'s.
"""

from __future__ import annotations

from ..model import MonthIssue
from ..model import zh

COVER_TITLE_PT = 36
COVER_ORDINAL_PT = 26


def write_month(writer, issue: MonthIssue) -> tuple[str, str, object]:
    """Adds ``issue`` to ``writer`` (a :class:`generator.render.word._Writer`); returns (title, author, date) for the file's properties."""
    if issue.cover:
        _cover(writer, issue)
    writer.head(issue.issuer, issue.doc_number)
    writer.title(issue.display_title)
    if issue.addressee:
        writer.paragraph(f"{issue.addressee}：", indent_chars=0, align="left")
    if issue.opening:
        writer.markdown(issue.opening)
    for section in issue.sections:
        if not section.shown:
            continue
        writer.paragraph(f"{section.label}{section.heading}", "Heading 1")
        alone = len(section.shown) == 1
        for block in section.shown:
            if block.heading:
                writer.paragraph(f"{block.label}{block.heading}", "Heading 2")
            _block(writer, block, alone and not block.heading)
    if issue.closing:
        writer.markdown(issue.closing)
    writer.contact(issue.contact)
    writer.annex_note([d.cited_title for d in issue.attachments])
    writer.signature(issue.signature, zh.date_zh(issue.date) if issue.date else None)
    for k, doc in enumerate(issue.attachments, start=1):
        writer.document(doc, label=f"附件{k}", page_break=True)
    if issue.has_imprint:
        writer.imprint(issue.publisher, zh.date_zh(issue.published))
    created = issue.date or issue.published or issue.first_day
    return issue.display_title, issue.publisher, created


def _block(writer, block, alone: bool) -> None:
    kind = block.type
    if kind in ("prose", "theme"):
        writer.markdown(block.text)
    elif kind == "meeting":
        m = block.meeting
        lines = [(m.time_label, m.when_zh)] + ([(m.place_label, m.place)] if m.place else [])
        for n, (label, value) in enumerate(lines, start=1):
            p = writer.paragraph()
            prefix = f"（{zh.chinese_number(n)}）" if alone and len(lines) > 1 else ""
            writer._run(p, f"{prefix}{label}：", role="kaiti")
            writer._run(p, value)
    elif kind in ("work_items", "requirements"):
        for item in block.items:
            writer.markdown(item.label.replace(". ", "\\. ") + item.text)  # 2. 3月15日: a paragraph, not a list
    elif kind == "readings":
        for n, r in enumerate(block.listed, start=1):
            p = writer.paragraph()
            writer._run(p, f"{n}.")
            writer._run(p, r.display_title, role="heiti" if r.bold else None)
            tail = (f"（{r.source}）" if r.source else "") + (("　" + "·".join(r.labels)) if r.labels else "")
            if r.applies_to != ("全体",):
                tail += f"（{'、'.join(r.applies_to)}党员）"
            if tail:
                writer._run(p, tail)
    elif kind == "review":
        if block.text:
            writer.markdown(block.text)
        for n, text in enumerate(block.items, start=1):
            writer.markdown(zh.item_label(n, text).replace(". ", "\\. ") + text)


def _cover(writer, issue: MonthIssue) -> None:
    """The booklet's cover page: 期次, title, month; publisher and month at the foot; no page number."""
    from docx.enum.section import WD_SECTION

    for _ in range(3):
        writer.paragraph("", indent_chars=0)
    if issue.ordinal_zh:
        writer.paragraph(issue.ordinal_zh, align="center", indent_chars=0, role="title", size=COVER_ORDINAL_PT,
                         bold=True)
        writer.paragraph("", indent_chars=0)
    writer.paragraph(issue.title, align="center", indent_chars=0, role="title", size=COVER_TITLE_PT, bold=True)
    writer.paragraph("", indent_chars=0)
    writer.paragraph("", indent_chars=0)   # the month is printed once, at the foot, as on the booklet's cover
    for _ in range(8):
        writer.paragraph("", indent_chars=0)
    writer.paragraph(issue.publisher, align="center", indent_chars=0, role="heiti")
    writer.paragraph(issue.month_zh, align="center", indent_chars=0, role="heiti")
    doc = writer.doc
    doc.add_section(WD_SECTION.NEW_PAGE)
    cover, body = doc.sections[0], doc.sections[1]
    # python-docx's new section inherits the header and footer references; move them to the body
    # section, so the cover has no page number and the body has "— 1 —" onwards.
    for k, ref in enumerate(cover._sectPr.findall(_w("headerReference")) + cover._sectPr.findall(_w("footerReference"))):
        body._sectPr.insert(k, ref)
    for pg in body._sectPr.findall(_w("pgNumType")):
        body._sectPr.remove(pg)
    pg = body._sectPr.makeelement(_w("pgNumType"), {_w("start"): "1"})
    grid = body._sectPr.find(_w("docGrid"))
    body._sectPr.insert(list(body._sectPr).index(grid), pg)
    writer.first = True   # the body's first paragraph is on a new page already


def _w(tag: str) -> str:
    """The Clark name of a WordprocessingML element or attribute (``{…/main}tag``)."""
    from docx.oxml.ns import qn  # python-docx is imported only when a Word copy is written

    return qn(f"w:{tag}")
