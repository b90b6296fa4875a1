"""Stage 4, site: Markdown pages → a checked, searchable HTML site, published atomically.

- :mod:`.engines`: the only code that knows MkDocs or Zensical (thin glue; the
  core hands them ordinary Markdown and a ``mkdocs.yml``);
- :mod:`.search`: the Pagefind index, with the project's own Chinese segmentation;
- :mod:`.checks`: links, resources and pages checked before anything is published;
- :mod:`.publish`: the project lock and the atomic switch into ``site/``.

Imports only earlier stages (:mod:`generator.read` for errors, :mod:`generator.model`).
"""
