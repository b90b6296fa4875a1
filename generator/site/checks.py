"""Checks on the finished site, whichever engine made it.

The engines (:mod:`generator.site.engines`: MkDocs + Material, or Zensical) turn
the generated Markdown into HTML and :func:`generator.site.search.index_site` adds
the Pagefind index; :func:`check_site` then checks the result before it
replaces the last good site. It reads only the built files.
"""

from __future__ import annotations

import collections
import hashlib
import json
import re
from pathlib import Path

from . import search as site_search


class SiteCheckError(Exception):
    """The built site fails a check that a member would notice (message in Chinese)."""


_LOADING_TAGS = ("img", "script", "iframe", "frame", "source", "video", "audio", "embed", "object", "track",
                 "input", "image", "use", "feimage", "body", "table", "td", "th", "link")
"""Tags whose attributes make the browser fetch something by itself."""
_LOADING_ATTRS = {"src", "srcset", "imagesrcset", "data", "poster", "background", "href", "xlink:href"}
_LINK_RELS_NOT_LOADED = {"canonical", "alternate", "author", "license", "help", "search", "next", "prev"}
_TAG = re.compile(r"<(?P<tag>" + "|".join(_LOADING_TAGS) + r")(?=[\s/>])(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.I)
_STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.S | re.I)
_STYLE_ATTR = re.compile(r"""\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_ATTR = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.I)


def resources(page: str) -> list[str]:
    """Every URL ``page`` (HTML text) makes the browser fetch by itself, not the links a reader may follow.

    A fast scanner (three regular expressions over the text, no HTML parse; about 4× faster
    than the ``html.parser`` walk it replaced, see ``docs/safety.md``): the ``src``/``srcset``/
    ``data``/``poster``/``background`` of loading tags, ``<link href>`` except
    navigation-only ``rel`` values, and ``url(…)``/``@import`` in ``style`` attributes and
    inline ``<style>`` blocks.
    """
    import html as html_module

    urls: list[str] = []
    for block in _STYLE_BLOCK.findall(page):
        urls += [a or b for a, b in _CSS_URL.findall(block)]
    for double, single in _STYLE_ATTR.findall(page):
        urls += [a or b for a, b in _CSS_URL.findall(html_module.unescape(double or single))]
    for match in _TAG.finditer(page):
        tag, attrs_text = match.group("tag").lower(), match.group("attrs")
        if "=" not in attrs_text:
            continue
        attrs = {m.group(1).lower(): html_module.unescape(m.group(2) or m.group(3) or m.group(4) or "")
                 for m in _ATTR.finditer(attrs_text)}
        if tag == "link" and not (set(attrs.get("rel", "").lower().split()) - _LINK_RELS_NOT_LOADED):
            continue
        for name in _LOADING_ATTRS & attrs.keys():
            if name in ("href", "xlink:href") and tag not in ("link", "image", "use", "feimage"):
                continue
            value = attrs[name].strip()
            if name.endswith("srcset"):
                urls += [c.strip().split()[0] for c in value.split(",") if c.strip()]
            elif value:
                urls.append(value)
    return urls


_OUTSIDE = re.compile(r"^\s*(https?:|ftp:)?//", re.I)


def check_site(site_dir: Path, memo: Path | None = None) -> None:
    """Checks the built site before it replaces the last good one.

    * Chinese search works: the Pagefind index members query is there and holds
      the search units, not whole clauses (:func:`generator.site.search.check_index`);
      otherwise a member searching for 主题党日 finds nothing.
    * No page or stylesheet makes the browser fetch anything from another host
      (fonts, scripts, images, ``srcset`` candidates, ``url(…)`` in inline
      styles and ``<style>`` blocks): the site must work inside mainland China
      with no outside request (:func:`resources`).
    * Every relative link points at a file of the site (:func:`check_links`).

    Args:
        memo: a JSON file (``build/site-check.json``) keeping what was found in each page and index
            chunk by the SHA-256 of its place and bytes, so that a page checked before is not scanned
            again: a one-month edit of a ten-year archive changes two of its 700 pages, and the scan of
            them all took 1.3 s of the edit's CPU. Every page is still read and every link still
            resolved against the new site. The memo is dropped when this module or the search module
            changes, or when it cannot be read; ``None``: scan everything.

    Raises:
        SiteCheckError: naming the first failing check and the fix, in Chinese.
    """
    found = _Memo(memo)
    try:
        site_search.check_index(site_dir, found.chunks)
    except site_search.SearchIndexError as exc:
        raise SiteCheckError(str(exc)) from exc

    outside = []
    pages: dict[str, list[list[str]]] = {}  # each page → its links (page_links)
    for page in sorted(site_dir.rglob("*.html")):
        rel = page.relative_to(site_dir).as_posix()
        seen = found.page(rel, page.read_bytes())
        outside += [f"{page.relative_to(site_dir)}: {u}" for u in seen["outside"]]
        pages[rel] = seen["links"]
    for css in site_dir.rglob("*.css"):
        for url in re.findall(r"url\(['\"]?([^'\")]+)", css.read_text(encoding="utf-8", errors="replace")):
            if _OUTSIDE.match(url):
                outside.append(f"{css.relative_to(site_dir)}: {url}")
        for url in re.findall(r"@import\s+['\"]([^'\"]+)", css.read_text(encoding="utf-8", errors="replace")):
            if _OUTSIDE.match(url):
                outside.append(f"{css.relative_to(site_dir)}: {url}")
    if outside:
        raise SiteCheckError("网站会向外部服务器请求资源，境内手机可能无法加载：\n  " + "\n  ".join(outside[:20])
                             + "\n修改建议：不要引用外部字体、脚本或图片；mkdocs.yml 中保持 theme.font: false")
    check_links(site_dir, pages)
    found.save()


class _Memo:
    """What :func:`check_site` found in each page and index chunk, kept between builds (its ``memo`` file)."""

    def __init__(self, path: Path | None):
        self.path = path
        self.version = "\0".join(hashlib.sha256(Path(f).read_bytes()).hexdigest() for f in (__file__, site_search.__file__))
        self.pages: dict[str, dict] = {}  # what this check used: what save() keeps
        self.used_chunks: dict[str, list[int]] = {}
        self._old_pages: dict[str, dict] = {}
        self._old_chunks: dict[str, list[int]] = {}
        if path is None or not path.is_file():
            return
        try:
            held = json.loads(path.read_text(encoding="utf-8"))
            if held.get("version") == self.version:
                self._old_pages, self._old_chunks = dict(held["pages"]), dict(held["chunks"])
        except (ValueError, KeyError, TypeError, OSError):
            pass  # a damaged memo: scan everything again

    @property
    def chunks(self) -> collections.ChainMap:
        """The index chunks' memo for :func:`generator.site.search.check_index`: read from this check's and
        the last one's, written to this check's."""
        return collections.ChainMap(self.used_chunks, self._old_chunks)

    def page(self, rel: str, data: bytes) -> dict:
        """``{"outside": [URL …], "links": [site path …]}`` for the page at ``rel`` (relative to the site
        root) holding ``data``: the outside URLs it loads (:func:`resources`) and the files its relative
        links and resources name (:func:`page_links`)."""
        digest = hashlib.sha256(rel.encode() + b"\0" + data).hexdigest()
        seen = self._old_pages.get(digest)
        if not (isinstance(seen, dict) and isinstance(seen.get("outside"), list) and isinstance(seen.get("links"), list)):
            text = data.decode("utf-8")
            seen = {"outside": [u for u in resources(text) if _OUTSIDE.match(u)], "links": page_links(rel, text)}
        self.pages[digest] = seen
        return seen

    def save(self) -> None:
        """Writes what this check used (pages and chunks of other sites are dropped)."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"version": self.version, "pages": self.pages, "chunks": self.used_chunks},
                                  ensure_ascii=False), encoding="utf-8")
        tmp.replace(self.path)


_HREF = re.compile(r"""<(?:a|link|img|script|source)\b[^>]*?\s(?:href|src)\s*=\s*["']([^"'#?]*)""", re.I)


def page_links(rel: str, page: str) -> list[list[str]]:
    """The relative links and resources of ``page`` (HTML text, at ``rel`` in the site), each as
    ``[URL as written, the site file it names]`` (a path relative to the site root, ``os.path.normpath``
    form); absolute URLs, ``mailto:`` and the like are not among them, nor any of ``404.html``'s (they are
    absolute to the published site: :mod:`generator.site.notfound`)."""
    import os
    from urllib.parse import unquote

    if rel == "404.html":
        return []

    base = os.path.dirname(rel)
    out: list[list[str]] = []
    for url in _HREF.findall(page):
        if not url or re.match(r"^([a-z][a-z0-9+.-]*:|//|/)", url, re.I):
            continue
        out.append([url, os.path.normpath(os.path.join(base, unquote(url)))])
    return out


def check_links(site_dir: Path, pages: dict[str, list[list[str]]] | None = None) -> None:
    """Checks that every relative link and resource of every page points at a file of the site,
    and that no rendered file (PDF, Word, calendar) is empty.

    Rendered files are placed into the site after the engine has made the pages, so the
    engine cannot check links to them; this does, engine-neutrally.

    Args:
        pages: each page (path relative to the site root, ``/``-separated) → its links (:func:`page_links`),
            when the caller has them; ``None``: every page is read.

    Raises:
        SiteCheckError: naming up to 20 broken links (page: link) or empty files, in Chinese.
    """
    import os

    files: set[str] = set()
    empty = []
    for folder, _, names in os.walk(site_dir):
        rel_folder = os.path.relpath(folder, site_dir)
        for name in names:
            rel = os.path.normpath(os.path.join(rel_folder, name))
            files.add(rel)
            if name.endswith((".pdf", ".docx", ".ics")) and os.path.getsize(os.path.join(folder, name)) == 0:
                empty.append(rel)
    if empty:
        raise SiteCheckError("网站中有空文件（生成中断留下的占位文件）：\n  " + "\n  ".join(sorted(empty)[:20])
                             + "\n修改建议：删去 build/ 文件夹后重新构建；若仍出现，请把这条信息发给维护人员")
    if pages is None:
        pages = {rel: page_links(rel, (site_dir / rel).read_text(encoding="utf-8"))
                 for rel in sorted(Path(f).as_posix() for f in files if f.endswith(".html"))}
    broken = []
    for rel in sorted(pages):
        for url, target in pages[rel]:
            if target not in files and os.path.normpath(os.path.join(target, "index.html")) not in files:
                broken.append(f"{rel}: {url}")
    if broken:
        raise SiteCheckError("网站中有指向不存在文件的链接：\n  " + "\n  ".join(broken[:20])
                             + "\n修改建议：检查文件名；若是程序生成的链接，请把这条信息发给维护人员")
