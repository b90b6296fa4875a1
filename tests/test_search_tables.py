"""The search tables made incrementally (generator/site/search_tables.py) are the bytes counting every page gives."""

from generator.site import search
from generator.site.search_tables import STATE_FILE, site_tables


def _page(text: str) -> str:
    return f'<html><head><title>页</title></head><body><article class="md-content__inner"><h1>标题</h1>{text}</article></body></html>'


PAGES = [_page("<p>召开“北辰党建”专题组织生活会，支部全体党员按时参加。</p>"),
         _page("<p>按月交纳党费，开展主题党日活动，召开支部委员会会议。</p><p>主题党日活动</p>"),
         _page("<p>學習貫徹黨的二十大精神，开展主题党日。</p>"),
         "<html><body>没有正文</body></html>"]


def _tables(pages, cache):
    cut = [search._cut(html, cache) for html in pages]
    return site_tables(cut, cache, search._index_texts, search.cached_page)


def test_a_changed_page_counts_as_a_full_count(tmp_path):
    cache = tmp_path / "pages"
    assert _tables(PAGES, cache) == _tables(PAGES, None)
    assert (cache / STATE_FILE).is_file()
    edited = [PAGES[0].replace("按时参加", "按时参加，不得请假，交纳党费"), *PAGES[1:], PAGES[1]]
    incremental = _tables(edited, cache)
    assert incremental == _tables(edited, None)
    assert incremental != _tables(PAGES, None)  # the edit shows: the test can fail
    fewer = edited[1:]
    assert _tables(fewer, cache) == _tables(fewer, None)


def test_a_damaged_or_stale_state_counts_every_page(tmp_path):
    cache = tmp_path / "pages"
    _tables(PAGES, cache)
    (cache / STATE_FILE).write_text("{不是 JSON", encoding="utf-8")
    assert _tables(PAGES[:2], cache) == _tables(PAGES[:2], None)
    # a page that left is no longer kept in the page cache: every page is counted again
    for path in cache.rglob("*.html"):
        path.unlink()
    assert _tables(PAGES[2:], cache) == _tables(PAGES[2:], None)
