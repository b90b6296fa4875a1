"""What a shared link says: each page's own description and share picture, and the site address check.

A link dropped into a WeChat group shows the page's title, a description and a picture
(Open Graph ``og:*`` tags, written by ``overrides/partials/zz-share.html`` from the page's
front matter). This module gives the text (:func:`month_description`, :func:`document_description`,
:func:`page_description`), puts it with the picture's path into each page's front matter
(:func:`add_share_meta`) and warns when ``site_url`` is still the example address (:func:`site_url_warnings`).
"""

from __future__ import annotations

import hashlib
import html
import re
from typing import Callable
from urllib.parse import quote, urlsplit

from ..model import Document, MonthIssue, Organisation, Project
from ..read.markdown import to_html
from ..read import sanitize

DESCRIPTION_MAX = 120
"""Characters at most in a page's description (WeChat's link card shows about two lines of it)."""

SITE_PICTURE = "分享图.png"
"""The share picture of the pages that belong to no month (home, lists): the newest month's."""


def share_picture(issue: MonthIssue) -> str:
    """The month's share picture, relative to the site root: ``2019-10/2019-10-分享图.png``."""
    return f"{issue.key}/{issue.key}-{SITE_PICTURE}"


def plain_text(markdown_text: str) -> str:
    """The text a reader sees in ``markdown_text`` (Markdown with the allowed HTML), white space squeezed."""
    import lxml.html

    html = sanitize.clean(to_html(markdown_text or ""))
    if not html.strip():
        return ""
    text = lxml.html.fragment_fromstring(html, create_parent="div").text_content()
    return re.sub(r"\s+", " ", text).strip()


def _paragraphs(markdown_text: str) -> list[str]:
    import lxml.html

    html = sanitize.clean(to_html(markdown_text or ""))
    if not html.strip():
        return []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    texts = [re.sub(r"\s+", " ", p.text_content()).strip() for p in root.iter("p")]
    # prose only: not a 主送 line (各党委：) nor a label (填报单位：)
    return [t for t in texts if t and not t.endswith(("：", ":"))]


class TextMemo:
    """The Markdown readings of :func:`add_share_meta` (a document's first paragraph, a theme's plain text),
    kept between builds by the caller (``build/share-texts.json``, :mod:`generator.builder.sharetexts`): every
    document's Markdown is rendered to find its first paragraph, about 1 s of one core on a ten-year archive,
    and an edit changes one month. A reading is a function of the text alone; the caller keeps the memo
    only while this module's and the Markdown reader's code and libraries are the ones it was made by.

    Attributes:
        known: readings found by an earlier build, by :meth:`key`.
        used: the readings this build asked for (what the caller keeps for the next one).
    """

    def __init__(self, known: dict | None = None):
        self.known: dict = known or {}
        self.used: dict = {}

    @staticmethod
    def key(kind: str, text: str) -> str:
        return hashlib.sha256(f"{kind}\0{text}".encode("utf-8")).hexdigest()[:32]

    def __call__(self, kind: str, text: str, read: Callable[[str], object]):
        key = self.key(kind, text)
        value = self.known[key] if key in self.known else read(text)
        self.used[key] = value
        return value


def _first_paragraph(markdown_text: str, memo: TextMemo | None) -> str | None:
    """The first of :func:`_paragraphs`, ``None`` if none (kept in ``memo``)."""
    def read(text: str) -> str | None:
        found = _paragraphs(text)
        return found[0] if found else None
    return memo("first-paragraph", markdown_text or "", read) if memo is not None else read(markdown_text)


def _plain(markdown_text: str, memo: TextMemo | None) -> str:
    """:func:`plain_text`, kept in ``memo``."""
    return memo("plain", markdown_text or "", plain_text) if memo is not None else plain_text(markdown_text)


def first_sentence(text: str, limit: int = DESCRIPTION_MAX) -> str:
    """The first sentence of ``text`` (up to 。！？; the end mark kept), at most ``limit`` characters
    (cut with … when the sentence is longer). Empty text gives an empty string."""
    text = text.strip()
    m = re.search(r"[。！？!?]", text)
    sentence = text[: m.end()] if m else text
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters: at the last sentence end that fits, else with …."""
    text = text.strip()
    if len(text) <= limit:
        return text
    head = text[:limit]
    cut = max(head.rfind(ch) for ch in "。！？；")
    return head[: cut + 1] if cut >= limit // 3 else text[: limit - 1] + "…"


def month_description(issue: MonthIssue, memo: TextMemo | None = None) -> str:
    """The month page's description: its 活动主题 (theme), else the first sentence of its opening or
    of its first paragraph, else the title. At most :data:`DESCRIPTION_MAX` characters.
    ``memo``: readings kept from an earlier build (:class:`TextMemo`)."""
    if issue.theme:
        theme = _plain(issue.theme, memo)
        if theme:
            return clip(theme, DESCRIPTION_MAX)
    for text in [issue.opening or ""] + [getattr(b, "text", "") or "" for b in issue.blocks()]:
        first = _first_paragraph(text, memo)
        if first is not None:
            return first_sentence(first)
    return issue.display_title


def document_description(doc: Document, memo: TextMemo | None = None) -> str:
    """A document page's description: the first sentence of its body's first paragraph, else its title.
    ``memo``: readings kept from an earlier build (:class:`TextMemo`)."""
    first = _first_paragraph(doc.body, memo)
    return first_sentence(first) if first is not None else doc.title


_FRONT = re.compile(r"\A---\n(.*?\n)---\n", re.S)


def page_description(text: str, memo: TextMemo | None = None) -> str:
    """A page's description from its Markdown ``text``: the first sentence of its first paragraph that
    is prose (not a heading, a button row or a table); empty when it has none."""
    body = _FRONT.sub("", text)
    for block in re.split(r"\n\s*\n", body):
        line = block.strip()
        if not line or line[0] in "#|<[{-*!>" or line[0].isdigit():
            continue
        sentence = first_sentence(_plain(line, memo))
        if len(sentence) >= 6:
            return sentence
    return ""


def add_share_meta(pages: dict[str, str], project: Project, memo: TextMemo | None = None) -> None:
    """Puts ``description`` and ``share_image`` into the front matter of every page of ``pages``
    (Markdown by path), where the page does not set them itself.

    Args:
        pages: the site's Markdown pages (changed in place).
        project: to describe months and documents.
        memo: readings kept from an earlier build (:class:`TextMemo`); ``None``: read every text.

    The pages in a month's folder (its page, its checklists, its attachments, its 公众号版 page)
    share that month's picture; every other page has the newest month's.

    Descriptions are distinct: a page whose description another page already has gets its
    title before it (``标题：…``).
    """
    from .templating import front_matter_value

    by_key = {m.key: m for m in project.months}
    docs = {}
    for doc in [*project.documents.values()]:
        docs[doc.slug + ".md"] = doc
    seen: set[str] = set()
    for path in sorted((p for p in pages if p.endswith(".md")), key=lambda p: (p != "index.md", p)):  # not feed.xml
        text = pages[path]
        m = _FRONT.match(text)
        front = m.group(1) if m else ""
        if re.search(r"^description:", front, re.M):
            continue
        title = re.search(r'^title:\s*(.*)$', front, re.M)
        title = _scalar(title.group(1)) if title else ""
        if path == "index.md":
            desc = None  # the site's own description (mkdocs.yml site_description)
        elif path.endswith("/index.md") and path[:-9] in by_key:
            desc = month_description(by_key[path[:-9]], memo)
        elif path in docs:
            desc = document_description(docs[path], memo)
        else:
            desc = page_description(text, memo) or title or project.organisation.site_name
        if desc in seen and title:
            desc = f"{title}：{desc}"
        seen.add(desc)
        key = path.split("/", 1)[0] if "/" in path else None
        picture = share_picture(by_key[key]) if key in by_key else (SITE_PICTURE if project.months else None)
        if picture:  # og:image must be an absolute address
            picture = project.organisation.site_url.rstrip("/") + "/" + quote(picture)
        # written HTML-escaped: the engines' templates print page.meta.description into an attribute unescaped
        extra = f"description: {front_value(html.escape(desc, quote=True), front_matter_value)}\n" if desc else ""
        if picture:
            extra += f"share_image: {front_value(picture, front_matter_value)}\n"
        pages[path] = f"---\n{front}{extra}---\n" + (text[m.end():] if m else text)


def _scalar(text: str) -> str:
    """A front matter value as the pages write it (:func:`generator.render.templating.front_matter_value`: JSON)."""
    import json

    text = text.strip()
    try:
        return str(json.loads(text)) if text.startswith('"') else text
    except ValueError:
        return text.strip('"')


def front_value(value: str, fm) -> str:
    return str(fm(value))


EXAMPLE_HOSTS = re.compile(r"(^|\.)example(\.[a-z]+)+$|^example\.[a-z]+$|^localhost$", re.I)
"""Host names that are placeholders (RFC 2606 ``example.*`` and anything under ``.example.``)."""


def site_url_warnings(org: Organisation) -> list[str]:
    """A warning (Chinese) when ``site_url`` in ``data/organisation.yml`` is still an example address:
    the QR codes on the covers, the calendar links and the share tags would point nowhere."""
    host = urlsplit(org.site_url or "").hostname or ""
    if host and (EXAMPLE_HOSTS.search(host) or ".example." in f".{host}."):
        return [f"data/organisation.yml 的 site_url 仍是示例地址（{org.site_url}）：小册子封面的二维码、日历中的链接和"
                f"分享链接的图片都指向这个不存在的地址。请改为网站的正式地址后重新构建。"]
    return []
