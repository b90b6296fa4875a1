"""Chinese search as a member uses it: words typed into the header's search box in headless Chromium.

The query set is ``tests/queries.yml`` (query → the page it should find). A
query hits when its page is among the first five results; the hit rate is
printed (``pytest -s`` or in the summary) and must be at least 95%.
"""

from __future__ import annotations

from urllib.parse import unquote, urlparse

import pytest
import yaml

from conftest import OUTPUT, ROOT

QUERIES = yaml.safe_load((ROOT / "tests" / "queries.yml").read_text(encoding="utf-8"))
TOP = 5
TARGET = 0.95


def open_search(page):
    """Opens the header's search box the way a reader does (tap the magnifier)."""
    page.click("label.md-header__button[for=__search]")
    page.wait_for_selector(".zz-search .md-search__input", state="visible")


def results(page, query: str) -> list[str]:
    """Types ``query`` into the search box; returns the result pages (paths under the site root, decoded)."""
    box = page.locator(".zz-search .md-search__input")
    box.fill(query)
    page.wait_for_function("q => document.querySelector('.zz-search').dataset.complete === q", arg=query, timeout=15000)
    hrefs = page.eval_on_selector_all(".zz-search .md-search-result__link", "els => els.map(e => e.href)")
    return [unquote(urlparse(h).path).lstrip("/") for h in hrefs]


@pytest.fixture(scope="module")
def search_page(browser, served):
    context = browser.new_context(viewport={"width": 375, "height": 667}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    page.goto(served, wait_until="load")
    open_search(page)
    yield page
    context.close()


def test_query_set_is_big_enough():
    assert len(QUERIES) >= 30
    assert all(q.get("q") and q.get("page") for q in QUERIES)


def test_query_set_hit_rate(search_page, built):
    _, site_dir = built
    misses, lines = [], []
    for item in QUERIES:
        assert (site_dir / item["page"] / "index.html").is_file(), f"queries.yml: no page {item['page']}"
        found = results(search_page, item["q"])
        rank = found.index(item["page"]) + 1 if item["page"] in found else None
        if rank is None or rank > TOP:
            misses.append(item["q"])
        lines.append(f"{item['q']}\t{rank or '-'}\t{item['page']}\t{' | '.join(found[:TOP])}")
    rate = 1 - len(misses) / len(QUERIES)
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / "search-queries.tsv").write_text("query\trank\texpected\ttop5\n" + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"\n搜索命中率（前 {TOP} 条）：{len(QUERIES) - len(misses)}/{len(QUERIES)} = {rate:.1%}；未命中：{'、'.join(misses) or '无'}")
    assert rate >= TARGET, f"hit rate {rate:.1%} < {TARGET:.0%}; misses: {misses} (see test-output/search-queries.tsv)"


def test_search_results_screenshot(search_page):
    results(search_page, "主题党日")
    OUTPUT.mkdir(exist_ok=True)
    search_page.screenshot(path=str(OUTPUT / "search-375.png"))
    assert search_page.locator(".zz-search .md-search-result__item").count() >= 1
