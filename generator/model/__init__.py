"""The content model: what one monthly issue and its attachments are.

These dataclasses are what the readers (:mod:`generator.read.readers`) produce and
what every output (site pages, booklet, checklist, calendar) consumes. They hold
validated, typed values: dates are :class:`datetime.date`, Markdown is still
Markdown, and every object knows the file it came from.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import tasks, zh

DEFAULT_TITLE = "党支部组织生活指导材料"
"""The title a new month starts from (``python -m generator new``); never filled in silently."""


BRANCH_KINDS = ("教职工", "学生", "离退休", "机关")
"""Kinds of branch (党支部类型) and of member, besides 全体 (all)."""


@dataclass(frozen=True)
class Organisation:
    """组织信息: the publishing department, the same every month.

    Attributes:
        name: 发布单位, e.g. 北京科技大学党委组织部.
        short_name: 简称 used in signatures.
        site_name: the website's name.
        site_url: absolute URL of the published site, ending in ``/``.
        fonts: font-family lists per role: ``body`` (仿宋), ``title`` (小标宋), ``heiti`` (黑体), ``kaiti`` (楷体).
        branch_kinds: kinds of branch the department leads (教职工, 学生, 离退休, 机关).
    """

    name: str
    short_name: str
    site_name: str
    site_url: str
    fonts: dict[str, list[str]]
    branch_kinds: tuple[str, ...] = BRANCH_KINDS


@dataclass(frozen=True)
class PartialDate:
    """A date that may be known only to the month (成文日期 such as 二〇一六年五月)."""

    year: int
    month: int
    day: int | None = None

    @property
    def zh(self) -> str:
        """2017年5月22日, or 2016年5月 when the day is unknown."""
        return zh.month_zh(self.year, self.month) + (f"{self.day}日" if self.day else "")

    def as_date(self) -> dt.date:
        """The date, taking the first of the month when the day is unknown."""
        return dt.date(self.year, self.month, self.day or 1)


@dataclass(frozen=True)
class Contact:
    """联系方式: the contact line of a notice."""

    person: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Deadline:
    """报送期限: a dated submission written inside a document, e.g. 2019年8月26日上午11:00前报送.

    Attributes:
        date: the last day, or ``None`` when only a period is known.
        time: the time of day on that day, if given.
        period: 时限 as written when there is no date (11月中旬, 长期坚持); never turned into a made-up day.
        text: what is to be done.
        responsible: 支部书记 / 支委会 / 全体党员.
        applies_to: kinds of member (全体, 教职工, 学生, 离退休, 机关).
    """

    date: dt.date | None
    text: str
    time: dt.time | None = None
    period: str | None = None
    responsible: str = "支部书记"
    applies_to: tuple[str, ...] = ("全体",)

    @property
    def when_zh(self) -> str:
        """2019年8月26日上午11:00前, or the period as written (11月中旬, 长期坚持) when there is no date."""
        if self.date is None:
            return self.period or ""
        return zh.date_zh(self.date) + (zh.clock_zh(self.time) if self.time else "") + "前"


@dataclass
class Document:
    """A document: a month's 附件, or a shared 文件 that months attach or cite.

    Attributes:
        slug: URL-safe identifier, unique in the project (e.g. ``2019-10-fujian-1``).
        path: the Markdown file.
        title: 标题 (no 书名号).
        body: the body in Markdown (Python-Markdown with the extensions in :mod:`generator.read.markdown`).
        pretitle: 引题, a line above the title.
        issuer: 发文机关标志, the header naming the issuing body.
        doc_number: 文号, e.g. 校党组发〔2019〕14号.
        signature: 发文机关署名 at the end.
        date: 成文日期.
        contact: 联系方式.
        annex_titles: titles of annexes the document names but that are not included.
        annexes: documents included after this one (its own 附件).
        deadlines: dated submissions stated in the text.
        landscape: 横排: printed sideways on turned A4 pages (GB/T 9704-2012 clause 10.1).
    """

    slug: str
    path: Path
    title: str
    body: str
    pretitle: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    signature: str | None = None
    date: PartialDate | None = None
    contact: Contact | None = None
    annex_titles: list[str] = field(default_factory=list)
    annexes: list["Document"] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    landscape: bool = False

    @property
    def cited_title(self) -> str:
        """The title as cited in an 附件 note: 《标题》（文号）."""
        return f"《{self.title}》" + (f"（{self.doc_number}）" if self.doc_number else "")

    @property
    def annex_names(self) -> list[str]:
        """Names in this document's own 附件 note: included annexes first, then named-only ones."""
        return [a.title for a in self.annexes] + list(self.annex_titles)


@dataclass(frozen=True)
class Meeting:
    """A meeting the month calls (组织生活, 组织生活会 …): a fixed slot or a deadline, and a place.

    Exactly one of ``date`` (with or without ``start`` and ``end``) or ``deadline`` is set.

    Attributes:
        name: what the notice calls it (组织生活, 组织生活会); used in the checklist row
            (召开组织生活) and the year plan.
        place: 地点 as written (各支部根据实际自行安排), or ``None`` when the notice gives none.
        date, start, end: a fixed slot (2019年10月31日下午3:20—4:50).
        deadline: a last day (2017年6月2日之前).
        kind: 会议类别, the kind of event as the notice names it (组织生活会, 主题党日, 支部党员大会,
            支委会, 党课, 活动 … :data:`generator.model.tasks.MEETING_KINDS`, or as written), or ``None``.
        covers: ids of the standing rules this meeting fulfils (a 主题党日 → ``theme-day``).
    """

    name: str
    place: str | None = None
    date: dt.date | None = None
    start: dt.time | None = None
    end: dt.time | None = None
    deadline: dt.date | None = None
    kind: str | None = None
    covers: tuple[str, ...] = ()

    @property
    def time_label(self) -> str:
        """活动时间 for a 主题党日 or an 活动 (the activity's time), else 会议时间; the place label follows (活动地点 …)."""
        return "活动时间" if self.kind in ("主题党日", "活动") else "会议时间"

    @property
    def place_label(self) -> str:
        """活动地点 or 会议地点, as :attr:`time_label`."""
        return self.time_label.replace("时间", "地点")

    @property
    def row_text(self) -> str:
        """The checklist line: 召开组织生活, 开展义务植树主题党日 (:func:`generator.model.tasks.meeting_row`)."""
        return tasks.meeting_row(self.name, self.kind)

    @property
    def when_zh(self) -> str:
        """2019年10月31日下午3:20—4:50, or 2017年6月2日之前."""
        if self.date is not None:
            if self.start and self.end:
                return zh.slot_zh(self.date, self.start, self.end)
            return zh.date_zh(self.date) + (zh.clock_zh(self.start) if self.start else "")
        return zh.date_zh(self.deadline) + "之前"

    @property
    def last_day(self) -> dt.date:
        """The day by which the meeting is held."""
        return self.date or self.deadline


def applies(applies_to: tuple[str, ...], kind: str | None) -> bool:
    """Whether something meant for ``applies_to`` concerns a branch of ``kind`` (``None`` = all branches)."""
    return kind is None or "全体" in applies_to or kind in applies_to


@dataclass(frozen=True)
class WorkItem:
    """工作安排: one numbered work item of the month.

    Attributes:
        index: 1-based position among all the month's work items, in reading order; stable
            identifier in checklists and calendars (``2019-10/work-3``).
        number: the number printed before it (1. 2. …), counted in its block.
        text: the department's text, Markdown.
        summary: the short line shown in checklists (要点).
        kind: 规定 (规定动作, required) or 自选 (自选动作, optional).
        applies_to: kinds of member it applies to.
        responsible: who carries it out.
        deadline: 完成期限, if any.
        period: 完成时限 as written when there is no date (11月中旬, 长期坚持).
        hours: 学时 credited for it, if any.
        covers: ids of standing rules (:class:`Rule`) this item already fulfils: as written, or,
            when the author wrote no ``covers``, found from the rules' names and terms.
        matched: True when ``covers`` was found from the rules' terms, not written.
    """

    index: int
    number: int
    text: str
    summary: str
    kind: str = "规定"
    applies_to: tuple[str, ...] = ("全体",)
    responsible: str = "全体党员"
    deadline: dt.date | None = None
    period: str | None = None
    hours: float | None = None
    covers: tuple[str, ...] = ()
    matched: bool = False

    def applies(self, kind: str | None) -> bool:
        """Whether the item concerns a branch of ``kind`` (``None``: every branch)."""
        return applies(self.applies_to, kind)

    @property
    def label(self) -> str:
        """``3.``, or "" when the text already starts with its own number (:func:`generator.model.zh.item_label`)."""
        return zh.item_label(self.number, self.text)

    @property
    def due_zh(self) -> str | None:
        """2019年10月31日前, the period as written, or ``None``."""
        return (zh.date_zh(self.deadline) + "前") if self.deadline else self.period


@dataclass(frozen=True)
class Rule:
    """常规工作: a standing rule that recurs, as the department's ``data/rules.yml`` sets it.

    Attributes:
        id: stable identifier (``branch-committee``), used in checklists and calendar UIDs.
        name: 支部委员会, 党员大会 …
        text: the checklist line.
        frequency: ``monthly``, ``quarterly`` or ``yearly``.
        months: the months (1–12) a quarterly or yearly rule falls in; all twelve for monthly.
        day: the fixed day of the month (主题党日), if the department fixes one.
        responsible, applies_to: as for :class:`WorkItem`.
        source: the regulation and article it comes from.
        terms: other words that name what the rule asks (支委会 for 支部委员会); a month item
            saying one of them, or the name, fulfils the rule for that month.
    """

    id: str
    name: str
    text: str
    frequency: str
    months: tuple[int, ...]
    source: str
    day: int | None = None
    responsible: str = "支部书记"
    applies_to: tuple[str, ...] = ("全体",)
    terms: tuple[str, ...] = ()

    def due_in(self, month: int) -> bool:
        """Whether the rule falls in ``month`` (1–12)."""
        return month in self.months


@dataclass(frozen=True)
class StudyHours:
    """学时 targets per year: members ≥ 32, secretaries and committee members ≥ 56 (units: 学时)."""

    members: float
    secretaries: float
    source: str = ""


@dataclass(frozen=True)
class Rules:
    """The department's standing rules (``data/rules.yml``); empty when the file is absent."""

    rules: tuple[Rule, ...] = ()
    study_hours: StudyHours | None = None



@dataclass(frozen=True)
class Requirement:
    """组织生活要求: one numbered requirement; it may carry its own deadline.

    Attributes:
        index: 1-based position among all the month's requirements (``2019-10/requirement-2``).
        number: the number printed before it, counted in its block.
        text: Markdown.
        deadline, period: as for :class:`WorkItem`.
        responsible: who sees to it (default 支部书记).
        applies_to: kinds of member it applies to.
        task: True when it is a thing to do (a checklist row: it has a deadline or names who does
            it, :func:`generator.model.tasks.is_task`); False for a rule of conduct, printed under
            the checklist as a requirement.
    """

    index: int
    number: int
    text: str
    deadline: dt.date | None = None
    period: str | None = None
    responsible: str = "支部书记"
    applies_to: tuple[str, ...] = ("全体",)
    task: bool = True

    @property
    def label(self) -> str:
        """``3.``, or "" when the text already starts with its own number (:func:`generator.model.zh.item_label`)."""
        return zh.item_label(self.number, self.text)

    @property
    def due_zh(self) -> str | None:
        """2019年10月31日前, the period as written, or ``None``."""
        return (zh.date_zh(self.deadline) + "前") if self.deadline else self.period


READING_TYPES = ("文件", "文章")
"""Kinds of reading: 文件 (documents, books, courses: printed in 书名号《》) and 文章 (news and
article headlines: printed exactly as written)."""


@dataclass(frozen=True)
class Reading:
    """学习材料: a reading.

    Attributes:
        title: as the author wrote it.
        type: 文件 (title printed in 《》, inner 《》 turned into 〈〉 per GB/T 15834-2011, 4.15)
            or 文章 (a headline, printed as written).
        source: where to find it (出处).
        link: an URL, if any.
        document: a document in this project, if the reading is one.
        level: 必学 or 选学, only when the author wrote it.
        mode: 集体学习 or 自学, when known (from the item or its block).
        labels: the labels the author wrote on the item itself (printed after the title); a
            block with ``mode_style: bold`` prints no 集体学习/自学 label.
        bold: printed in bold (黑体): a collective-study item in a block whose notice marks
            collective study by bold type (``mode_style: bold``).
        applies_to: kinds of member it is for.
        item: the work item (by :attr:`WorkItem.index`) whose text already names it; it is then
            not listed again.
    """

    title: str
    type: str = "文件"
    source: str | None = None
    link: str | None = None
    document: Document | None = None
    level: str | None = None
    mode: str | None = None
    labels: tuple[str, ...] = ()
    bold: bool = False
    applies_to: tuple[str, ...] = ("全体",)
    item: int | None = None

    @property
    def display_title(self) -> str:
        """The title as printed: in 《》 for a 文件, as written for a 文章."""
        return zh.book_title(self.title) if self.type == "文件" else self.title


@dataclass(frozen=True, kw_only=True)
class Block:
    """One typed block of a section. ``heading`` (a （一）-level heading) is optional.

    Attributes:
        heading: the heading as the author wrote it, or ``None``.
        label: the number printed before the heading (（一）), or "" when the heading carries
            its own number or the block has none. Set by :func:`layout`.
    """

    heading: str | None = None
    label: str = ""

    type = "block"

    @property
    def visible(self) -> bool:
        """Whether the block prints anything (a block of readings all named in work items does not)."""
        return True


@dataclass(frozen=True, kw_only=True)
class Prose(Block):
    """Free text (Markdown): an opening, a 总体要求 paragraph, an 操作提示."""

    text: str
    type = "prose"


@dataclass(frozen=True, kw_only=True)
class MeetingBlock(Block):
    """时间及地点: the meeting, printed as （一）会议时间：… （二）会议地点：…."""

    meeting: Meeting
    type = "meeting"


@dataclass(frozen=True, kw_only=True)
class Theme(Block):
    """活动主题 (Markdown)."""

    text: str
    type = "theme"


@dataclass(frozen=True, kw_only=True)
class NumberedItems(Block):
    """A block of items numbered 1. 2. …, restarting at 1 unless ``continue_numbering`` (then on
    from the previous block of the same type, as a notice whose groups share one sequence)."""

    continue_numbering: bool = False

    @property
    def visible(self) -> bool:
        return bool(self.items)  # ``items``: each subclass's own field


@dataclass(frozen=True, kw_only=True)
class WorkItems(NumberedItems):
    """工作安排: numbered work items; several blocks with headings make named groups."""

    items: tuple[WorkItem, ...]
    type = "work_items"


@dataclass(frozen=True, kw_only=True)
class Readings(Block):
    """学习材料: readings, each its own numbered line."""

    items: tuple[Reading, ...]
    type = "readings"

    @property
    def listed(self) -> tuple[Reading, ...]:
        """The readings printed here (those not already named in a work item's text)."""
        return tuple(r for r in self.items if r.item is None)

    @property
    def visible(self) -> bool:
        return bool(self.listed)


@dataclass(frozen=True, kw_only=True)
class Requirements(NumberedItems):
    """组织生活要求: numbered requirements."""

    items: tuple[Requirement, ...]
    type = "requirements"


@dataclass(frozen=True, kw_only=True)
class Review(Block):
    """上月落实情况: a report on last month. Markdown ``text``, or ``items`` numbered 1. 2. …;
    never derived into checklists (it reports what was done)."""

    text: str | None = None
    items: tuple[str, ...] = ()
    type = "review"


@dataclass(frozen=True)
class Section:
    """One first-level part of the body (一、…), with its blocks in order.

    Attributes:
        heading: as the author wrote it.
        numbered: False when the author asked for no number.
        blocks: the typed blocks.
        label: 一、 etc., or "" (unnumbered, or the heading carries its own number). Set by :func:`layout`.
    """

    heading: str
    blocks: tuple[Block, ...]
    numbered: bool = True
    label: str = ""

    @property
    def shown(self) -> tuple[Block, ...]:
        """The blocks that print something, in order (empty: the section is not printed)."""
        return tuple(b for b in self.blocks if b.visible)


def layout(sections: list[Section] | tuple[Section, ...]) -> tuple[Section, ...]:
    """Numbers the body as GB/T 9704-2012 (7.3.3) and the domain's usage do: 一、 → （一） → 1.

    Only what prints is counted: a block that prints nothing (readings all named inside work
    items, a group emptied for one kind of branch) keeps its data (the year plan reads it) but
    gets no label, and a section with nothing to print gets none either and is skipped by the
    templates: no empty heading is ever printed. Sections whose heading already starts with a
    number (:func:`generator.model.zh.has_number`) or that are marked unnumbered keep their heading as
    written (they still take a place in the count, so numbers the author mixes in stay
    consistent). Headed blocks are numbered （一）（二）… within their section. Work items and
    requirements are numbered 1. 2. … within their block, or on from the previous block of
    their type when the block asks (``continue_numbering``).

    Args:
        sections: the sections as read (labels and numbers may be stale).

    Returns:
        New sections with ``label`` set on sections and blocks and ``number`` on items.
    """
    out = []
    count = 0
    running = {"work_items": 0, "requirements": 0}
    for section in sections:
        blocks, sub = [], 0
        for block in section.blocks:
            changes: dict = {"label": ""}
            if block.heading and block.visible:
                sub += 1
                changes["label"] = "" if zh.has_number(block.heading) else f"（{zh.chinese_number(sub)}）"
            if isinstance(block, (WorkItems, Requirements)):
                start = running[block.type] if block.continue_numbering else 0
                changes["items"] = tuple(dataclasses.replace(item, number=start + n)
                                         for n, item in enumerate(block.items, start=1))
                running[block.type] = start + len(block.items)
            blocks.append(dataclasses.replace(block, **changes))
        section = dataclasses.replace(section, blocks=tuple(blocks), label="")
        if section.shown:
            count += 1
            if section.numbered and not zh.has_number(section.heading):
                section = dataclasses.replace(section, label=f"{zh.chinese_number(count)}、")
        out.append(section)
    return tuple(out)


FORMS = ("booklet", "notice")
"""Forms of an issue: ``booklet`` (指导材料: a cover page, then the body) and ``notice``
(通知: the GB/T 9704-2012 document form, clause 7, with no cover page by default)."""


@dataclass
class MonthIssue:
    """One monthly issue of guidance (党支部组织生活指导材料, or a monthly 通知).

    Attributes:
        key: ``YYYY-MM``, also its URL segment.
        year, month: integers.
        path: the month's data file.
        title: 标题 as the author wrote it.
        publisher: 发布单位 (cover, PDF author).
        sections: the body (:class:`Section`), numbered by :func:`layout`.
        form: ``booklet`` or ``notice`` (:data:`FORMS`).
        cover: whether the booklet has a cover page.
        title_month: True/False to add or not add the month before the title; ``None``: add it
            only when the title does not already name the month (:attr:`display_title`).
        ordinal: 期次 (6 → 第六次), if given.
        published: 印发日期, if given.
        issuer: 发文机关标志 (版头), if given.
        doc_number: 文号, if given.
        addressee: 主送机关, if given.
        opening: 开头 (Markdown), if given.
        closing: 结尾 (特此通知。), if given.
        signature: 发文机关署名, if given.
        date: 成文日期, if given.
        contact: 联系方式, if given.
        attachments: 附件, in order (附件1, 附件2, …).
        standing: standing rules due this month that no work item or meeting covers.
        replacements: what stands in for a standing rule this month, as ``check`` lists it
            (第2项 代替常规工作“党费”; 会议“义务植树主题党日” 代替常规工作“主题党日”).
        kind: the kind of branch this copy is for (:meth:`for_kind`), or ``None`` for the full issue.
    """

    key: str
    year: int
    month: int
    path: Path
    title: str
    publisher: str
    sections: tuple[Section, ...]
    form: str = "booklet"
    cover: bool = True
    title_month: bool | None = None
    ordinal: int | None = None
    published: dt.date | None = None
    issuer: str | None = None
    doc_number: str | None = None
    addressee: str | None = None
    opening: str | None = None
    closing: str | None = None
    signature: str | None = None
    date: dt.date | None = None
    contact: Contact | None = None
    attachments: list[Document] = field(default_factory=list)
    standing: list[Rule] = field(default_factory=list)
    kind: str | None = None
    replacements: tuple[str, ...] = ()

    # -- the typed blocks, wherever they sit --------------------------------------------------
    def blocks(self, cls: type[Block] | None = None):
        """Every block in reading order (only those of class ``cls`` when given)."""
        for section in self.sections:
            for block in section.blocks:
                if cls is None or isinstance(block, cls):
                    yield block

    @property
    def meetings(self) -> list[Meeting]:
        """Every meeting the month calls, in order (usually none or one)."""
        return [b.meeting for b in self.blocks(MeetingBlock)]

    @property
    def meeting(self) -> Meeting | None:
        """The month's (first) meeting, or ``None`` when the notice calls none."""
        return next(iter(self.meetings), None)

    @property
    def theme(self) -> str | None:
        """活动主题 (Markdown), or ``None``."""
        return next((b.text for b in self.blocks(Theme)), None)

    @property
    def work_items(self) -> list[WorkItem]:
        """Every work item in reading order."""
        return [w for b in self.blocks(WorkItems) for w in b.items]

    @property
    def readings(self) -> list[Reading]:
        """Every reading in reading order."""
        return [r for b in self.blocks(Readings) for r in b.items]

    @property
    def requirements(self) -> list[Requirement]:
        """Every requirement in reading order."""
        return [r for b in self.blocks(Requirements) for r in b.items]

    @property
    def hours(self) -> float:
        """学时 credited this month by the work items (for this kind of branch)."""
        return sum(w.hours or 0 for w in self.work_items)

    # -- versions per kind of branch ------------------------------------------------------------
    def kinds_that_differ(self, branch_kinds: tuple[str, ...]) -> list[str]:
        """The branch kinds whose version of this month differs from the full one (empty: one version for all)."""
        targeted = {k for w in self.work_items for k in w.applies_to}
        targeted |= {k for r in self.readings for k in r.applies_to}
        targeted |= {k for r in self.requirements for k in r.applies_to}
        targeted |= {k for r in self.standing for k in r.applies_to}
        targeted |= {k for d in self.attachments for x in d.deadlines for k in x.applies_to}
        if not targeted - {"全体"}:
            return []
        return list(branch_kinds)

    def versions(self, branch_kinds: tuple[str, ...]) -> list["MonthIssue"]:
        """This month as published: the full issue, then one copy per branch kind when versions differ."""
        return [self, *(self.for_kind(k) for k in self.kinds_that_differ(branch_kinds))]

    def for_kind(self, kind: str) -> "MonthIssue":
        """This month as a branch of ``kind`` (教职工, 学生, 离退休, 机关) receives it.

        Work items, readings, requirements and standing rules meant only for other kinds are
        left out; what remains is numbered again (:func:`layout`), readings tied to a work item
        that was left out go with it, and blocks or sections left empty disappear. Returns a new
        :class:`MonthIssue` with ``kind`` set.
        """
        kept = {w.index for w in self.work_items if w.applies(kind)}

        def keep(block: Block) -> Block:
            if isinstance(block, WorkItems):
                return dataclasses.replace(block, items=tuple(w for w in block.items if w.index in kept))
            if isinstance(block, Readings):
                return dataclasses.replace(block, items=tuple(
                    r for r in block.items if applies(r.applies_to, kind) and (r.item is None or r.item in kept)))
            if isinstance(block, Requirements):
                return dataclasses.replace(block, items=tuple(r for r in block.items if applies(r.applies_to, kind)))
            return block

        sections = [dataclasses.replace(s, blocks=tuple(keep(b) for b in s.blocks)) for s in self.sections]
        return dataclasses.replace(
            self, kind=kind, sections=layout(sections),
            standing=[r for r in self.standing if applies(r.applies_to, kind)],
        )

    # -- how it is named -------------------------------------------------------------------------
    @property
    def month_zh(self) -> str:
        """2019年10月."""
        return zh.month_zh(self.year, self.month)

    @property
    def has_imprint(self) -> bool:
        """Whether a 版记 (印发机关 and 印发日期, GB/T 9704-2012, 7.4) ends the issue: a 通知 with ``published``."""
        return self.form == "notice" and self.published is not None

    @property
    def display_title(self) -> str:
        """The title as pages, booklets, PDF metadata and calendars print it.

        The month is put before the title only where the title does not already name it
        (2019年10月党支部组织生活指导材料, but 关于开展2025年9月主题党日活动的通知 as written), or
        as ``title_month`` says.
        """
        add = self.title_month if self.title_month is not None else not zh.names_month(self.title, self.year, self.month)
        return f"{self.month_zh}{self.title}" if add else self.title

    @property
    def short_title(self) -> str:
        """The title in a list of months of one year: 10月 党支部组织生活指导材料, or the title
        alone when it already names the month."""
        if zh.names_month(self.title, self.year, self.month) or self.title_month is False:
            return self.title
        return f"{self.month}月 {self.title}"

    @property
    def ordinal_zh(self) -> str | None:
        """第六次, or ``None``."""
        return zh.ordinal(self.ordinal) if self.ordinal else None

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def booklet_name(self) -> str:
        """File name of the month's PDF booklet (one per branch kind when versions differ).

        ``2019-10-党支部组织生活指导材料.pdf``; characters a file system refuses are replaced and a
        long title is shortened (:func:`generator.model.zh.file_name`).
        """
        return zh.file_name(f"{self.key}-{self.title}" + (f"-{self.kind}党支部" if self.kind else "")) + ".pdf"


@dataclass
class Project:
    """Everything the build reads: the organisation, every month (newest first) and every document.

    Attributes:
        root: the project directory.
        organisation: 组织信息.
        months: every issue, newest first.
        documents: every document by slug, attachments and shared documents alike.
        shared: the shared documents (``content/documents/``), in title order.
        rules: the standing rules (``data/rules.yml``).
        warnings: things the author should know that do not stop a build (in Chinese), e.g. a
            file in a month's folder that nothing references.
    """

    root: Path
    organisation: Organisation
    months: list[MonthIssue]
    documents: dict[str, Document]
    shared: list[Document]
    rules: Rules = field(default_factory=Rules)
    warnings: list[str] = field(default_factory=list)
