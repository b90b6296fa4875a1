"""Recognising a notice's structure: paragraphs → the main document and its attachments, each a tree.

The recogniser knows the field's conventions (GB/T 9704-2012 and the notices
in ``shared/domain.md``), not any one department's wording:

1. **Segmentation** (:func:`recognise`): the main notice ends at its 附件 list
   (附件：1.《…》 2.《…》) and its 署名/成文日期; each attachment starts at a
   ``附件N`` line, at a page break, or, without markers, at the line that
   carries the next listed title.
2. **Head** (:func:`_head`): the short lines before the text: a booklet's
   cover (第N次 …, publisher, 2019年10月) or a 公文 head: 发文机关标志, 文号
   (〔〕), title (over one or more lines), 引题; then the 主送 line.
3. **Tail** (:func:`_tail`): from the end, the 署名 and 成文日期, the contact
   lines (联系人/电话/邮箱, also the bracketed 附注 under the date), the
   document's own 附件 list, 特此通知。
4. **Body tree** (:func:`outline`): headings 一、 → （一） → 1. → （1） (also
   1、 and half-width (一)) nest by level; a labelled paragraph that is short
   and one sentence at most is a heading, a longer one an item; unlabelled
   paragraphs after an item continue it. Numbers are read in sequence
   (:func:`para_labels`): ``2.10月25日前……`` after item 1 is item 2, not the
   decimal 2.10; Word's automatic numbers are numbers for certain.

Before that, what is not the notice's text is taken out (:func:`_debris`): page
numbers standing in the text (“— 2 —”, 第2页), with the two halves of a
paragraph that a page cut joined again, and the 版记 at the very end
(抄送：…, ……印发).

Nothing is dropped silently: lines that were recognised as debris (a cover's
page number) or placed by a guess are recorded as :class:`Remark` for the
import report.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from . import patterns as P
from .source import Para, Source, Table


@dataclass
class Remark:
    """One line of the import report: where, the text concerned, what was done (Chinese), and the draft file it concerns."""

    where: int | None
    text: str
    message: str
    doc: "Doc | None" = None
    anchor: object = None
    unit: str = "行"
    full: bool = False

    def message_line(self) -> str:
        """The remark as one Chinese sentence: 第 34 行“……”未能识别，已作为……; the text is cut to 24
        characters unless ``full`` (text that is in no draft file, such as a 版记 line, is given whole)."""
        snippet = re.sub(r"\s+", " ", self.text).strip()
        snippet = snippet if len(snippet) <= 24 or self.full else snippet[:22] + "……"
        place = f"第 {self.where} {self.unit}" if self.where else ""
        return f"{place}“{snippet}”{self.message}" if snippet else f"{place}{self.message}"


@dataclass
class Node:
    """A node of the body outline.

    Attributes:
        kind: ``root``, ``heading`` (a heading line) or ``item`` (a numbered paragraph with text).
        level: 0 for the root, 1–4 for 一、（一）1.（1）.
        label: the number as written (``（一）``), or ``""`` when none was written.
        number: the label's value (``（三）`` → 3).
        text: the heading or the item's first paragraph, without the label.
        para: the paragraph it comes from (``None`` for the root).
        children: nodes, :class:`~generator.importer.source.Para` (body text, or an item's further
            paragraphs) and :class:`~generator.importer.source.Table`, in order.
        inferred: the label was not written but inferred (a heading whose 一、 was lost).
    """

    kind: str
    level: int
    label: str = ""
    number: int = 0
    text: str = ""
    para: Para | None = None
    children: list = field(default_factory=list)
    inferred: bool = False

    def walk(self):
        """Every node, paragraph and table below this node, depth first, in document order."""
        for c in self.children:
            yield c
            if isinstance(c, Node):
                yield from c.walk()


@dataclass
class Cover:
    """A booklet's cover: 第六次 / 党支部组织生活指导材料 / publisher / 2019年10月."""

    ordinal: int | None = None
    title: str | None = None
    publisher: str | None = None
    month: tuple[int, int] | None = None


@dataclass
class Doc:
    """One document of a notice: the main notice or an attachment.

    Attributes:
        label: ``None`` for the main notice, ``附件1`` … for attachments.
        listed: the name the main notice's 附件 list gives it, if any.
        cover: the booklet cover, if the notice has one.
        issuer: 发文机关标志. doc_number: 文号. title, pretitle: 标题, 引题.
        addressee: 主送 line (with its colon).
        body: the outline (:class:`Node` root) of the text between head and tail.
        closing: 特此通知。 and the like.
        annex_list: the document's own 附件 list, names as written (without 1. and 《》).
        contact: ``{person, phone, email}``; contact_lines: the lines as written.
        signature: 发文机关署名; date: 成文日期 as (year, month, day or None).
        paras: every paragraph that belongs to this document (for the report's check).
    """

    label: str | None = None
    listed: str | None = None
    cover: Cover | None = None
    issuer: str | None = None
    doc_number: str | None = None
    title: str | None = None
    pretitle: str | None = None
    addressee: str | None = None
    body: Node = field(default_factory=lambda: Node("root", 0))
    closing: str | None = None
    annex_list: list[str] = field(default_factory=list)
    contact: dict = field(default_factory=dict)
    contact_lines: list[str] = field(default_factory=list)
    signature: str | None = None
    date: tuple[int, int, int | None] | None = None
    first_where: int | None = None
    blocks: list = field(default_factory=list)

    @property
    def year(self) -> int | None:
        """The year the document is from: its 成文日期, else its 文号's 〔year〕."""
        if self.date:
            return self.date[0]
        if self.doc_number:
            m = re.search(r"〔(\d{4})〕", self.doc_number)
            return int(m.group(1)) if m else None
        return None


@dataclass
class Notice:
    """A recognised notice: the main document, its attachments, and the remarks for the report."""

    main: Doc
    attachments: list[Doc]
    remarks: list[Remark]
    source: Source


# -- small helpers ---------------------------------------------------------------------------------
def squash(text: str) -> str:
    """Text without any white space (for comparing titles across line breaks)."""
    return re.sub(r"\s+", "", text)


def tidy_title(text: str) -> str:
    """A title as one line: spaces between Chinese characters removed (“党员开讲”  助力成长 → “党员开讲”助力成长)."""
    t = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])", "", t)


def unbook(name: str) -> str:
    """A listed name without its number, 书名号 and trailing 文号: 1.《…》（校党组发〔2019〕14号） → …."""
    t = P.split_label(name.strip())[1].strip() if P.split_label(name.strip())[0] else name.strip()
    t = re.sub(r"[（(][^（）()]*〔\d{4}〕[^（）()]*[）)]\s*$", "", t).strip()
    if t.startswith("《") and t.endswith("》"):
        t = t[1:-1]
    return tidy_title(t)


def similar(a: str, b: str) -> float:
    """How alike two titles are (0–1), white space and 书名号 ignored."""
    a, b = squash(a).strip("《》"), squash(b).strip("《》")
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() if a and b else 0.0


ANNEX_LIST = re.compile(r"^附\s*件\s*[：:]\s*(.*)$")
ANNEX_MARK = re.compile(r"^附\s*件\s*(\d{1,2})\s*[：:]?\s*(.*)$")
ANNEX_ALONE = re.compile(r"^附\s*件\s*[：:]?$")
PAGE_NUMBER = re.compile(r"^(?:[—–\-－]\s*)?\d{1,3}(?:\s*[—–\-－])?$")
RUNNING_PAGE_NUMBER = re.compile(r"^(?:[—–\-－]{1,2}\s*\d{1,3}\s*[—–\-－]{1,2}|第\s*\d{1,3}\s*页(?:\s*[，,]?\s*共\s*\d{1,3}\s*页)?"
                                 r"|\d{1,3}\s*/\s*\d{1,3})$")
"""A page number as the page shows it (“— 2 —”, 第2页 共5页, 2/5): in the text only where it was copied with it."""
IMPRINT = re.compile(r"^(?:抄\s*送|抄\s*报|分\s*送)\s*[：:]|印\s*发\s*$|^印\s*发\s*[：:]")
"""A line of the 版记 (GB/T 9704-2012, 7.4): 抄送：…, ……2019年9月20日印发."""
_PARA_END = "。；;！？!?：:…”’）)》"
ORDINAL = re.compile(r"^第\s*([一二三四五六七八九十]{1,3}|\d{1,3})\s*(?:次|期)\s*")
LEAD_IN = re.compile(r"^([^。：:；;，,！？]{2,12})[。：:]\s*(\S.*)$")
"""A 一、 paragraph that opens with its heading: 学习内容。组织党员…… or 活动时间：2025年……."""
CLOSING = re.compile(r"^特此(?:通知|函告|报告|批复|通报)[。.]?$")


MISSING_ANNEX = "missing-annex"
"""The anchor of the remark on a listed 附件 that the file does not hold (a month says so in its own words)."""


def _para_text(b) -> str:
    return b.text if isinstance(b, Para) else ""


# -- segmentation ---------------------------------------------------------------------------------
def recognise(source: Source) -> Notice:
    """Recognises the notice in ``source``: the main document, its attachments, and remarks for the report."""
    remarks: list[Remark] = []
    blocks = _marks_as_list(_debris(source.blocks, remarks))
    list_at = next((i for i, b in enumerate(blocks) if isinstance(b, Para) and ANNEX_LIST.match(b.text)), None)
    single = list_at is not None and len(_annex_list(blocks, list_at)[0]) == 1
    marks = _marks(blocks, list_at or 0, single)
    main_end = len(blocks)
    names: list[str] = []
    if list_at is not None and (not marks or list_at < marks[0]):
        names, after = _annex_list(blocks, list_at)
        main_end = marks[0] if marks else after
        if not marks and names:
            main_end = _main_signature_end(blocks, after)
    elif marks:
        main_end = marks[0]
    main = _document(blocks[:main_end], None, None, remarks, main=True)
    if list_at is not None and list_at < main_end:
        main.annex_list = names
    rest = blocks[main_end:]
    attachments: list[Doc] = []
    if marks:
        bounds = [m - main_end for m in marks] + [len(rest)]
        for k, (a, b) in enumerate(zip(bounds, bounds[1:]), start=1):
            segment = rest[a:b]
            mark = ANNEX_MARK.match(segment[0].text)
            label = f"附件{k}"
            head_rest = mark.group(2).strip() if mark else ""
            segment = segment[1:]
            if head_rest:  # 附件1：标题 on one line
                segment = [Para(text=head_rest, where=rest[a].where)] + segment
            listed = names[k - 1] if k - 1 < len(names) else None
            attachments.append(_document(segment, label, listed, remarks))
    elif rest:
        for k, segment in enumerate(_split_by_names(rest, names, remarks), start=1):
            listed = names[k - 1] if k - 1 < len(names) else None
            attachments.append(_document(segment, f"附件{k}", listed, remarks))
    if names and len(attachments) < len(names):
        for name in names[len(attachments):]:
            remarks.append(Remark(None, name, "附件清单列出了此附件，但文件中没有它的正文；"
                                              "已保留在附件清单中（未收录），如有正文请另行导入",
                                  anchor=MISSING_ANNEX, full=True))
    return Notice(main=main, attachments=attachments, remarks=remarks, source=source)


def _debris(blocks: list, remarks: list[Remark]) -> list:
    """``blocks`` without what is not the notice's text, each piece reported.

    * page numbers standing in the text (:data:`RUNNING_PAGE_NUMBER`); when a page cut a
      paragraph in two (the part before ends without closing punctuation and the part after has
      no number of its own), the halves are joined again;
    * the 版记 at the very end (:data:`IMPRINT`: 抄送：…, ……印发), which is no part of any
      document's text and has no place in the content model.
    """
    out: list = []
    joined = False
    for b in blocks:
        if isinstance(b, Para) and RUNNING_PAGE_NUMBER.match(b.text.strip()):
            remarks.append(Remark(b.where, b.text.strip(), "是页码，已忽略", full=True))
            joined = True
            continue
        if (joined and isinstance(b, Para) and out and isinstance(out[-1], Para) and b.text
                and not out[-1].text.endswith(tuple(_PARA_END)) and para_label(b) is None
                and not ANNEX_MARK.match(b.text) and not ANNEX_LIST.match(b.text)):
            prev = out[-1]
            out[-1] = Para(text=prev.text + b.text, where=prev.where, indent=prev.indent, align=prev.align,
                           bold=prev.bold and b.bold, page_break=prev.page_break, blank_before=prev.blank_before,
                           size=prev.size, style=prev.style, auto_label=prev.auto_label)
            remarks.append(Remark(b.where, b.text, "与分页前的上一段原是同一段（被页码隔开），已接上，请核对"))
            joined = False
            continue
        joined = False
        out.append(b)
    end = len(out)
    while end > 0 and isinstance(out[end - 1], Para) and IMPRINT.search(out[end - 1].text.strip()):
        end -= 1
    for b in out[end:]:
        remarks.append(Remark(b.where, b.text, "是版记（抄送、印发机关和印发日期），不属于正文，未导入", full=True))
    return out[:end]


def _marks_as_list(blocks: list) -> list:
    """``blocks`` with an 附件 list written one 附件N：名称 a line (附件1：……记录表 / 附件2：……统计表)
    rewritten as the list GB/T 9704-2012 (7.3.6) writes (附件：1.…… / 2.……), so that it is read as the
    list and not as the starts of attachments.

    Such lines are a list when at least two follow each other (附件1 then has no text of its own), or
    when one stands after the text with only the 署名 and 成文日期 after it. The attachments' own
    pages (附件1 at the top of a page, its title, its text) are left as they are.
    """
    if any(isinstance(b, Para) and ANNEX_LIST.match(b.text) for b in blocks):
        return blocks
    for i, b in enumerate(blocks):
        m = ANNEX_MARK.match(b.text) if isinstance(b, Para) else None
        if not m or int(m.group(1)) != 1 or not m.group(2).strip():
            continue
        run = [(i, m.group(2).strip())]
        while run[-1][0] + 1 < len(blocks):
            nxt = blocks[run[-1][0] + 1]
            n = ANNEX_MARK.match(nxt.text) if isinstance(nxt, Para) else None
            if not n or int(n.group(1)) != len(run) + 1 or not n.group(2).strip():
                break
            run.append((run[-1][0] + 1, n.group(2).strip()))
        after = blocks[run[-1][0] + 1:]
        closing = len(after) <= 3 and all(isinstance(x, Para) and (_signature_like(x) or P.parse_date_line(x.text))
                                          for x in after)
        if len(run) < 2 and not closing:
            return blocks
        out = list(blocks)
        for k, (at, name) in enumerate(run, start=1):
            text = f"附件：{k}.{name}" if k == 1 else f"{k}.{name}"
            out[at] = Para(text=text, where=blocks[at].where, indent=blocks[at].indent, align=blocks[at].align,
                           blank_before=blocks[at].blank_before)
        return out
    return blocks


def _marks(blocks: list, start: int, single: bool = False) -> list[int]:
    """Indices of 附件1, 附件2, … lines (numbered in order) at or after ``start``; with ``single``
    (the 附件 list names one), also a line that is just 附件, as GB/T 9704-2012 (8.2) writes the
    mark of a sole attachment."""
    out, expected = [], 1
    for i, b in enumerate(blocks):
        if i < start or not isinstance(b, Para):
            continue
        m = ANNEX_MARK.match(b.text)
        if m and int(m.group(1)) == expected and len(m.group(2)) <= 60:
            out.append(i)
            expected += 1
        elif single and expected == 1 and i > start and ANNEX_ALONE.match(b.text):
            out.append(i)
            expected += 1
    return out


def _annex_list(blocks: list, at: int) -> tuple[list[str], int]:
    """The names of an 附件 list starting at ``blocks[at]``; returns them and the index after the list."""
    first = ANNEX_LIST.match(blocks[at].text).group(1).strip()
    names = [_listed_name(first, None)] if first else []
    numbered = bool(first) and P.split_label(names[0])[0] is not None
    i = at + 1
    while i < len(blocks) and isinstance(blocks[i], Para):
        t = blocks[i].text
        if numbered or not names:
            t = _listed_name(t, len(names))
        label, rest = P.split_label(t)
        if label and label.level == 3 and len(rest) <= 80 and not ANNEX_MARK.match(t):
            names.append(t)
            i += 1
            continue
        if t.startswith("《") and t.endswith("》") and len(t) <= 80:
            names.append(t)
            i += 1
            continue
        break
    return [unbook(n) for n in names], i


def _listed_name(text: str, previous: int | None) -> str:
    """An 附件 list entry with its number made plain: ``1.2025年11月……登记表`` → ``1. 2025年11月……登记表``."""
    if P.split_label(text)[0]:
        return text
    found = P.number_before_figure(text, previous, None)
    return f"{found[0].text} {found[1]}" if found else text


def _main_signature_end(blocks: list, at: int) -> int:
    """After the main 附件 list, the main notice's 署名 and 成文日期 (a name followed by a date) still belong to it."""
    i = at
    if i + 1 < len(blocks) and isinstance(blocks[i], Para) and isinstance(blocks[i + 1], Para):
        if _signature_like(blocks[i]) and P.parse_date_line(blocks[i + 1].text):
            return i + 2
    if i < len(blocks) and isinstance(blocks[i], Para) and P.parse_date_line(blocks[i].text):
        return i + 1
    return i


def _split_by_names(rest: list, names: list[str], remarks: list[Remark]) -> list[list]:
    """Splits the blocks after the main notice into attachments without 附件N lines: at the listed titles, or page breaks."""
    if len(names) <= 1:
        return [rest]
    starts = [0]
    for name in names[1:]:
        found = None
        for i in range(starts[-1] + 1, len(rest)):
            b = rest[i]
            if not isinstance(b, Para) or len(b.text) > 60:
                continue
            window = "".join(x.text for x in rest[i:i + 3] if isinstance(x, Para))
            if similar(b.text, name) > 0.85 or (len(squash(b.text)) >= 4 and squash(name).startswith(squash(b.text))
                                                 and squash(window).startswith(squash(name)[:len(squash(window))][:20])):
                found = i
                break
        if found is None:
            remarks.append(Remark(None, name, "附件清单列出了此附件，但未能在正文中找到它的标题；"
                                              "其正文若在文件中，已并入前一个附件，请拆分"))
            continue
        j = found
        while j - 1 > starts[-1] and isinstance(rest[j - 1], Para) and (P.org_like(rest[j - 1].text)
                                                                        or P.is_doc_number_line(rest[j - 1].text)):
            j -= 1
        starts.append(j)
    starts.append(len(rest))
    return [rest[a:b] for a, b in zip(starts, starts[1:]) if b > a]


# -- one document -----------------------------------------------------------------------------------
def _signature_like(p: Para) -> bool:
    t = p.text.strip()
    if not t or len(t) > 30 or any(c in t for c in "。；，,：:！？《》") or P.split_label(t)[0]:
        return False
    if t.startswith(("——", "—", "（", "(")):
        return False
    return P.org_like(t) or p.indent >= 4 or p.align == "right"


def _head_line(p: Para) -> bool:
    t = p.text
    if P.split_label(t)[0] and not ORDINAL.match(t):
        return False
    if len(t) > 60 or any(c in t for c in "，,。；！？") or t.endswith(("：", ":")):
        return False
    return not P.CONTACT_LINE.match(t)


def _document(blocks: list, label: str | None, listed: str | None, remarks: list[Remark], main: bool = False) -> Doc:
    doc = Doc(label=label, listed=listed, blocks=blocks)
    doc.first_where = next((b.where for b in blocks), None)
    i = _head(blocks, doc, remarks, main)
    if i < len(blocks) and isinstance(blocks[i], Para) and _addressee(blocks[i].text):
        doc.addressee = blocks[i].text.strip()
        i += 1
    elif (i + 1 < len(blocks) and isinstance(blocks[i], Para) and isinstance(blocks[i + 1], Para)
          and blocks[i].text.rstrip().endswith(("，", "、", ",")) and _addressee(blocks[i].text + blocks[i + 1].text)):
        doc.addressee = (blocks[i].text.strip() + blocks[i + 1].text.strip())   # 主送 wrapped onto a second line
        i += 2
    end = _tail(blocks, i, doc, main, remarks)
    doc.body = outline(blocks[i:end], remarks, doc)
    return doc


_CLOSING_WORDS = re.compile(r"^(?:请|望|希望|以上)")


def _closing_paragraph(blocks: list, at: int, start: int) -> bool:
    """The 结尾 of a notice whose last part is a numbered list: a short unnumbered sentence after the
    last item, addressed to all (请各支部认真落实……, 以上安排请遵照执行。), which would otherwise be
    read as the last item's second paragraph."""
    b = blocks[at]
    if at - 1 < start or not isinstance(b, Para) or not isinstance(blocks[at - 1], Para):
        return False
    t = b.text.strip()
    before = para_label(blocks[at - 1])
    return (bool(_CLOSING_WORDS.match(t)) and t.endswith("。") and len(t) <= 80 and para_label(b) is None
            and before is not None and before.level >= 3)


def _addressee(text: str) -> bool:
    t = text.strip()
    if not P.addressee_line(t):
        return False
    name = t.rstrip("：:")
    return (name.startswith("各") or any(c in name for c in "、，,") or P.org_like(name)
            or any(w in name for w in ("党组织", "支部", "单位", "部门", "机关", "党员", "同志")))


def _head(blocks: list, doc: Doc, remarks: list[Remark], main: bool) -> int:
    """Reads the head lines (cover or 公文 head) of ``blocks``; returns the index of the first body block."""
    i = 0
    lines: list[Para] = []
    while i < len(blocks) and isinstance(blocks[i], Para) and _head_line(blocks[i]):
        lines.append(blocks[i])
        i += 1
    if not lines:
        return 0
    title_parts: list[Para] = []
    orgs: list[tuple[int, Para]] = []
    number_at = None
    cover = Cover()
    for k, p in enumerate(lines):
        t = p.text.strip()
        if PAGE_NUMBER.match(t):
            remarks.append(Remark(p.where, t, "是封面或页面上的页码，已忽略", doc))
            continue
        if P.is_doc_number_line(t):
            doc.doc_number = P.find_doc_number(t)
            number_at = k
            continue
        month = P.parse_month_line(t)
        if month:
            cover.month = month
            continue
        date = P.parse_date_line(t)
        if date:
            doc.date = date
            continue
        m = ORDINAL.match(t)
        if m and k <= 1:
            raw = m.group(1)
            cover.ordinal = int(raw) if raw.isdigit() else P.cn_number(raw)
            rest = t[m.end():].strip()
            if rest:
                title_parts.append(Para(text=rest, where=p.where))
            continue
        if P.org_like(t):
            orgs.append((k, p))
            continue
        title_parts.append(p)
    is_cover = cover.ordinal is not None or (cover.month is not None and doc.doc_number is None)
    if is_cover:
        # the title again at the top of the body page (2019年10月党支部组织生活指导材料) is not a second title
        broken = [x for x in title_parts if x.page_break]
        if broken:
            title_parts = [x for x in title_parts if x.where < broken[0].where]
        cover.title = tidy_title("".join(x.text for x in title_parts)) or None
        if orgs:
            cover.publisher = orgs[-1][1].text.strip()
            for _, p in orgs[:-1]:
                remarks.append(Remark(p.where, p.text, "封面上的这一行未能识别，已忽略", doc))
        doc.cover = cover
        doc.title = cover.title
        return i
    # 公文 head: issuer (发文机关标志) next to the 文号 or before a 关于… title; the rest is the title.
    first_title = title_parts[0].text if title_parts else ""
    for k, p in orgs:
        near_number = number_at is not None and abs(k - number_at) == 1
        before_title = k == 0 and re.match(r"^(关于|\d{4}\s*年)", first_title) is not None
        if doc.issuer is None and (near_number or before_title or (k == 0 and p.align == "center" and (p.size or 0) > 20)):
            doc.issuer = p.text.strip()
        else:
            title_parts.insert(sum(1 for x in title_parts if x.where < p.where), p)
    parts = [tidy_title(p.text) for p in title_parts]
    if doc.listed and parts:
        whole = "".join(parts)
        if similar(whole, doc.listed) < 0.85:
            for cut in range(1, len(parts)):
                if similar("".join(parts[cut:]), doc.listed) >= 0.85:
                    doc.pretitle = tidy_title("".join(parts[:cut]))
                    parts = parts[cut:]
                    break
    doc.title = tidy_title("".join(parts)) or None
    return i


def _tail(blocks: list, start: int, doc: Doc, main: bool, remarks: list[Remark]) -> int:
    """Peels the closing lines off the end of ``blocks``; returns the index where the body ends."""
    end = len(blocks)
    changed = True
    contact_where: int | None = None
    while changed and end > start:
        changed = False
        b = blocks[end - 1]
        if not isinstance(b, Para):
            break
        t = b.text.strip()
        date = P.parse_date_line(t)
        if date is None and P.parse_month_line(t) and end - 1 > start and _signature_like(blocks[end - 2]):
            date = (*P.parse_month_line(t), None)   # 署名 then 2016年5月: a 成文日期 known to the month
        if date and doc.date is None:
            doc.date = date
            end -= 1
            changed = True
            continue
        if _signature_like(b) and doc.signature is None and (end == len(blocks) or doc.date is not None
                                                              or all(not isinstance(x, Para) or P.parse_date_line(x.text)
                                                                     for x in blocks[end:])):
            doc.signature = re.sub(r"\s+", "", t) if re.search(r"[\u4e00-\u9fff]", t) else t
            end -= 1
            while (end - 1 > start and isinstance(blocks[end - 1], Para) and _signature_like(blocks[end - 1])
                   and P.org_like(blocks[end - 1].text) and P.org_like(doc.signature)):
                # 联合行文: one 署名 above the other
                doc.signature = re.sub(r"\s+", "", blocks[end - 1].text) + " " + doc.signature
                end -= 1
            changed = True
            continue
        if P.CONTACT_LINE.match(t):
            doc.contact_lines.insert(0, t)
            contact_where = b.where
            end -= 1
            changed = True
            continue
        if PAGE_NUMBER.match(t):
            remarks.append(Remark(b.where, t, "是页码，已忽略", doc))
            end -= 1
            changed = True
            continue
        # the document's own 附件 list ends here?
        for j in range(end - 1, max(start, end - 12) - 1, -1):
            if isinstance(blocks[j], Para) and ANNEX_LIST.match(blocks[j].text):
                names, after = _annex_list(blocks, j)
                if after == end and (names or ANNEX_LIST.match(blocks[j].text).group(1)):
                    doc.annex_list = names + doc.annex_list
                    end = j
                    changed = True
                break
        if changed:
            continue
        if main and doc.closing is None and (CLOSING.match(t) or _closing_paragraph(blocks, end - 1, start)):
            doc.closing = t
            end -= 1
            changed = True
    if doc.contact_lines:
        doc.contact, other = P.parse_contact_parts(doc.contact_lines)
        for part in other:
            remarks.append(Remark(contact_where, part, "在联系方式中，但 contact 只有联系人、电话、邮箱三项，未导入；"
                                                       "需要时请写入正文", doc, full=True))
    return end


# -- the outline ------------------------------------------------------------------------------------
def outline(blocks: list, remarks: list[Remark] | None = None, doc: Doc | None = None) -> Node:
    """Builds the outline of a body: headings and items nest by level (一、 → （一） → 1. → （1））.

    A labelled paragraph is a heading when its text reads as one
    (:func:`~generator.importer.patterns.heading_like`), else an item; an
    unnumbered paragraph in one of Word's heading styles is a heading of the level
    its style has among those the body uses (:func:`_styled_headings`); unlabelled
    paragraphs after an item continue it; tables and other paragraphs go under
    the innermost heading. A heading whose 一、 was lost (the text has 二、 later
    and this short line stands where 一、 belongs) gets the label back, with a remark.
    """
    root = Node("root", 0)
    stack = [root]
    labels = para_labels(blocks)
    inferred = _lost_first_heading(blocks, labels)
    styled = _styled_headings(blocks, labels)
    for k, b in enumerate(blocks):
        if isinstance(b, Table):
            if not (stack[-1].kind == "item" and _introduces(stack[-1])):
                while stack[-1].kind == "item":
                    stack.pop()
            stack[-1].children.append(b)
            continue
        label, rest = labels[id(b)]
        if b is inferred:
            node = Node("heading", 1, "一、", 1, b.text, b, inferred=True)
            if remarks is not None:
                remarks.append(Remark(b.where, b.text, "没有编号，但后文有“二、”，已作为一级标题“一、”导入，请核对", doc))
        elif label is None and id(b) in styled:
            node = Node("heading", styled[id(b)], "", 0, b.text.strip(), b)
        elif label is None:
            if stack[-1].kind == "item" and not _standalone(b, blocks[k + 1] if k + 1 < len(blocks) else None):
                stack[-1].children.append(b)
            else:
                while stack[-1].kind == "item":
                    stack.pop()
                stack[-1].children.append(b)
            continue
        else:
            kind = "heading" if label.level <= 2 and P.heading_like(rest) else "item"
            if kind == "heading" and label.level == 2 and _sentence_with_nothing_under(rest, blocks[k + 1:], labels):
                kind = "item"      # （一）按时参加。（二）认真记录。: a list of short sentences, not headings
            lead = LEAD_IN.match(rest.strip()) if label.level == 1 else None
            if lead and kind == "heading" and not re.match(r"^[^：:]+[：:]", rest.strip()):
                lead = None      # a short heading ending with 。 stays whole; 活动时间：…… is split
            if lead:   # 一、学习内容。组织党员……  /  二、活动时间：2025年…… : the heading, then its text
                node = Node("heading", 1, label.text, label.number, lead.group(1), b)
                node.children.append(Para(text=lead.group(2), where=b.where, indent=b.indent, align=b.align,
                                          bold=b.bold, style=b.style))
            else:
                node = Node(kind, label.level, label.text, label.number, rest.strip(), b)
        while stack[-1].level >= node.level and stack[-1].kind != "root":
            stack.pop()
        stack[-1].children.append(node)
        stack.append(node)
    return root


def _sentence_with_nothing_under(rest: str, after: list, labels: dict) -> bool:
    """Whether a short （一） line is an item, not a heading: it is a sentence (ends with 。 or ；) and
    nothing stands under it, the next block being another （N） line, a 一、 heading, or the body's end.

    ``（一）按时参加。`` followed by ``（二）认真记录。`` is a requirement; ``（一）加强组织领导。`` followed
    by its paragraph heads that paragraph, and ``（一）学习内容`` (no 。) stays a heading.
    """
    if not rest.strip().endswith(("。", "；", ";")):
        return False
    following = next((b for b in after if not (isinstance(b, Para) and not b.text.strip())), None)
    if following is None:
        return True
    if not isinstance(following, Para):
        return False
    label = labels[id(following)][0]
    return label is not None and label.level <= 2


def para_label(p: Para) -> P.Label | None:
    """The label ``p`` starts with, taking Word's automatic number (:attr:`Para.auto_label`) as certain."""
    return _split(p)[0]


def _split(p: Para) -> tuple[P.Label | None, str]:
    if p.auto_label:
        label, _ = P.split_label(p.auto_label.strip() + "x")
        if label is not None:
            return P.Label(label.level, label.number, p.auto_label.strip()), p.text[len(p.auto_label):]
    return P.split_label(p.text)


def para_labels(blocks: list) -> dict[int, tuple[P.Label | None, str]]:
    """Every paragraph's label and the text after it, by ``id``, read in sequence.

    ``N.`` before a figure is a number, not a decimal, when the numbering says so
    (:func:`~generator.importer.patterns.number_before_figure`): item ``N-1`` came before it
    (numbers may run on across groups), ``N+1`` follows within three paragraphs, or it is
    ``1.`` opening a group and a date follows (``1.2025年11月……``).
    """
    paras = [b for b in blocks if isinstance(b, Para)]
    out = {id(p): _split(p) for p in paras}
    previous: int | None = None
    group_start = True
    for k, p in enumerate(paras):
        label, _ = out[id(p)]
        if label is None and not p.auto_label:
            following = next((out[id(q)][0].number for q in paras[k + 1:k + 4]
                              if out[id(q)][0] is not None and out[id(q)][0].level == 3), None)
            found = (P.number_before_figure(p.text, previous, following)
                     or (P.number_before_figure(p.text, None, following) if group_start else None))
            if found:
                out[id(p)] = found
                label = found[0]
        if label is not None and label.level == 3:
            previous, group_start = label.number, False
        elif label is not None and label.level < 3:
            group_start = True
    return out


_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)


def _styled_headings(blocks: list, labels: dict) -> dict[int, int]:
    """Unnumbered paragraphs in Word's heading styles (Heading 1, 标题 2 …), by ``id``, with their level.

    The heading styles the body uses are ranked: the highest is level 1 (一、), the next level 2
    (（一））, so a body whose sections are “Heading 2” reads the same as one using “Heading 1”.
    Deeper styles and long paragraphs are left as text.
    """
    found = {}
    for b in blocks:
        if isinstance(b, Para) and labels[id(b)][0] is None and b.style and len(b.text.strip()) <= 40:
            m = _HEADING_STYLE.match(b.style.strip())
            if m:
                found[id(b)] = int(m.group(1))
    rank = {level: k for k, level in enumerate(sorted(set(found.values())), start=1)}
    return {key: rank[level] for key, level in found.items() if rank[level] <= 2}


def _introduces(item: Node) -> bool:
    """Whether an item ends with a colon (……本月活动安排如下：): the table after it is part of it."""
    last = item.children[-1] if item.children else None
    text = last.text if isinstance(last, Para) else item.text if last is None else ""
    return text.rstrip().endswith(("：", ":"))


def _standalone(p: Para, after) -> bool:
    """An unlabelled paragraph that does not continue the item before it: bold or centred text, or
    the lead-in of a table (……如下：), which goes with the table it introduces."""
    return p.bold or p.align == "center" or (isinstance(after, Table) and p.text.rstrip().endswith(("：", ":")))


def _lost_first_heading(blocks: list, found: dict[int, tuple]) -> Para | None:
    """The short unlabelled line standing where a lost 一、 heading belongs (the body has 二、 but no 一、)."""
    paras = [b for b in blocks if isinstance(b, Para)]
    labels = [(p, found[id(p)][0]) for p in paras]
    firsts = [(k, lab) for k, (p, lab) in enumerate(labels) if lab and lab.level == 1]
    if not firsts or firsts[0][1].number != 2:
        return None
    k = firsts[0][0] - 1
    while k >= 0:
        p, lab = labels[k]
        if lab is not None and lab.level >= 2:
            k -= 1
            continue
        if lab is None and P.heading_like(p.text) and k > 0:
            return p
        if lab is None and not P.heading_like(p.text):
            k -= 1
            continue
        return None
    return None
