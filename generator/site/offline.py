"""Offline reading and the home screen: a service worker made with Workbox, a web manifest, an offline page.

:func:`add_offline` runs on the finished site (after the search index, before the checks), so it
is the same under both site engines. It writes, at the site root:

* ``sw.js``: the service worker (Workbox 7, the browser files of the npm packages, copied into
  ``assets/workbox-<version>/``; nothing is fetched from outside the site). It

  - precaches the site's shell (every stylesheet, script and icon the pages load), the offline
    page and the Pagefind search engine and index (``pagefind/``; the fragments too while they
    total at most :data:`FRAGMENTS_PRECACHED` bytes, otherwise each is kept once fetched), each
    with a revision (the first 16 hex digits of its SHA-256), so a new build replaces exactly the
    files that changed;
  - keeps every page a member opens (network first: online the page is always the published
    one, offline the last copy), and every PDF, Word file or calendar once opened;
  - answers Pagefind's ``pagefind-entry.json?ts=…`` (its ``metaCacheTag``, a new value on every
    search) from one cache entry without the query, so search works offline;
  - shows the offline page (离线页) for a page never opened;
  - carries the build's digest (:func:`site_digest`): any change to the site makes a new
    service worker, which on activation fetches again (conditional requests: unchanged files
    cost a 304) every page and file it holds, so no stale month stays after publishing.

* ``manifest.webmanifest``: name (``organisation.yml`` ``site_name``), short name (``short_name``),
  theme colour, icons (``overrides/assets/icons/``), for 添加到主屏幕.
* ``offline/index.html``: the Chinese offline page, self-contained (inline style, no script).

The pages link the manifest and register the worker themselves (``overrides/partials/zz-read-head.html``,
``overrides/assets/javascripts/zz-read.js``).
"""

from __future__ import annotations

import hashlib
import html
import json
import shutil
from pathlib import Path
from posixpath import normpath

from ..model import Organisation
from .checks import resources

WORKBOX_VERSION = "7.4.1"
"""The Workbox release the Makefile installs (``WORKBOX_VERSION``); its files go to ``assets/workbox-<version>/``."""

WORKBOX_DIR = f"assets/workbox-{WORKBOX_VERSION}"
"""Where the site keeps Workbox's browser files (beside the theme's other assets)."""

WORKBOX_MODULES = ("core", "routing", "strategies", "precaching", "expiration", "cacheable-response")
"""Workbox modules the worker loads (``build/workbox-<module>.prod.js`` of each npm package)."""

THEME_COLOUR = "#b71c1c"
"""Header red of the site (``overrides/assets/zz-phone.css``): the phone's status bar and splash screen."""

FRAGMENTS_PRECACHED = 512 * 1024
"""Bytes of Pagefind fragments (one per page, the text a result shows) precached at most; above it
(a long archive) a fragment is kept once a search has fetched it."""

ICONS = (("assets/icons/icon-192.png", "192x192", "any"), ("assets/icons/icon-512.png", "512x512", "any"),
         ("assets/icons/maskable-512.png", "512x512", "maskable"))
"""The manifest's icons: path under the site root, size, purpose (from ``overrides/assets/icons/``)."""

OFFLINE_PAGE = "offline/index.html"

SEARCH_KEPT = ("pagefind-entry.json", "pagefind-worker.js")
"""Of Pagefind's ``pagefind-*`` files, those the search box uses (the rest are Pagefind's own UIs)."""


def workbox_folder(root: Path) -> Path | None:
    """The ``node_modules`` folder holding Workbox (``make setup`` installs it into ``.cache/npm``):
    the project's, else the generator's own checkout's; ``None`` when neither has it."""
    code_root = Path(__file__).resolve().parents[2]
    for base in (root, code_root):
        folder = base / ".cache" / "npm" / "node_modules"
        if (folder / "workbox-sw" / "build" / "workbox-sw.js").is_file() and all(
                (folder / f"workbox-{m}" / "build" / f"workbox-{m}.prod.js").is_file() for m in WORKBOX_MODULES):
            return folder
    return None


def _revision(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def site_digest(site: Path, extra: str = "", skip: frozenset[str] = frozenset()) -> str:
    """SHA-256 (first 16 hex digits) over every file of ``site`` but the worker's own files and ``skip``
    (the rendered files, such as PDFs, which may or may not be linked in yet: they are named by their cache
    keys in ``extra`` instead, so the digest does not depend on how far their rendering has come): what makes
    a new service worker whenever anything a member can open changed."""
    h = hashlib.sha256(extra.encode())
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if not path.is_file() or rel == "sw.js" or rel.startswith(WORKBOX_DIR + "/") or rel in skip:
            continue
        h.update(rel.encode() + b"\0")
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()[:16]


def shell_files(site: Path) -> list[str]:
    """What every page loads by itself (stylesheets, scripts, icons), from the home page and one page a
    level down, as paths under ``site``; only files that exist and are not pages."""
    found: set[str] = set()
    pages = [site / "index.html", *sorted(site.glob("*/index.html"))[:1]]
    for page in pages:
        if not page.is_file():
            continue
        base = page.parent.relative_to(site).as_posix()
        for url in resources(page.read_text(encoding="utf-8")):
            if "://" in url or url.startswith(("data:", "//", "#")):
                continue
            path = url.split("#")[0].split("?")[0]
            rel = normpath(path.lstrip("/") if path.startswith("/") else f"{base}/{path}").lstrip("./")
            if rel and not rel.startswith("..") and (site / rel).is_file() and not rel.endswith(".html"):
                found.add(rel)
    return sorted(found)


def search_files(site: Path) -> list[str]:
    """Pagefind's engine, entry, metadata and index chunks, and its fragments while they total at most
    :data:`FRAGMENTS_PRECACHED` bytes; paths under ``site``. Pagefind's own UI files are left out (the site has its own search box)."""
    folder = site / "pagefind"
    if not folder.is_dir():
        return []
    files = [p for p in folder.iterdir() if p.is_file() and (not p.name.startswith("pagefind-") or p.name in SEARCH_KEPT)]
    files += sorted((folder / "index").glob("*")) if (folder / "index").is_dir() else []
    fragments = sorted((folder / "fragment").glob("*")) if (folder / "fragment").is_dir() else []
    if sum(p.stat().st_size for p in fragments) <= FRAGMENTS_PRECACHED:
        files += fragments
    return sorted(p.relative_to(site).as_posix() for p in files if p.is_file())


def manifest(org: Organisation) -> dict:
    """The web manifest (W3C Web Application Manifest) for ``org``: names from ``organisation.yml``."""
    return {
        "name": org.site_name,
        "short_name": org.short_name,
        "lang": "zh-CN",
        "dir": "ltr",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": "#ffffff",
        "icons": [{"src": src, "sizes": sizes, "type": "image/png", "purpose": purpose} for src, sizes, purpose in ICONS],
    }


def offline_page(org: Organisation) -> str:
    """The page a member sees offline for a page not opened before: Chinese, inline style, no script,
    light and dark."""
    name = html.escape(org.site_name)
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<link rel="alternate" type="application/atom+xml" title="{name}：每月指导材料" href="../feed.xml">
<title>暂时无法打开 - {name}</title>
<style>
:root {{ color-scheme: light dark; }}
body {{ margin: 0; font: 20px/1.8 system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
  color: #1a1a1a; background: #fff; }}
header {{ background: {THEME_COLOUR}; color: #fff; padding: 12px 16px; font-size: 18px; }}
main {{ padding: 16px; max-width: 40em; }}
h1 {{ font-size: 26px; line-height: 1.4; }}
a {{ color: {THEME_COLOUR}; display: inline-block; min-height: 44px; line-height: 44px; }}
@media (prefers-color-scheme: dark) {{ body {{ color: #e8e8e8; background: #1e2129; }} a {{ color: #ff8a80; }} }}
</style>
</head>
<body>
<header>{name}</header>
<main>
<h1>没有网络连接，这一页还没有保存在本机</h1>
<p>手机现在连不上网络。打开过的页面和下载过的 PDF 会保存在本机，没有网络时也能阅读；这一页以前没有打开过，所以暂时看不到。</p>
<p>请连上网络后再试，或者先看已经保存的页面：</p>
<p><a href="../">返回首页</a></p>
</main>
</body>
</html>
"""


def service_worker(precache: list[dict], build: str) -> str:
    """The text of ``sw.js``: Workbox loaded from the site itself, ``precache`` (``[{url, revision}]``,
    URLs relative to the worker), the build digest ``build``."""
    entries = json.dumps(precache, ensure_ascii=False, separators=(",", ":"))
    return f"""// 离线阅读：由 generator/site/offline.py 在每次构建时生成（Workbox {WORKBOX_VERSION}），请勿手工修改。
// build {build}
importScripts("{WORKBOX_DIR}/workbox-sw.js");
workbox.setConfig({{modulePathPrefix: "{WORKBOX_DIR}/", debug: false}});
const {{precaching, routing, strategies, expiration, cacheableResponse, core}} = workbox;
const BUILD = "{build}";
const PAGES = "zzsh-pages", FILES = "zzsh-files", SEARCH = "zzsh-search";
core.setCacheNameDetails({{prefix: "zzsh"}});
self.skipWaiting();
core.clientsClaim();
precaching.precacheAndRoute({entries}, {{ignoreURLParametersMatching: [/^ts$/, /^utm_/]}});
precaching.cleanupOutdatedCaches();
const ok = new cacheableResponse.CacheableResponsePlugin({{statuses: [200]}});
const noQuery = {{cacheKeyWillBeUsed: async ({{request}}) => {{ const u = new URL(request.url); u.search = ""; return u.href; }}}};
// Pagefind: the entry file is asked for with ?ts=<metaCacheTag>; kept under one key, network first
routing.registerRoute(({{url}}) => url.pathname.endsWith("/pagefind/pagefind-entry.json"),
  new strategies.NetworkFirst({{cacheName: SEARCH, networkTimeoutSeconds: 3, plugins: [ok, noQuery]}}));
// Pagefind's index chunks and fragments have their content's hash in their names: cache first
routing.registerRoute(({{url}}) => url.origin === location.origin && url.pathname.includes("/pagefind/"),
  new strategies.CacheFirst({{cacheName: SEARCH, plugins: [ok, new expiration.ExpirationPlugin({{maxEntries: 2000}})]}}));
// PDF, Word and calendar files: kept once opened
routing.registerRoute(({{url}}) => url.origin === location.origin && /\\.(pdf|docx|ics)$/i.test(url.pathname),
  new strategies.NetworkFirst({{cacheName: FILES, networkTimeoutSeconds: 8, plugins: [ok, new expiration.ExpirationPlugin({{maxEntries: 60}})]}}));
// pages: online always the published page, offline the last copy
routing.registerRoute(({{request, url}}) => request.mode === "navigate" && url.origin === location.origin,
  new strategies.NetworkFirst({{cacheName: PAGES, networkTimeoutSeconds: 5, plugins: [ok, new expiration.ExpirationPlugin({{maxEntries: 300}})]}}));
// anything else of the site (an image in a page): from the cache, refreshed in the background
routing.registerRoute(({{url}}) => url.origin === location.origin,
  new strategies.StaleWhileRevalidate({{cacheName: "zzsh-other", plugins: [ok, new expiration.ExpirationPlugin({{maxEntries: 200}})]}}));
routing.setCatchHandler(async ({{request}}) => {{
  if (request.mode !== "navigate") return Response.error();
  const page = await precaching.matchPrecache("{OFFLINE_PAGE}");
  if (!page) return Response.error();
  // shown at the address asked for, so its links (home, feed) must not be relative
  const text = (await page.text()).replace(/href="\\.\\.\\//g, `href="${{self.registration.scope}}`);
  return new Response(text, {{headers: {{"Content-Type": "text/html; charset=utf-8"}}}});
}});
// a new build: fetch again what this phone keeps (unchanged files answer 304), so no month stays stale
self.addEventListener("activate", () => {{
  [PAGES, FILES, "zzsh-other"].forEach(async (name) => {{
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {{
      try {{
        const response = await fetch(request.url, {{cache: "no-cache"}});
        if (response.status === 200) await cache.put(request, response);
        else if (response.status === 404) await cache.delete(request);
      }} catch (e) {{ return; }}  // offline: keep what there is
    }}
  }});
}});
"""


def add_offline(site: Path, org: Organisation, root: Path, extra: str = "",
                skip: frozenset[str] = frozenset()) -> list[str]:
    """Adds the service worker, Workbox's files, the web manifest and the offline page to the finished ``site``.

    Args:
        site: the assembled site folder (HTML, assets, ``pagefind/``; rendered files may still be missing).
        org: the organisation (names for the manifest and offline page).
        root: the project folder (where ``.cache/npm`` holds Workbox).
        extra: what else identifies this build (the rendered files' cache keys), for :func:`site_digest`.
        skip: the rendered files' paths under ``site`` (left out of :func:`site_digest`; ``extra`` names them).

    Returns:
        Chinese warnings: none, or one saying Workbox is missing (``make setup`` installs it) and the
        site was built without offline reading (the manifest and offline page are still written).
    """
    (site / "manifest.webmanifest").write_text(json.dumps(manifest(org), ensure_ascii=False, indent=1) + "\n",
                                               encoding="utf-8")
    (site / "offline").mkdir(exist_ok=True)
    (site / OFFLINE_PAGE).write_text(offline_page(org), encoding="utf-8")
    modules = workbox_folder(root)
    if modules is None:
        (site / "sw.js").unlink(missing_ok=True)
        return ["未找到 Workbox（.cache/npm/node_modules/workbox-sw），本次生成的网站不能离线阅读。"
                "请运行 make setup 安装后重新构建。"]
    target = site / WORKBOX_DIR
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(modules / "workbox-sw" / "build" / "workbox-sw.js", target / "workbox-sw.js")
    for module in WORKBOX_MODULES:
        name = f"workbox-{module}.prod.js"
        shutil.copyfile(modules / f"workbox-{module}" / "build" / name, target / name)
    lazy = [p.relative_to(site).as_posix() for p in sorted((site / "assets").glob("zz-*.js"))]  # loaded on demand
    # (zz-search-plan.js when the search box opens), so no page names them: kept ahead for offline search
    lazy += [p.relative_to(site).as_posix() for p in sorted((site / "pagefind").glob("zz-*.json"))]
    wanted = sorted({*shell_files(site), *search_files(site), *lazy, "manifest.webmanifest", OFFLINE_PAGE,
                     *(src for src, _, _ in ICONS if (site / src).is_file())})
    precache = [{"url": rel, "revision": _revision((site / rel).read_bytes())} for rel in wanted]
    (site / "sw.js").write_text(service_worker(precache, site_digest(site, extra, skip)), encoding="utf-8")
    return []
