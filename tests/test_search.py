"""Chinese search as a member uses it: words typed into the header's search box in headless Chromium, on each engine's site.

The query set is ``tests/queries.yml`` (query → the page it should find). A
query hits when its page is among the first five results; the hit rate and the
misses are printed per engine (``pytest -s`` or in the summary) and must be at
least 98%. Besides the rate:

* the browser cuts text into the same units as the index (``zz-search.js``
  against :func:`generator.site.search.units`, on every block of every page);
* pages that contain the whole query are listed before pages that contain only its parts;
* a document number finds its page however it is bracketed or spaced;
* the result count and the empty state are in Chinese.
"""

from __future__ import annotations

import contextlib
import re
from urllib.parse import unquote, urlparse

import pytest
import yaml

from conftest import OUTPUT, ROOT
from generator.site import search

pytestmark = pytest.mark.browser

QUERIES = yaml.safe_load((ROOT / "tests" / "queries.yml").read_text(encoding="utf-8"))
TOP = 5
TARGET = 0.98


def open_search(page):
    """Opens the header's search box the way a reader does (tap the magnifier)."""
    page.click(".zz-search-open")
    page.wait_for_selector("#zz-search-input", state="visible")


@contextlib.contextmanager
def phone_search(browser, url: str, width: int = 375, height: int = 667):
    """A phone-sized page (``width`` × ``height`` CSS px, 2× pixels, touch, zh-CN) at ``url`` with the search box
    opened as a reader opens it; yields the page and closes its context afterwards."""
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        open_search(page)
        yield page
    finally:
        context.close()


def results(page, query: str) -> list[str]:
    """Types ``query`` into the search box; returns the result pages (paths under the site root, decoded)."""
    page.fill("#zz-search-input", query)
    page.wait_for_function("q => document.getElementById('zz-search').dataset.complete === q", arg=query, timeout=20000)
    hrefs = page.eval_on_selector_all(".zz-search__link", "els => els.map(e => e.href)")
    return [unquote(urlparse(h).path).lstrip("/") for h in hrefs]


@pytest.fixture(scope="module")
def search_page(browser, served):
    with phone_search(browser, served) as page:
        yield page


@pytest.fixture(scope="module")
def answers(search_page):
    """Every query of the set typed once: query → result pages, in order."""
    return {item["q"]: results(search_page, str(item["q"])) for item in QUERIES}


def site_atoms(site_dir) -> dict[str, list[list[str]]]:
    """Each page of the built site (path under the root) → its blocks as lower-cased atoms."""
    pages = {}
    for html in site_dir.rglob("index.html"):
        if "pagefind" in html.relative_to(site_dir).parts:
            continue
        rel = html.parent.relative_to(site_dir).as_posix()
        _, blocks = search.article_blocks(html.read_text(encoding="utf-8"))
        pages["" if rel == "." else rel + "/"] = [[a.lower() for a in search.atoms(t)[1]] for _, t in blocks]
    return pages


def contains(blocks: list[list[str]], query: str) -> bool:
    """Whether the page has the query's atoms in a row (a one-atom query: an atom starting with it)."""
    q = [a.lower() for a in search.atoms(query)[1]]
    if len(q) == 1:
        return any(a.startswith(q[0]) for b in blocks for a in b)
    return any(b[i:i + len(q)] == q for b in blocks for i in range(len(b) - len(q) + 1))


def test_query_set_is_big_enough():
    assert len(QUERIES) >= 80
    assert all(q.get("q") and q.get("page") for q in QUERIES)
    assert len({str(q["q"]) for q in QUERIES}) == len(QUERIES), "a query is listed twice"


def score(engine: str, name: str, label: str, rows) -> tuple[float, list[str]]:
    """Ranks the expected pages among what the search box listed: ``rows`` is ``(query, expected pages,
    listed pages)``; a query counts as found when any expected page is in the top :data:`TOP`. Writes
    ``test-output/search-<name>-<engine>.tsv`` and prints the rate; returns the rate and the misses."""
    misses, lines = [], []
    for query, pages, found in rows:
        ranks = [found.index(p) + 1 for p in pages if p in found]
        rank = min(ranks) if ranks else None
        if rank is None or rank > TOP:
            misses.append(f"{query}（{rank or '未列出'}）")
        lines.append(f"{query}\t{rank or '-'}\t{' '.join(pages)}\t{' | '.join(found[:TOP])}")
    rate = 1 - len(misses) / len(rows)
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / f"search-{name}-{engine}.tsv").write_text("query\trank\texpected\ttop5\n" + "\n".join(lines) + "\n",
                                                      encoding="utf-8")
    print(f"\n{engine} {label}命中率（前 {TOP} 条）：{len(rows) - len(misses)}/{len(rows)} = {rate:.1%}；"
          f"未命中：{'、'.join(misses) or '无'}")
    return rate, misses


def test_query_set_hit_rate(answers, site):
    engine, site_dir = site
    for item in QUERIES:
        assert (site_dir / item["page"] / "index.html").is_file(), f"queries.yml: no page {item['page']}"
    rate, misses = score(engine, "queries", "搜索", [(item["q"], [item["page"]], answers[item["q"]]) for item in QUERIES])
    assert rate >= TARGET, f"{engine}: hit rate {rate:.1%} < {TARGET:.0%}; misses: {misses}"


def test_pages_with_the_whole_query_come_first(answers, site):
    _, site_dir = site
    pages = site_atoms(site_dir)
    wrong = []
    for query, found in answers.items():
        whole = [contains(pages[p], str(query)) for p in found]
        if any(not a and b for a, b in zip(whole, whole[1:])):
            wrong.append(f"{query}: {list(zip(found, whole))}")
    assert not wrong, "a page with only parts of the query ranks above one with all of it:\n" + "\n".join(wrong)


def test_browser_cuts_text_like_the_index(search_page, site):
    _, site_dir = site
    texts = sorted({t for html in site_dir.rglob("index.html") if "pagefind" not in html.parts
                    for _, t in search.article_blocks(html.read_text(encoding="utf-8"))[1]})
    texts += [str(q["q"]) for q in QUERIES] + ["ＡＢＣ①２０１９年", "a_b  c", "“两学一做”，", "e\u0301x 党员Ｅ先锋"]
    texts += ["十月", "二〇二五年十一月三日", "三十一日", "三十二日", "十三月", "第十一次", "二零二六年十二月底", "三会一课",
              "2025-12", "2026.1", "2025年09月", "2025/10/31", "0931-8861234", "2025-13", "10月05日", "2025.10.08党课",
              "第6次", "20届4中全会", "党的20大", "第10章", "２０届", "第1条", "3大优势", "120大", "第16次"]
    browser = search_page.evaluate("ts => ts.map(t => [zzSearch.units(t), zzSearch.queryUnits(t), zzSearch.queryVariants(t)])",
                                   texts)
    python = [[search.units(t), search.query_units(t), search.query_variants(t)] for t in texts]
    differ = [(t, b, p) for t, b, p in zip(texts, browser, python) if b != p]
    assert len(texts) > 500
    assert not differ, f"{len(differ)} texts cut differently, e.g. {differ[:3]}"


@pytest.mark.parametrize("query", ["校党组发〔2019〕14号", "校党组发[2019]14号", "校党组发（2019）14号", "校党组发 2019 14号"])
def test_document_number_however_written(search_page, query):
    assert search.query_units(query) == search.query_units("校党组发〔2019〕14号")
    found = results(search_page, query)
    assert found[:1] == ["2019-10/附件1-后进党支部排查和整顿工作的通知/"], found  # the document with that number first


def test_counts_and_empty_state_in_chinese(search_page):
    results(search_page, "主题党日")
    status = search_page.inner_text("#zz-search-status")
    assert re.fullmatch(r"找到 \d+ 个结果(，显示前 10 个)?。", status), status
    assert results(search_page, "量子纠缠") == []
    assert search_page.inner_text("#zz-search-status").startswith("没有找到包含“量子纠缠”的内容")
    search_page.fill("#zz-search-input", "")
    search_page.wait_for_function("document.getElementById('zz-search-status').textContent.startsWith('输入词语')")


def test_search_results_screenshot(search_page, site):
    results(search_page, "主题党日")
    OUTPUT.mkdir(exist_ok=True)
    search_page.screenshot(path=str(OUTPUT / f"search-375-{site[0]}.png"))
    assert search_page.locator(".zz-search__result").count() >= 1
    assert search_page.locator(".zz-search__excerpt mark").count() >= 1
