"""The share descriptions' readings kept between builds (generator/builder/sharetexts.py) give the same pages."""

import json
from pathlib import Path

from generator.builder import sharetexts
from generator.read.readers import read_project
from generator.render.pages import site_sources
from generator.render.share import TextMemo

ROOT = Path(__file__).resolve().parent.parent


def test_kept_readings_give_the_same_pages_and_are_used(tmp_path):
    project = read_project(ROOT)
    plain = site_sources(project).pages
    memo = TextMemo()
    assert site_sources(project, share_memo=memo).pages == plain
    assert memo.used and not memo.known
    sharetexts.save(tmp_path, memo)
    again = sharetexts.load(tmp_path)
    assert again.known == memo.used
    assert site_sources(project, share_memo=again).pages == plain
    # the kept readings are what the pages are made from (so a wrong one would show)
    doc = next(iter(project.documents.values()))
    key = TextMemo.key("first-paragraph", doc.body or "")
    assert key in again.known
    wrong = TextMemo({**again.known, key: "保存的读法。"})
    assert "保存的读法。" in site_sources(project, share_memo=wrong).pages[doc.slug + ".md"]


def test_readings_of_other_code_or_a_damaged_file_are_not_used(tmp_path):
    (tmp_path / sharetexts.FILE).write_text(json.dumps({"code": "其他", "texts": {"a": "b"}}), encoding="utf-8")
    assert sharetexts.load(tmp_path).known == {}
    (tmp_path / sharetexts.FILE).write_text("{损坏", encoding="utf-8")
    assert sharetexts.load(tmp_path).known == {}
