"""The content model: what one monthly issue and its attachments are.

These dataclasses are what the readers (:mod:`generator.readers`) produce and
what every output (site pages, booklet, checklist, calendar) consumes. They hold
validated, typed values: dates are :class:`datetime.date`, Markdown is still
Markdown, and every object knows the file it came from.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import zh

DEFAULT_TITLE = "党支部组织生活指导材料"
DEFAULT_HEADINGS = {"time_place": "组织生活时间及地点", "content": "组织生活内容", "requirements": "组织生活要求"}


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
        body: the body in Markdown (Python-Markdown with the extensions in :mod:`generator.markdown`).
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
    """The month's meeting (组织生活): a fixed slot or a deadline, and a place.

    Exactly one of ``date`` (with ``start`` and ``end``) or ``deadline`` is set.
    """

    place: str
    date: dt.date | None = None
    start: dt.time | None = None
    end: dt.time | None = None
    deadline: dt.date | None = None

    @property
    def when_zh(self) -> str:
        """2019年10月31日下午3:20—4:50, or 2017年6月2日之前."""
        if self.date is not None:
            if self.start and self.end:
                return zh.slot_zh(self.date, self.start, self.end)
            return zh.date_zh(self.date)
        return zh.date_zh(self.deadline) + "之前"

    @property
    def last_day(self) -> dt.date:
        """The day by which the meeting is held."""
        return self.date or self.deadline


@dataclass(frozen=True)
class WorkItem:
    """工作安排: one numbered work item of the month.

    Attributes:
        number: 1-based position in the month.
        text: the department's text, Markdown.
        summary: the short line shown in checklists (要点).
        kind: 规定 (规定动作, required) or 自选 (自选动作, optional).
        applies_to: kinds of member it applies to.
        responsible: who carries it out.
        deadline: 完成期限, if any.
        period: 完成时限 as written when there is no date (11月中旬, 长期坚持).
        hours: 学时 credited for it, if any.
        covers: ids of standing rules (:class:`Rule`) this item already fulfils.
    """

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

    def applies(self, kind: str | None) -> bool:
        """Whether the item concerns a branch of ``kind`` (``None``: every branch)."""
        return applies(self.applies_to, kind)


def applies(applies_to: tuple[str, ...], kind: str | None) -> bool:
    """Whether something meant for ``applies_to`` concerns a branch of ``kind`` (``None`` = all branches)."""
    return kind is None or "全体" in applies_to or kind in applies_to


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
class Reading:
    """学习材料: a required or optional reading.

    Attributes:
        title: without 书名号.
        source: where to find it (出处).
        link: an URL, if any.
        document: a document in this project, if the reading is one.
        level: 必学 or 选学.
        mode: 集体学习, 自学, or ``None``.
        item: the work item whose text already names it (then the body does not list it again).
    """

    title: str
    source: str | None = None
    link: str | None = None
    document: Document | None = None
    level: str = "必学"
    mode: str | None = None
    item: int | None = None


@dataclass
class MonthIssue:
    """One monthly issue of 党支部组织生活指导材料.

    Attributes:
        key: ``YYYY-MM``, also its URL segment.
        year, month: integers.
        path: the month's data file.
        ordinal: 期次 (6 → 第六次), if known.
        title, publisher: cover lines.
        published: 印发日期, if known.
        headings: wording of the three first-level headings (keys time_place, content, requirements).
        meeting: 时间及地点.
        theme: 活动主题, Markdown, if any.
        work_items, readings, requirements: as named.
        attachments: 附件, in order (附件1, 附件2, …).
    """

    key: str
    year: int
    month: int
    path: Path
    title: str
    publisher: str
    meeting: Meeting
    work_items: list[WorkItem]
    ordinal: int | None = None
    published: dt.date | None = None
    headings: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_HEADINGS))
    theme: str | None = None
    readings: list[Reading] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)
    attachments: list[Document] = field(default_factory=list)
    standing: list[Rule] = field(default_factory=list)
    kind: str | None = None

    @property
    def hours(self) -> float:
        """学时 credited this month by the work items (for this kind of branch)."""
        return sum(w.hours or 0 for w in self.work_items)

    def kinds_that_differ(self, branch_kinds: tuple[str, ...]) -> list[str]:
        """The branch kinds whose version of this month differs from the full one (empty: one version for all)."""
        targeted = {k for w in self.work_items for k in w.applies_to}
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

        Work items, readings and standing rules meant only for other kinds are
        left out; the remaining work items are renumbered 1, 2, … and readings
        follow their items. Returns a new :class:`MonthIssue` with ``kind`` set.
        """
        kept = [w for w in self.work_items if w.applies(kind)]
        renumber = {w.number: n for n, w in enumerate(kept, start=1)}
        readings = [dataclasses.replace(r, item=renumber[r.item]) if r.item else r
                    for r in self.readings if r.item is None or r.item in renumber]
        return dataclasses.replace(
            self, kind=kind, work_items=[dataclasses.replace(w, number=renumber[w.number]) for w in kept],
            readings=readings, standing=[r for r in self.standing if applies(r.applies_to, kind)],
        )

    @property
    def month_zh(self) -> str:
        """2019年10月."""
        return zh.month_zh(self.year, self.month)

    @property
    def ordinal_zh(self) -> str | None:
        """第六次, or ``None``."""
        return zh.ordinal(self.ordinal) if self.ordinal else None

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def listed_readings(self) -> list[Reading]:
        """Readings that the body lists in their own section (those not already named in a work item)."""
        return [r for r in self.readings if r.item is None]

    @property
    def booklet_name(self) -> str:
        """File name of the month's PDF booklet (one per branch kind when versions differ)."""
        return f"{self.key}-{self.title}" + (f"-{self.kind}党支部" if self.kind else "") + ".pdf"


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
    """

    root: Path
    organisation: Organisation
    months: list[MonthIssue]
    documents: dict[str, Document]
    shared: list[Document]
    rules: Rules = field(default_factory=Rules)
