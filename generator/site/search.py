"""Site search: one rule that cuts both the pages and the query into the same units, and the Pagefind index.

Members search from a phone, often on mobile data, so the index is Pagefind's:
the browser fetches only the chunks for the words typed. What Pagefind is given
is not the pages' Chinese as it stands, because Chinese has no spaces and the
two sides would cut it differently: Pagefind's extended build cuts pages with
jieba, the browser cuts the query with ``Intl.Segmenter`` (ICU), and a word one
side knows and the other does not (整改汇总表 → 整|改|汇|总|表) found nothing.

The rule (:func:`units`, and the same code in ``overrides/assets/zz-search.js``):

1. Text is NFKC-normalised (full-width letters and digits become ASCII).
2. It is read as a sequence of **atoms**: a run of Latin letters and digits
   (``2019``, ``zzb``) is one atom, every other letter or digit (a Chinese
   character) is one atom; everything else (punctuation, symbols, spaces)
   separates nothing and is kept aside only to show the text again.
3. The **unit** at each atom is that atom and the next one in the same block
   (``党支``, ``支部``, ``2019年``, ``员e``; two Latin atoms are joined with
   ``_``: ``2019_14``); the last atom of a block is a unit of its own.

A page is indexed as its sequence of units, one per atom, in order; a query is
reduced in the browser to its units the same way and handed to Pagefind with
no further cutting (the index's language is :data:`LANGUAGE`, for which
Pagefind does not segment). Because there is a unit at every atom, every
substring of a page is a run of consecutive units: a query is found on a page
exactly when the page contains it, whatever its words are, and document numbers
(校党组发〔2019〕14号), campaign names (三会一课, 党员E先锋) and dates (2019年10月)
stay whole however they are punctuated or spaced. The search box ranks pages
that contain the whole query (Pagefind's exact-phrase search over the units)
above pages that contain only its parts (each unit searched on its own).

A query naming a date or a number otherwise than notices write it (十月, 2025-12, 09月, 第6次,
20届) is searched in both forms (:func:`query_variants`, mirrored in the script). Text the
generator repeats from elsewhere (the 工作清单, the 年度安排表, lists of links to other pages)
weighs :data:`DERIVED_WEIGHT` in the index (:data:`WEIGHTED`), so the page whose author wrote a
word ranks above the pages that list it.

Punctuation is kept between the units as tokens of its own, so the result list
can show the text again (``zz-search.js`` decodes it); Pagefind indexes no word
for them. (Attached to the units, as the first version did, Pagefind indexed
the same units but peaked at 548 MiB instead of 446 MiB on the 120-month archive.) :func:`index_site` writes one such page per site page for
Pagefind; :func:`check_index` fails the build if the index does not hold units.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import re
import statistics
import subprocess
import tempfile
import unicodedata
from html.parser import HTMLParser
from collections.abc import MutableMapping
from pathlib import Path

PAGEFIND_DIR = "pagefind"
"""Where the index goes inside the site; ``overrides/assets/zz-search.js`` loads ``pagefind/pagefind.js`` from there."""

LANGUAGE = "zxx"
"""The index's language tag (ISO 639-2 "no linguistic content"): Pagefind neither stems nor segments it,
and the browser asks for it, so the units pass through untouched on both sides."""

BLOCK_END = "¶"
"""Attached to the last unit of every block: Pagefind strips it from the word (so it adds no "." of its own),
and the result list shows a block break there."""

WORD_CHARS = "0-9A-Za-z\u00c0-\u024f"
"""Characters that join into one atom (Latin letters and digits); ``zz-search.js`` uses the same class."""

_WORD = re.compile(f"[{WORD_CHARS}]")

ARTICLE_CLASS = "md-content__inner"
"""The class of the ``<article>`` holding a page's text in the theme (both engines)."""

BLOCK_TAGS = {"p", "li", "dt", "dd", "td", "th", "caption", "pre", "blockquote", "div", "section", "table",
              "thead", "tbody", "tr", "ul", "ol", "dl", "figure", "figcaption", "h1", "h2", "h3", "h4", "h5",
              "h6", "br", "hr", "header", "footer", "nav", "details", "summary", "label", "form"}
DERIVED_WEIGHT = 0.05
"""Pagefind weight of text the generator derives from other text or that only links to other pages
(Pagefind's default is 1, its ``<h1>`` 7); see :data:`WEIGHTED`."""
WEIGHTED = {"zz-docnum": 7.0, "zz-checklist": DERIVED_WEIGHT, "zz-plan": DERIVED_WEIGHT, "zz-hours": DERIVED_WEIGHT}
"""Pagefind weights of elements by class, for every block inside them.

``zz-docnum`` ranks like the page title (Pagefind weighs an ``<h1>`` 7): a document's own 文号
identifies it as its title does, so the document ranks above pages that only cite the number.
``zz-checklist`` (a month's 工作清单), ``zz-hours`` (its line of 学时 counted from the year's months and the
standing rules) and ``zz-plan`` (the year's 年度安排表) repeat the months'
own text and the standing rules (按月交纳党费 on every month): a word there counts 1/20 of a
word the author wrote, so the months that speak of 党费 rank above the pages that list it (the year
plan repeats 党费 twelve times; at 0.25 and 0.1 it still ranked above them on the held-out queries,
``docs/benchmarks-search.md``). The words stay in the index: the checklist and the plan are still found.
Headings inside them keep their level but weigh as the element does.

A block whose text is all links within the site (the home page's list of months, a folder's list of
documents, a month's 附件 list, the download buttons) names other pages: it weighs
:data:`DERIVED_WEIGHT` too, so the page itself ranks above the pages that list it."""
SKIP_TAGS = {"script", "style", "svg", "template", "noscript", "button", "select", "textarea"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class SearchIndexError(Exception):
    """The search index is missing or would not find Chinese words (message in Chinese)."""


def atoms(text: str) -> tuple[str, list[str], list[str]]:
    """Splits ``text`` into atoms and what separates them.

    Each character is NFKC-folded on its own (full-width letters and digits
    become ASCII, ① becomes 1); one that folds to letters or digits is part of
    an atom, any other is punctuation and kept as written.

    Returns:
        ``(lead, atoms, gaps)``: ``lead`` is the punctuation before the first
        atom, ``gaps[i]`` the punctuation after ``atoms[i]`` (whitespace and
        connector punctuation such as ``_`` dropped), ``len(gaps) == len(atoms)``.
    """
    out: list[str] = []
    gaps: list[str] = []
    lead = ""
    open_word = False  # the last atom is a Latin word and nothing has come after it yet
    for original in text:
        folded = unicodedata.normalize("NFKC", original)
        if not folded.isalnum():  # punctuation, symbols, spaces: kept as written (，stays ，)
            open_word = False
            if not original.isspace() and unicodedata.category(original) != "Pc":
                if out:
                    gaps[-1] += original
                else:
                    lead += original
            continue
        for ch in folded:  # full-width Ａ２ → A2, ① → 1
            if _WORD.match(ch):
                if open_word:
                    out[-1] += ch
                    continue
                open_word = True
            else:
                open_word = False
            out.append(ch)
            gaps.append("")
    return lead, out, gaps


def _join(a: str, b: str) -> str:
    """The unit of two atoms: ``ab``, or ``a_b`` when both are Latin words (so they stay two)."""
    return f"{a}_{b}" if _WORD.match(a[-1]) and _WORD.match(b[0]) else a + b


def units(text: str) -> list[str]:
    """The search units of ``text`` (one block): the unit starting at every atom, in order.

    >>> units("整改汇总表")
    ['整改', '改汇', '汇总', '总表', '表']
    >>> units("校党组发〔2019〕14号")
    ['校党', '党组', '组发', '发2019', '2019_14', '14号', '号']
    """
    _, a, _ = atoms(text)
    return [_join(a[i], a[i + 1]) if i + 1 < len(a) else a[i] for i in range(len(a))]


def query_units(text: str) -> list[str]:
    """What the search box hands Pagefind for a query: its units without the last atom's own unit.

    The last unit of a block is only for the page; in a query, the unit before it
    already ends with that atom, and a page where the query goes on has a longer
    unit there. A one-atom query is that atom (matched as the start of a unit).
    """
    found = units(text)
    return found[:-1] if len(found) > 1 else found


_NUMERAL = {c: n for n, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
_DATE_NUMERALS = re.compile(r"([〇零一二三四五六七八九]{4})(?=年)|([二三]?十[一二三四五六七八九]?|[一二三四五六七八九])(?=[月日号])")


def _numeral_value(text: str) -> int:
    """十 → 10, 十一 → 11, 二十一 → 21, 三 → 3 (the forms :data:`_DATE_NUMERALS` accepts before 月/日/号)."""
    if "十" not in text:
        return _NUMERAL[text]
    tens, _, ones = text.partition("十")
    return (_NUMERAL[tens] if tens else 1) * 10 + (_NUMERAL[ones] if ones else 0)


_DATE_DIGITS = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})[-./]([0-9]{1,2})(?:[-./]([0-9]{1,2}))?(?![0-9])")
_LEADING_ZERO = re.compile(r"(?<![0-9])0+([1-9])(?=[月日号])")
_ORDINAL_DIGITS = re.compile(r"(?<=第)([1-9][0-9]?)(?=[次届章编卷批])|(?<![0-9])([1-9][0-9]?)(?=届|中全会)"
                             r"|(?<![0-9])([1-9][0-9])(?=大(?![0-9]))")


_MONTH_DAY = re.compile(r"(?<![0-9./-])([0-9]{1,2})[./-]([0-9]{1,2})(?![0-9./%-])")
_DAY_HAO = re.compile(r"(?<=月)([0-9]{1,2})号")
_COUNT_NUMERAL = re.compile(r"(?<![第〇零一二三四五六七八九十两])([一二三四五六七八九两]|十[一二三四五六七八九]?)"
                            r"(?=[个项次名天位条件](?![〇零一二三四五六七八九十两]))")
_MEASURE = re.compile(r"([0-9])[个项次名天位条件](?=(?![〇零一二三四五六七八九十两])[\u4e00-\u9fff])")
"""A measure word between a number and its unit (4个学时, 5个工作日): notices often leave it out."""


def _chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 14 → 十四, 20 → 二十, 96 → 九十六 (1–99)."""
    names = "〇一二三四五六七八九"
    tens, ones = divmod(n, 10)
    return ((names[tens] if tens > 1 else "") + "十" if tens else "") + (names[ones] if ones else "")


def query_variants(text: str) -> list[str]:
    """The query as typed, and (when it names a date otherwise than notices do) the same query as they write it.

    Notices write dates 2025年10月, 10月25日前; a member may type 十月, 十一月底, 二〇二五年十二月,
    2025-10, 2026.1.15 or 2025年09月. They write ordinals and congresses in Chinese numerals
    (第六次, 第十章, 二十届四中全会, 党的二十大); a member may type 第6次, 20届4中全会, 20大.
    The query is NFKC-folded first (full-width digits). In the second variant, a run of Chinese numerals directly
    before 年 (four of them, read digit by digit: 二〇二五 → 2025), 月 (1–12) or 日/号 (1–31) is
    written in digits; a year 19xx/20xx with a month (and day) joined by - . or / is written
    2025年10月(15日) when the month is 1–12 and the day 1–31; a zero before a month's or day's
    number goes (09月 → 9月); a number 1–99 after 第 and before 次/届/章/编/卷/批, before 届 or
    中全会, or 10–99 before 大 is written in Chinese numerals; a month and day without a year (10.31, 10/31, 10-31,
    09.25) become 10月31日 (month 1–12, day 1–31), 号 after a month's day becomes 日 (10月31号 → 10月31日), and a
    Chinese numeral before a measure word (个 项 次 名 天 位 条 件) is written in digits (每月一次 → 每月1次). A third
    variant drops a measure word between a digit and the next Chinese character (4个学时 → 4学时, 5个工作日 →
    5工作日), as notices often write it. All variants are searched and their results merged. Numerals
    before anything else (第十一次, 四中全会, 三会一课) and other numbers (0931-8861234) are left
    as they are.

    >>> query_variants("十月")
    ['十月', '10月']
    >>> query_variants("二〇二五年十一月三日")
    ['二〇二五年十一月三日', '2025年11月3日']
    >>> query_variants("2025.10.08")
    ['2025.10.08', '2025年10月8日']
    >>> query_variants("第十一次")
    ['第十一次']
    """
    def digits(m: re.Match) -> str:
        if m.group(1):
            return "".join(str(_NUMERAL[c]) for c in m.group(1))
        value = _numeral_value(m.group(2))
        limit = 12 if m.string[m.end():m.end() + 1] == "月" else 31
        return str(value) if 1 <= value <= limit else m.group(2)

    def ymd(m: re.Match) -> str:
        month, day = int(m.group(2)), int(m.group(3) or 1)
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return m.group(0)
        return f"{m.group(1)}年{month}月" + (f"{day}日" if m.group(3) else "")

    def md(m: re.Match) -> str:
        month, day = int(m.group(1)), int(m.group(2))
        return f"{month}月{day}日" if 1 <= month <= 12 and 1 <= day <= 31 else m.group(0)

    text_nfkc = unicodedata.normalize("NFKC", text)
    folded = _LEADING_ZERO.sub(r"\1", _DATE_DIGITS.sub(ymd, _DATE_NUMERALS.sub(digits, text_nfkc)))
    folded = _DAY_HAO.sub(r"\1日", _LEADING_ZERO.sub(r"\1", _MONTH_DAY.sub(md, folded)))
    folded = _ORDINAL_DIGITS.sub(lambda m: _chinese_number(int(m.group(m.lastindex))), folded)
    folded = _COUNT_NUMERAL.sub(lambda m: str(_numeral_value(m.group(1).replace("两", "二"))), folded)
    out = [text] if folded == text_nfkc else [text, folded]
    dropped = _MEASURE.sub(r"\1", folded)
    return out + [dropped] if dropped != folded else out


def tokens(text: str) -> str:
    """``text`` as Pagefind is given it: its units separated by spaces, the punctuation after an atom as a
    token of its own after the atom's unit (the punctuation before the first atom first).

    :data:`BLOCK_END` ends the last punctuation token (or is one). Empty if ``text`` has no atom.

    >>> tokens("校党组发〔2019〕14号")
    '校党 党组 组发 发2019 〔 2019_14 〕 14号 号 ¶'
    """
    lead, a, gaps = atoms(text)
    if not a:
        return ""
    out = [lead] if lead else []
    for i in range(len(a)):
        out.append(_join(a[i], a[i + 1]) if i + 1 < len(a) else a[i])
        gap = gaps[i] + (BLOCK_END if i + 1 == len(a) else "")
        if gap:
            out.append(gap)
    return " ".join(out)


class _Page(HTMLParser):
    """Collects the text blocks of a page's ``<article>`` (heading level, text) and its first ``<h1>``."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[int, str]] = []
        self.weights: dict[int, float] = {}  # block index → Pagefind weight, for blocks in WEIGHTED elements
        self._weighted: list[tuple[int, float]] = []  # (depth of the element, its weight), innermost last
        self._links: list[int] = []  # depths of the open links within the site
        self._linked = self._plain = 0  # characters of the current block inside and outside such links
        self.title = ""
        self.html_title = ""
        self._depth = 0        # open elements inside the article; 0 = outside
        self._skip = 0         # open elements inside a skipped one
        self._level = 0        # heading level of the current block (0: not a heading)
        self._text: list[str] = []
        self._in_title = False

    def _flush(self):
        text = "".join(self._text).strip()
        if text:
            if self._weighted:
                self.weights[len(self.blocks)] = self._weighted[-1][1]
            elif self._linked and not self._plain:
                self.weights[len(self.blocks)] = DERIVED_WEIGHT
            self.blocks.append((self._level, text))
            if self._level == 1 and not self.title:
                self.title = text
        self._text = []
        self._linked = self._plain = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self._in_title = True
        if not self._depth:
            if tag == "article" and ARTICLE_CLASS in (attrs.get("class") or "").split():
                self._depth = 1
            return
        if tag not in VOID_TAGS:
            self._depth += 1
        if self._skip:
            if tag not in VOID_TAGS:
                self._skip += 1
            return
        classes = (attrs.get("class") or "").split()
        if tag in SKIP_TAGS or "data-pagefind-ignore" in attrs or "headerlink" in classes:
            if tag not in VOID_TAGS:
                self._skip = 1
            return
        weight = next((WEIGHTED[c] for c in classes if c in WEIGHTED), None)
        if tag in BLOCK_TAGS or weight is not None:
            self._flush()
            if re.fullmatch(r"h[1-6]", tag):
                self._level = int(tag[1])
        if weight is not None and tag not in VOID_TAGS:
            self._weighted.append((self._depth, weight))
        if tag == "a" and attrs.get("href") is not None and not re.match(r"[a-z][a-z0-9+.-]*:|//", attrs["href"], re.I):
            self._links.append(self._depth)

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if not self._depth:
            return
        self._depth -= 1
        if self._skip:
            self._skip -= 1
            return
        if tag in BLOCK_TAGS or not self._depth or (self._weighted and self._weighted[-1][0] > self._depth):
            self._flush()
            if re.fullmatch(r"h[1-6]", tag):
                self._level = 0
        while self._weighted and self._weighted[-1][0] > self._depth:
            self._weighted.pop()
        while self._links and self._links[-1] > self._depth:
            self._links.pop()

    def handle_data(self, data):
        if self._in_title:
            self.html_title += data
        if self._depth and not self._skip:
            self._text.append(data)
            chars = sum(c.isalnum() for c in data)  # letters and digits: （…） around a link is still a listing
            if self._links:
                self._linked += chars
            else:
                self._plain += chars


def article_blocks(page_html: str) -> tuple[str, list[tuple[int, str]]]:
    """The title and text blocks of a built page's article, as the search index sees them.

    Returns:
        ``(title, blocks)``: the article's first ``<h1>`` (else the page's
        ``<title>``), and ``(heading level or 0, text)`` for each block (paragraph,
        list item, table cell, heading …) in order. Empty if there is no article.
    """
    page = _Page()
    page.feed(page_html)
    page.close()
    return (page.title or page.html_title.strip()), page.blocks


def index_page(page_html: str) -> str | None:
    """The page Pagefind indexes in place of ``page_html``: its article as units (:func:`tokens`).

    Headings stay headings (Pagefind ranks words in them higher), a document's
    own 文号 weighs as much as its title (:data:`WEIGHTED`); the title
    (the article's first ``<h1>``, else the page's ``<title>``) is the ``title``
    metadata, also as units. ``None`` if the page has no article.
    """
    page = _Page()
    page.feed(page_html)
    page.close()
    title, blocks = page.title or page.html_title.strip(), page.blocks
    if not blocks:
        return None
    body = []
    for n, (level, text) in enumerate(blocks):
        tag = f"h{level}" if level else "p"
        weight = f' data-pagefind-weight="{page.weights[n]:g}"' if n in page.weights else ""
        body.append(f"<{tag}{weight}>{html.escape(tokens(text), quote=False)}</{tag}>")
    meta = html.escape(f"title:{tokens(title)}", quote=True)
    return (f'<!doctype html><html lang="{LANGUAGE}"><head><meta charset="utf-8"></head><body>'
            f'<main data-pagefind-body data-pagefind-meta="{meta}">' + "".join(body) + "</main></body></html>")


def pagefind_executable() -> Path:
    """The Pagefind binary (PyPI ``pagefind-bin``, no Node needed).

    Raises:
        SearchIndexError: if it is not installed.
    """
    try:
        import pagefind_bin
    except ImportError as exc:
        raise SearchIndexError("未安装 Pagefind（pagefind-bin），无法生成网站搜索索引。"
                               "修改建议：运行 make build 安装依赖") from exc
    return Path(pagefind_bin.get_executable())


def index_site(site_dir: Path, page_cache: Path | None = None) -> dict:
    """Builds the Pagefind index of ``site_dir`` into ``site_dir/pagefind``.

    Every ``**/index.html`` page (not ``404.html``) is replaced, in a scratch
    folder Pagefind reads, by :func:`index_page`; the pages served are not changed.

    Args:
        site_dir: the assembled site.
        page_cache: a folder keeping each page's :func:`index_page` result by the page's
            digest, so that a rebuild cuts only the pages that changed; ``None``: cut every page.

    Returns:
        Pagefind's ``pagefind-entry.json`` (``version``, ``languages`` → ``page_count`` …).

    Raises:
        SearchIndexError: Pagefind is missing or failed (its output included).
    """
    exe = pagefind_executable()
    with tempfile.TemporaryDirectory(prefix="pagefind-") as scratch:
        cut: list[tuple[str, str | None]] = []  # (page digest, Pagefind's page) of every page
        for page in site_dir.rglob("index.html"):
            if PAGEFIND_DIR in page.relative_to(site_dir).parts[:1]:
                continue
            digest, doc = _cut(page.read_text(encoding="utf-8"), page_cache)
            cut.append((digest, doc))
            if doc is None:
                continue
            target = Path(scratch) / page.relative_to(site_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(doc, encoding="utf-8")
        from .search_tables import site_tables
        from .search_words import write_table_texts

        cmd = [str(exe), "--site", scratch, "--output-path", str((site_dir / PAGEFIND_DIR).resolve()),
               "--glob", "**/index.html", "--force-language", LANGUAGE, "--quiet"]
        # the tables are made from the same cut pages while Pagefind indexes them (both only read them),
        # and written once Pagefind is done: two cores busy instead of one, after the last PDF
        with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as running:
            try:
                tables = site_tables(cut, page_cache, _index_texts, cached_page)
                stdout, stderr = running.communicate(timeout=600)
            except BaseException:
                running.kill()
                raise
    if running.returncode != 0:
        raise SearchIndexError("Pagefind 生成搜索索引失败：\n" + (stderr or stdout)[-2000:])
    write_table_texts(site_dir / PAGEFIND_DIR, tables)
    return json.loads((site_dir / PAGEFIND_DIR / "pagefind-entry.json").read_text(encoding="utf-8"))


CODE_FILES = [Path(__file__), Path(__file__).with_name("search_words.py"), Path(__file__).with_name("search_query.py"),
              Path(__file__).with_name("search-synonyms.yml"), Path(__file__).with_name("search_tables.py")]
"""The files whose change changes the index or its tables (the build's cache key digests them)."""


def _index_texts(doc: str, first: dict[str, str] | None = None) -> list[str]:
    """The page texts back from an :func:`index_page` document (its units' first atoms and punctuation), for the tables.

    ``first``: each unit's first atom ("" for none) as found so far, shared across the pages of a site (the
    same units recur on every page: 1.1 million units, a few ten thousand different, on a ten-year archive)."""
    first = {} if first is None else first
    out = []
    for block in re.findall(r"<(?:h[1-6]|p)[^>]*>(.*?)</(?:h[1-6]|p)>", doc):
        text = []
        for token in html.unescape(block).split(" "):
            atom = first.get(token)
            if atom is None:
                _, a, _ = atoms(token)
                atom = first[token] = a[0] if a else ""
            if atom:
                text.append(atom)
            elif token:
                text.append(" ")
        out.append("".join(text))
    return out


_SELF = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def index_page_cached(html: str, page_cache: Path | None) -> str | None:
    """:func:`index_page` of ``html``, kept in ``page_cache`` (by the page's digest and this module's) so
    that a rebuild cuts only the pages that changed. ``None`` as for :func:`index_page`."""
    return _cut(html, page_cache)[1]


def page_digest(html: str) -> str:
    """The key of a built page in the page cache (:func:`index_page_cached`): its text's and this module's digest."""
    return hashlib.sha256((_SELF + html).encode("utf-8")).hexdigest()


def cached_page(digest: str, page_cache: Path) -> str | None:
    """The cut page kept under ``digest`` (:func:`page_digest`) in ``page_cache``: the document, ``""`` for a page
    with no article, ``None`` if it is not kept."""
    try:
        return (page_cache / digest[:2] / f"{digest}.html").read_text(encoding="utf-8")
    except OSError:
        return None


def _cut(html: str, page_cache: Path | None) -> tuple[str, str | None]:
    """``(page digest, index_page_cached(html))``; the digest is ``""`` without a page cache."""
    if page_cache is None:
        return "", index_page(html)
    digest = page_digest(html)
    text = cached_page(digest, page_cache)
    if text is not None:
        return digest, text or None
    cached = page_cache / digest[:2] / f"{digest}.html"
    doc = index_page(html)
    cached.parent.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(".tmp")
    tmp.write_text(doc or "", encoding="utf-8")
    tmp.replace(cached)
    return digest, doc


def index_words(site_dir: Path, chunks: int | None = None) -> list[str]:
    """Every word in the site's Pagefind index, read back from its index chunks (:func:`chunk_words`).

    Args:
        chunks: read only this many chunks, spread evenly over the index (a sample), or all.
    """
    words = []
    for chunk in index_chunks(site_dir, chunks):
        words += chunk_words(chunk.read_bytes())
    return words


def index_chunks(site_dir: Path, chunks: int | None = None) -> list[Path]:
    """The site's Pagefind index chunk files, sorted; ``chunks``: only this many, spread evenly over the index."""
    files = sorted((site_dir / PAGEFIND_DIR / "index").glob("*.pf_index"))
    if chunks is not None and len(files) > chunks:
        files = files[::-(-len(files) // chunks)]
    return files


def chunk_words(data: bytes) -> list[str]:
    """The words of one Pagefind index chunk (the file's bytes).

    Source: ``pagefind/index/*.pf_index`` are gzip files holding ``pagefind_dcd``
    followed by CBOR; the words are the CBOR text strings at the start of each entry.
    """
    data = gzip.decompress(data)
    if data.startswith(b"pagefind_dcd"):
        data = data[len(b"pagefind_dcd"):]
    return _cbor_strings(data)


CHECK_CHUNKS = 16
"""Index chunks :func:`check_index` reads."""


def check_index(site_dir: Path, memo: MutableMapping[str, list[int]] | None = None) -> None:
    """Checks that the Pagefind index is there and holds units, not whole clauses.

    An index of the pages as they stand holds whole clauses of Chinese (nothing
    cuts them), and a member typing 主题党日 finds nothing.

    Args:
        memo: the lengths (characters) of the Chinese words of each chunk read before, by the
            SHA-256 of the chunk's bytes; every chunk read now is written to it (found or not). A one-page edit leaves
            all but a few of a ten-year archive's chunks as they were, and parsing the CBOR of a
            chunk again costs about 0.03 s (:func:`generator.site.checks.check_site` keeps it
            between builds).

    Raises:
        SearchIndexError: the index is missing, empty, in another language or not cut into units (in Chinese, with the fix).
    """
    entry = site_dir / PAGEFIND_DIR / "pagefind-entry.json"
    if not entry.is_file():
        raise SearchIndexError("网站缺少搜索索引 pagefind/。修改建议：运行 make build 重新生成")
    languages = json.loads(entry.read_text(encoding="utf-8")).get("languages", {})
    if list(languages) != [LANGUAGE]:
        raise SearchIndexError(f"搜索索引不是按本项目的规则生成的（语言：{', '.join(languages) or '无'}，应为 {LANGUAGE}）。"
                               "修改建议：运行 make build 重新生成")
    # a sample of the index is enough to tell cut units from whole clauses (a ten-year
    # archive has ~130 chunks; reading them all costs seconds of CBOR parsing in Python)
    lengths: list[int] = []
    for chunk in index_chunks(site_dir, CHECK_CHUNKS):
        data = chunk.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        known = memo.get(digest) if memo is not None else None
        if not (isinstance(known, list) and all(isinstance(n, int) for n in known)):
            known = [len(w) for w in chunk_words(data) if re.fullmatch(r"[\u4e00-\u9fff]+", w)]
        if memo is not None:
            memo[digest] = known
        lengths += known
    if not lengths or statistics.median(lengths) > 2:
        raise SearchIndexError("搜索索引中的中文没有切分，成员将搜不到词语。"
                               "修改建议：运行 make build 重新生成")


def _cbor_strings(data: bytes) -> list[str]:
    """The UTF-8 text strings (major type 3) of a CBOR document, in order; other items skipped."""
    out: list[str] = []
    pos = 0

    def head() -> tuple[int, int]:
        nonlocal pos
        first = data[pos]
        pos += 1
        major, info = first >> 5, first & 0x1F
        if info < 24:
            return major, info
        size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
        if size is None:
            return major, -1  # indefinite length
        value = int.from_bytes(data[pos:pos + size], "big")
        pos += size
        return major, value

    def item() -> None:
        nonlocal pos
        major, value = head()
        if major in (2, 3):
            chunk = data[pos:pos + value]
            pos += value
            if major == 3:
                out.append(chunk.decode("utf-8", "replace"))
        elif major == 4:
            if value < 0:
                while data[pos] != 0xFF:
                    item()
                pos += 1
            else:
                for _ in range(value):
                    item()
        elif major == 5:
            for _ in range(2 * value):
                item()
        elif major == 6:
            item()

    while pos < len(data):
        item()
    return out
