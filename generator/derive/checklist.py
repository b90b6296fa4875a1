"""Checklists (工作清单) derived from a month's data, never typed twice.

:func:`derive_checklist` turns a :class:`~generator.model.MonthIssue` into the
list a branch secretary ticks off: the meeting itself, the month's own work
items (工作安排), the standing rules that fall in the month (``data/rules.yml``:
支委会 monthly, 党员大会 in the quarter's months …), the requirements
(组织生活要求), and the submissions that the month's attachments state (e.g. a
notice's “8月26日前报送”) when they fall in or after the month. Items are grouped
by who does them (支部书记, 支委会, 全体党员) and, for a month issued per kind of
branch (:meth:`MonthIssue.for_kind`), only the items for that kind remain.
The site shows the list as checkboxes and the booklet as a table with □.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import tasks, zh
from ..model import Document, MeetingBlock, MonthIssue, Requirement, Requirements, Rule, WorkItems, applies


GROUPS = tasks.ROLES
"""Who does an item (责任人: 支部书记, 支委会, 组织委员, 党小组长, 全体党员), in the order the checklist groups them."""


@dataclass(frozen=True)
class ChecklistItem:
    """One line of a checklist.

    Attributes:
        id: stable identifier within the site, e.g. ``2019-10/work-3`` (keeps ticks in the browser, calendar UIDs).
        kind: ``meeting`` (the event itself: 组织生活, 主题党日 …), ``work`` (工作安排), ``standing`` (常规工作), ``requirement`` (要求) or ``deadline`` (附件中的报送期限).
        text: what to do, one line.
        source: where the item comes from, e.g. 工作安排第3项, 常规工作, 要求第2条, 附件1.
        due: the last day, if there is one; ``None`` for a period or “this month”.
        due_time: the time of day on ``due`` a submission is due by (上午11:00前), if stated.
        due_zh: the due date, slot or period as printed, e.g. 2019年10月31日下午3:20—4:50, 11月中旬.
        responsible: 支部书记, 支委会 or 全体党员.
        applies_to: kinds of member (全体, 教职工, 学生, 离退休, 机关).
        required: False for 自选动作.
        basis: the regulation a standing item comes from (its article), else empty.
        start, end: the meeting's time slot on ``due`` (a meeting held 15:20–16:50), if it has one.
        location: the meeting's place, if given.
        event: for a meeting, its kind as the notice names it (主题党日, 组织生活会 …), else ``None``.
    """

    id: str
    kind: str
    text: str
    source: str
    due: dt.date | None = None
    due_time: dt.time | None = None
    due_zh: str | None = None
    responsible: str = "全体党员"
    applies_to: tuple[str, ...] = ("全体",)
    required: bool = True
    basis: str = ""
    start: dt.time | None = None
    end: dt.time | None = None
    location: str | None = None
    event: str | None = None


def _documents(issue: MonthIssue):
    """Each attachment with its label (附件1, 附件1之附件2 …), annexes included, depth first."""
    def walk(doc: Document, label: str):
        yield label, doc
        for n, annex in enumerate(doc.annexes, start=1):
            yield from walk(annex, f"{label}之附件{n}")
    for n, doc in enumerate(issue.attachments, start=1):
        yield from walk(doc, f"附件{n}")


def _rule_due(issue: MonthIssue, rule: Rule) -> tuple[dt.date | None, str]:
    if rule.day:
        day = dt.date(issue.year, issue.month, rule.day)
        return day, zh.date_zh(day)
    return None, f"{issue.month}月内"


def _source(block, heading: str, default: str, unit: str, n: int, single: bool) -> str:
    """Where an item stands, as the checklist names it: 工作安排第3项, or 理论学习第2项 when the
    month has several blocks of that kind (the block's heading, else its section's)."""
    name = block.heading or heading
    if single or not name:
        return f"{default}第{n}{unit}"
    return f"{name}第{n}{unit}"


def derive_checklist(issue: MonthIssue) -> list[ChecklistItem]:
    """The month's checklist, grouped by who does each item.

    Everything comes from typed blocks wherever they sit in the month's sections; a month that
    calls no meeting has no meeting row, one without requirements no requirement rows.

    Args:
        issue: the validated month; a per-kind copy (``issue.for_kind("学生")``)
            gives that kind's list.

    Returns:
        Items ordered by :data:`GROUPS`; within a group: the meetings, the work items (same
        order and numbering as the month), the standing rules due this month that no work item
        already covers, the requirements, then the attachments' deadlines that fall on or after
        the month's first day or that state only a period (earlier dated ones have passed).
    """
    key, kind = issue.key, issue.kind
    items = []
    meetings, work, requirements = [], [], []
    for section in issue.sections:
        for block in section.blocks:
            if isinstance(block, MeetingBlock):
                meetings.append((section, block))
            elif isinstance(block, WorkItems):
                work.append((section, block))
            elif isinstance(block, Requirements):
                requirements.append((section, block))
    for n, (section, block) in enumerate(meetings, start=1):
        m = block.meeting
        items.append(ChecklistItem(
            id=f"{key}/meeting" + (f"-{n}" if n > 1 else ""), kind="meeting",
            text=m.row_text + (f"（{m.place}）" if m.place else ""),
            responsible="支委会" if m.kind == "支委会" else "支部书记",
            source=block.heading or section.heading, due=m.last_day, due_zh=m.when_zh,
            start=m.start if m.date else None, end=m.end if m.date else None, location=m.place, event=m.kind,
        ))
    for section, block in work:
        for w in block.items:
            if not w.applies(kind):
                continue
            items.append(ChecklistItem(
                id=f"{key}/work-{w.index}", kind="work", text=_named(issue, w.summary),
                source=_source(block, section.heading, "工作安排", "项", w.number, len(work) == 1),
                due=w.deadline, due_zh=w.due_zh, responsible=w.responsible, applies_to=w.applies_to,
                required=w.kind == "规定",
            ))
    for rule in issue.standing:
        if not applies(rule.applies_to, kind):
            continue
        due, due_zh = _rule_due(issue, rule)
        items.append(ChecklistItem(
            id=f"{key}/rule-{rule.id}", kind="standing", text=rule.text, source="常规工作",
            due=due, due_zh=due_zh, responsible=rule.responsible, applies_to=rule.applies_to, basis=rule.source,
        ))
    for section, block in requirements:
        for r in block.items:
            if not r.task or not applies(r.applies_to, kind):
                continue
            items.append(ChecklistItem(
                id=f"{key}/requirement-{r.index}", kind="requirement", text=zh.first_sentence(r.text).rstrip("。；"),
                source=_source(block, section.heading, "要求", "条", r.number, len(requirements) == 1),
                due=r.deadline, due_zh=r.due_zh, responsible=r.responsible, applies_to=r.applies_to,
            ))
    for label, doc in _documents(issue):
        for n, d in enumerate(doc.deadlines, start=1):
            if (d.date is None or d.date >= issue.first_day) and applies(d.applies_to, kind):
                items.append(ChecklistItem(
                    id=f"{key}/deadline-{doc.slug}-{n}", kind="deadline", text=d.text, source=label,
                    due=d.date, due_time=d.time, due_zh=d.when_zh, responsible=d.responsible,
                    applies_to=d.applies_to,
                ))
    return sorted(items, key=lambda item: GROUPS.index(item.responsible))


def _named(issue: MonthIssue, text: str) -> str:
    """A row that only points at an attachment (“完成附件1”) named from it: 完成附件1《台账》."""
    n = tasks.reference_only(text)
    if n is None or not 1 <= n <= len(issue.attachments):
        return text
    return text.rstrip("。.；; ") + f"《{issue.attachments[n - 1].title}》"


def conduct_requirements(issue: MonthIssue) -> list[Requirement]:
    """The month's requirements that are rules of conduct, not tasks (:attr:`Requirement.task` False):
    printed under the checklist as requirements, never as rows to tick."""
    return [r for r in issue.requirements if not r.task and applies(r.applies_to, issue.kind)]


def by_responsible(items: list[ChecklistItem]) -> list[tuple[str, list[ChecklistItem]]]:
    """``items`` split into ``(责任人, items)`` groups in :data:`GROUPS` order, empty groups left out."""
    return [(who, [i for i in items if i.responsible == who]) for who in GROUPS
            if any(i.responsible == who for i in items)]
