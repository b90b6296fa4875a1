"""Site sources: the content model → plain Markdown pages and a navigation tree.

Stage three for the website. :func:`site_sources` renders one Markdown page per
month, per attachment and per shared document, plus the home page, with Jinja
templates in ``generator/templates/site/``. The pages are ordinary Markdown
(front matter ``title``, relative ``.md`` links, a little raw HTML for the
checklist), so any Markdown site engine can publish them; :mod:`generator.site`
is the only module that knows MkDocs.

Page paths mirror the content: ``2019-10/index.md`` for the month,
``2019-10/附件1-….md`` for its attachments, ``documents/….md`` for shared files.
"""

from __future__ import annotations

import itertools
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import zh
from .checklist import by_responsible, derive_checklist
from .model import Document, MonthIssue, Project
from .yearplan import year_plan, years

TEMPLATES = Path(__file__).parent / "templates"


def environment(kind: str) -> jinja2.Environment:
    """The Jinja environment for ``kind`` (``site`` or ``booklet``) with the shared filters.

    Filters: ``date_zh`` (date → 2019年10月31日), ``cn`` (3 → 三), ``hours`` (2.0 → 2).
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES / kind), undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
        autoescape=jinja2.select_autoescape(["html"]),
    )
    env.filters["date_zh"] = zh.date_zh
    env.filters["cn"] = zh.chinese_number
    env.filters["hours"] = lambda h: f"{h:g}"
    env.filters["by_responsible"] = by_responsible
    env.filters["cell"] = lambda text: (text or "").replace("|", "｜").replace("\n", " ")
    env.filters["cells"] = lambda items: "<br>".join(env.filters["cell"](t) for t in items) or "—"
    return env


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


@dataclass
class SiteSources:
    """What the site engine publishes.

    Attributes:
        pages: Markdown text by path relative to the docs root (``index.md``, ``2019-10/index.md`` …).
        nav: the navigation tree in MkDocs' ``nav`` shape (list of ``{title: path or list}``).
    """

    pages: dict[str, str] = field(default_factory=dict)
    nav: list = field(default_factory=list)


def _relative(target: str, page: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def site_sources(project: Project) -> SiteSources:
    """Renders every page of the site.

    Args:
        project: the validated project.

    Returns:
        :class:`SiteSources` with the pages and the navigation, newest month first.
    """
    env = environment("site")
    env.filters["doc_url"] = lambda doc, page: _relative(page_path(doc), page)
    env.filters["checklist_pdf"] = lambda issue: posixpath.basename(checklist_pdf(issue))
    out = SiteSources()
    month_tpl, doc_tpl = env.get_template("month.md.j2"), env.get_template("document.md.j2")
    plans = {year: year_plan(project, year) for year in years(project)}

    by_year = [(year, list(group)) for year, group in itertools.groupby(project.months, key=lambda m: m.year)]
    out.pages["index.md"] = env.get_template("index.md.j2").render(
        org=project.organisation, latest=project.months[0] if project.months else None,
        by_year=by_year, shared=project.shared,
    )
    out.nav.append({"首页": "index.md"})

    def add_document(doc: Document, context: str, nav_children: list, label: str) -> None:
        path = page_path(doc)
        if path in out.pages:
            return
        pdf = _relative(pdf_path(doc), path) if doc in project.shared else None
        out.pages[path] = doc_tpl.render(doc=doc, context=context, page=path, pdf=pdf)
        nav_children.append({f"{label}{doc.title}": path})
        for n, annex in enumerate(doc.annexes, start=1):
            add_document(annex, f"{doc.title} 附件{n}", nav_children, f"附件{n} ")

    for year, issues in by_year:
        year_nav = []
        for issue in issues:
            path = f"{issue.key}/index.md"
            kinds = issue.kinds_that_differ(project.organisation.branch_kinds)
            out.pages[path] = month_tpl.render(
                issue=issue, checklist=derive_checklist(issue), page=path, kinds=kinds,
                hours=plans[issue.year].rows[issue.month - 1].total_hours if plans[issue.year].has_hours else None,
                targets=project.rules.study_hours,
            )
            children: list = [path]
            for kind in kinds:
                version = issue.for_kind(kind)
                kind_path = f"{issue.key}/清单-{kind}党支部.md"
                out.pages[kind_path] = env.get_template("checklist.md.j2").render(
                    issue=version, checklist=derive_checklist(version))
                children.append({f"{kind}党支部清单": kind_path})
            for n, doc in enumerate(issue.attachments, start=1):
                if doc not in project.shared:
                    add_document(doc, f"{issue.month_zh}{issue.title} 附件{n}", children, f"附件{n} ")
            title = f"{issue.month}月" + (f"（{issue.ordinal_zh}）" if issue.ordinal_zh else "")
            year_nav.append({title: children})
        out.nav.append({f"{year}年": year_nav})

    plan_nav = []
    for year, plan in plans.items():
        path = f"plan/{year}.md"
        out.pages[path] = env.get_template("year.md.j2").render(
            plan=plan, pdf=_relative(year_plan_pdf(year), path), ics=_relative(year_ics(year), path))
        plan_nav.append({f"{year}年": path})
    if plan_nav:
        out.nav.append({"年度安排表": plan_nav})

    shared_nav: list = []
    for doc in project.shared:
        add_document(doc, "文件汇编", shared_nav, "")
    if shared_nav:
        out.nav.append({"文件汇编": shared_nav})
    from .indexes import add_folder_pages  # /plan/, /calendar/, /documents/ and feed.xml (generator/indexes.py)
    add_folder_pages(out, project)
    return out


def month_of(project: Project, key: str) -> MonthIssue:
    """The issue whose key is ``key`` (``YYYY-MM``). Raises KeyError if there is none."""
    for issue in project.months:
        if issue.key == key:
            return issue
    raise KeyError(key)
