"""Stage 4, site: Markdown pages → a checked, searchable HTML site, published atomically.

- :mod:`.engines`: the only code that knows MkDocs or Zensical (thin glue; the
  core hands them ordinary Markdown and a ``mkdocs.yml``);
- :mod:`.search`: the Pagefind index, with the project's own Chinese segmentation;
- :mod:`.checks`: links, resources and pages checked before anything is published;
- :mod:`.publish`: the project lock, where a site may be published (``--site-dir``), the
  workspace kept free of links, fixed permissions, and the atomic switch into ``site/``;
- :mod:`.notfound`: ``404.html`` made to work at any base path.

Imports only earlier stages (:mod:`generator.read` for errors, :mod:`generator.model`).
"""
