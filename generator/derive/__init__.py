"""Stage two: what the month's data implies, computed once per build and handed to every renderer.

From the validated :class:`~generator.model.Project` this derives, for each month, its
editions (the full issue, and one copy per kind of branch when some items are meant for
one kind only, :meth:`~generator.model.MonthIssue.for_kind`) with each edition's checklist
(:func:`generator.derive.checklist.derive_checklist`), and for each year its plan
(:func:`generator.derive.yearplan.year_plan`, study hours included). Pages, booklets, calendars and
the year plan all read these; none of them derives anything again.
"""

from __future__ import annotations

from dataclasses import dataclass

from .checklist import ChecklistItem, derive_checklist
from ..model import MonthIssue, Project
from .yearplan import YearPlan, year_plan, years


@dataclass(frozen=True)
class Edition:
    """One published copy of a month: the issue (full, or a kind's version) and its checklist (工作清单)."""

    issue: MonthIssue
    checklist: tuple[ChecklistItem, ...]


@dataclass(frozen=True)
class Derived:
    """Everything derived from a project.

    Attributes:
        editions: by month key (``YYYY-MM``), the full edition first, then one per kind of branch.
        kinds: by month key, the kinds of branch that get their own edition (empty: one for all).
        plans: by year, the year plan (党支部学习活动年度安排表).
    """

    editions: dict[str, tuple[Edition, ...]]
    kinds: dict[str, tuple[str, ...]]
    plans: dict[int, YearPlan]

    def full(self, key: str) -> Edition:
        """The full edition of month ``key``. Raises KeyError for a month the project does not have."""
        return self.editions[key][0]

    def all_editions(self) -> list[Edition]:
        """Every edition of every month, newest month first."""
        return [e for editions in self.editions.values() for e in editions]


def derive(project: Project) -> Derived:
    """Derives editions, checklists and year plans from ``project`` (pure; no file is read or written)."""
    editions, kinds = {}, {}
    for issue in project.months:
        versions = issue.versions(project.organisation.branch_kinds)
        editions[issue.key] = tuple(Edition(v, tuple(derive_checklist(v))) for v in versions)
        kinds[issue.key] = tuple(v.kind for v in versions[1:])
    checklists = {key: e[0].checklist for key, e in editions.items()}
    plans = {year: year_plan(project, year, checklists) for year in years(project)}
    return Derived(editions=editions, kinds=kinds, plans=plans)
