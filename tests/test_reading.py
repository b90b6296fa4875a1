"""Text an older member can read (issue 18, point 4), in headless Chromium at 390 × 844, under each site engine.

* axe-core finds no colour-contrast violation (4.5:1, titles included) in light and dark, normal and 长辈版.
* A button whose accessible name contains 字号 changes the body size in three steps (the largest ≥ 24 px),
  and the phone remembers the choice after a reload; the 长辈版 step also enlarges the header and its buttons.
* Dark mode follows the phone's setting, and a header toggle switches it.
* 朗读全文 reads the page body aloud in zh-CN and 停止 stops it (``speechSynthesis`` stubbed: headless
  Chromium has no voice); without speech synthesis there is no such button.
* A wide table on a 390 px screen says it scrolls sideways, and every cell can be brought into view.
* Tap targets are at least 44 × 44 px.

Screenshots go to ``test-output/reading-ENGINE-{normal,large,dark}.png`` for a person to look at.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from conftest import AXE, OUTPUT

pytestmark = pytest.mark.browser

MONTH = "2019-10/"
WIDE = "documents/中矿京党字2012-14-附件1-考核测评办法/"
"""A document whose table is wider than a phone (考核测评办法)."""


def phone(browser, dark: bool = False):
    return browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1, is_mobile=True,
                               has_touch=True, locale="zh-CN", color_scheme="dark" if dark else "light",
                               service_workers="block")  # offline reading is tests/test_offline.py's; here it only slows


BODY = "() => parseFloat(getComputedStyle(document.querySelector('article.md-typeset')).fontSize)"
"""The page body's text size, CSS px (every paragraph inherits it)."""


def size_button(page):
    return page.get_by_role("button", name=re.compile("字号"))


def contrast_violations(page) -> list:
    assert AXE.is_file(), f"axe-core missing at {AXE}: run make test (it installs axe-core with npm)"
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => {
      const r = await axe.run(document, {runOnly: ['color-contrast'], resultTypes: ['violations']});
      return r.violations.flatMap(v => v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary.slice(0, 160)));
    }""")


def shot(site, mode: str) -> str:
    OUTPUT.mkdir(exist_ok=True)
    return str(OUTPUT / f"reading-{site[0]}-{mode}.png")


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("path", ["", MONTH, WIDE], ids=["home", "month", "document"])
def test_contrast(browser, served, site, path, dark):
    ctx = phone(browser, dark)
    page = ctx.new_page()
    page.goto(served + quote(path), wait_until="networkidle")
    assert page.evaluate("document.body.dataset.mdColorScheme") == ("slate" if dark else "default")
    bad = contrast_violations(page)
    if path == MONTH:
        page.screenshot(path=shot(site, "dark" if dark else "normal"))
        size_button(page).click()
        size_button(page).click()
        bad += contrast_violations(page)
    ctx.close()
    assert not bad, f"contrast below 4.5:1 ({'dark' if dark else 'light'}):\n" + "\n".join(bad)


def test_text_size_steps_and_memory(browser, served, site):
    ctx = phone(browser)
    page = ctx.new_page()
    page.goto(served + MONTH, wait_until="networkidle")
    header = "() => document.querySelector('.md-header').getBoundingClientRect().height"
    sizes, headers = [page.evaluate(BODY)], [page.evaluate(header)]
    for _ in range(2):
        size_button(page).click()
        sizes.append(page.evaluate(BODY))
        headers.append(page.evaluate(header))
    assert sizes[0] >= 16 and sizes[0] < sizes[1] < sizes[2] and sizes[2] >= 24, sizes
    assert headers[2] > headers[0], f"长辈版 does not enlarge the header: {headers}"
    assert "长辈版" in size_button(page).get_attribute("aria-label")
    page.screenshot(path=shot(site, "large"))
    page.reload(wait_until="networkidle")
    assert page.evaluate(BODY) == sizes[2], "the text size is not remembered after a reload"
    page.goto(served + WIDE, wait_until="networkidle")
    assert page.evaluate(BODY) == sizes[2], "the text size is not kept on the next page"
    size_button(page).click()
    assert page.evaluate(BODY) == sizes[0], "the third press does not return to the normal size"
    ctx.close()


def test_dark_mode_follows_phone_and_toggles(browser, served):
    ctx = phone(browser, dark=True)
    page = ctx.new_page()
    page.goto(served + MONTH, wait_until="networkidle")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    page.locator("label[title='切换到浅色模式']").click()   # the header's toggle while the page is dark
    page.wait_for_function("document.body.dataset.mdColorScheme === 'default'")
    page.reload(wait_until="networkidle")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default", "the chosen scheme is not remembered"
    ctx.close()


STUB = """() => {
  window.__spoken = []; window.__cancelled = 0;
  const synth = {
    speak(u) { window.__spoken.push({text: u.text, lang: u.lang}); },
    cancel() { window.__cancelled++; },
    getVoices() { return [{lang: 'zh-CN', name: 'stub', default: true}]; },
    addEventListener() {}, speaking: false,
  };
  Object.defineProperty(window, 'speechSynthesis', {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = class { constructor(t) { this.text = t; } };
}"""


def test_read_aloud_starts_and_stops(browser, served):
    ctx = phone(browser)
    ctx.add_init_script(f"({STUB})()")
    page = ctx.new_page()
    page.goto(served + MONTH, wait_until="networkidle")
    button = page.get_by_role("button", name="朗读全文")
    button.click()
    spoken = page.evaluate("window.__spoken")
    text = "".join(s["text"] for s in spoken)
    assert spoken and all(s["lang"] == "zh-CN" for s in spoken)
    title = page.locator("article h1").first.inner_text()
    assert re.sub(r"\s", "", title) in re.sub(r"\s", "", text)
    first_para = page.locator("article > p:not(.zz-meta):not(:has(.md-button))").filter(has_text=re.compile(".{20,}")).first.inner_text()
    assert re.sub(r"\s", "", first_para)[:20] in re.sub(r"\s", "", text)
    assert "朗读全文" not in text and "表格较宽" not in text and "下载打印版" not in text, "the page's own controls are read aloud"
    page.get_by_role("button", name="停止").click()
    assert page.evaluate("window.__cancelled") >= 1
    assert page.get_by_role("button", name="朗读全文").is_visible()
    ctx.close()


def test_no_read_aloud_without_speech(browser, served):
    ctx = phone(browser)
    ctx.add_init_script("Object.defineProperty(window, 'speechSynthesis', {value: undefined, configurable: true})")
    page = ctx.new_page()
    page.goto(served + MONTH, wait_until="networkidle")
    assert page.locator(".zz-read-aloud").count() == 0
    ctx.close()


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
def test_wide_table_readable_on_phone(browser, served, large):
    ctx = phone(browser)
    page = ctx.new_page()
    page.goto(served + quote(WIDE), wait_until="networkidle")
    if large:
        size_button(page).click()
        size_button(page).click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page itself scrolls sideways"
    hint = page.locator(".zz-scroll-hint").first
    assert hint.is_visible() and "左右滑动" in hint.inner_text()
    report = page.evaluate("""() => {
      const table = document.querySelector('article table');
      let box = table; while (box.scrollWidth <= box.clientWidth + 1) box = box.parentElement;
      const out = {hintBefore: !!(table.closest('.md-typeset__scrollwrap') || table).previousElementSibling.matches('.zz-scroll-hint'),
                   cells: 0, unreachable: [], small: []};
      const boxRect = () => box.getBoundingClientRect();
      for (const cell of table.querySelectorAll('th, td')) {
        if (!cell.textContent.trim()) continue;
        out.cells++;
        cell.scrollIntoView({block: 'center', inline: 'nearest'});
        const r = cell.getBoundingClientRect(), b = boxRect();
        if (r.left < b.left - 1 || r.right > b.right + 1 || r.left < 0 || r.right > innerWidth + 1)
          out.unreachable.push(cell.textContent.trim().slice(0, 20));
        if (parseFloat(getComputedStyle(cell).fontSize) < 14) out.small.push(cell.textContent.trim().slice(0, 20));
      }
      return out;
    }""")
    ctx.close()
    assert report["hintBefore"], "the hint is not right above the table"
    assert report["cells"] > 10
    assert not report["unreachable"], f"cells that cannot be brought into view: {report['unreachable']}"
    assert not report["small"], f"cells under 14 px: {report['small']}"


TARGETS = """() => [...document.querySelectorAll('.md-header a, .md-header label, .md-header button, article .md-button, .zz-checklist label')]
  .filter(e => e.checkVisibility({opacityProperty: true, visibilityProperty: true}) && !e.closest('.zz-search'))
  .map(e => { const r = e.getBoundingClientRect();
    return {name: (e.getAttribute('aria-label') || e.title || e.textContent.trim() || e.className).slice(0, 24), w: r.width, h: r.height}; })"""


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
def test_tap_targets_at_least_44(browser, served, large):
    ctx = phone(browser)
    page = ctx.new_page()
    page.goto(served + MONTH, wait_until="networkidle")
    if large:
        size_button(page).click()
        size_button(page).click()
    targets = page.evaluate(TARGETS)
    ctx.close()
    names = " ".join(t["name"] for t in targets)
    assert "字号" in names and "朗读全文" in names and "切换到深色模式" in names and "站内搜索" in names, names
    small = [t for t in targets if t["w"] < 44 or t["h"] < 44]
    assert not small, f"tap targets under 44 × 44 px: {small}"
    if large:
        header = [t for t in targets if t["name"] in ("站内搜索", "导航栏")]
        assert header and all(t["h"] >= 52 for t in header), f"长辈版 does not enlarge the header buttons: {header}"
