"""A recognised document (:class:`~generator.importer.recognise.Doc`) → a Markdown file with front matter.

The format is the one ``docs/content-guide.md`` describes for ``content/**/*.md``
(title, pretitle, issuer, doc_number, signature, date, contact, annex_titles,
annexes, deadlines); the body keeps the author's words, headings as ``##``
(一、) and ``###`` (（一）). Deadlines written in the text (7月10日前,
2019年8月26日上午11:00前, 12月底前, 完成时限：长期坚持) become ``deadlines``
entries: with a ``date`` when the day and the year are known, else with the
``period`` as written, never with a made-up day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from . import patterns as P
from .recognise import Doc, Node, Remark
from .source import Para, Table
from .text import md_paragraph, table_markdown, yaml_comment, yaml_scalar, yaml_text


@dataclass
class DeadlineDraft:
    """A deadline found in a document's text, as the ``deadlines`` front matter writes it."""

    text: str
    date: dt.date | None = None
    time: str | None = None
    period: str | None = None
    where: int | None = None

    def as_yaml(self, indent: int) -> str:
        pad = " " * indent
        lines = []
        if self.date:
            lines.append(f"date: {self.date.isoformat()}")
            if self.time:
                lines.append(f'time: "{self.time}"')
        else:
            lines.append(f"period: {yaml_scalar(self.period)}")
        lines.append(f"text: {yaml_text(self.text, indent + 2, width=200)}")
        return "\n".join((pad + "- " if k == 0 else pad + "  ") + line for k, line in enumerate(lines))


@dataclass
class DocumentDraft:
    """What will be written for one document: its file name, front matter fields, body and remarks."""

    doc: Doc
    name: str
    body: str
    deadlines: list[DeadlineDraft] = field(default_factory=list)
    annexes: list[str] = field(default_factory=list)
    annex_titles: list[str] = field(default_factory=list)
    remarks: list[Remark] = field(default_factory=list)

    def text(self) -> str:
        """The whole file: front matter (with the import remarks as comments) and body."""
        d = self.doc
        out = ["---"]
        for r in self.remarks:
            out.append(yaml_comment("导入提示：" + r.message_line()))
        out.append(f"title: {yaml_scalar(d.title or '（无标题）')}")
        if d.pretitle:
            out.append(f"pretitle: {yaml_scalar(d.pretitle)}")
        if d.issuer:
            out.append(f"issuer: {yaml_scalar(d.issuer)}")
        if d.doc_number:
            out.append(f"doc_number: {yaml_scalar(d.doc_number)}")
        if d.signature:
            out.append(f"signature: {yaml_scalar(d.signature)}")
        if d.date:
            y, m, day = d.date
            out.append(f"date: {dt.date(y, m, day).isoformat()}" if day else f'date: "{y:04d}-{m:02d}"')
        if d.contact:
            out.append("contact:")
            for key in ("person", "phone", "email"):
                if d.contact.get(key):
                    out.append(f"  {key}: {yaml_scalar(d.contact[key])}")
        if self.annex_titles:
            out.append("annex_titles:")
            out += [f"  - {yaml_scalar(t)}" for t in self.annex_titles]
        if self.annexes:
            out.append("annexes:")
            out += [f"  - {yaml_scalar(t)}" for t in self.annexes]
        if self.deadlines:
            out.append("deadlines:")
            out += [x.as_yaml(2) for x in self.deadlines]
        out.append("---")
        return "\n".join(out) + "\n" + self.body.rstrip("\n") + "\n"


def safe_name(text: str, limit: int = 40) -> str:
    """A file-name-safe form of a title: no 书名号, quotes, slashes or spaces; at most ``limit`` characters."""
    t = re.sub(r"〔(\d{4})〕(\d+)号", r"\1-\2", text)
    t = re.sub(r"[《》“”‘’\"'/\\:*?<>|\s　，,。：；、（）()〈〉\[\]【】]", "", t)
    return t[:limit] or "文件"


def body_markdown(doc: Doc, remarks: list[Remark]) -> str:
    """The document's body as Markdown: 主送, text, headings, tables, and the closing line, in order."""
    parts: list[str] = []
    if doc.addressee:
        parts.append(md_paragraph(doc.addressee))
    items = list(doc.body.walk())
    for k, x in enumerate(items):
        if isinstance(x, Node):
            text = x.label + x.text
            if x.kind == "heading" and x.level == 1:
                parts.append("## " + md_paragraph(text).lstrip("\\"))
            elif x.kind == "heading" and x.level == 2:
                parts.append("### " + md_paragraph(text).lstrip("\\"))
            else:
                parts.append(md_paragraph(text))
        elif isinstance(x, Table):
            notes: list[str] = []
            parts.append(table_markdown(x, notes))
            remarks += [Remark(x.where, "", n, doc) for n in notes]
        elif isinstance(x, Para):
            parts.append(md_paragraph(re.sub(r"([：:])[ \u3000]{3,}", r"\1", x.text)))
            nxt = items[k + 1] if k + 1 < len(items) else None
            gap = getattr(nxt, "blank_before", 0) if nxt is not None else 0
            if len(x.text) <= 10 and gap >= 10:
                remarks.append(Remark(x.where, x.text, f"这一短行后面有 {gap} 个空行，疑为文本框或页面残留；"
                                                     "已作为正文段落保留，请核对后删改", doc))
    if doc.closing:
        parts.append(md_paragraph(doc.closing))
    return "\n\n".join(parts) + "\n"


def find_document_deadlines(doc: Doc, year: int | None, remarks: list[Remark]) -> list[DeadlineDraft]:
    """The deadlines written in ``doc``'s body (see the module docstring); ``year`` resolves 7月10日前-style dates."""
    out: list[DeadlineDraft] = []
    last_item: Node | None = None
    for x in doc.body.walk():
        if isinstance(x, Node):
            if x.kind == "item":
                last_item = x
            texts = [(x.para.where if x.para else None, x.text)]
        elif isinstance(x, Para):
            texts = [(x.where, x.text)]
        else:
            continue
        for where, text in texts:
            out += deadlines_in(text, where, year, last_item, doc, remarks)
    return out


def deadlines_in(text: str, where: int | None, year: int | None, item: Node | None, doc: Doc | None,
                 remarks: list[Remark]) -> list[DeadlineDraft]:
    """The deadlines of one paragraph: per sentence, each with what is to be done (the sentence without its time words)."""
    out = []
    if P.LIMIT_LINE.match(text):
        found = P.find_deadlines(text)
        task = lead_of(item.text) if item is not None else ""
        for f in found:
            out.append(_draft(f, task or text, year, where, doc, remarks))
        return out
    for _, sentence in P.sentences(text):
        found = P.find_deadlines(sentence)
        if not found:
            continue
        for f in found:
            out.append(_draft(f, P.deadline_task(sentence, f, found), year, where, doc, remarks))
    return out


def lead_of(text: str) -> str:
    """An item's lead-in: its text up to the first 。 (做好部署培训。2018年1月…… → 做好部署培训)."""
    return re.split(r"[。；]", text, maxsplit=1)[0].strip()


def _draft(f: P.Found, task: str, year: int | None, where: int | None, doc: Doc | None,
           remarks: list[Remark]) -> DeadlineDraft:
    day = f.last_day(year)
    if day is not None:
        if f.year is None:
            remarks.append(Remark(where, f.phrase, f"期限未写年份，已按{day.year}年（取自文件的年份）写为 date，请核对", doc))
        return DeadlineDraft(text=task, date=day, time=f.time, where=where)
    if f.day is not None and f.month is not None and f.year is None:
        remarks.append(Remark(where, f.phrase, "期限未写年份，无法确定日期，已写为 period（时限文字，不进日历）；"
                                               "知道年份时可改为 date", doc))
    return DeadlineDraft(text=task, period=f.phrase.rstrip("，,"), where=where)
