"""What the search box searches for a member's query: its forms, its meaningful terms and their other words.

Members ask rather than quote (党费什么时候交, 党员大会多久开一次, 组织关系怎么转). The rule
(:func:`query_plan`, and the same code in ``overrides/assets/zz-search-plan.js``, compared on every
query of the test sets by ``tests/test_search_plan.py``):

1. The query is NFKC-folded, and each character that is a traditional or variant form of a
   character the site uses is folded to it (黨→党, 週→周; the table comes from OpenCC's
   ``TSCharacters`` and is written by :mod:`generator.site.search_words` for the site's
   characters only).
2. Its **forms** are the query as typed and as notices write it
   (:func:`generator.site.search.query_variants`: dates 10.31 / 10/31 / 10-31 / 10月31号 →
   10月31日, a measure word between a number and its unit dropped: 4个学时 → 4学时).
3. Its **terms** are what is left between the question words and particles
   (:data:`QUESTION_WORDS`: 怎么, 如何, 什么时候, 多久, 几点, 哪里, 是否, 吗, 呢 …), each trimmed of
   filler at its ends (:data:`FILLER`: 要, 需要, 的, 在, 到, 给 …): 党费什么时候交 → 党费 | 交.
4. Each term has **alternatives**: its own forms, and the term with a word of a synonym group
   (``generator/site/search-synonyms.yml``, :func:`generator.site.search_words.synonyms`) replaced by each other word of the group
   (缴纳党费 → 交纳党费; 全体党员会议 → 党员大会).

The browser ranks pages that contain a whole form first, then pages that contain every term
(some alternative of it), then pages with a corrected term (a homophone or one wrong character,
from the site's words), then pages with parts, and says so when nothing matched whole.
"""

from __future__ import annotations

import re
import unicodedata

from .search_words import SYNONYMS_FILE, synonyms  # noqa: F401 (part of this module's interface)

QUESTION_WORDS = sorted("""怎么办 怎么样 怎么弄 怎么做 怎么搞 怎样 怎么 如何 什么时候 什么时间 啥时候 何时 多久 多长时间
多少 在哪里 在哪儿 几点钟 几点 几号 几月 几天 几次 几个 几时 哪天 哪一天 哪里 哪儿 在哪 哪些 哪个 哪 是否 是不是 有没有 要不要 需不需要
能不能 可不可以 为什么 为何 什么 啥 谁 吗 呢 吧 啊 呀 请问 一下""".split(), key=len, reverse=True)
"""Question words and particles: they ask, the page does not say them. Longest first (the split is greedy)."""

FILLER = sorted("一次 一下 一趟 需要 应该 可以 应当 必须 我们 我 要 得 的 了 是 在 到 给 由 把 被 该 都 还 去 来 才 就 又 再 之前 以前 前".split(),
                key=len, reverse=True)
"""Words trimmed from the ends of a term (要交 → 交, 传到 → 传): a question's grammar, not its subject."""

_QUESTION = re.compile("|".join(map(re.escape, QUESTION_WORDS)))


def fold(text: str, table: dict[str, str]) -> str:
    """``text`` NFKC-folded, each character in ``table`` (traditional/variant → the site's form) replaced."""
    return "".join(table.get(c, c) for c in unicodedata.normalize("NFKC", text))


def terms(text: str) -> list[str]:
    """The meaningful terms of a query: the text between question words, trimmed of :data:`FILLER`.

    >>> terms("党费什么时候交")
    ['党费', '交']
    >>> terms("组织关系转接怎么办理")
    ['组织关系转接', '办理']
    >>> terms("主题党日")
    ['主题党日']
    """
    out = []
    for part in _QUESTION.split(text):
        part = part.strip(" ？?！!，,。.、")
        changed = True
        while changed and part:
            changed = False
            for w in FILLER:
                if len(part) > len(w) and part.startswith(w):
                    part, changed = part[len(w):], True
                if len(part) > len(w) and part.endswith(w):
                    part, changed = part[:-len(w)], True
        if part.strip():
            out.append(part.strip())
    return out


def alternatives(term: str, groups: list[list[str]] | None = None) -> list[str]:
    """``term``, its forms as notices write them, and each with one synonym replaced (each string once, in that order).

    Of each group, the longest word found in the form is replaced by each other word that does not contain it
    (a page with 主题党日活动 has 主题党日 already); a one-character word only when it is the whole term.

    >>> alternatives("缴纳党费", [["交纳", "缴纳"]])
    ['缴纳党费', '交纳党费']
    """
    from .search import query_variants

    groups = synonyms() if groups is None else groups
    out: list[str] = []
    for form in query_variants(term):
        form = unicodedata.normalize("NFKC", form)
        found = [form]
        for g in groups:
            w = next((w for w in g if w in form), None)  # the group's longest word in the term
            if w is None or (len(w) < 2 and form != w):
                continue  # a one-character word is replaced only when it is the whole term
            found += [form.replace(w, other, 1) for other in g if w not in other]
        for t in found:
            if t not in out:
                out.append(t)
    return out


def query_plan(query: str, table: dict[str, str] | None = None, groups: list[list[str]] | None = None) -> dict:
    """What the search box searches for ``query`` (see the module docstring).

    Args:
        table: traditional/variant → the site's character (:func:`generator.site.search_words.fold_table`).
        groups: synonym groups (default :func:`synonyms`).

    Returns:
        ``{"forms": [whole-query strings], "terms": [[alternatives of each term], …]}``; ``terms`` is empty
        when the query has no question word and no synonym (its one term is the query itself).
    """
    from .search import query_variants

    text = fold(query, table or {})
    forms = []
    for f in ([query] if text == unicodedata.normalize("NFKC", query) else [query, text]) + query_variants(text)[1:]:
        if f not in forms:
            forms.append(f)
    found = [alternatives(t, groups) for t in terms(text)]
    if len(found) == 1 and found[0] == [text]:
        found = []
    return {"forms": forms, "terms": found}
