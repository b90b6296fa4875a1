"""The search tables of a site (:mod:`generator.site.search_words`), counted again only for the pages that changed.

Counting every page's words is the tables' cost (about 2 s of one core on a ten-year archive), and an
edit of one month changes a handful of pages. :func:`site_tables` keeps, beside the cut pages
(``build/pagefind-pages/``), the last build's :class:`~generator.site.search_words.Tally` with the
digests of the pages it counted (``tables-state.json``); the next build takes the pages that are no
longer there out of it (their cut text is still in the page cache) and adds the new ones. The counts
are integers summed page by page, so the tables are the bytes counting every page gives; when the
state is missing, damaged, made by other code or library versions, or a page that left is no longer
kept, every page is counted. The readings pypinyin gave (and OpenCC's table) are kept with it, so
an edit loads neither library unless a new word or character appears.
"""

from __future__ import annotations

import collections
import hashlib
import json
import os
from importlib import metadata
from pathlib import Path
from typing import Callable

STATE_FILE = "tables-state.json"


def _code_key() -> str:
    """What the state must have been made by: this module's and the tables' code, pypinyin's and OpenCC's versions."""
    here = Path(__file__)
    h = hashlib.sha256()
    for name in (here.name, "search.py", "search_words.py"):
        h.update((here.with_name(name)).read_bytes())
    for dist in ("pypinyin", "opencc-python-reimplemented"):
        try:
            h.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            h.update(dist.encode())
    return h.hexdigest()


def _load(path: Path, code: str):
    from .search_words import Tally

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("code") != code:
            return None
        counted = Tally(*(collections.Counter(data[k]) for k in ("grams", "named", "chars")))
        return collections.Counter(data["pages"]), counted, data["memo"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def site_tables(cut: list[tuple[str, str | None]], page_cache: Path | None,
                texts_of: Callable[[str, dict], list[str]], kept: Callable[[str, Path], str | None]) -> dict[str, str]:
    """The text of the search tables (:func:`generator.site.search_words.table_texts`) of a site's pages.

    Args:
        cut: each page's ``(digest, cut page or None)`` (:func:`generator.site.search._cut`), in any order.
        page_cache: the cut pages' folder, where the state is kept too; ``None``: count every page, keep nothing.
        texts_of: a cut page's texts (:func:`generator.site.search._index_texts`, given by its caller:
            this module does not import it).
        kept: the cut page kept under a digest, ``""`` for a page with no article, ``None`` if not kept
            (:func:`generator.site.search.cached_page`).

    Returns:
        File name → JSON text, the same bytes whatever the state held.
    """
    _index_texts, cached_page = texts_of, kept
    from .search_words import Tally, table_texts, tally

    first: dict[str, str] = {}

    def count(doc: str | None) -> Tally:
        return tally(_index_texts(doc, first)) if doc else Tally()

    if page_cache is None:
        return table_texts(tally([t for _, doc in cut if doc for t in _index_texts(doc, first)]))
    code = _code_key()
    state_path = page_cache / STATE_FILE
    pages = collections.Counter(digest for digest, _ in cut)
    loaded = _load(state_path, code)
    counted = memo = None
    if loaded is not None:
        before, counted, memo = loaded
        docs = dict(cut)
        for digest, n in (before - pages).items():  # pages gone (or fewer copies of them)
            doc = cached_page(digest, page_cache)
            if doc is None:
                counted = None
                break
            less = count(doc)
            for _ in range(n):
                counted -= less
        if counted is not None:
            for digest, n in (pages - before).items():
                more = count(docs[digest])
                for _ in range(n):
                    counted += more
    if counted is None:
        memo = memo or {}
        counted = tally([t for _, doc in cut if doc for t in _index_texts(doc, first)])
    tables = table_texts(counted, memo)
    page_cache.mkdir(parents=True, exist_ok=True)
    tmp = state_path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"code": code, "pages": pages, "grams": counted.grams, "named": counted.named,
                               "chars": counted.chars, "memo": memo}, ensure_ascii=False), encoding="utf-8")
    tmp.replace(state_path)
    return tables
