"""Text copied from a web page: its page chrome and its half-width punctuation.

A notice copied from a web page carries a metadata line under its title (来源:… 编审:…
日期:2026-03-10 浏览次数:123) that is no part of the notice, and punctuation typed half-width
(, : ; ( ) ? !) between Chinese characters, where GB/T 15834-2011 writes it full-width
(，：；（）？！). :func:`strip_chrome` takes the line out (its date can stand in for a missing
成文日期) and :func:`full_width` corrects the punctuation; each change is reported.
"""

from __future__ import annotations

import dataclasses
import re

from .recognise import Remark
from .source import Para

CHROME_LABEL = re.compile(r"(来源|来自|编审|审核|审稿|责任编辑|编辑|作者|撰稿|供稿|摄影|发布时间|发布日期|发布者|日期|时间|"
                          r"浏览次数|浏览量|浏览|阅读次数|阅读量|阅读|点击数|点击量|点击|访问量)\s*[:：]")
"""The labels of a web page's metadata line (来源:, 编审:, 浏览次数: …)."""
_WEB_DATE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_CJK = r"[\u3400-\u9fff\uf900-\ufaff“”‘’《》〈〉（）【】、。，：；！？]"
_HAN = r"[\u3400-\u9fff\uf900-\ufaff]"


def is_chrome(text: str) -> bool:
    """Whether ``text`` is a web page's metadata line: two or more of its labels, or 浏览次数: alone, in a short line."""
    t = text.strip()
    if len(t) > 120:
        return False
    labels = {m.group(1) for m in CHROME_LABEL.finditer(t)}
    if len(labels) >= 2 and not re.search(r"会议|活动|地点", t):
        return True
    return bool(re.match(r"^(浏览次数|浏览量|阅读次数|阅读量|点击数|点击量|访问量)\s*[:：]\s*\d+\s*$", t))


def strip_chrome(blocks: list, remarks: list[Remark]) -> tuple[list, tuple[int, int, int] | None]:
    """``blocks`` without web-page metadata lines in the first twelve, each reported; and the date
    one of them gives (year, month, day), if any, to use as 成文日期 when the notice states none."""
    out, date = [], None
    for i, b in enumerate(blocks):
        if i < 12 and isinstance(b, Para) and is_chrome(b.text):
            m = _WEB_DATE.search(b.text)
            if m and date is None:
                date = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
            remarks.append(Remark(b.where, b.text.strip(), "是网页的栏目信息（来源、编审、日期、浏览次数等），不属于通知正文，"
                                                           "未导入" + ("；其中的日期在通知没写成文日期时用作成文日期" if m else ""),
                                  full=True))
            continue
        out.append(b)
    return out, date


_PAIRS = ((",", "，"), (";", "；"), (":", "："), ("?", "？"), ("!", "！"))


def full_width_text(text: str) -> tuple[str, list[str]]:
    """``text`` with half-width , ; : ? ! ( ) next to Chinese characters made full-width, and the
    changes as ``, → ，`` strings (each once).

    A mark counts when a Chinese character stands before it (a colon or comma also when one follows
    it: ``2025年11月20日,下午``); a pair of round brackets when it holds a Chinese character.
    Numbers (3,000), times (8:20), addresses (http://) and Latin text keep their marks.
    """
    changes: list[str] = []
    out = text
    for half, full in _PAIRS:
        pattern = rf"(?<={_CJK})\s*{re.escape(half)}\s*(?!//)" if half != ":" else rf"(?<={_CJK})\s*:\s*(?!//)"
        new = re.sub(pattern, full, out)
        if half in (",", ";"):
            new = re.sub(rf"(?<=[0-9A-Za-z）)])\s*{re.escape(half)}\s*(?={_HAN})", full, new)
        if new != out:
            changes.append(f"{half} → {full}")
            out = new
    new = re.sub(rf"\(([^()]*{_HAN}[^()]*)\)", r"（\1）", out)
    if new != out:
        changes.append("( ) → （ ）")
        out = new
    return out, changes


def full_width(blocks: list, remarks: list[Remark]) -> list:
    """``blocks`` with :func:`full_width_text` applied to every paragraph; one remark per paragraph changed."""
    out = []
    for b in blocks:
        if isinstance(b, Para) and b.text:
            text, changes = full_width_text(b.text)
            if changes and text != b.text:
                remarks.append(Remark(b.where, text, "半角标点已按 GB/T 15834 改为全角：" + "，".join(changes) + "，请核对"))
                b = dataclasses.replace(b, text=text)
        out.append(b)
    return out
