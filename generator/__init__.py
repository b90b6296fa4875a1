"""党支部组织生活指导材料 generator: one month's YAML becomes a page, a booklet, a checklist and copies.

The folders are the stages, in the order the data flows (after Pelican: each
stage has one job and hands model objects to the next); a stage imports only
itself and the stages listed before it (the ``layers`` contract in
``pyproject.toml``, checked by ``lint-imports``):

=============  ===============================================================  =========================
folder         job                                                              gives the next stage
=============  ===============================================================  =========================
``model/``     the content model (issue, sections, typed blocks, documents),    —
               Chinese writing conventions (:mod:`generator.model.zh`)
``read/``      files → model: limits, YAML with line numbers, JSON Schema,      :class:`~generator.model.Project`
               sanitiser, Markdown, cross-checks; Chinese errors
``derive/``    editions per kind of branch, checklists, year plans              :class:`~generator.derive.Derived`
``render/``    one module per output: booklet PDF (A4, A5, checklist), Word,     bytes and Markdown text
               calendar, the site's Markdown pages and feed
``site/``      site engines (MkDocs or Zensical), search index, site checks,    a published ``site/``
               atomic publish
``builder/``   the pipeline: targets with declared inputs, the cache,           —
               progress (:func:`generator.builder.build`)
``importer/``  a Word or text notice → a draft month (YAML and Markdown)        files for ``read/``
``commands/``  the command line, the live preview, ``new``                      —
=============  ===============================================================  =========================

``docs/architecture.md`` draws the stages and says where a new output, block
type or command goes. ``python -m generator build|check|serve|new|import|schema``
is :mod:`generator.commands.cli`.
"""

__all__ = ["read_project"]

from .read import read_project
