"""Checklists (工作清单) derived from a month's data, never typed twice.

:func:`derive_checklist` turns a :class:`~generator.model.MonthIssue` into the
list a branch secretary ticks off: the month's own work items (工作安排), the
meeting itself, the requirements (组织生活要求), and the dated submissions that
the month's attachments state (e.g. a notice's “8月26日前报送”) when they fall in
or after the month. The site shows it as checkboxes and the booklet as a table
with □; both render the same list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import zh
from .model import Document, MonthIssue
from .readers import first_sentence


@dataclass(frozen=True)
class ChecklistItem:
    """One line of a checklist.

    Attributes:
        id: stable identifier within the site, e.g. ``2019-10/work-3`` (used to keep ticks in the browser).
        kind: ``meeting``, ``work`` (工作安排), ``requirement`` (要求) or ``deadline`` (附件中的报送期限).
        text: what to do, one line.
        source: where the item comes from, e.g. 工作安排第3项, 要求第2条, 附件1.
        due: the last day, if any.
        due_zh: the due date or slot as printed, e.g. 2019年10月31日下午3:20—4:50.
        responsible: 支部书记, 支委会 or 全体党员.
        applies_to: kinds of member (全体, 教职工, 学生, 离退休, 机关).
        required: False for 自选动作.
    """

    id: str
    kind: str
    text: str
    source: str
    due: dt.date | None = None
    due_zh: str | None = None
    responsible: str = "全体党员"
    applies_to: tuple[str, ...] = ("全体",)
    required: bool = True


def _meeting_name(issue: MonthIssue) -> str:
    heading = issue.headings["time_place"]
    return heading.removesuffix("时间及地点") or "组织生活"


def _documents(issue: MonthIssue):
    """Each attachment with its label (附件1, 附件1之附件2 …), annexes included, depth first."""
    def walk(doc: Document, label: str):
        yield label, doc
        for n, annex in enumerate(doc.annexes, start=1):
            yield from walk(annex, f"{label}之附件{n}")
    for n, doc in enumerate(issue.attachments, start=1):
        yield from walk(doc, f"附件{n}")


def derive_checklist(issue: MonthIssue) -> list[ChecklistItem]:
    """The month's checklist, in booklet order.

    Args:
        issue: the validated month.

    Returns:
        Items in this order: the meeting, each work item (one item per work
        item, same order and numbering), each requirement, then each deadline
        from the attachments that falls on or after the month's first day
        (earlier ones have passed and are left out).
    """
    key = issue.key
    items = [ChecklistItem(
        id=f"{key}/meeting", kind="meeting",
        text=f"召开{_meeting_name(issue)}（{issue.meeting.place}）",
        source=issue.headings["time_place"], due=issue.meeting.last_day, due_zh=issue.meeting.when_zh,
    )]
    for w in issue.work_items:
        items.append(ChecklistItem(
            id=f"{key}/work-{w.number}", kind="work", text=w.summary, source=f"工作安排第{w.number}项",
            due=w.deadline, due_zh=zh.date_zh(w.deadline) + "前" if w.deadline else None,
            responsible=w.responsible, applies_to=w.applies_to, required=w.kind == "规定",
        ))
    for n, text in enumerate(issue.requirements, start=1):
        items.append(ChecklistItem(
            id=f"{key}/requirement-{n}", kind="requirement", text=first_sentence(text).rstrip("。；"),
            source=f"要求第{n}条",
        ))
    for label, doc in _documents(issue):
        for n, d in enumerate(doc.deadlines, start=1):
            if d.date >= issue.first_day:
                items.append(ChecklistItem(
                    id=f"{key}/deadline-{doc.slug}-{n}", kind="deadline", text=d.text, source=label,
                    due=d.date, due_zh=d.when_zh, responsible=d.responsible, applies_to=d.applies_to,
                ))
    return items
