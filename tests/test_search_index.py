"""The search index behind the header's search box, read back from the built site (no browser)."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from conftest import site_pages
from generator.site import search
from generator.site.checks import SiteCheckError, check_site


def test_units_start_at_every_atom():
    assert search.units("整改汇总表") == ["整改", "改汇", "汇总", "总表", "表"]
    assert search.query_units("整改汇总表") == ["整改", "改汇", "汇总", "总表"]
    assert search.query_units("党费") == ["党费"]
    assert search.query_units("党") == ["党"]
    assert search.units("党员E先锋") == ["党员", "员E", "E先", "先锋", "锋"]
    assert search.units("zzb@ustb.edu.cn") == ["zzb_ustb", "ustb_edu", "edu_cn", "cn"]
    assert search.units("２０１９年１０月") == ["2019年", "年10", "10月", "月"]
    assert search.units("，。 ") == []


def test_punctuation_rides_along_for_display():
    assert search.tokens("“两学一做”，") == "“ 两学 学一 一做 做 ”，¶"
    assert search.tokens("校党组发〔2019〕14号") == "校党 党组 组发 发2019 〔 2019_14 〕 14号 号 ¶"


def test_domain_terms_stay_whole_however_punctuated():
    doc = search.query_units("校党组发〔2019〕14号")
    for variant in ["校党组发[2019]14号", "校党组发（2019）14号", "校党组发 2019 14号", "校党组发〔２０１９〕１４号"]:
        assert search.query_units(variant) == doc, variant
    term = search.query_units("三会一课")
    assert ["三会", "会一", "一课"] == term
    text = search.units("严格落实“三会一课”制度")
    assert any(text[i:i + len(term)] == term for i in range(len(text))), "the term is a run of the text's units"


def test_index_is_units_of_every_page(site):
    _, site_dir = site
    entry = json.loads((site_dir / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == [search.LANGUAGE]
    pages = site_pages(site_dir)  # not the 公众号 copies: each repeats its month or document
    assert entry["languages"][search.LANGUAGE]["page_count"] == len(pages)  # every page, not 404.html
    words = set(search.index_words(site_dir))
    for word in ["党支", "支部", "主题", "题党", "党日", "整顿", "台账", "校党", "2019_14", "14号", "员e", "e先"]:
        assert word in words, word
    han = [w for w in words if re.fullmatch(r"[\u4e00-\u9fff]+", w)]
    assert max(len(w) for w in han) == 2, "a Chinese word longer than one unit in the index"


def test_index_page_keeps_headings_and_title():
    doc = search.index_page('<html><head><title>t</title></head><body><article class="md-content__inner md-typeset">'
                            '<h1>整改汇总表</h1><p>填报<strong>单位</strong>：</p><script>x()</script>'
                            '<a class="headerlink">¶</a><table><tr><td>序号</td><td>党支部</td></tr></table></article></body></html>')
    assert '<h1>整改 改汇 汇总 总表 表 ¶</h1>' in doc
    assert '<p>填报 报单 单位 位 ：¶</p>' in doc   # inline markup does not split a block
    assert '<p>序号 号 ¶</p><p>党支 支部 部 ¶</p>' in doc
    assert "x()" not in doc
    assert 'data-pagefind-meta="title:整改 改汇 汇总 总表 表 ¶"' in doc
    assert search.index_page("<html><body><p>no article</p></body></html>") is None
    numbered = search.index_page('<article class="md-content__inner"><h1>通知</h1><p class="zz-docnum">校党组发〔2019〕14号</p></article>')
    assert '<p data-pagefind-weight="7">校党' in numbered


def test_unsegmented_index_fails_the_build(site, tmp_path, monkeypatch):
    _, site_dir = site
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    check_site(copy)
    monkeypatch.setattr(search, "chunk_words", lambda *_, **__: ["各党支部要认真组织学习", "严格执行党支部组织生活制度"] * 50)
    with pytest.raises(SiteCheckError, match="没有切分"):
        check_site(copy)


def test_missing_index_fails_the_build(site, tmp_path):
    _, site_dir = site
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    shutil.rmtree(copy / "pagefind")
    with pytest.raises(SiteCheckError, match="pagefind"):
        check_site(copy)


def test_dates_typed_otherwise_are_also_searched_as_notices_write_them():
    v = search.query_variants
    assert v("十月") == ["十月", "10月"]
    assert v("二〇二五年十一月三日") == ["二〇二五年十一月三日", "2025年11月3日"]
    assert v("三月底前") == ["三月底前", "3月底前"]
    assert v("2025-12") == ["2025-12", "2025年12月"]
    assert v("2026.1.15") == ["2026.1.15", "2026年1月15日"]
    assert v("2025年09月") == ["2025年09月", "2025年9月"]
    assert v("第6次") == ["第6次", "第六次"]
    assert v("20届4中全会") == ["20届4中全会", "二十届四中全会"]
    assert v("党的２０大") == ["党的２０大", "党的二十大"]
    for kept in ["第1条", "3大优势", "第十一次", "二十届四中全会", "三会一课", "十三月", "三十二日", "0931-8861234", "2025-13", "校党组发2019 14号"]:
        assert v(kept) == [kept], kept


def test_derived_text_and_listings_weigh_less():
    doc = search.index_page(
        '<article class="md-content__inner"><h1>通知</h1><p>按时收缴党费。</p>'
        '<p><a href="a.pdf">下载打印版 PDF</a> <a href="b.ics">加入手机日历</a></p>'
        '<ul><li><a href="2025-11/">11月 指导意见</a>（<a href="2025-11/">第十一次</a>）</li>'
        '<li>见<a href="../plan/2025/">年度安排表</a></li><li><a href="https://example.org/">学习链接</a></li></ul>'
        '<div class="zz-checklist"><h3 class="zz-group">全体党员</h3><ul><li><label><span>按月交纳党费</span></label></li></ul></div>'
        '<div class="zz-plan"><table><tr><td>党费</td></tr></table></div><p>联系人</p></article>')
    w = search.DERIVED_WEIGHT
    assert w < 1
    assert "<p>按时 时收 收缴 缴党 党费 费 。¶</p>" in doc                      # the author's text: Pagefind's default
    assert f'<p data-pagefind-weight="{w:g}">下载' in doc                     # only links to the site's files
    assert f'<p data-pagefind-weight="{w:g}">11月' in doc                      # a listing entry, brackets and all
    assert "<p>见年 年度 度安 安排 排表 表 ¶</p>" in doc                         # text with a link in it: its own
    assert "<p>学习 习链 链接 接 ¶</p>" in doc                                 # a link out of the site: its own
    assert f'<h3 data-pagefind-weight="{w:g}">全体' in doc and f'<p data-pagefind-weight="{w:g}">按月' in doc
    assert f'<p data-pagefind-weight="{w:g}">党费' in doc
    assert "<p>联系 系人 人 ¶</p>" in doc                                      # after the checklist: own again
