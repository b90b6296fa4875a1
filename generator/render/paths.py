"""Where every output lives in the site, relative to its root.

Pages are Markdown sources (``.md``) that the site engine publishes as folders
(``documents/x.md`` at ``documents/x/``); rendered files (PDF, iCalendar) keep their names.
"""

from __future__ import annotations

from ..model import Document, MonthIssue


def page_path(doc: Document) -> str:
    """The Markdown page of a document, relative to the docs root: ``2019-10/附件1-….md``."""
    return doc.slug + ".md"


def pdf_path(doc: Document) -> str:
    """The standalone PDF of a shared document, relative to the docs root."""
    return doc.slug + ".pdf"


def checklist_pdf(issue: MonthIssue) -> str:
    """The month's printable checklist (the booklet's checklist pages), relative to the docs root."""
    return f"{issue.key}/{issue.booklet_name.removesuffix('.pdf')}-工作清单.pdf"


def year_plan_pdf(year: int) -> str:
    """The printable year plan, relative to the docs root."""
    return f"plan/{year}年党支部学习活动年度安排表.pdf"


def month_ics(issue: MonthIssue) -> str:
    """The month's iCalendar file, relative to the docs root."""
    return f"{issue.key}/{issue.key}" + (f"-{issue.kind}党支部" if issue.kind else "") + ".ics"


def year_ics(year: int) -> str:
    """The year's calendar feed, relative to the docs root."""
    return f"calendar/{year}.ics"


def a5_name(issue: MonthIssue) -> str:
    """File name of the month's A5 saddle-stitch imposition (:mod:`generator.render.imposition`): ``2019-10-…-A5骑马订.pdf``."""
    return issue.booklet_name.removesuffix(".pdf") + "-A5骑马订.pdf"


A5_RECENT_MONTHS = 12
"""How many of the newest months get an A5 copy (laid out for A5, one more layout each) in a build."""


def a5_months(keys) -> frozenset[str]:
    """The months (``YYYY-MM`` keys from ``keys``) whose booklet has an A5 saddle-stitch copy: the
    newest :data:`A5_RECENT_MONTHS`, the months being printed. Laying out every month of a ten-year
    archive for A5 too would cost a third more CPU on a cold build; older months print from the A4."""
    return frozenset(sorted(set(keys), reverse=True)[:A5_RECENT_MONTHS])
