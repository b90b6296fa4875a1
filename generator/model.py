"""The content model: what one monthly issue and its attachments are.

These dataclasses are what the readers (:mod:`generator.readers`) produce and
what every output (site pages, booklet, checklist, calendar) consumes. They hold
validated, typed values: dates are :class:`datetime.date`, Markdown is still
Markdown, and every object knows the file it came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import zh

DEFAULT_TITLE = "党支部组织生活指导材料"
DEFAULT_HEADINGS = {"time_place": "组织生活时间及地点", "content": "组织生活内容", "requirements": "组织生活要求"}


@dataclass(frozen=True)
class Organisation:
    """组织信息: the publishing department, the same every month.

    Attributes:
        name: 发布单位, e.g. 北京科技大学党委组织部.
        short_name: 简称 used in signatures.
        site_name: the website's name.
        site_url: absolute URL of the published site, ending in ``/``.
        fonts: font-family lists per role: ``body`` (仿宋), ``title`` (小标宋), ``heiti`` (黑体), ``kaiti`` (楷体).
    """

    name: str
    short_name: str
    site_name: str
    site_url: str
    fonts: dict[str, list[str]]


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
        date: the last day.
        time: the time of day on that day, if given.
        text: what is to be done.
        responsible: 支部书记 / 支委会 / 全体党员.
        applies_to: kinds of member (全体, 教职工, 学生, 离退休, 机关).
    """

    date: dt.date
    text: str
    time: dt.time | None = None
    responsible: str = "支部书记"
    applies_to: tuple[str, ...] = ("全体",)

    @property
    def when_zh(self) -> str:
        """2019年8月26日上午11:00前."""
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
        hours: 学时 credited for it, if any.
    """

    number: int
    text: str
    summary: str
    kind: str = "规定"
    applies_to: tuple[str, ...] = ("全体",)
    responsible: str = "全体党员"
    deadline: dt.date | None = None
    hours: float | None = None


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
        """File name of the month's PDF booklet."""
        return f"{self.key}-{self.title}.pdf"


@dataclass
class Project:
    """Everything the build reads: the organisation, every month (newest first) and every document.

    Attributes:
        root: the project directory.
        organisation: 组织信息.
        months: every issue, newest first.
        documents: every document by slug, attachments and shared documents alike.
        shared: the shared documents (``content/documents/``), in title order.
    """

    root: Path
    organisation: Organisation
    months: list[MonthIssue]
    documents: dict[str, Document]
    shared: list[Document]
