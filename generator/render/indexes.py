"""Folder pages and the feed: a page for every folder of the site, and the months as an Atom feed.

A reader who trims a URL to ``/plan/``, ``/calendar/`` or ``/documents/`` gets a
page, not a server's file listing or 403:

* ``plan/index.md``: the year plans (年度安排表), with their PDFs and calendars;
* ``calendar/index.md``: the year calendars (.ics) with how to subscribe on an
  iPhone and import on an Android phone (日历订阅);
* ``documents/index.md``: the shared documents (文件汇编) with their 文号 and PDFs.

Each becomes the index page of its section in the navigation
(``navigation.indexes``). ``feed.xml`` is the months as an Atom feed
(:mod:`generator.render.feed`), linked from every page's head (``overrides/main.html``).

:func:`add_folder_pages` is called once from :func:`generator.render.pages.site_sources`.
"""

from __future__ import annotations

import posixpath

from .feed import FEED_PATH, months_feed
from ..model import Document, Project
from .paths import page_path, pdf_path, year_ics, year_plan_pdf
from .templating import environment
from ..derive.yearplan import years

PLAN_INDEX = "plan/index.md"
CALENDAR_INDEX = "calendar/index.md"
DOCUMENTS_INDEX = "documents/index.md"


def _paths(children: list) -> list:
    """The page paths of a nav section's direct children (a nested section counts as not a path)."""
    return [c if isinstance(c, str) else next(iter(c.values())) for c in children]


def _first_child(nav: list, prefix: str, index: str) -> bool:
    """Makes ``index`` the first child of the nav section whose pages all lie under ``prefix``; False if there is none."""
    for entry in nav:
        for children in entry.values():
            if (isinstance(children, list) and children
                    and all(isinstance(p, str) and p.startswith(prefix) for p in _paths(children))):
                children.insert(0, index)
                return True
    return False


def add_folder_pages(pages: dict[str, str], nav: list, project: Project) -> None:
    """Adds the folder pages and ``feed.xml`` to a site's ``pages`` (Markdown text by path) and
    ``nav`` (MkDocs' ``nav`` shape), in place: the two halves of a
    :class:`generator.render.pages.SiteSources`.

    The plan and documents pages become the first page of their navigation
    sections; the calendar page is a section of its own. A folder with nothing in
    it (no year, no shared document) gets no page, and no link points to it.
    """
    env = environment("site")
    url = project.organisation.site_url.rstrip("/") + "/"
    plan_years = years(project)
    env.filters["plan_pdf"] = lambda year: posixpath.basename(year_plan_pdf(year))
    env.filters["ics_url"] = lambda year: posixpath.relpath(year_ics(year), "plan")
    env.filters["https"] = lambda year: url + year_ics(year)
    env.filters["webcal"] = lambda year: "webcal://" + (url + year_ics(year)).split("://", 1)[-1]
    env.filters["doc_link"] = lambda doc: posixpath.relpath(page_path(doc), "documents")
    env.filters["doc_pdf"] = lambda doc: posixpath.relpath(pdf_path(doc), "documents")

    if plan_years:
        pages[PLAN_INDEX] = env.get_template("folder-plan.md.j2").render(plans=plan_years)
        if not _first_child(nav, "plan/", PLAN_INDEX):
            nav.append({"年度安排表": [PLAN_INDEX]})
        pages[CALENDAR_INDEX] = env.get_template("folder-calendar.md.j2").render(years=plan_years)
        nav.append({"日历订阅": CALENDAR_INDEX})
    shared: list[Document] = project.shared
    if shared:
        pages[DOCUMENTS_INDEX] = env.get_template("folder-documents.md.j2").render(shared=shared)
        if not _first_child(nav, "documents/", DOCUMENTS_INDEX):
            nav.append({"文件汇编": [DOCUMENTS_INDEX]})
    if project.months:
        pages[FEED_PATH] = months_feed(project)
