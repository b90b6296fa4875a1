"""Every file the build writes besides the site's pages, as a target with declared inputs.

A :class:`Target` is one job: a pure function (``job``) from its inputs to the bytes of one
or more output files. :func:`plan` lists them for a project:

=====================  ==============================================================  ===========================
kind                   outputs (relative to the site root)                             made from
=====================  ==============================================================  ===========================
``booklet``            ``YYYY-MM/<name>.pdf``, its A5 saddle-stitch copy and           one edition of a month
                       its checklist pages (one per edition); for the full issue      (:mod:`generator.derive`)
                       also its share picture ``YYYY-MM/YYYY-MM-分享图.png`` (the
                       booklet's first page as PNG), the newest month's also
                       ``分享图.png`` (:mod:`generator.render.share`)
``calendar``           ``YYYY-MM/YYYY-MM.ics`` (one per edition)                       the edition's checklist
``year-plan``          ``plan/<year>年党支部学习活动年度安排表.pdf``                     the year's plan
``year-calendar``      ``calendar/<year>.ics``                                         the year's checklists
``document``           ``documents/<slug>.pdf``                                        a shared document
``docx``               ``YYYY-MM/<name>.docx`` (the full issue), ``documents/<slug>.docx``  a month or a shared document
``wechat``             ``YYYY-MM/<name>-公众号版.html`` and its images, likewise           a month or a shared document
                       ``documents/<slug>-公众号版.html`` (:mod:`generator.render.wechat`)
=====================  ==============================================================  ===========================

A target's :attr:`~Target.key` digests everything its bytes depend on: its input data
(the model objects, compared by value), the files its Markdown includes, the organisation
file, the source of the modules and the templates that lay it out, the versions of the
libraries that render it and, for PDFs, the font files the booklet's faces resolve to
(:func:`generator.render.fonts.fingerprint`). Same key, same bytes: :mod:`generator.builder.pipeline` reuses
a cached output whenever the key is unchanged. So editing one month re-renders that month's
editions, its year's plan and calendar; a template change re-renders what the template
lays out; an upgrade of WeasyPrint re-renders every PDF.

Jobs are module-level functions with picklable arguments, so they run in worker processes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from urllib.parse import unquote
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

from . import cache
from ..derive import Derived
from ..model import Document, MonthIssue, Organisation, Project

PACKAGE = Path(__file__).resolve().parent.parent
"""The ``generator`` package: :data:`CODE` lists its files relative to it."""

CODE = {
    "booklet": (["render/booklet.py", "render/landscape.py", "render/imposition.py", "read/markdown.py", "model/__init__.py", "model/zh.py", "render/templating.py",
                 "render/templates/booklet/booklet.html.j2", "render/templates/booklet/booklet.css.j2"],
                ["weasyprint", "pydyf", "pypdf", "pypdfium2", "pillow", "fonttools", "markdown", "segno", "jinja2", "tinycss2",
                 "cssselect2"]),
    "document": (["render/booklet.py", "render/landscape.py", "read/markdown.py", "model/__init__.py", "model/zh.py", "render/templating.py",
                  "render/templates/booklet/booklet.html.j2", "render/templates/booklet/booklet.css.j2"],
                 ["weasyprint", "pydyf", "pypdf", "fonttools", "markdown", "jinja2", "tinycss2", "cssselect2"]),
    "docx": (["render/word.py", "render/word_month.py", "render/word_template.py", "render/templates/word/template.docx",
              "read/markdown.py", "model/__init__.py", "model/zh.py"], ["python-docx"]),
    "year-plan": (["render/booklet.py", "model/__init__.py", "model/zh.py", "render/templating.py", "render/templates/booklet/yearplan.html.j2"],
                  ["weasyprint", "pydyf", "fonttools", "jinja2", "tinycss2", "cssselect2"]),
    "calendar": (["render/calendar.py", "model/__init__.py", "model/zh.py"], ["icalendar"]),
    # issue 18: the 公众号 copy and the share picture
    "wechat": (["render/wechat.py", "render/share.py", "read/markdown.py", "read/sanitize.py", "model/__init__.py", "model/zh.py",
                "render/templating.py", "render/templates/wechat/article.html.j2", "render/templates/wechat/wechat.css"],
               ["css-inline", "lxml", "markdown", "jinja2", "nh3"]),
    "year-calendar": (["render/calendar.py", "model/__init__.py", "model/zh.py"], ["icalendar"]),
}
"""For each kind of target: the files of this package (modules, templates) and the
distributions whose change must re-render it."""

PDF_KINDS = ("booklet", "document", "year-plan")


@dataclass(frozen=True)
class Target:
    """One output job.

    Attributes:
        kind: see the table in the module docstring.
        name: what the progress display and messages call it, in Chinese (2019年10月 小册子).
        outputs: the files it writes, relative to the site root.
        key: SHA-256 of its inputs (:func:`generator.builder.cache.key`).
        job: ``(function, args)``: calling ``function(*args)`` returns a :class:`Rendered`.
        month: the month (``YYYY-MM``) it belongs to, if any.
    """

    kind: str
    name: str
    outputs: tuple[str, ...]
    key: str
    job: tuple[Callable[..., "Rendered"], tuple]
    month: str | None = None

    def run(self) -> "Rendered":
        """Renders the target (in whatever process calls it)."""
        function, args = self.job
        return function(*args)


@dataclass
class Rendered:
    """What a job returns: each output path → its bytes, and warnings (Chinese) about the content."""

    files: dict[str, bytes]
    warnings: list[str]


def run_target(target: Target) -> tuple[str, Rendered]:
    """``(target.key, target.run())``: the function a worker process calls."""
    return target.key, target.run()


# -- what the keys are made of -----------------------------------------------------------------

@lru_cache(maxsize=None)
def code_digest(kind: str) -> str:
    """Digest of the source files, templates and library versions a kind of target depends on."""
    files, dists = CODE[kind]
    h = hashlib.sha256()
    for rel in files:
        h.update(rel.encode() + b"\0" + (PACKAGE / rel).read_bytes() + b"\0")
    for dist in dists:
        try:
            version = metadata.version(dist)
        except metadata.PackageNotFoundError:
            version = "absent"
        h.update(f"{dist}=={version}\n".encode())
    return h.hexdigest()


def font_digest(org: Organisation) -> str:
    """Digest of the font files the organisation's booklet faces resolve to."""
    from ..render import booklet, fonts

    return fonts.fingerprint([f for role in booklet.ROLES for f in org.fonts[role]] + booklet.NUMBER_FONTS)


_LOCAL_REF = re.compile(r"""(?:src|href)\s*=\s*["']([^"'#?]+)|\]\(\s*<?([^)\s>#?]+)""")


def included_files(doc: Document, root: Path) -> list[tuple[str, str]]:
    """Files under ``content/`` that a document's Markdown includes (images, linked files): (path, digest).

    Part of the key of every PDF that prints the document, so replacing an image re-renders it.
    """
    out = []
    for doc_ in [doc, *doc.annexes]:
        for m in _LOCAL_REF.finditer(doc_.body):
            ref = unquote(m.group(1) or m.group(2))
            if re.match(r"^[a-z][a-z0-9+.-]*:", ref, re.I):
                continue  # http:, mailto: … (the readers refuse what may not be fetched)
            path = (doc_.path.parent / ref).resolve()
            if path.is_file() and path.is_relative_to((root / "content").resolve()):
                out.append((path.relative_to(root.resolve()).as_posix(), cache.file_digest(path)))
    return sorted(set(out))


def static_files(project: Project) -> dict[str, Path]:
    """Files the content's Markdown shows or links (images, a form to download) that the site must
    carry: their path in the site (as under ``content/``) → the file. Pages link them relative to
    their own source, so they keep the place they have under ``content/``.
    """
    out = {}
    content = (project.root / "content").resolve()
    for doc in project.documents.values():
        for rel, _ in included_files(doc, project.root):
            path = (project.root / rel).resolve()
            if path.suffix != ".md":
                out[path.relative_to(content).as_posix()] = path
    return dict(sorted(out.items()))


def _issue_files(issue: MonthIssue, root: Path) -> list:
    docs = list(issue.attachments)
    return [included_files(d, root) for d in docs]


def source_date(issues: list[MonthIssue]) -> dt.datetime:
    """When outputs of ``issues`` count as made: the calendars' DTSTAMP and the sitemap's lastmod.

    Never the wall clock, so that two builds of the same content on different days are
    byte-identical. ``SOURCE_DATE_EPOCH`` (seconds since 1970, the reproducible-builds
    convention) wins when set; otherwise the newest of the months' own dates: 印发日期
    (``published``), else 成文日期 (``date``), else the month's first day, at 00:00 UTC (08:00 in
    Beijing, so the date reads the same there and in the sitemap, which MkDocs writes in UTC).
    Returned as an aware UTC datetime.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    days = [i.published or i.date or i.first_day for i in issues] or [dt.date(2000, 1, 1)]
    return dt.datetime.combine(max(days), dt.time(0), dt.timezone.utc)


# -- the jobs -------------------------------------------------------------------------------------

def render_month(issue: MonthIssue, checklist: tuple, org: Organisation, root: Path, a5: bool = True,
                 pictures: tuple[str, ...] = ()) -> Rendered:
    """One edition's booklet (A4), its checklist pages, when ``a5`` its A5 saddle-stitch copy laid out
    for A5 (:func:`generator.render.booklet.month_pdfs`), and the share picture at each path of
    ``pictures`` (the full issue's: the booklet's first page, its cover, as PNG,
    :func:`generator.render.booklet.cover_png`; the page is already laid out, so the picture costs
    0.01 s instead of a layout of its own)."""
    from ..render import booklet
    from ..render.paths import a5_name, checklist_pdf

    pdfs, html = booklet.month_pdfs(issue, org, checklist, root, a5=a5)
    warnings = booklet.glyph_report(html, org, issue=issue)
    files = {f"{issue.key}/{issue.booklet_name}": pdfs["a4"], checklist_pdf(issue): pdfs["checklist"]}
    if a5:
        files[f"{issue.key}/{a5_name(issue)}"] = pdfs["a5"]
    if pictures:
        png = booklet.cover_png(pdfs["a4"])
        files.update({rel: png for rel in pictures})
    return Rendered(files, warnings)


def render_month_calendar(issue: MonthIssue, checklist: tuple, org: Organisation, stamp: dt.datetime) -> Rendered:
    """One edition's .ics file."""
    from ..render import calendar
    from ..render.paths import month_ics

    return Rendered({month_ics(issue): calendar.month_calendar(issue, org, stamp, checklist)}, [])


def render_year_plan(year: int, html: str, root: Path) -> Rendered:
    """The year plan's landscape PDF, from its HTML (:func:`generator.render.booklet.year_plan_html`)."""
    from ..render import booklet
    from ..render.paths import year_plan_pdf

    return Rendered({year_plan_pdf(year): booklet.pdf_bytes(html, root)}, [])


def render_year_calendar(year: int, issues: list[MonthIssue], checklists: dict, org: Organisation,
                         stamp: dt.datetime) -> Rendered:
    """The year's calendar feed."""
    from ..render import calendar
    from ..render.paths import year_ics

    return Rendered({year_ics(year): calendar.year_calendar(year, issues, org, stamp, checklists)}, [])


def render_document(doc: Document, org: Organisation, root: Path) -> Rendered:
    """A shared document's PDF (with its annexes)."""
    from ..render import booklet
    from ..render.paths import pdf_path

    html = booklet.document_html(doc, org)
    warnings = booklet.glyph_report(html, org, doc=doc)
    return Rendered({pdf_path(doc): booklet.pdf_bytes(html, root, org)}, warnings)


def render_docx(item, org: Organisation) -> Rendered:
    """The Word copy (GB/T 9704-2012 form) of a month or a shared document (:mod:`generator.render.word`)."""
    from ..render.word import docx_bytes, docx_path

    return Rendered({docx_path(item): docx_bytes(item, org)}, [])


def render_wechat(item, org: Organisation) -> Rendered:
    """The 公众号 copy of a month or a shared document and its images (:mod:`generator.render.wechat`)."""
    from ..render import wechat

    art = wechat.article(item, org)
    files = {wechat.copy_path(item): art.html.encode("utf-8")}
    files.update({rel: path.read_bytes() for rel, path in wechat.image_names(item).items()})
    return Rendered(files, art.warnings)


# -- the plan -------------------------------------------------------------------------------------

def plan(project: Project, derived: Derived) -> list[Target]:
    """Every target of ``project``, newest month first, then the years, then the shared documents."""
    from ..render import booklet, share
    from ..render.paths import a5_months, a5_name, checklist_pdf, month_ics, pdf_path, year_ics, year_plan_pdf
    from ..render.word import docx_path

    root, org = project.root, project.organisation
    with_a5 = a5_months(m.key for m in project.months)
    fonts = font_digest(org)
    targets: list[Target] = []
    memo: dict[Any, tuple[Any, Any]] = {}  # the months, the organisation: fingerprinted once (cache.fingerprint)

    def add(kind: str, name: str, outputs: list[str], job: tuple, inputs: list[Any], month: str | None = None):
        extra = [fonts] if kind in PDF_KINDS else []
        k = cache.key(kind, code_digest(kind), *extra, org, *inputs, root=root, memo=memo)
        targets.append(Target(kind, name, tuple(outputs), k, job, month))

    newest = project.months[0].key if project.months else None
    for edition in derived.all_editions():
        issue, checklist = edition.issue, edition.checklist
        label = issue.display_title + (f"（{issue.kind}党支部）" if issue.kind else "")
        files = _issue_files(issue, root)
        a5 = issue.key in with_a5
        # the full issue's booklet also gives the month's share picture (issue 18), the newest month's the site's
        pictures = () if issue.kind else (share.share_picture(issue), *([share.SITE_PICTURE] if issue.key == newest else []))
        add("booklet", f"{label} 小册子",
            [f"{issue.key}/{issue.booklet_name}", checklist_pdf(issue)] + ([f"{issue.key}/{a5_name(issue)}"] if a5 else [])
            + list(pictures),
            (render_month, (issue, checklist, org, root, a5, pictures)), [issue, checklist, files, a5, pictures], issue.key)
        if issue.kind is None:  # the full issue only: the Word copy is for the OA system's files
            add("docx", f"{label} Word 版", [docx_path(issue)], (render_docx, (issue, org)), [issue, files], issue.key)
        stamp = source_date([issue])
        add("calendar", f"{label} 日历", [month_ics(issue)],
            (render_month_calendar, (issue, checklist, org, stamp)), [issue, checklist, stamp], issue.key)
    checklists = {key: editions[0].checklist for key, editions in derived.editions.items()}
    for year, year_plan in derived.plans.items():
        # keyed by the HTML laid out, not by the months it is made from: an edit the plan does not
        # show (a month's body text) leaves the year's PDF as it was, and renders nothing (about 0.8 s)
        html = booklet.year_plan_html(year_plan, org)
        add("year-plan", f"{year}年度安排表", [year_plan_pdf(year)], (render_year_plan, (year, html, root)), [html])
        issues = [m for m in project.months if m.year == year]
        mine = {m.key: checklists[m.key] for m in issues}
        stamp = source_date(issues)
        add("year-calendar", f"{year}年日历", [year_ics(year)],
            (render_year_calendar, (year, issues, mine, org, stamp)), [issues, mine, stamp])
    for doc in project.shared:
        add("document", f"《{doc.title}》", [pdf_path(doc)], (render_document, (doc, org, root)),
            [doc, included_files(doc, root)])
        add("docx", f"《{doc.title}》 Word 版", [docx_path(doc)], (render_docx, (doc, org)),
            [doc, included_files(doc, root)])
    _plan_wechat(project, add)
    return targets


def _plan_wechat(project: Project, add: Callable) -> None:
    """Issue 18: each full month's and shared document's 公众号 copy (the share pictures come with the booklets)."""
    from ..render import wechat

    root, org = project.root, project.organisation
    for issue in project.months:
        files = _issue_files(issue, root)
        add("wechat", f"{issue.display_title} 公众号版", wechat.outputs(issue), (render_wechat, (issue, org)),
            [issue, files], issue.key)
    for doc in project.shared:
        add("wechat", f"《{doc.title}》 公众号版", wechat.outputs(doc), (render_wechat, (doc, org)),
            [doc, included_files(doc, root)])
