"""Jinja environments for the outputs: Markdown pages for the site, HTML for the booklets.

One place for the template folders and the filters every output shares, so that the
renderers (:mod:`generator.render.pages`, :mod:`generator.render.booklet`) import this module and not
each other.
"""

from __future__ import annotations

import json
from pathlib import Path

import jinja2
import markupsafe

from ..model import zh
from ..derive.checklist import by_responsible

TEMPLATES = Path(__file__).parent / "templates"


def environment(kind: str) -> jinja2.Environment:
    """The Jinja environment for ``kind`` (``site`` or ``booklet``) with the shared filters.

    Every template autoescapes: a title such as ``…<img onerror=…>`` prints as text. Markdown
    fields (bodies, item texts, the theme), which the readers have checked against the allowed
    HTML, are passed through with ``md_src`` (site) or rendered with ``md`` (booklet).

    Filters: ``date_zh`` (date → 2019年10月31日), ``cn`` (3 → 三), ``hours`` (2.0 → 2),
    ``md_src`` (Markdown source, not escaped), ``fm`` (a front matter value, :func:`front_matter_value`).
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES / kind), undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
        # every value is escaped unless a template marks it as Markdown or HTML; stylesheets are not HTML
        autoescape=lambda name: name is None or not name.endswith(".css.j2"),
    )
    env.filters["date_zh"] = zh.date_zh
    env.filters["md_src"] = markupsafe.Markup
    env.filters["fm"] = front_matter_value
    env.filters["cn"] = zh.chinese_number
    env.filters["item_label"] = zh.item_label
    env.filters["title_lines"] = lambda title: markupsafe.Markup("<br>").join(zh.title_lines(title))
    env.filters["hours"] = lambda h: f"{h:g}"
    env.filters["by_responsible"] = by_responsible
    env.filters["first_sentence"] = zh.first_sentence  # a requirement of conduct under the checklist
    env.filters["cell"] = lambda text: (text or "").replace("|", "｜").replace("\n", " ")
    env.filters["cells"] = lambda items: markupsafe.Markup("<br>").join(env.filters["cell"](t) for t in items) or "—"
    return env


def front_matter_value(value: str) -> markupsafe.Markup:
    """``value`` as a YAML double-quoted scalar for a page's front matter.

    Whatever the author wrote (a colon and a space, a #, quotes, ``---``), it stays one value:
    JSON string syntax is valid YAML; the line and paragraph separators U+2028, U+2029 and
    U+0085, which YAML would read as line breaks, are escaped too.
    """
    text = json.dumps(str(value), ensure_ascii=False)
    for ch in ("\u2028", "\u2029", "\u0085"):
        text = text.replace(ch, f"\\u{ord(ch):04x}")
    return markupsafe.Markup(text)


