"""Checks on the finished site, whichever engine made it.

The engines (:mod:`generator.engines`: MkDocs + Material, or Zensical) turn
the generated Markdown into HTML and :func:`generator.search.index_site` adds
the Pagefind index; :func:`check_site` then checks the result before it
replaces the last good site. It reads only the built files.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from . import search as site_search


class SiteCheckError(Exception):
    """The built site fails a check that a member would notice (message in Chinese)."""


class _Resources(HTMLParser):
    """Collects every URL a page makes the browser fetch by itself (not links the reader may follow)."""

    LOADS = {("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src"),
             ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")}

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for t, a in self.LOADS:
            if tag == t and attrs.get(a):
                if tag == "link" and attrs.get("rel") in ("canonical", "alternate", "author", "license"):
                    continue
                self.urls.append(attrs[a])
        if attrs.get("style"):
            self.urls += re.findall(r"url\(['\"]?([^'\")]+)", attrs["style"])


_OUTSIDE = re.compile(r"^(https?:)?//", re.I)


def check_site(site_dir: Path) -> None:
    """Checks the built site before it replaces the last good one.

    * Chinese search works: the Pagefind index members query is there and holds
      the search units, not whole clauses (:func:`generator.search.check_index`);
      otherwise a member searching for 主题党日 finds nothing.
    * No page or stylesheet makes the browser fetch anything from another host
      (fonts, scripts, images): the site must work inside mainland China with
      no outside request.

    Raises:
        SiteCheckError: naming the first failing check and the fix, in Chinese.
    """
    try:
        site_search.check_index(site_dir)
    except site_search.SearchIndexError as exc:
        raise SiteCheckError(str(exc)) from exc

    outside = []
    for page in site_dir.rglob("*.html"):
        parser = _Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        outside += [f"{page.relative_to(site_dir)}: {u}" for u in parser.urls if _OUTSIDE.match(u)]
    for css in site_dir.rglob("*.css"):
        for url in re.findall(r"url\(['\"]?([^'\")]+)", css.read_text(encoding="utf-8", errors="replace")):
            if _OUTSIDE.match(url):
                outside.append(f"{css.relative_to(site_dir)}: {url}")
        for url in re.findall(r"@import\s+['\"]([^'\"]+)", css.read_text(encoding="utf-8", errors="replace")):
            if _OUTSIDE.match(url):
                outside.append(f"{css.relative_to(site_dir)}: {url}")
    check_links(site_dir)
    if outside:
        raise SiteCheckError("网站会向外部服务器请求资源，境内手机可能无法加载：\n  " + "\n  ".join(outside[:20])
                             + "\n修改建议：不要引用外部字体、脚本或图片；mkdocs.yml 中保持 theme.font: false")


_HREF = re.compile(r"""<(?:a|link|img|script|source)\b[^>]*?\s(?:href|src)\s*=\s*["']([^"'#?]*)""", re.I)


def check_links(site_dir: Path) -> None:
    """Checks that every relative link and resource of every page points at a file of the site.

    Rendered files (PDFs, calendars) are placed into the site after the engine has made the
    pages, so the engine cannot check links to them; this does, engine-neutrally.

    Raises:
        SiteCheckError: naming up to 20 broken links (page: link) in Chinese.
    """
    from urllib.parse import unquote

    empty = [p.relative_to(site_dir).as_posix() for suffix in (".pdf", ".docx", ".ics")
             for p in site_dir.rglob(f"*{suffix}") if p.stat().st_size == 0]
    if empty:
        raise SiteCheckError("网站中有空文件（生成中断留下的占位文件）：\n  " + "\n  ".join(empty[:20])
                             + "\n修改建议：删去 build/ 文件夹后重新构建；若仍出现，请把这条信息发给维护人员")
    broken = []
    for page in site_dir.rglob("*.html"):
        if page.name == "404.html":
            continue  # its links are absolute to the published site
        for url in _HREF.findall(page.read_text(encoding="utf-8")):
            if not url or re.match(r"^([a-z][a-z0-9+.-]*:|//|/)", url, re.I):
                continue
            target = (page.parent / unquote(url)).resolve()
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append(f"{page.relative_to(site_dir)}: {url}")
    if broken:
        raise SiteCheckError("网站中有指向不存在文件的链接：\n  " + "\n  ".join(broken[:20])
                             + "\n修改建议：检查文件名；若是程序生成的链接，请把这条信息发给维护人员")

