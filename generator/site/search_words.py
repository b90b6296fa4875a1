"""Tables the search box fetches beside the Pagefind index: variant forms and the site's words in pinyin.

Written by :func:`write_tables` into ``pagefind/`` after the index (so they are cached and
published with it); ``overrides/assets/zz-search-plan.js`` fetches them only when the search
box is used, so a page's first load does not grow.

* ``zz-fold.json`` (fetched when the box opens, a few KB): ``{"fold": "繁简繁简…", "synonyms": [[…]]}``,
  pairs of a traditional or variant character and the site's character, from OpenCC's
  ``TSCharacters`` table (package ``opencc-python-reimplemented``), only for characters the
  site uses and that the site does not itself use in the traditional form; and the synonym
  groups of :data:`SYNONYMS_FILE`.
* ``zz-pinyin.json`` (fetched only for a query in Latin letters that the site does not have, or a
  term no page has whole): ``{"chars": "字zi 党dang …", "words": ["党费 dang fei 12", …]}``, the
  toneless pinyin (``pypinyin``, its default reading) of the site's characters and of the
  common characters (GB 2312 level 1, so a homophone typed by mistake has its reading), and
  the site's words: runs of 2–:data:`MAX_WORD` Chinese characters that occur at least
  :data:`MIN_COUNT` times and are not part of a longer such run as often, and names the text quotes
  (“…” 《…》, 2–8 characters) however often, with their pinyin
  (read as words, so 重温 is chong wen) and count; at most :data:`MAX_WORDS`, most frequent first.
"""

from __future__ import annotations

import collections
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

SYNONYMS_FILE = Path(__file__).with_name("search-synonyms.yml")
"""The field's synonym groups (data): a list of lists of words that name the same thing."""


@lru_cache(maxsize=1)
def synonyms() -> list[list[str]]:
    """The synonym groups of :data:`SYNONYMS_FILE` (NFKC, longest word first within a group)."""
    groups = yaml.safe_load(SYNONYMS_FILE.read_text(encoding="utf-8")) or []
    return [sorted((unicodedata.normalize("NFKC", str(w)) for w in g), key=len, reverse=True) for g in groups]


MAX_WORD = 6
MIN_COUNT = 2
MAX_WORDS = 6000
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_QUOTED = re.compile(r"[“《「]([\u4e00-\u9fff]{2,8})[”》」]")


def _opencc_table(name: str) -> dict[str, str]:
    import opencc

    path = Path(os.path.dirname(opencc.__file__)) / "dictionary" / name
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and len(parts[0]) == 1 and len(parts[1]) == 1:
            out[parts[0]] = parts[1]
    return out


def fold_table(site_chars: set[str]) -> dict[str, str]:
    """Traditional/variant character → the site's character, for the characters the site uses (OpenCC TSCharacters)."""
    return {t: s for t, s in _opencc_table("TSCharacters.txt").items()
            if s in site_chars and t not in site_chars and t != s}


def common_chars() -> str:
    """The 3755 characters of GB 2312 level 1 (rows 16–55), the ones a phone's input method offers first."""
    out = []
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                out.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return "".join(out)


@dataclass
class Tally:
    """What the tables are made of, counted over a set of page texts: integer counts that add up page by
    page, so a rebuild can take the pages that changed out and put their new text in
    (:func:`generator.site.search.index_site`) and get what counting every page gives.

    Attributes:
        grams: each run of 2–:data:`MAX_WORD` Chinese characters → its occurrences.
        named: each name the text quotes (:data:`_QUOTED`) → its occurrences.
        chars: each character of the texts → its occurrences.
    """

    grams: collections.Counter = field(default_factory=collections.Counter)
    named: collections.Counter = field(default_factory=collections.Counter)
    chars: collections.Counter = field(default_factory=collections.Counter)

    def __iadd__(self, other: "Tally") -> "Tally":
        self.grams += other.grams
        self.named += other.named
        self.chars += other.chars
        return self

    def __isub__(self, other: "Tally") -> "Tally":
        self.grams -= other.grams
        self.named -= other.named
        self.chars -= other.chars
        return self


def tally(texts: list[str]) -> Tally:
    """The :class:`Tally` of ``texts`` (page texts, one block each)."""
    counts: collections.Counter[str] = collections.Counter()
    chars: collections.Counter[str] = collections.Counter()
    for text in texts:
        chars.update(text)
        for run in _HAN.findall(text):
            for n in range(2, MAX_WORD + 1):
                for i in range(len(run) - n + 1):
                    counts[run[i:i + n]] += 1
    return Tally(counts, collections.Counter(m for text in texts for m in _QUOTED.findall(text)), chars)


def site_words(texts: list[str] | Tally) -> list[tuple[str, int]]:
    """The site's words (module docstring): ``(word, count)``, most frequent first, longer first among equals.
    ``texts``: the pages' texts, or their :class:`Tally`."""
    counted = texts if isinstance(texts, Tally) else tally(texts)
    frequent = {w: c for w, c in counted.grams.items() if c >= MIN_COUNT}
    # a run that only occurs inside one longer run (题党 in 主题党日) is not a word of its own
    covered = set()
    for w, c in frequent.items():
        if len(w) > 2:
            for part in (w[1:], w[:-1]):
                if frequent.get(part) == c:
                    covered.add(part)
    words = [(w, c) for w, c in frequent.items() if w not in covered]
    # a name the text quotes (“北辰党建”, 《党支部工作手册》) is a word even if it occurs once
    words += [(m, c) for m, c in counted.named.items() if m not in frequent and c > 0]
    words.sort(key=lambda x: (-x[1], -len(x[0]), x[0]))
    return words[:MAX_WORDS]


def pinyin_table(texts: list[str] | Tally, memo: dict | None = None) -> dict:
    """``{"chars": …, "words": …}`` as in the module docstring.

    ``memo``: readings found before (``"words"``: word → its pinyin; ``"chars"``: ``[characters, readings]``), so
    that pypinyin is loaded only for words and characters not read before; filled with this table's."""
    counted = texts if isinstance(texts, Tally) else tally(texts)
    memo = {} if memo is None else memo
    chars = "".join(sorted({c for c in counted.chars if _HAN.fullmatch(c)} | set(common_chars())))
    known = memo.get("words") or {}
    words = site_words(counted)
    if memo.get("chars", [None])[0] != chars or any(w not in known for w, _ in words):
        from pypinyin import lazy_pinyin

        if memo.get("chars", [None])[0] != chars:
            memo["chars"] = [chars, " ".join(lazy_pinyin(chars))]
        known = {w: known.get(w) or " ".join(lazy_pinyin(w)) for w, _ in words}
    memo["words"] = {w: known[w] for w, _ in words}
    readings = memo["chars"][1].split(" ")
    return {"chars": " ".join(c + r for c, r in zip(chars, readings)),
            "words": [f"{w} {known[w]} {c}" for w, c in words]}


def table_texts(texts: list[str] | Tally, memo: dict | None = None) -> dict[str, str]:
    """The JSON text of ``zz-fold.json`` and ``zz-pinyin.json`` (module docstring) from the pages' ``texts``
    (or their :class:`Tally`), by file name; :func:`write_table_texts` writes them (made apart so the index can
    be built meanwhile). ``memo``: as for :func:`pinyin_table`, with OpenCC's table under ``"ts"``."""
    counted = texts if isinstance(texts, Tally) else tally(texts)
    memo = {} if memo is None else memo
    site_chars = set(counted.chars)
    if "ts" not in memo:
        memo["ts"] = _opencc_table("TSCharacters.txt")
    fold = {t: s for t, s in memo["ts"].items() if s in site_chars and t not in site_chars and t != s}
    return {"zz-fold.json": json.dumps({"fold": "".join(t + s for t, s in sorted(fold.items())), "synonyms": synonyms()},
                                       ensure_ascii=False, separators=(",", ":")),
            "zz-pinyin.json": json.dumps(pinyin_table(counted, memo), ensure_ascii=False, separators=(",", ":"))}


def write_table_texts(folder: Path, tables: dict[str, str]) -> None:
    """Writes :func:`table_texts`' files into ``folder`` (UTF-8)."""
    for name, text in tables.items():
        (folder / name).write_text(text, encoding="utf-8")


def write_tables(folder: Path, texts: list[str]) -> None:
    """Writes ``zz-fold.json`` and ``zz-pinyin.json`` (module docstring) into ``folder`` from the pages' ``texts``."""
    write_table_texts(folder, table_texts(texts))
