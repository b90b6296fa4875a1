"""The year's plan (党支部学习活动年度安排表), derived from the months and the standing rules.

One row per month, January to December: the theme, the readings, the
activities (work items), the meetings (the month's meeting and the standing
meetings due), the study hours credited that month and the running total, and
the dated deadlines. Months not yet published show what the standing rules
already fix, marked 尚未发布, so a branch can plan ahead. The table is what
the 《党支部学习活动年度安排表》 of the 党支部规范化建设 “一规一表一册一网” asks for.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .checklist import derive_checklist
from ..model import MonthIssue, Project, StudyHours


@dataclass
class PlanRow:
    """One month of the plan.

    Attributes:
        month: 1–12.
        issue: the published issue, or ``None``.
        theme: 活动主题 (empty if none or unpublished).
        readings: reading titles, with 必学/选学.
        activities: the work items' short lines.
        meetings: the meeting (with its time) and every standing rule due that month.
        hours: 学时 credited this month.
        total_hours: 学时 credited from January to this month.
        deadlines: dated items as “text（when）”.
    """

    month: int
    issue: MonthIssue | None
    theme: str = ""
    readings: list[str] = field(default_factory=list)
    activities: list[str] = field(default_factory=list)
    meetings: list[str] = field(default_factory=list)
    hours: float = 0
    total_hours: float = 0
    deadlines: list[str] = field(default_factory=list)


@dataclass
class YearPlan:
    """The plan of one year: twelve :class:`PlanRow` and the 学时 targets (``None`` if the rules set none)."""

    year: int
    rows: list[PlanRow]
    targets: StudyHours | None

    @property
    def has_hours(self) -> bool:
        """Whether any month of the year credits study hours."""
        return any(r.hours for r in self.rows)


def years(project: Project) -> list[int]:
    """Every year that has a published month, newest first."""
    return sorted({m.year for m in project.months}, reverse=True)


def year_plan(project: Project, year: int, checklists: dict | None = None) -> YearPlan:
    """Derives the plan of ``year`` from the project's months and standing rules.

    Args:
        project: the validated project.
        year: the calendar year.
        checklists: each month's checklist by key (``YYYY-MM``), as :func:`generator.derive.derive`
            computed it; derived here when not given.
    """
    by_month = {m.month: m for m in project.months if m.year == year}
    rows, total = [], 0.0
    for month in range(1, 13):
        issue = by_month.get(month)
        row = PlanRow(month=month, issue=issue)
        due = [r.name for r in project.rules.rules if r.due_in(month)]
        row.meetings = due
        if issue is not None:
            row.theme = issue.theme or ""
            row.readings = plan_readings(issue.readings)
            row.activities = [w.summary for w in issue.work_items]
            row.meetings = [f"{m.name}（{m.when_zh}）" for m in issue.meetings] + due
            row.hours = issue.hours
            checklist = checklists[issue.key] if checklists is not None else derive_checklist(issue)
            row.deadlines = [f"{c.text}（{c.due_zh}）" for c in checklist
                             if c.kind in ("work", "deadline") and c.due_zh]
        total += row.hours
        row.total_hours = total
        rows.append(row)
    return YearPlan(year=year, rows=rows, targets=project.rules.study_hours)


MODES = ("集体学习", "自学")


def plan_readings(readings) -> list[str]:
    """The readings as the plan lists them: display titles with the labels the author wrote,
    collective study (集体学习) first, then self-study (自学), each group led by its name, then
    readings with no mode; a month that names no mode lists them in order without group names."""
    def line(r) -> str:
        labels = [x for x in r.labels if x not in MODES]
        return r.display_title + (f"（{'·'.join(labels)}）" if labels else "")
    if not any(r.mode for r in readings):
        return [line(r) for r in readings]
    out = []
    for mode in (*MODES, None):
        group = [line(r) for r in readings if r.mode == mode]
        if group:
            out.append(f"{mode}：{group[0]}" if mode else group[0])
            out += group[1:]
    return out
