"""Site sources: the content model → plain Markdown pages and a navigation tree.

Stage three for the website. :func:`site_sources` renders one Markdown page per
month, per attachment and per shared document, plus the home page, with Jinja
templates in ``generator/render/templates/site/``. The pages are ordinary Markdown
(front matter ``title``, relative ``.md`` links, a little raw HTML for the
checklist), so any Markdown site engine can publish them; :mod:`generator.site.checks`
is the only module that knows MkDocs.

Page paths mirror the content: ``2019-10/index.md`` for the month,
``2019-10/附件1-….md`` for its attachments, ``documents/….md`` for shared files.
"""

from __future__ import annotations

import itertools
import posixpath
from urllib.parse import unquote
from dataclasses import dataclass, field
from pathlib import Path


from ..model import zh
from .templating import environment
from ..model import Document, MonthIssue, Project
from ..derive import Derived, derive
from .indexes import add_folder_pages
from .paths import a5_months, a5_name, checklist_pdf, month_ics, page_path, pdf_path, year_ics, year_plan_pdf

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
    """A link from the page source ``page`` to the page source ``target`` (both ``.md``): the engine
    turns it into the page's URL."""
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def asset_url(target: str, page: str) -> str:
    """A link from the page source ``page`` to the rendered file ``target`` (a PDF, an .ics,
    a .docx), both relative to the site root.

    Written, like links between pages, relative to the page's source: the engine finds a
    stand-in for each rendered file among the pages (:func:`generator.builder.pipeline.sync_placeholders`),
    so every engine resolves the link and rewrites it for the page's published URL.
    """
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def site_sources(project: Project, derived: Derived | None = None, share_memo=None) -> SiteSources:
    """Renders every page of the site.

    Args:
        project: the validated project.
        derived: its editions, checklists and year plans (:func:`generator.derive.derive`);
            derived here when not given.
        share_memo: the share descriptions' readings kept from an earlier build
            (:class:`generator.render.share.TextMemo`), or ``None``.

    Returns:
        :class:`SiteSources` with the pages and the navigation, newest month first.
    """
    env = environment("site")
    env.filters["doc_url"] = lambda doc, page: _relative(page_path(doc), page)
    env.filters["checklist_pdf"] = lambda issue, page: asset_url(checklist_pdf(issue), page)
    env.filters["asset"] = asset_url
    env.filters["basename"] = lambda url: unquote(posixpath.basename(url))
    out = SiteSources()
    month_tpl, doc_tpl = env.get_template("month.md.j2"), env.get_template("document.md.j2")
    derived = derived or derive(project)
    plans = derived.plans

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
        pdf = asset_url(pdf_path(doc), path) if doc in project.shared else None
        out.pages[path] = doc_tpl.render(doc=doc, context=context, page=path, pdf=pdf)
        nav_children.append({f"{label}{doc.title}": path})
        for n, annex in enumerate(doc.annexes, start=1):
            add_document(annex, f"{doc.title} 附件{n}", nav_children, f"附件{n} ")

    with_a5 = a5_months(m.key for m in project.months)
    for year, issues in by_year:
        year_nav = []
        for issue in issues:
            path = f"{issue.key}/index.md"
            full, *versions = derived.editions[issue.key]
            kinds = derived.kinds[issue.key]
            out.pages[path] = month_tpl.render(
                issue=issue, checklist=full.checklist, page=path, kinds=kinds,
                a5_name=a5_name(issue) if issue.key in with_a5 else None, ics=month_ics(issue),
                hours=plans[issue.year].rows[issue.month - 1].total_hours if plans[issue.year].has_hours else None,
                targets=project.rules.study_hours,
            )
            children: list = [path]
            for version in versions:
                kind = version.issue.kind
                kind_path = f"{issue.key}/清单-{kind}党支部.md"
                out.pages[kind_path] = env.get_template("checklist.md.j2").render(
                    issue=version.issue, checklist=version.checklist, page=kind_path)
                children.append({f"{kind}党支部清单": kind_path})
            for n, doc in enumerate(issue.attachments, start=1):
                if doc not in project.shared:
                    add_document(doc, f"{issue.display_title} 附件{n}", children, f"附件{n} ")
            title = f"{issue.month}月" + (f"（{issue.ordinal_zh}）" if issue.ordinal_zh else "")
            year_nav.append({title: children})
        out.nav.append({f"{year}年": year_nav})

    plan_nav = []
    for year, plan in plans.items():
        path = f"plan/{year}.md"
        out.pages[path] = env.get_template("year.md.j2").render(
            plan=plan, pdf=asset_url(year_plan_pdf(year), path), ics=asset_url(year_ics(year), path))
        plan_nav.append({f"{year}年": path})
    if plan_nav:
        out.nav.append({"年度安排表": plan_nav})

    shared_nav: list = []
    for doc in project.shared:
        add_document(doc, "文件汇编", shared_nav, "")
    if shared_nav:
        out.nav.append({"文件汇编": shared_nav})
    add_folder_pages(out.pages, out.nav, project)  # /plan/, /calendar/, /documents/ and feed.xml
    from . import share, wechat  # issue 18: the 公众号版 pages; every page's description and share picture
    wechat.add_copy_pages(out.pages, project)
    share.add_share_meta(out.pages, project, share_memo)
    return out


def month_of(project: Project, key: str) -> MonthIssue:
    """The issue whose key is ``key`` (``YYYY-MM``). Raises KeyError if there is none."""
    for issue in project.months:
        if issue.key == key:
            return issue
    raise KeyError(key)
