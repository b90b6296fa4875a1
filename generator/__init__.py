"""党支部组织生活指导材料 generator: one month's YAML becomes a page, a booklet and a checklist.

Read top-down; data flows one way, each stage has one job (after Pelican):

1. **Read** (:mod:`generator.readers`, with :mod:`generator.yamlio` and
   :mod:`generator.schema`): ``data/*.yml`` and ``content/**/*.md`` are parsed
   with line numbers, validated against JSON Schema, cross-checked, and become
   the content model (:mod:`generator.model`). Every problem is collected as a
   Chinese :class:`~generator.errors.ContentError` with file, line and fix.
   Before anything is parsed, :mod:`generator.limits` bounds each file (size,
   paragraph, table, nesting, invisible characters); :mod:`generator.sanitize`
   holds every Markdown body and YAML string against the HTML allow-list.
2. **Derive** (:mod:`generator.checklist`): the month's checklist comes from its
   work items, meeting, requirements and the deadlines in its attachments.
3. **Render**: :mod:`generator.pages` writes plain Markdown pages for the site
   (with :mod:`generator.indexes`: folder pages and the Atom feed);
   :mod:`generator.booklet` writes the PDF booklets (GB/T 9704-2012 layout).
4. **Publish**: a site engine (:mod:`generator.engines`, the only code that
   knows MkDocs or Zensical) turns the Markdown into the site,
   :mod:`generator.search` indexes it for the search box,
   :mod:`generator.site` checks it, and :mod:`generator.publish` switches it
   into ``site/`` atomically, under a lock, leaving no litter.

:func:`generator.build.build` runs the whole pipeline; :mod:`generator.cli`
is the command line (``python -m generator build|check|serve|schema``);
:mod:`generator.serve` is the live preview.
"""

__all__ = ["build", "read_project"]

from .build import build
from .readers import read_project
