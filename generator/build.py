"""The pipeline: read → render → publish, and the guarantee that bad input loses nothing.

:func:`build` is the main job. It

1. reads and validates everything (:func:`generator.readers.read_project`);
   on any content error it raises before writing a byte;
2. renders the site's Markdown pages (:mod:`generator.pages`) and every PDF
   (:mod:`generator.booklet`) into a fresh staging folder under ``build/``;
3. has the site engine (:mod:`generator.site`) turn the staging pages into a
   site, and checks it (Chinese search really segmented, no outside requests);
4. only then swaps the new site into place with a rename, so ``site/`` is
   always either the last good build or the new one, never a half-written mix.
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import booklet, site
from .model import Project
from .pages import SiteSources, pdf_path, site_sources
from .readers import read_project

log = logging.getLogger(__name__)

GLOSSARY = Path("docs") / "glossary.md"


@dataclass
class BuildResult:
    """What a build produced.

    Attributes:
        project: the content that was built.
        site_dir: where the site now is.
        pdfs: every PDF written, relative to the site root.
        warnings: Chinese warnings about the machine (fonts, subsetter).
    """

    project: Project
    site_dir: Path
    pdfs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def search_terms(project: Project, root: Path) -> list[str]:
    """Words Chinese search must keep whole, grown from the content itself.

    Taken from: titles in 《》, quoted terms in “” (2–12 characters), 文号, the
    titles of every document, and the terms in the glossary (``docs/glossary.md``,
    the column 中文术语).
    """
    texts = []
    for issue in project.months:
        texts += [issue.theme or "", *(w.text for w in issue.work_items), *issue.requirements]
        texts += [r.title for r in issue.readings]
    for doc in project.documents.values():
        texts += [doc.body, doc.title]
    joined = "\n".join(texts)
    terms = set(re.findall(r"《([^《》\n]{2,30})》", joined))
    terms |= {t for t in re.findall(r"“([^“”\n]{2,12})”", joined) if not re.search(r"[，。、；：]", t)}
    terms |= {d.doc_number for d in project.documents.values() if d.doc_number}
    glossary = root / GLOSSARY
    if glossary.is_file():
        for line in glossary.read_text(encoding="utf-8").splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]{2,8}", cells[1] or ""):
                terms.add(cells[1])
    return sorted(terms)


def render_sources(project: Project, docs_dir: Path, with_pdfs: bool = True) -> tuple[SiteSources, list[str]]:
    """Writes every page (and, unless ``with_pdfs`` is False, every PDF) under ``docs_dir``.

    Returns:
        The :class:`~generator.pages.SiteSources` written and the PDF paths relative to ``docs_dir``.
    """
    sources = site_sources(project)
    for rel, text in sources.pages.items():
        target = docs_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    pdfs = []
    if with_pdfs:
        org = project.organisation
        for issue in project.months:
            pdfs += month_pdfs(issue, org, docs_dir, project.root)
        for doc in project.shared:
            rel = pdf_path(doc)
            log.info("生成文件 PDF %s", rel)
            booklet.write_pdf(booklet.document_html(doc, org), docs_dir / rel, base_url=project.root)
            pdfs.append(rel)
    return sources, pdfs


def month_pdfs(issue, org, docs_dir: Path, root: Path) -> list[str]:
    """Writes the PDFs of one month under ``docs_dir/<YYYY-MM>/``; returns their paths relative to ``docs_dir``."""
    rel = f"{issue.key}/{issue.booklet_name}"
    log.info("生成小册子 %s", rel)
    booklet.write_pdf(booklet.month_html(issue, org), docs_dir / rel, base_url=root)
    return [rel]


def build(root: Path, site_dir: Path | None = None) -> BuildResult:
    """Builds the site with every booklet inside it.

    Args:
        root: the project directory.
        site_dir: where the finished site goes; default ``root/site``.

    Returns:
        A :class:`BuildResult`.

    Raises:
        generator.errors.ContentErrors: the content has problems; nothing was written.
        generator.site.SiteCheckError: the built site failed a check; ``site_dir`` was left as it was.
    """
    root = root.resolve()
    site_dir = (site_dir or root / "site").resolve()
    project = read_project(root)
    warnings = booklet.environment_warnings(project.organisation)

    (root / "build").mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="staging-", dir=root / "build"))
    try:
        docs = staging / "docs"
        sources, pdfs = render_sources(project, docs)
        user_dict = staging / "jieba_user_dict.txt"
        user_dict.write_text("".join(f"{t} 100000 n\n" for t in search_terms(project, root)), encoding="utf-8")
        new_site = staging / "site"
        site.build_site(root, docs, new_site, sources.nav, user_dict)
        site.check_site(new_site)
        _swap(new_site, site_dir, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(project=project, site_dir=site_dir, pdfs=pdfs, warnings=warnings)


def _swap(new: Path, target: Path, scratch: Path) -> None:
    """Replaces ``target`` by ``new`` with renames; the old one goes to ``scratch``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        try:
            target.rename(scratch / "previous-site")
        except OSError:  # another filesystem: copy instead, still replacing only at the end
            shutil.copytree(new, target.with_name(target.name + ".new"), dirs_exist_ok=True)
            shutil.rmtree(target)
            target.with_name(target.name + ".new").rename(target)
            return
    new.rename(target)
