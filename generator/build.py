"""The pipeline: read → render → publish, and the guarantee that bad input loses nothing.

:func:`build` is the main job. It

1. reads and validates everything (:func:`generator.readers.read_project`);
   on any content error it raises before writing a byte;
2. renders the site's Markdown pages (:mod:`generator.pages`) and every PDF
   (:mod:`generator.booklet`) into a fresh staging folder under ``build/``;
3. has the site engine (:mod:`generator.site`) turn the staging pages into a
   site, and checks it (Chinese search really segmented, no outside requests);
4. only then switches the new site into place atomically
   (:mod:`generator.publish`), so ``site/`` is always either the last good
   build or the new one, never a half-written mix, whatever happens.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import booklet, calendar, publish, site
from .imposition import impose_a5
from .model import Project
from .pages import SiteSources, checklist_pdf, month_ics, pdf_path, site_sources, year_ics, year_plan_pdf
from .readers import read_project
from .search import search_terms
from .yearplan import plan_html, year_plan, years

log = logging.getLogger(__name__)

@dataclass
class BuildResult:
    """What a build produced.

    Attributes:
        project: the content that was built.
        site_dir: where the site now is.
        pdfs: every PDF written, relative to the site root.
        warnings: Chinese warnings about the machine (fonts, subsetter) and the content (characters no font has).
    """

    project: Project
    site_dir: Path
    pdfs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def render_sources(project: Project, docs_dir: Path, with_pdfs: bool = True,
                   warnings: list[str] | None = None) -> tuple[SiteSources, list[str]]:
    """Writes every page (and, unless ``with_pdfs`` is False, every PDF) under ``docs_dir``.

    Args:
        warnings: if given, content warnings found while rendering (characters no
            configured font has) are appended to it, each once, in Chinese.

    Returns:
        The :class:`~generator.pages.SiteSources` written and the PDF paths relative to ``docs_dir``.
    """
    found: list[str] = []
    sources = site_sources(project)
    for rel, text in sources.pages.items():
        target = docs_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    org = project.organisation
    pdfs = []
    for issue in project.months:
        for version in issue.versions(org.branch_kinds):
            (docs_dir / month_ics(version)).write_bytes(calendar.month_calendar(version, org, source_date([issue])))
            if with_pdfs:
                pdfs += month_pdfs(version, org, docs_dir, project.root, found)
                rel = checklist_pdf(version)
                extract_checklist(docs_dir / f"{version.key}/{version.booklet_name}", docs_dir / rel)
                pdfs.append(rel)
    for year in years(project):
        target = docs_dir / year_ics(year)
        target.parent.mkdir(parents=True, exist_ok=True)
        stamp = source_date([m for m in project.months if m.year == year])
        target.write_bytes(calendar.year_calendar(year, project.months, org, stamp))
    if with_pdfs:
        for year in years(project):
            rel = year_plan_pdf(year)
            log.info("生成年度安排表 %s", rel)
            booklet.write_pdf(plan_html(year_plan(project, year), org), docs_dir / rel, base_url=project.root)
            pdfs.append(rel)
        for doc in project.shared:
            rel = pdf_path(doc)
            log.info("生成文件 PDF %s", rel)
            html = booklet.document_html(doc, org)
            found += booklet.glyph_report(html, org, doc=doc)
            booklet.write_pdf(html, docs_dir / rel, base_url=project.root, org=org)
            pdfs.append(rel)
    if warnings is not None:
        warnings += [w for w in dict.fromkeys(found) if w not in warnings]
    return sources, pdfs


def source_date(issues: list) -> dt.datetime:
    """When outputs of ``issues`` count as made: the calendars' DTSTAMP and the sitemap's lastmod.

    Never the wall clock, so that two builds of the same content on different days
    are byte-identical. ``SOURCE_DATE_EPOCH`` (seconds since 1970, the
    reproducible-builds convention) wins when set; otherwise the newest of the
    months' own dates: its 印发日期 (``published``) or else its first day, at
    00:00 UTC (08:00 in Beijing, so the date reads the same there and in the
    sitemap, which MkDocs writes in UTC). Returned as an aware UTC datetime.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    days = [getattr(i, "published", None) or dt.date(i.year, i.month, 1) for i in issues] or [dt.date(2000, 1, 1)]
    return dt.datetime.combine(max(days), dt.time(0), dt.timezone.utc)


@contextlib.contextmanager
def _source_date_epoch(when: dt.datetime):
    """Sets ``SOURCE_DATE_EPOCH`` for the site engine (MkDocs dates the sitemap by it) unless already set."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(int(when.timestamp()))
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def month_pdfs(issue, org, docs_dir: Path, root: Path, warnings: list[str]) -> list[str]:
    """Writes the PDFs of one month under ``docs_dir/<YYYY-MM>/``; returns their paths relative to ``docs_dir``.

    Content warnings (characters no configured font has) are appended to ``warnings``.
    """
    rel = f"{issue.key}/{issue.booklet_name}"
    log.info("生成小册子 %s", rel)
    html = booklet.month_html(issue, org)
    warnings += booklet.glyph_report(html, org, issue=issue)
    booklet.write_pdf(html, docs_dir / rel, base_url=root, org=org, first_numbered=3)
    a5 = f"{issue.key}/{booklet.a5_name(issue)}"  # A5 saddle-stitch copy, two pages per A4 side
    log.info("拼版 A5 骑马订 %s", a5)
    impose_a5(docs_dir / rel, docs_dir / a5, title=f"{issue.month_zh}{issue.title}（A5骑马订）")
    return [rel, a5]


CHECKLIST_BOOKMARK = "工作清单"
"""The booklet's bookmark at the start of the checklist pages."""


def extract_checklist(booklet_pdf: Path, target: Path) -> None:
    """Copies the checklist pages of a month's booklet (from its 工作清单 bookmark to the end) into ``target``.

    The printable checklist is thus the very page the booklet carries, not a second layout of it.

    Raises:
        ValueError: if the booklet has no 工作清单 bookmark.
    """
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(booklet_pdf)
    starts = [reader.get_destination_page_number(item) for item in reader.outline
              if not isinstance(item, list) and item.title == CHECKLIST_BOOKMARK]
    if not starts:
        raise ValueError(f"{booklet_pdf.name} has no {CHECKLIST_BOOKMARK} bookmark")
    writer = PdfWriter()
    for page in reader.pages[starts[0]:]:
        writer.add_page(page)
    writer.add_metadata({**(reader.metadata or {}), "/Title": f"{reader.metadata.title}：{CHECKLIST_BOOKMARK}"})
    with target.open("wb") as out:
        writer.write(out)


def build(root: Path, site_dir: Path | None = None, wait: float = publish.DEFAULT_WAIT) -> BuildResult:
    """Builds the site with every booklet inside it.

    Args:
        root: the project directory.
        site_dir: where the finished site goes; default ``root/site``.
        wait: seconds to wait for another build of the same project (:class:`generator.publish.ProjectLock`).

    Returns:
        A :class:`BuildResult`.

    Raises:
        generator.errors.ContentErrors: the content has problems; nothing was written.
        generator.site.SiteCheckError: the built site failed a check; ``site_dir`` was left as it was.
        generator.publish.PublishError: another build is running, or ``site_dir`` cannot be replaced
            (read-only, immutable); ``site_dir`` was left as it was.
        OSError: the disk is full or a folder is not writable; ``site_dir`` was left as it was.
    """
    root = root.resolve()
    site_dir = (site_dir or root / "site").resolve()
    project = read_project(root)
    warnings = booklet.environment_warnings(project.organisation)

    with publish.Publication(root, site_dir, wait=wait) as pub:  # lock, leftovers, preflight; see generator.publish
        docs = pub.scratch / "docs"
        sources, pdfs = render_sources(project, docs, warnings=warnings)
        user_dict = pub.scratch / "jieba_user_dict.txt"
        user_dict.write_text("".join(f"{t} 100000 n\n" for t in search_terms(project, root)), encoding="utf-8")
        with _source_date_epoch(source_date(project.months)):
            site.build_site(root, docs, pub.new_site, sources.nav, user_dict, project.organisation.site_url)
        site.check_site(pub.new_site)
        pub.commit()
    warnings += pub.warnings
    return BuildResult(project=project, site_dir=site_dir, pdfs=pdfs, warnings=warnings)
