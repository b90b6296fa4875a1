"""党支部组织生活指导材料 generator: one month's YAML becomes a page, a booklet and a checklist.

Read top-down; data flows one way, each stage has one job (after Pelican):

1. **Read** (:mod:`generator.readers`, with :mod:`generator.yamlio` and
   :mod:`generator.schema`): ``data/*.yml`` and ``content/**/*.md`` are parsed
   with line numbers, validated against JSON Schema, cross-checked, and become
   the content model (:mod:`generator.model`): a month is an ordered list of
   sections holding typed blocks (prose, meeting, theme, work items, readings,
   requirements, review), numbered by :func:`generator.model.layout`. Every
   problem is collected as a Chinese :class:`~generator.errors.ContentError`
   with file, line and fix. Before anything is parsed, :mod:`generator.limits`
   bounds each file; :mod:`generator.sanitize` holds every Markdown body and
   YAML string against the HTML allow-list; :mod:`generator.readcache` keeps
   what reading an unchanged file found.
2. **Derive** (:mod:`generator.derive`): each month's editions (one per kind of
   branch when items differ) with their checklists (:mod:`generator.checklist`),
   and each year's plan (:mod:`generator.yearplan`), once per build.
3. **Render**: every output file is a target with declared inputs
   (:mod:`generator.targets`: booklets with their A5 copies and checklists via
   :mod:`generator.booklet`, calendars via :mod:`generator.calendar`, Word
   copies via :mod:`generator.word`, year plans, shared documents), reused from
   the content-addressed cache (:mod:`generator.cache`) when its inputs did not
   change; :mod:`generator.pages` writes plain Markdown pages for the site
   (with :mod:`generator.indexes`: folder pages and the Atom feed).
4. **Publish**: a site engine (:mod:`generator.engines`, the only code that
   knows MkDocs or Zensical) turns the Markdown into HTML,
   :mod:`generator.search` indexes it for the search box,
   :mod:`generator.site` checks it, and :mod:`generator.publish` switches it
   into ``site/`` atomically, under a lock, leaving no litter.

:func:`generator.build.build` runs the whole pipeline (its module docstring
lists the stages and what a change redoes); :mod:`generator.cli` is the command
line (``python -m generator build|check|serve|new|import|schema``);
:mod:`generator.serve` is the live preview; :mod:`generator.importer` drafts a
month from a Word or text notice; :mod:`generator.newmonth` starts a new month.
"""

__all__ = ["build", "read_project"]

from .build import build
from .readers import read_project
