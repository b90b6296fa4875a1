"""The 公众号 copy: a month or a shared document as one HTML file the 微信公众号 editor keeps as it is.

The 公众号 editor (and its draft API) strips ``<style>`` and classes, removes script and ids,
shows only images uploaded to WeChat, keeps at most two list levels and takes at most 20,000
characters. So the copy is laid out as the booklet is (headings, numbering, 仿宋-like body; the
same model, :mod:`generator.render.booklet`'s order), from ``templates/wechat/article.html.j2``
and ``wechat.css``, and then:

* every style is written into ``style`` attributes by css-inline (a maintained inliner), and
  every ``<style>``, ``class`` and ``id`` is removed;
* lists deeper than two levels are flattened into paragraphs that carry their numbers as text;
* every external link becomes a numbered reference ``[n]`` listed under 文中链接 at the end of its
  part (WeChat keeps only its own links clickable); links inside the site become plain text;
* images are copied beside the file, named ``<file>-图<n>.<ext>`` for the clerk to upload;
* a copy longer than :data:`LIMIT` characters is split into numbered parts at section boundaries
  (each a top-level ``<section>`` of the body, labelled （第n篇，共m篇）), with a warning.

:func:`article` returns the file, :func:`outputs` names the files of a month or a document,
:func:`copy_page` writes the site page with the 复制全文 button (``overrides/assets/javascripts/zz-wechat.js``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, unquote

import markupsafe

from ..model import Document, MonthIssue, Organisation
from ..read import sanitize
from ..read.markdown import to_html
from . import share
from .templating import TEMPLATES, environment

LIMIT = 20_000
"""Characters at most in one 公众号 article (the draft API's limit on ``content``); counted as the
characters a reader sees, white space left out."""
TITLE_MAX = 32
"""Characters at most in a 公众号 title."""
DIGEST_MAX = 128
"""Characters at most in a 公众号 摘要 (digest)."""
REFERENCES = "文中链接"
"""Heading of the list of external links at the end of each part."""
KEEP_ATTRIBUTES = {"style", "src", "alt", "width", "height", "colspan", "rowspan", "start"}
"""The attributes the copy keeps; every other (class, id, href, title …) is removed."""

_EXTERNAL = re.compile(r"^(https?|ftp|mailto):", re.I)
_RELATIVE_SRC = re.compile(r"""(<img\b[^>]*?\ssrc=)(["'])(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^"']+)\2""", re.I)
_MARK = "zz-image:"


@dataclass
class Article:
    """A 公众号 copy.

    Attributes:
        title: the title as the 公众号 takes it (at most :data:`TITLE_MAX` characters).
        digest: the 摘要 (at most :data:`DIGEST_MAX` characters): the month's theme or first paragraph.
        html: the whole file (UTF-8 text): ``<head>`` with title and digest, then one ``<section>`` per part.
        parts: the characters of each part (see :data:`LIMIT`).
        images: file name beside the copy → the image file under ``content/``.
        warnings: Chinese warnings (title too long, copy split).
    """

    title: str
    digest: str
    html: str
    parts: list[int]
    images: dict[str, Path] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def copy_path(item: MonthIssue | Document) -> str:
    """The copy's file, relative to the site root, beside the PDF: ``2019-10/<booklet>-公众号版.html``,
    ``documents/<slug>-公众号版.html``."""
    if isinstance(item, MonthIssue):
        return f"{item.key}/{item.booklet_name.removesuffix('.pdf')}-公众号版.html"
    return f"{item.slug}-公众号版.html"


def page_path(item: MonthIssue | Document) -> str:
    """The site page (Markdown source) that shows the copy and its 复制全文 button."""
    if isinstance(item, MonthIssue):
        return f"{item.key}/公众号版.md"
    return f"{item.slug}-公众号版.md"


def _documents(item: MonthIssue | Document) -> list[Document]:
    docs = list(item.attachments) if isinstance(item, MonthIssue) else [item]
    out: list[Document] = []
    while docs:
        doc = docs.pop(0)
        out.append(doc)
        docs[0:0] = doc.annexes
    return out


def _may_show_image(markdown_text: str) -> bool:
    """False when ``markdown_text`` cannot show an image: Markdown writes one only for ``![…]`` and the
    allowed HTML only for ``<img``. Saves rendering and cleaning every document's Markdown when planning
    (about 0.8 s of one core on a 120-month archive, on the build's critical path)."""
    return "![" in markdown_text or "<img" in markdown_text.lower()


def image_files(item: MonthIssue | Document) -> list[Path]:
    """The image files the copy shows, in order of first appearance (existing files only)."""
    out: list[Path] = []
    for doc in _documents(item):
        if not _may_show_image(doc.body):
            continue  # nothing to render: the build plans every copy's outputs before any worker starts
        for m in _RELATIVE_SRC.finditer(sanitize.clean(to_html(doc.body))):
            path = (doc.path.parent / unquote(m.group(3))).resolve()
            if path.is_file() and path not in out:
                out.append(path)
    return out


def image_names(item: MonthIssue | Document) -> dict[str, Path]:
    """Name of each image beside the copy (relative to the site root) → its file: ``<copy>-图1.png`` …"""
    stem = copy_path(item).removesuffix(".html")
    return {f"{stem}-图{n}{path.suffix.lower()}": path for n, path in enumerate(image_files(item), start=1)}


def outputs(item: MonthIssue | Document) -> list[str]:
    """Every file the copy of ``item`` writes, relative to the site root: the HTML, then its images."""
    return [copy_path(item), *image_names(item)]


@lru_cache(maxsize=1)
def _env():
    env = environment("wechat")

    def md_doc(text: str, doc: Document) -> markupsafe.Markup:
        def mark(m) -> str:
            path = (doc.path.parent / unquote(m.group(3))).resolve()
            return f"{m.group(1)}{m.group(2)}{_MARK}{quote(path.as_posix())}{m.group(2)}"
        return markupsafe.Markup(_RELATIVE_SRC.sub(mark, sanitize.clean(to_html(text))))
    env.filters["md"] = lambda text: markupsafe.Markup(sanitize.clean(to_html(text)))
    env.filters["md_doc"] = md_doc
    return env


def wechat_title(item: MonthIssue | Document) -> tuple[str, list[str]]:
    """The title as the 公众号 takes it, and a warning (Chinese) when the real one is longer than :data:`TITLE_MAX`."""
    title = item.display_title if isinstance(item, MonthIssue) else item.title
    if len(title) <= TITLE_MAX:
        return title, []
    short = title[: TITLE_MAX - 1] + "…"
    return short, [f"公众号版：标题“{title}”有 {len(title)} 个字，公众号标题最多 {TITLE_MAX} 个字，"
                   f"已截为“{short}”；发布前可在公众号编辑器中改写标题。"]


def digest(item: MonthIssue | Document) -> str:
    """The 摘要: the month's theme or first paragraph, or the document's first paragraph, at most :data:`DIGEST_MAX` characters."""
    if isinstance(item, MonthIssue):
        text = share.plain_text(item.theme) if item.theme else ""
        if not text:
            for t in [item.opening or ""] + [getattr(b, "text", "") or "" for b in item.blocks()]:
                paragraphs = share._paragraphs(t)
                if paragraphs:
                    text = paragraphs[0]
                    break
    else:
        paragraphs = share._paragraphs(item.body)
        text = paragraphs[0] if paragraphs else ""
    return share.clip(text or (item.display_title if isinstance(item, MonthIssue) else item.title), DIGEST_MAX)


def count(element) -> int:
    """Characters of an element as the limit counts them: its text without white space."""
    return len(re.sub(r"\s+", "", element.text_content()))


def article(item: MonthIssue | Document, org: Organisation, limit: int = LIMIT) -> Article:
    """The 公众号 copy of a month (with its 附件) or of a shared document (with its annexes).

    Args:
        item: a :class:`MonthIssue` (the full issue) or a shared :class:`Document`.
        org: the organisation (kept for symmetry with the other renderers).
        limit: characters per part (:data:`LIMIT`).

    Returns:
        An :class:`Article`.
    """
    import css_inline
    import lxml.html

    title, warnings = wechat_title(item)
    summary = digest(item)
    is_month = isinstance(item, MonthIssue)
    css = (TEMPLATES / "wechat" / "wechat.css").read_text(encoding="utf-8")
    html = _env().get_template("article.html.j2").render(
        issue=item if is_month else None, doc=None if is_month else item, title=title, digest=summary,
        css=markupsafe.Markup(css))
    root = lxml.html.document_fromstring(html)
    body = root.body
    for ol in list(body.iter("ol", "ul")):
        if _depth(ol) == 3 and ol.getparent() is not None:
            _flatten(ol)
    names = {p: n for n, p in image_names(item).items()}
    for img in list(body.iter("img")):
        src = img.get("src", "")
        if src.startswith(_MARK) and Path(unquote(src[len(_MARK):])) in names:
            img.set("src", names[Path(unquote(src[len(_MARK):]))].rsplit("/", 1)[-1])
        else:
            img.drop_tree()  # an image the copy cannot carry (none: the readers allow only files under content/)
    units = [u for u in list(body) if u.tag == "section" and (count(u) or list(u.iter("img", "hr")))]
    for u in list(body):
        body.remove(u)
    chunks = _pack([c for u in units for c in _cut(u, limit)], limit)
    if len(chunks) > 1:
        warnings.append(f"公众号版：“{title}”共 {sum(map(_weight, [c for ch in chunks for c in ch]))} 字，"
                        f"超过公众号单篇 {limit} 字的上限，已在章节处分为 {len(chunks)} 篇，请分篇发布。")
    sizes = []
    for n, chunk in enumerate(chunks, start=1):
        part = lxml.html.Element("section")
        part.set("class", "part")
        if len(chunks) > 1:
            label = lxml.html.Element("p")
            label.set("class", "part-label")
            label.text = f"（第{n}篇，共{len(chunks)}篇）"
            part.append(label)
        for unit in chunk:
            part.append(unit)
        _references(part)
        body.append(part)
        sizes.append(count(part))
    text = lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")
    inlined = css_inline.inline(text, keep_style_tags=False, keep_link_tags=False, load_remote_stylesheets=False)
    out = lxml.html.document_fromstring(inlined)
    for el in out.body.iter():
        for attr in list(el.attrib):
            if attr not in KEEP_ATTRIBUTES:
                del el.attrib[attr]
    for el in list(out.iter("style", "script", "link")):
        el.drop_tree()
    result = lxml.html.tostring(out, encoding="unicode", doctype="<!DOCTYPE html>")
    return Article(title, summary, result, sizes, {n.rsplit("/", 1)[-1]: p for n, p in image_names(item).items()}, warnings)


def _depth(lst) -> int:
    depth, el = 1, lst.getparent()
    while el is not None:
        if el.tag in ("ul", "ol"):
            depth += 1
        el = el.getparent()
    return depth


def _flatten(lst, level: int = 0) -> None:
    """Replaces list ``lst`` (a third level) by paragraphs, each with its number (or ·) as text."""
    import lxml.html

    start = int(lst.get("start", "1") or 1) if lst.tag == "ol" else 1
    paragraphs = []
    for i, li in enumerate([c for c in lst if c.tag == "li"]):
        number = (f"{int(li.get('value', start + i))}." if lst.tag == "ol" else "·")
        p = lxml.html.Element("p")
        p.set("class", "flat")
        p.set("style", f"padding-left: {1 + level}em")
        p.text = number + (li.text or "")
        nested = []
        for child in list(li):
            if child.tag in ("ul", "ol"):
                nested.append(child)
                li.remove(child)
            elif child.tag == "p":  # a loose list's paragraphs: one line each
                if len(p) or p.text != number:
                    p.append(lxml.html.Element("br"))
                if len(p):
                    p[-1].tail = (p[-1].tail or "") + (child.text or "")
                else:
                    p.text = (p.text or "") + (child.text or "")
                for grandchild in list(child):
                    p.append(grandchild)
                if len(p):
                    p[-1].tail = (p[-1].tail or "") + (child.tail or "")
            else:
                p.append(child)
        paragraphs.append(p)
        for sub in nested:
            holder = lxml.html.Element("div")
            holder.append(sub)
            _flatten(sub, level + 1)
            paragraphs.extend(list(holder))
    parent = lst.getparent()
    index = parent.index(lst)
    tail = lst.tail
    parent.remove(lst)
    for k, p in enumerate(paragraphs):
        parent.insert(index + k, p)
    if paragraphs and tail:
        paragraphs[-1].tail = (paragraphs[-1].tail or "") + tail


def _weight(unit) -> int:
    """Characters a unit adds to its part: its text and its external links' references."""
    links = [a.get("href", "") for a in unit.iter("a") if _EXTERNAL.match(a.get("href", ""))]
    return count(unit) + sum(len(h) + 4 for h in links)


def _cut(unit, limit: int) -> list:
    """A unit too long for one part, cut at its headings (h2, then h3), else between its children."""
    import copy

    import lxml.html

    if _weight(unit) <= limit or len(unit) <= 1:
        return [unit]
    for tags in (("h1", "h2"), ("h1", "h2", "h3"), None):
        groups: list[list] = [[]]
        for child in unit:
            if groups[-1] and (tags is None or child.tag in tags):
                groups.append([])
            groups[-1].append(child)
        if len(groups) > 1:
            break
    out = []
    for group in groups:
        sub = lxml.html.Element("section")
        for k, v in unit.attrib.items():
            sub.set(k, v)
        for child in group:
            sub.append(copy.deepcopy(child))
        out.extend(_cut(sub, limit) if tags is not None else [sub])
    return out


def _pack(units: list, limit: int) -> list[list]:
    """Units in order, gathered into as few parts as fit ``limit`` each (a unit never split)."""
    parts: list[list] = [[]]
    size = 0
    for unit in units:
        w = _weight(unit)
        if parts[-1] and size + w > limit:
            parts.append([])
            size = 0
        parts[-1].append(unit)
        size += w
    return parts


def _references(part) -> None:
    """Turns each link in ``part`` into text: external ones get ``[n]`` and are listed under 文中链接."""
    import lxml.html

    refs: list[str] = []
    for a in list(part.iter("a")):
        href = a.get("href", "").strip()
        if _EXTERNAL.match(href):
            if href not in refs:
                refs.append(href)
            sup = lxml.html.Element("sup")
            sup.text = f"[{refs.index(href) + 1}]"
            a.append(sup)
        a.drop_tag()
    if refs:
        heading = lxml.html.Element("p")
        heading.set("class", "refs-title")
        heading.text = REFERENCES
        part.append(heading)
        for n, href in enumerate(refs, start=1):
            p = lxml.html.Element("p")
            p.set("class", "ref")
            p.text = f"[{n}] {href.removeprefix('mailto:')}"
            part.append(p)


def copy_page(item: MonthIssue | Document, art_title: str, art_digest: str, images: list[str]) -> str:
    """The Markdown of the site page that shows the copy with its 复制全文 button.

    The button and the preview are made by ``overrides/assets/javascripts/zz-wechat.js`` from the
    link to the copy's file (no inline script); without script the page still links the file.
    """
    from .templating import front_matter_value as fm

    name = copy_path(item).rsplit("/", 1)[-1]
    rel = name  # the copy lies in the page's own folder
    own = item.display_title if isinstance(item, MonthIssue) else item.title
    back = "index.md" if isinstance(item, MonthIssue) else item.slug.rsplit("/", 1)[-1] + ".md"
    lines = [
        "---", f"title: {fm(own + '（公众号版）')}", "---", "",
        # the copy's page is left out of the search index: a search finds the month or the document itself
        '<div data-pagefind-ignore markdown="1">', "",
        f"# {_md_escape(own)}（公众号版）", "",
        f"供复制到微信公众号编辑器发布。点“复制全文”后，在公众号编辑器正文处粘贴，版式随之保留；"
        f"文中的外部链接已改为编号，列在文末“{REFERENCES}”下。[返回原文]({back})", "",
        f"- 公众号标题（{len(art_title)}字）：{_md_escape(art_title)}",
        f"- 摘要（{len(art_digest)}字）：{_md_escape(art_digest)}",
    ]
    if images:
        lines.append(f"- 图片 {len(images)} 张，须先上传到公众号素材库再插入：" + "、".join(
            f"[{_md_escape(n)}]({n})" for n in images))
    lines += ["", f"[下载公众号版 HTML 文件]({rel}){{ .md-button .zz-wechat-file download=\"{name}\" }}", "",
              '<div class="zz-wechat" aria-live="polite"></div>', "", "</div>", ""]
    return "\n".join(lines)


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def add_copy_pages(pages: dict[str, str], project) -> None:
    """Adds to the site's Markdown ``pages`` the 公众号版 page of every month and shared document
    (:func:`copy_page`, at :func:`page_path`)."""
    for item in [*project.months, *project.shared]:
        names = [n.rsplit("/", 1)[-1] for n in image_names(item)]
        pages[page_path(item)] = copy_page(item, wechat_title(item)[0], digest(item), names)
