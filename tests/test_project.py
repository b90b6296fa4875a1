"""Project-level invariants: one Markdown dialect, published schemas up to date, Chinese formatting rules."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml

from conftest import ROOT
from generator.read import schema
from generator.model import zh
from generator.read.markdown import EXTENSIONS


def test_site_and_booklet_read_markdown_the_same_way():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    assert [n for n in names if n != "toc"] == EXTENSIONS


@pytest.mark.parametrize("name", sorted(schema.SCHEMAS))
def test_published_schemas_are_up_to_date(name):
    published = json.loads((ROOT / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert published == schema.export(name), "run `make schema` and commit schema/"


def test_editor_settings_point_at_the_published_schemas():
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    for path in settings["yaml.schemas"]:
        assert (ROOT / path).is_file(), path


@pytest.mark.parametrize("n,text", [(1, "一"), (6, "六"), (10, "十"), (16, "十六"), (20, "二十"), (21, "二十一"), (99, "九十九")])
def test_chinese_numbers(n, text):
    assert zh.chinese_number(n) == text


def test_ordinal_out_of_range_is_refused():
    with pytest.raises(ValueError):
        zh.chinese_number(100)


@pytest.mark.parametrize("start,end,text", [
    ("15:20", "16:50", "2019年10月31日下午3:20—4:50"),
    ("09:00", "11:30", "2019年10月31日上午9:00—11:30"),
    ("09:00", "14:00", "2019年10月31日上午9:00—下午2:00"),
    ("12:30", "13:30", "2019年10月31日中午12:30—下午1:30"),
    ("19:00", "21:00", "2019年10月31日晚上7:00—9:00"),
])
def test_meeting_slots_are_written_as_the_department_writes_them(start, end, text):
    t = lambda s: dt.time(*map(int, s.split(":")))
    assert zh.slot_zh(dt.date(2019, 10, 31), t(start), t(end)) == text


def test_dates_are_not_zero_padded():
    assert zh.date_zh(dt.date(2017, 6, 2)) == "2017年6月2日"
