"""Search as members ask: ``tests/queries-members.yml`` (issue 19), typed into the search box on each engine.

The queries are what a member types without the text in front of them: questions
(党费什么时候交, 党员大会多久开一次), another word for the same thing (缴纳党费,
全体党员会议), a homophone picked in the input method (谈心谈化) or one wrong
character, traditional and variant forms (黨費, 宪法宣传週), a measure word between a
number and its unit (4个学时), dates as typed (10.31, 10/31, 10月31号, 2019/10/31) and
pinyin, full or initials (dangfei, ztdr). They were written by reading the content of the
held-out project (``tests/test_search_heldout.py``: the bundled months and documents, the
three fixture shapes and six imported field notices) before any of them was run.

A query hits when one of its pages is among the first five results (target 95 % under both
engines); the rate, the mean reciprocal rank (1/rank of the first expected page, 0 when
not listed) and the rate per kind are printed and written to
``test-output/search-members-<engine>.tsv``. Run alone::

    .venv/bin/python -m pytest tests/test_search_members.py -q -s
"""

from __future__ import annotations

import collections

import pytest
import yaml

from conftest import ROOT
from test_search import phone_search, results, score
from test_search_heldout import expected, heldout_project, heldout_site  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

QUERIES = yaml.safe_load((ROOT / "tests" / "queries-members.yml").read_text(encoding="utf-8"))
TARGET = 0.95
TOP = 5


@pytest.fixture(scope="module")
def member_answers(browser, heldout_site):
    """Every member query typed once on this engine's site: query → result pages, in order."""
    _, _, base = heldout_site
    with phone_search(browser, base) as page:
        return {str(item["q"]): results(page, str(item["q"])) for item in QUERIES}


def reciprocal_rank(pages: list[str], found: list[str]) -> float:
    """1 / the rank of the first expected page among ``found``, 0 when none is listed."""
    ranks = [found.index(p) + 1 for p in pages if p in found]
    return 1 / min(ranks) if ranks else 0.0


def test_member_queries_set():
    assert len(QUERIES) >= 120
    assert len({str(q["q"]) for q in QUERIES}) == len(QUERIES), "a query is listed twice"
    assert all(expected(q) and q.get("kind") for q in QUERIES)


def test_member_hit_rate(member_answers, heldout_site):
    engine, site_dir, _ = heldout_site
    for item in QUERIES:
        for p in expected(item):
            assert (site_dir / p / "index.html").is_file(), f"queries-members.yml: no page {p}"
    rows = [(item["q"], expected(item), member_answers[str(item["q"])]) for item in QUERIES]
    rate, misses = score(engine, "members", "成员说法", rows)
    mrr = sum(reciprocal_rank(pages, found) for _, pages, found in rows) / len(rows)
    kinds = collections.defaultdict(lambda: [0, 0])
    for item, (_, pages, found) in zip(QUERIES, rows):
        kinds[item["kind"]][1] += 1
        kinds[item["kind"]][0] += any(p in found[:TOP] for p in pages)
    print(f"{engine} MRR {mrr:.3f}；分项：" + "，".join(f"{k} {h}/{n}" for k, (h, n) in kinds.items()))
    assert rate >= TARGET, f"{engine}: member hit rate {rate:.1%} < {TARGET:.0%}, MRR {mrr:.3f}; misses: {misses}"
