"""The search index behind the header's search box, read back from the built site (no browser)."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import ROOT
from generator import search
from generator.site import SiteCheckError, check_site


def test_dictionary_keeps_field_terms_whole(built):
    result, _ = built
    terms = set(search.search_terms(result.project, ROOT))
    for term in ["三会一课", "主题党日", "两学一做", "党员E先锋", "校党组发〔2019〕14号", "中矿京党字〔2012〕14号",
                 "党支部工作手册", "承诺践诺评诺"]:
        assert term in terms, term
    assert not any(" " in t or "\n" in t for t in terms)


def test_index_is_chinese_and_segmented(built):
    _, site_dir = built
    entry = json.loads((site_dir / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["zh-cn"]
    pages = len(list(site_dir.rglob("index.html")))
    assert entry["languages"]["zh-cn"]["page_count"] == pages  # every page, not 404.html
    words = set(search.index_words(site_dir))
    for word in ["党支部", "主题", "整顿", "台账"]:
        assert word in words, word
    assert "〔" in "".join(search.index_words(site_dir)) or "2019" in words


def test_query_windows_start_at_every_character():
    assert search.query_windows("整改汇总表") == ["改汇总表", "汇总表", "总表"]
    assert search.query_windows("a 党费 b") == []  # two characters: the text itself already starts both


def test_unsegmented_index_fails_the_build(built, tmp_path, monkeypatch):
    _, site_dir = built
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    check_site(copy)
    monkeypatch.setattr(search, "index_words", lambda _: ["各党支部要认真组织学习", "严格执行党支部组织生活制度"] * 50)
    with pytest.raises(SiteCheckError, match="没有分词"):
        check_site(copy)


def test_missing_index_fails_the_build(built, tmp_path):
    _, site_dir = built
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    shutil.rmtree(copy / "pagefind")
    with pytest.raises(SiteCheckError, match="pagefind"):
        check_site(copy)
