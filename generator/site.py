"""The site engine glue: the only module that knows MkDocs.

Everything before this point produces plain Markdown pages and a navigation
list (:class:`generator.pages.SiteSources`). Here MkDocs with mkdocs-material
turns them into HTML, using the hand-written ``mkdocs.yml`` and overriding only
what the generator knows: where the pages are, where the site goes, the
navigation, and the search dictionary grown from the content. After MkDocs,
:func:`generator.search.index_site` adds the Pagefind index members search with
(the header's search box, ``overrides/partials/search.html``).

Moving to another engine (e.g. Zensical, when mkdocs-material reaches end of
life in May 2027) means replacing :func:`build_site` and :func:`serve`;
:func:`check_site` checks the output and does not care who made it.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from . import search as site_search


class SiteCheckError(Exception):
    """The built site fails a check that a member would notice (message in Chinese)."""


def build_site(root: Path, docs_dir: Path, site_dir: Path, nav: list, user_dict: Path,
               site_url: str | None = None) -> None:
    """Runs MkDocs on ``docs_dir`` into ``site_dir``.

    Args:
        root: the project directory, holding ``mkdocs.yml``.
        docs_dir: the rendered Markdown pages and PDFs.
        site_dir: the output folder (created).
        nav: navigation in MkDocs' ``nav`` shape.
        user_dict: jieba user dictionary (one ``word freq tag`` per line) for Chinese search.
        site_url: the published address (``organisation.site_url``): canonical links, sitemap, the 404 page's home link.

    Raises:
        SiteCheckError: if jieba is not installed (search would silently not segment Chinese).
        mkdocs.exceptions.MkDocsException: on MkDocs configuration problems.
    """
    try:
        import jieba  # noqa: F401  (Material's search segments Chinese only if this imports)
    except ImportError as exc:
        raise SiteCheckError("未安装 jieba，网站搜索无法切分中文词语。修改建议：运行 make build 安装依赖") from exc
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("jieba").setLevel(logging.WARNING)
    config = load_config(str(root / "mkdocs.yml"), docs_dir=str(docs_dir), site_dir=str(site_dir), nav=nav,
                         **({"site_url": site_url} if site_url else {}))
    search = config.plugins["material/search"]
    search.config.jieba_dict_user = str(user_dict)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    try:
        site_search.index_site(site_dir)
    except site_search.SearchIndexError as exc:
        raise SiteCheckError(str(exc)) from exc


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


def check_site(site_dir: Path) -> None:
    """Checks the built site before it replaces the last good one.

    * Chinese search is segmented: the Pagefind index members query holds
      words, not whole clauses (:func:`generator.search.check_index`); and
      Material marks jieba's word boundaries with
      U+200B in ``search/search_index.json``; without them a member searching
      for 主题党日 finds nothing.
    * No page or stylesheet makes the browser fetch anything from another host
      (fonts, scripts, images, ``srcset`` candidates, ``url(…)`` in inline
      styles and ``<style>`` blocks): the site must work inside mainland China
      with no outside request (:func:`resources`).

    Raises:
        SiteCheckError: naming the first failing check and the fix, in Chinese.
    """
    index = site_dir / "search" / "search_index.json"
    if not index.is_file():
        raise SiteCheckError("网站缺少搜索索引 search/search_index.json。修改建议：检查 mkdocs.yml 的 plugins 中是否有 search")
    docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
    if not any("\u200b" in d.get("text", "") for d in docs):
        raise SiteCheckError("搜索索引中的中文没有分词（jieba 未生效），成员将搜不到词语。修改建议：运行 make build 重新安装依赖")
    try:
        site_search.check_index(site_dir)
    except site_search.SearchIndexError as exc:
        raise SiteCheckError(str(exc)) from exc

    outside = []
    for page in site_dir.rglob("*.html"):
        outside += [f"{page.relative_to(site_dir)}: {u}" for u in resources(page.read_text(encoding="utf-8"))
                    if _OUTSIDE.match(u)]
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


def serve(root: Path, dev_addr: str) -> None:
    """Serves the site with live reload, regenerating pages when ``content/`` or ``data/`` change.

    Runs until interrupted. Content errors are printed and the last good pages stay served.
    """
    from mkdocs.commands.serve import serve as mkdocs_serve

    docs_dir = root / "build" / "serve-docs"
    docs_dir.mkdir(parents=True, exist_ok=True)  # MkDocs validates it before the hook fills it
    mkdocs_serve(
        config_file=str(root / "mkdocs.yml"), livereload=True,
        watch=[str(root / "content"), str(root / "data")],
        hooks=[str(Path(__file__).with_name("serve_hooks.py"))],
        docs_dir=str(docs_dir), dev_addr=dev_addr,
    )
