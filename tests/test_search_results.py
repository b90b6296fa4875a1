"""The search box's result page as a member sees it on a phone (issue 19), on each engine's site of the bundled content.

* the browser plans a query as :func:`generator.site.search_query.query_plan` does (question words,
  forms, terms and synonyms), on every query of the three query sets;
* each result shows its month (or 共用文件) beside its title, and why it matched;
* a page that has the whole query highlights it whole, nothing else;
* tapping a result opens the page scrolled to the passage;
* a question whose words no page has together lists the pages with parts under the line that says so;
* the back gesture closes the search box; the placeholder fits a 360 px screen; the input sits in the
  lower half of a phone's screen.
"""

from __future__ import annotations

import json
import re
from urllib.parse import unquote, urlparse

import pytest
import yaml

from conftest import ROOT
from generator.site import search, search_query
from test_search import open_search, phone_search, results

pytestmark = pytest.mark.browser

PARTIAL = "没有完全匹配的结果，以下页面包含其中部分词语"


@pytest.fixture(scope="module")
def phone(browser, served):
    with phone_search(browser, served, 360, 640) as page:
        yield page


def test_browser_plans_queries_like_python(phone, site):
    _, site_dir = site
    tables = json.loads((site_dir / search.PAGEFIND_DIR / "zz-fold.json").read_text(encoding="utf-8"))
    chars = list(tables["fold"])
    table = dict(zip(chars[::2], chars[1::2]))
    assert table.get("黨") == "党" and table.get("週") == "周"
    queries = [str(q["q"]) for name in ("queries.yml", "queries-heldout.yml", "queries-members.yml")
               for q in yaml.safe_load((ROOT / "tests" / name).read_text(encoding="utf-8"))]
    queries += ["党员大会多久开一次？", "请问在哪里开呢", "什么", "5个工作日", "两个维护", "十月三十一号", "四个一"]
    phone.wait_for_function("() => window.zzSearch && window.zzSearch.plan", timeout=20000)
    browser = phone.evaluate("""([qs, t, g]) => qs.map(q => {
        const p = zzSearch.plan.plan(q, t, g, zzSearch.queryVariants); return [p.forms, p.terms]; })""",
                             [queries, table, tables["synonyms"]])
    python = [[p["forms"], p["terms"]] for p in (search_query.query_plan(q, table, tables["synonyms"]) for q in queries)]
    differ = [(q, b, p) for q, b, p in zip(queries, browser, python) if b != p]
    assert len(queries) > 300
    assert not differ, f"{len(differ)} queries planned differently, e.g. {differ[:3]}"


def shown(page) -> list[dict]:
    return page.eval_on_selector_all(".zz-search__result", """els => els.map(e => ({
        href: e.querySelector('a').getAttribute('href'),
        month: (e.querySelector('.zz-search__month') || {}).textContent || '',
        marks: Array.from(e.querySelectorAll('.zz-search__excerpt mark')).map(m => m.textContent),
        why: (e.querySelector('.zz-search__why') || {}).textContent || ''}))""")


def test_month_and_why_beside_each_result(phone):
    results(phone, "校党组发〔2019〕14号")
    first = shown(phone)[0]
    assert "/2019-10/" in unquote(first["href"]) and first["month"] == "2019年10月", first
    results(phone, "中矿京党字〔2012〕14号")
    first = shown(phone)[0]
    assert "/documents/" in unquote(first["href"]) and first["month"] == "共用文件", first
    results(phone, "主题党日")
    assert all(r["why"] for r in shown(phone))


def test_highlight_is_the_whole_query(phone):
    results(phone, "后进党支部")
    rows = shown(phone)
    assert rows and all(r["marks"] for r in rows[:3])
    for r in rows:
        # a page with the whole query: only the whole query is highlighted, not its pieces (党支部, 进党) elsewhere
        if r["why"].startswith("含完整"):
            assert set(r["marks"]) == {"后进党支部"}, r


def test_tap_opens_the_passage(phone, served):
    query = "摸清底数"  # far down a long document
    found = results(phone, query)
    href = shown(phone)[0]["href"]
    assert "#:~:text=" in href
    phone.click(".zz-search__link >> nth=0")
    phone.wait_for_function("p => decodeURI(location.pathname).endsWith(p)", arg=found[0], timeout=10000)
    phone.wait_for_load_state("load")
    phone.wait_for_function("() => window.scrollY > 0", timeout=5000)
    box = phone.evaluate("""q => { const w = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
        for (let n; (n = w.nextNode());) { const i = n.data.indexOf(q);
          if (i >= 0) { const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + q.length);
                        const b = r.getBoundingClientRect(); return [b.top, b.bottom, innerHeight]; } } return null; }""", query)
    assert box and 0 <= box[0] and box[1] <= box[2], box
    phone.goto(served, wait_until="load")
    open_search(phone)


def test_partial_line_when_no_page_has_it_whole(phone):
    results(phone, "主题党日")
    assert not phone.is_visible(".zz-search__partial")
    found = results(phone, "后进支部有哪些情形")
    assert found, "a question whose words stand apart still lists pages"
    assert phone.is_visible(".zz-search__partial"), shown(phone)
    assert phone.inner_text(".zz-search__partial") == PARTIAL


def test_back_gesture_closes_search(phone, served):
    url = phone.url
    assert phone.evaluate("document.getElementById('zz-search').open")
    phone.go_back()
    phone.wait_for_function("() => !document.getElementById('zz-search').open", timeout=5000)
    assert phone.url == url  # still the same page
    open_search(phone)
    phone.click(".zz-search__close")
    phone.wait_for_function("() => !document.getElementById('zz-search').open", timeout=5000)
    assert not (phone.evaluate("history.state") or {}).get("zzSearch")
    open_search(phone)


def test_placeholder_fits_and_input_in_thumb_reach(phone):
    fits = phone.evaluate("""() => { const i = document.getElementById('zz-search-input'), s = getComputedStyle(i);
        const c = document.createElement('canvas').getContext('2d'); c.font = s.font;
        const room = i.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
        return [c.measureText(i.placeholder).width, room]; }""")
    assert fits[0] <= fits[1], fits
    box = phone.locator("#zz-search-input").bounding_box()
    close = phone.locator(".zz-search__close").bounding_box()
    height = phone.viewport_size["height"]
    assert box["y"] > height / 2 and close["y"] > height / 2, (box, close)
