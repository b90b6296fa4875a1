"""The site on a phone in mainland China, in headless Chromium at 375 × 667 CSS px.

* No request leaves 127.0.0.1 on any kind of page (home, month, attachment,
  shared document, year plan, search results).
* A month page's first load transfers at most 300 KB (gzip, as served by any
  web server; sizes from Chromium's encoded body and header lengths).
* No horizontal page scroll, body text ≥ 16 px, tap targets ≥ 24 px (WCAG 2.2
  target size; 44 px for checklist rows), the PDF button and the checklist
  link on the first screen.
* lang="zh-CN", one h1, headings in order, axe-core without serious or
  critical violations.

Every test runs against each site engine's build (``site`` in conftest.py).
Screenshots go to ``test-output/phone-*.png`` (``phone-zensical-*.png`` for
Zensical) for a person to look at.
"""

from __future__ import annotations

from urllib.parse import quote, urlparse

import pytest

from conftest import AXE, OUTPUT, ROOT

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 375, 667
"""The phone viewport, CSS px (iPhone SE / 8 class; common low-end Android is 360)."""

MONTH_BUDGET = 300 * 1024
"""Bytes a month page's first load may transfer (compressed, headers included)."""

PAGES = {
    "home": "",
    "month": "2019-10/",
    "attachment": "2019-10/附件1-后进党支部排查和整顿工作的通知/",
    "document": "documents/中矿京党字2012-14-附件1-考核测评办法/",
    "form": "documents/中矿京党字2012-14-附件3-整改汇总表/",
    "plan": "plan/2019/",
}
"""One page of every kind: name → path under the site root."""


def shot(site, name: str) -> str:
    """Where a screenshot of ``name`` goes: ``test-output/phone-NAME.png`` (``phone-ENGINE-NAME.png`` for other engines)."""
    OUTPUT.mkdir(exist_ok=True)
    engine = site[0]
    return str(OUTPUT / (f"phone-{name}.png" if engine == "mkdocs" else f"phone-{engine}-{name}.png"))


def url(base: str, path: str) -> str:
    return base + quote(path)


def existing(site_dir, names=PAGES):
    return [n for n in names if (site_dir / PAGES[n] / "index.html").is_file()]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, locale="zh-CN")
    yield context
    context.close()


def record_requests(context) -> list[str]:
    seen: list[str] = []
    context.on("request", lambda r: seen.append(r.url))
    return seen


def outside(urls: list[str]) -> list[str]:
    return [u for u in urls if urlparse(u).scheme not in ("data", "blob", "about")
            and urlparse(u).hostname != "127.0.0.1"]


@pytest.mark.parametrize("name", PAGES)
def test_no_request_leaves_the_site(phone, served, site, name):
    if name not in existing(site[1]):
        pytest.skip(f"no {name} page in this build")
    seen = record_requests(phone)
    page = phone.new_page()
    page.goto(url(served, PAGES[name]), wait_until="networkidle")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # lazy images, if any
    page.wait_for_timeout(300)
    assert seen, "no request recorded"
    assert outside(seen) == [], f"{name}: requests outside the site: {outside(seen)}"


def test_search_results_make_no_outside_request(phone, served):
    seen = record_requests(phone)
    page = phone.new_page()
    page.goto(served, wait_until="networkidle")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")  # its precaching (docs/offline-reading.md) is done
    before = len(seen)
    page.click(".zz-search-open")
    page.fill("#zz-search-input", "主题党日")
    page.wait_for_function("document.getElementById('zz-search').dataset.complete === '主题党日'", timeout=15000)
    assert page.locator(".zz-search__result").count() >= 1
    assert len(seen) > before, "the search fetched nothing (index not loaded?)"
    assert all("/pagefind/" in u or u.endswith("/assets/zz-search-plan.js") for u in seen[before:]), seen[before:]  # the index, and the query planner loaded when the box opens
    assert outside(seen) == [], f"requests outside the site: {outside(seen)}"
    page.locator(".zz-search__link").first.click()
    page.wait_for_load_state("networkidle")
    assert outside(seen) == []


def test_month_page_first_load_is_light(browser, served_gzip, site):
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, is_mobile=True, has_touch=True)
    page = context.new_page()
    responses = []
    page.on("requestfinished", lambda r: responses.append(r))
    page.goto(url(served_gzip, PAGES["month"]), wait_until="networkidle")
    page.wait_for_timeout(500)
    sizes = {r.url: r.sizes() for r in responses}
    total = sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes.values())
    detail = "\n".join(f"{s['responseBodySize'] + s['responseHeadersSize']:>8} {u}" for u, s in
                       sorted(sizes.items(), key=lambda kv: -kv[1]["responseBodySize"]))
    print(f"\n{site[0]}：2019-10 首次加载传输 {total / 1024:.1f} KB（{len(sizes)} 个请求）\n{detail}")
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / f"month-page-weight-{site[0]}.txt").write_text(f"{total} bytes\n{detail}\n", encoding="utf-8")
    context.close()
    assert not any("search" in u and u.endswith(".json") for u in sizes), "a whole-site search index loads with every page"
    assert not any("/pagefind/" in u for u in sizes), "the search index loads before the reader opens the search box"
    assert total <= MONTH_BUDGET, f"month page first load {total} B > {MONTH_BUDGET} B:\n{detail}"


LAYOUT = """() => {
  const doc = document.documentElement;
  const article = document.querySelector('article.md-content__inner');
  const paras = [...article.querySelectorAll('p')].filter(p => p.offsetParent && p.textContent.trim().length > 20
      && !p.closest('.zz-meta, .zz-context, .zz-tags, table, .zz-item-meta'));
  const heads = [...article.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => +h.tagName[1]);
  const targets = [...document.querySelectorAll('.md-header a, .md-header label, .md-header button, article .md-button, .zz-checklist label')]
      .filter(e => e.checkVisibility({opacityProperty: true, visibilityProperty: true}) && !e.closest('.zz-search')).map(e => { const r = e.getBoundingClientRect();
        return {text: (e.textContent.trim() || e.getAttribute('aria-label') || e.className).slice(0, 30), w: r.width, h: r.height}; });
  return {
    lang: doc.lang, scrollWidth: doc.scrollWidth, h1: document.querySelectorAll('h1').length, heads,
    fontSizes: paras.map(p => parseFloat(getComputedStyle(p).fontSize)),
    targets,
  };
}"""


@pytest.mark.parametrize("name", list(PAGES))
def test_phone_layout_and_structure(phone, served, site, name):
    if name not in existing(site[1]):
        pytest.skip(f"no {name} page in this build")
    page = phone.new_page()
    page.goto(url(served, PAGES[name]), wait_until="networkidle")
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=shot(site, name))
    got = page.evaluate(LAYOUT)
    assert got["lang"] == "zh-CN"
    assert got["scrollWidth"] <= WIDTH, f"{name}: the page scrolls sideways ({got['scrollWidth']} px wide)"
    assert got["h1"] == 1, f"{name}: {got['h1']} h1 elements"
    heads = got["heads"]
    assert heads and heads[0] == 1, f"{name}: first heading is h{heads[0] if heads else '-'}"
    jumps = [(a, b) for a, b in zip(heads, heads[1:]) if b > a + 1]
    assert not jumps, f"{name}: heading levels skip: {jumps}"
    assert got["fontSizes"], f"{name}: no body paragraph found"
    assert min(got["fontSizes"]) >= 16, f"{name}: body text {min(got['fontSizes'])} px"
    small = [t for t in got["targets"] if t["w"] < 24 or t["h"] < 24]
    assert not small, f"{name}: tap targets under 24 × 24 px: {small}"


def test_month_pdf_and_checklist_on_first_screen(phone, served, site):
    page = phone.new_page()
    page.goto(url(served, PAGES["month"]), wait_until="networkidle")
    pdf = page.locator("article a.md-button[href$='.pdf']").first
    checklist = page.locator("article a.md-button[href='#checklist']").first
    for what, loc in (("PDF 下载", pdf), ("工作清单", checklist)):
        box = loc.bounding_box()
        assert box and box["y"] + box["height"] <= HEIGHT, f"{what} button not on the first screen: {box}"
        assert box["height"] >= 36, f"{what} button too small to tap: {box}"
    checklist.click()
    page.wait_for_timeout(300)
    first = page.locator(".zz-checklist label").first.bounding_box()
    assert first and 0 <= first["y"] < HEIGHT, "the checklist link does not bring the checklist into view"
    assert page.locator(".zz-checklist label").first.bounding_box()["height"] >= 44
    page.screenshot(path=shot(site, "month-checklist"))


def test_wide_table_scrolls_in_its_own_box(phone, served, site):
    page = phone.new_page()
    page.goto(url(served, PAGES["document"]), wait_until="networkidle")
    got = page.evaluate("""() => {
      const t = [...document.querySelectorAll('article table')].sort((a, b) => b.scrollWidth - a.scrollWidth)[0];
      const box = t.closest('.md-typeset__scrollwrap, .md-typeset__table, .zz-table') || t.parentElement;
      return {page: document.documentElement.scrollWidth, table: t.scrollWidth, box: box.clientWidth,
              overflow: getComputedStyle(box).overflowX, boxScroll: box.scrollWidth};
    }""")
    assert got["page"] <= WIDTH, got
    assert got["table"] > got["box"], f"the table fits ({got}); pick a wider one for this check"
    assert got["overflow"] in ("auto", "scroll"), got
    page.locator("article table").first.scroll_into_view_if_needed()
    page.screenshot(path=shot(site, "wide-table"))


@pytest.mark.parametrize("name", list(PAGES))
def test_axe_no_serious_violations(phone, served, site, name):
    if name not in existing(site[1]):
        pytest.skip(f"no {name} page in this build")
    assert AXE.is_file(), f"axe-core missing at {AXE}: run make test (it installs axe-core with npm)"
    page = phone.new_page()
    page.goto(url(served, PAGES[name]), wait_until="networkidle")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("""async () => {
      const r = await axe.run(document, {resultTypes: ['violations']});
      return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    bad = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not bad, f"{name}: axe-core serious/critical violations: {bad}"


@pytest.fixture(scope="module")
def archive_site(tmp_path_factory):
    """The pages of a ten-year archive (``bench/archive.py``, 120 months) made by the default engine:
    its HTML only (the PDFs, which no page loads, are not rendered)."""
    import sys

    from generator.site import engines
    from generator.builder.pipeline import run_engine
    from generator.derive import derive
    from generator.render.pages import site_sources
    from generator.read.readers import read_project
    from generator.builder.targets import plan

    sys.path.insert(0, str(ROOT / "bench"))
    from archive import make_archive

    root = tmp_path_factory.mktemp("archive")
    make_archive(root, 120)
    project = read_project(root)
    derived = derive(project)
    outputs = [rel for t in plan(project, derived) for rel in t.outputs]
    return run_engine(root, site_sources(project, derived), project, engines.get_engine(), outputs)


def test_month_page_first_load_stays_light_with_ten_years_of_months(browser, archive_site):
    """The navigation a page carries is its own section's (navigation.prune): the 120th month weighs as the first."""
    import functools
    import http.server
    import threading

    from conftest import _GzipHandler

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_GzipHandler, directory=str(archive_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, is_mobile=True, has_touch=True)
        page = context.new_page()
        responses = []
        page.on("requestfinished", lambda r: responses.append(r))
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/2019-12/", wait_until="networkidle")
        sizes = [r.sizes() for r in responses]
        total = sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes)
        html = (archive_site / "2019-12" / "index.html").stat().st_size
        print(f"\n120 个月的归档：2019-12 首次加载传输 {total / 1024:.1f} KB，页面 HTML {html / 1024:.1f} KB")
        context.close()
    finally:
        server.shutdown()
    assert total <= MONTH_BUDGET, f"month page first load {total} B > {MONTH_BUDGET} B on a 120-month archive"
    assert html < 120 * 1024, "a month page carries more than its own section's navigation"
