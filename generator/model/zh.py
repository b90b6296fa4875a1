"""Chinese writing conventions for dates, times and ordinals.

Rules follow GB/T 9704-2012 《党政机关公文格式》 clause 7.3.5.3 (成文日期 in Arabic
numerals, year in full, month and day not zero-padded) and the seeds' usage for
meeting slots (``2019年10月31日下午3:20—4:50``: 12-hour clock with 上午/下午, an
em-dash pair between start and end).
"""

from __future__ import annotations

import datetime as dt
import re
from itertools import combinations

_DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 16 → 十六, 21 → 二十一 (for 1 ≤ n ≤ 99).

    Raises:
        ValueError: if ``n`` is outside 1..99.
    """
    if not 1 <= n <= 99:
        raise ValueError(f"only 1..99 are written as Chinese ordinals here, got {n}")
    tens, ones = divmod(n, 10)
    text = ("" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十"))
    return text + (_DIGITS[ones] if ones else "")


def ordinal(n: int) -> str:
    """Issue ordinal as printed on the cover: 6 → 第六次."""
    return f"第{chinese_number(n)}次"


def date_zh(d: dt.date) -> str:
    """2019-10-31 → 2019年10月31日 (GB/T 9704-2012, 7.3.5.3)."""
    return f"{d.year}年{d.month}月{d.day}日"


def month_zh(year: int, month: int) -> str:
    """(2019, 10) → 2019年10月."""
    return f"{year}年{month}月"


def clock_zh(t: dt.time, with_period: bool = True) -> str:
    """15:20 → 下午3:20; 09:00 → 上午9:00; 12:30 → 中午12:30.

    Args:
        t: the time of day.
        with_period: prefix 上午/中午/下午/晚上; the end of a slot omits it.
    """
    hour = t.hour
    if hour < 12:
        period, shown = "上午", hour
    elif hour == 12:
        period, shown = "中午", 12
    elif hour < 18:
        period, shown = "下午", hour - 12
    else:
        period, shown = "晚上", hour - 12
    text = f"{shown}:{t.minute:02d}"
    return period + text if with_period else text


def slot_zh(day: dt.date, start: dt.time, end: dt.time) -> str:
    """A meeting slot: 2019年10月31日下午3:20—4:50.

    The end repeats its period only when it differs from the start's
    (上午9:00—下午2:00).
    """
    same_period = clock_zh(start)[:2] == clock_zh(end)[:2]
    return f"{date_zh(day)}{clock_zh(start)}—{clock_zh(end, with_period=not same_period)}"


_NUMBERED = re.compile(r"^\s*(第?[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|\d+[.．、]|[（(]\d+[）)])")


def has_number(heading: str) -> bool:
    """Whether ``heading`` already starts with a number of the hierarchy (一、 （一） (一) 1. 1、 （1）).

    Such a heading is printed as written; no number is generated for it (GB/T 9704-2012, 7.3.3:
    一、 → （一） → 1. → （1）).
    """
    return bool(_NUMBERED.match(heading))


def item_label(number: int, text: str) -> str:
    """What is printed before an item's text: ``3.``, or nothing when the author's text already
    starts with a number of its own (``3.`` ``3、`` ``（3）`` ``三、``), which is then kept as written.
    Before a text that starts with a figure (3月15日…) the number is followed by a space, ``2. 3月15日``,
    so that it cannot be read as 2.3月 (issue 21)."""
    if has_number(text):
        return ""
    return f"{number}. " if re.match(r"\s*[0-9０-９]", text) else f"{number}."


def names_month(text: str, year: int, month: int) -> bool:
    """Whether ``text`` already names the month: 2025年9月, 9月 (not inside 19月), or 九月."""
    if re.search(rf"(?<!\d){month}\s*月", text):
        return True
    return bool(re.search(rf"(?<![一二三四五六七八九十]){chinese_number(month)}月", text))


def book_title(title: str) -> str:
    """A title in 书名号 as GB/T 15834-2011 (4.15) writes it: 《…》, with 《》 inside turned into 〈〉.

    A title the author already wrapped in one pair of 《》 is not wrapped twice.
    Examples: 党章 → 《党章》; 学习《条例》的体会 → 《学习〈条例〉的体会》; 《党章》 → 《党章》.
    """
    inner = title.strip()
    if inner.startswith("《") and inner.endswith("》") and inner.count("《") == 1:
        inner = inner[1:-1]
    return "《" + inner.replace("《", "〈").replace("》", "〉") + "》"


_UNSAFE = re.compile(r'[\\/:*?"<>|#%&\'\x00-\x1f]')
MAX_NAME_CHARS = 60
"""Longest file-name stem, in characters: 60 CJK characters are 180 bytes in UTF-8, inside the
255-byte limit of common file systems with room for a suffix."""


def file_name(stem: str) -> str:
    """``stem`` made safe as a file name: characters Windows or POSIX refuse, and those that end or change
    an address when the name is linked (``#`` ``%`` ``&`` ``'``: a title 甲#乙 made a link to 甲), become －, white
    space becomes nothing, and it is cut to :data:`MAX_NAME_CHARS` characters."""
    safe = _UNSAFE.sub("－", re.sub(r"\s+", "", stem))
    return safe[:MAX_NAME_CHARS].rstrip(".")


_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u2018-\u201d\u2026\u2014"
_BLOCK_START = re.compile(r"^\s*([#>|*+\-<]|\d+[.)]\s|```)")


def join_lines(markdown: str) -> str:
    """Markdown with the line breaks inside Chinese paragraphs removed.

    A single line break between two Chinese characters (or Chinese punctuation) is a break
    the author's editor or a paste from Word put there, not a space: Markdown would turn it
    into a space, which prints as a gap in the middle of a Chinese sentence (HTML's white-space
    rules; CSS Text 3 segment-break transformation is not applied by browsers or WeasyPrint).
    Lines that start Markdown blocks (headings, lists, tables, quotes, HTML) are left alone.
    """
    lines = markdown.split("\n")
    out = [lines[0]] if lines else []
    for line in lines[1:]:
        prev = out[-1]
        if (prev and line and re.search(f"[{_CJK}]$", prev) and re.match(f"[{_CJK}]", line)
                and not _BLOCK_START.match(prev) and not _BLOCK_START.match(line)):
            out[-1] = prev + line
        else:
            out.append(line)
    return "\n".join(out)


def first_sentence(markdown_text: str) -> str:
    """The text up to and including its first 。 (or the first paragraph), without Markdown marks."""
    paragraph = markdown_text.strip().split("\n\n")[0]
    paragraph = re.sub(r"[*_`#>]", "", paragraph).replace("\n", "")
    match = re.search(r"^.*?[。；！？]", paragraph)
    return match.group(0) if match else paragraph


TITLE_CHARS_PER_LINE = 20.0
"""Characters of a 2号 (22 pt) title on one line of the 156 mm 版心: 442.2 pt / 22 pt = 20.1."""

_AFTER = ("关于", "开展", "做好", "加强", "推进", "深化", "召开", "举办", "学习贯彻", "贯彻落实", "印发", "转发",
          "进一步", "和", "与", "及", "暨", "、", "，", "》", "”")
"""A title may turn its line after these: a preposition, a leading verb, a conjunction, a pause, the
end of a quoted name (GB/T 9704-2012, 7.3.1: lines turn where the meaning stays whole)."""
_BEFORE = ("关于", "《", "“")
"""… and before these."""
_DOC_KIND = re.compile(r"的(通知|意见|指导意见|安排|方案|实施方案|工作方案|工作提示|提示|计划|要点|规定|办法|报告|决定)$")


def text_width(text: str) -> float:
    """Width of ``text`` in full-width characters: CJK and full-width forms 1, half-width (digits, Latin) ½."""
    return sum(0.5 if ord(c) < 0x2E80 else 1 for c in text)


def _title_breaks(title: str) -> list[int]:
    """Offsets where ``title`` may turn its line: after/before the words of :data:`_AFTER` and
    :data:`_BEFORE`, before the closing ``的通知``-like phrase; never inside 《》“”（）, never between
    two digits or a digit and its 年/月/日, never before closing punctuation."""
    depth, inside = 0, set()
    for k, c in enumerate(title):
        if c in "《“（(":
            depth += 1
        elif c in "》”）)":
            depth = max(0, depth - 1)
        if depth:
            inside.add(k + 1)   # a break before title[k + 1] would fall inside the quotation
    spots = set()
    for word in _AFTER:
        spots.update(m.end() for m in re.finditer(re.escape(word), title))
    for word in _BEFORE:
        spots.update(m.start() for m in re.finditer(re.escape(word), title))
    kind = _DOC_KIND.search(title)
    if kind:
        spots.add(kind.start())
    ok = []
    for k in sorted(spots):
        if not 0 < k < len(title) or k in inside and title[k] not in "》”":
            continue
        left, right = title[k - 1], title[k]
        if right in "，。、；：！？》”）)" or left in "《“（(":
            continue
        if left.isdigit() and (right.isdigit() or right in "年月日号期届次"):
            continue
        ok.append(k)
    return ok


def title_lines(title: str, per_line: float = TITLE_CHARS_PER_LINE) -> list[str]:
    """``title`` cut into lines for a centred title, balanced as GB/T 9704-2012 (7.3.1) asks: “标题回行时，
    要做到词意完整，排列对称，长短适宜，间距恰当，标题排列应当使用梯形或菱形”.

    Takes the title and the line's capacity in full-width characters (half-width ½); returns the
    lines (one line when it fits). Lines turn only where the meaning stays whole (:func:`_title_breaks`);
    among those cuts the one with the most even lengths is taken, each line within ``per_line``. When no
    such cut is more even than the plain wrap (full lines, the rest on the last), returns ``[title]``
    and the renderer wraps it as usual. Never changes the text: ``"".join(lines) == title``.
    """
    title = title.strip()
    total = text_width(title)
    if total <= per_line:
        return [title]
    count = int(-(-total // per_line))   # lines the plain wrap needs
    plain_last = total - (count - 1) * per_line
    breaks = _title_breaks(title)
    best: tuple[float, list[int]] | None = None

    def widths(cuts: list[int]) -> list[float]:
        edges = [0, *cuts, len(title)]
        return [text_width(title[a:b]) for a, b in zip(edges, edges[1:])]

    for lines in (count, count + 1):
        if lines - 1 > len(breaks):
            continue
        for cuts in combinations(breaks, lines - 1):
            w = widths(list(cuts))
            if max(w) > per_line:
                continue
            badness = sum((x - total / lines) ** 2 for x in w) + (lines - count) * per_line ** 2
            if best is None or badness < best[0]:
                best = (badness, list(cuts))
    if best is None:
        return [title]
    w = widths(best[1])
    if min(w) <= plain_last:
        return [title]   # no more even than the plain wrap: leave the line breaking to the renderer
    edges = [0, *best[1], len(title)]
    return [title[a:b] for a, b in zip(edges, edges[1:])]
