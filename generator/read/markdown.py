"""One Markdown dialect for every output.

The site engine (MkDocs, via ``markdown_extensions`` in ``mkdocs.yml``) and the
booklet (:func:`to_html`) must read the same Markdown the same way, or a table
that shows on the phone could vanish from the printed booklet. :data:`EXTENSIONS`
is the single list; a test checks that ``mkdocs.yml`` names the same ones.
"""

from __future__ import annotations

import markdown as _markdown

EXTENSIONS = ["tables", "attr_list", "md_in_html", "sane_lists"]
"""Python-Markdown extensions used for all content (tables: GFM pipe tables; md_in_html: Markdown inside raw HTML blocks)."""


def to_html(text: str) -> str:
    """Renders content Markdown to an HTML fragment (str → str); never raises on content."""
    return _markdown.markdown(text, extensions=EXTENSIONS, output_format="html")
