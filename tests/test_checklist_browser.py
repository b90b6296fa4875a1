"""The checklist in a real browser: ticks survive a reload and are kept on the phone only."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_a_tick_survives_reload_and_nothing_is_sent(browser, served):
    context = browser.new_context(viewport={"width": 375, "height": 667})
    page = context.new_page()
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method != "GET" else None)
    page.goto(served + "2019-10/")
    boxes = page.locator(".zz-checklist input[type=checkbox]")
    assert boxes.count() >= 8      # 2019-10: 8 rows; its 3 requirements of conduct are printed, not ticked (issue 21)
    target = page.locator('.zz-checklist input[data-id="2019-10/work-3"]')
    target.check()
    page.reload()
    page.wait_for_load_state("load")
    assert page.locator('.zz-checklist input[data-id="2019-10/work-3"]').is_checked()
    assert not page.locator('.zz-checklist input[data-id="2019-10/work-1"]').is_checked()
    stored = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('zz-checklist:'))")
    assert stored == ["zz-checklist:2019-10/work-3"]
    # unticking clears it again
    page.locator('.zz-checklist input[data-id="2019-10/work-3"]').uncheck()
    page.reload()
    assert not page.locator('.zz-checklist input[data-id="2019-10/work-3"]').is_checked()
    assert posts == []
    context.close()
