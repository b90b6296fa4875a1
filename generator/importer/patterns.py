"""The writing conventions of Chinese notices, as patterns: labels, dates, deadlines, contact lines.

Pure functions on strings, no I/O. The conventions are those of GB/T 9704-2012
(clause 7.3.3: heading levels 一、 （一） 1. （1）; 7.3.5.3: dates in Arabic
numerals; 7.2.4: 文号 with 〔〕) and of the notices in the wild: 1、 and
half-width (一) as heading labels, 二〇一六年五月 as a 成文日期, deadlines written
as 7月10日前, 2019年8月26日上午11:00前, 12月底前, 7月上旬, 完成时限：长期坚持.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9}
_FULLWIDTH = str.maketrans("０１２３４５６７８９：", "0123456789:")


def cn_number(text: str) -> int | None:
    """一 → 1, 十 → 10, 十六 → 16, 二十一 → 21, 九十九 → 99; ``None`` if ``text`` is not such a numeral."""
    if not text or any(c not in CN_DIGITS and c != "十" for c in text):
        return None
    if "十" not in text:
        return CN_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)


def cn_digits_number(text: str) -> int | None:
    """二〇一六 → 2016 (digit by digit, as years are written); ``None`` otherwise."""
    if not text or any(c not in CN_DIGITS for c in text):
        return None
    return int("".join(str(CN_DIGITS[c]) for c in text))


# -- heading and item labels (GB/T 9704-2012, 7.3.3) --------------------------------------------------
_CN = "[一二三四五六七八九十]{1,3}"
LABELS = [
    (1, re.compile(rf"^({_CN})\s*[、，．.]\s*")),
    (2, re.compile(rf"^[（(]\s*({_CN})\s*[）)]\s*")),
    (3, re.compile(r"^([0-9０-９]{1,2})\s*(?:[.．](?![0-9０-９])|、)\s*")),
    (4, re.compile(r"^[（(]\s*([0-9０-９]{1,2})\s*[）)]\s*")),
    (4, re.compile(r"^([0-9０-９]{1,2})\s*[）)]\s*")),
]
"""Label patterns by level: 1 一、 · 2 （一） (一) · 3 1. 1． 1、 · 4 （1） (1) 1） 1).

``1.`` followed by a figure (``2.10月25日前…``) could be a decimal and is left to
:func:`number_before_figure`, which decides by the sequence; ``1、`` never is one."""


@dataclass(frozen=True)
class Label:
    """A paragraph's leading number: level 1–4, its number, and the label as written (``（一）``)."""

    level: int
    number: int
    text: str


def split_label(text: str) -> tuple[Label | None, str]:
    """Splits a leading heading/item label off ``text``: ``"（一）会议时间"`` → (Label(2, 1, "（一）"), "会议时间")."""
    for level, pattern in LABELS:
        m = pattern.match(text)
        if not m:
            continue
        raw = m.group(1).translate(_FULLWIDTH)
        number = int(raw) if raw.isdigit() else cn_number(raw)
        if number is None or number == 0:
            continue
        rest = text[m.end():]
        if not rest.strip():
            continue
        return Label(level, number, text[:m.end()].rstrip()), rest
    return None, text


_NUMBER_BEFORE_FIGURE = re.compile(r"^([0-9０-９]{1,2})\s*[.．](?=[0-9０-９])")
_DATE_AHEAD = re.compile(r"^(?:\d{4}\s*年|\d{1,2}\s*月\s*(?:\d{1,2}\s*日|[上中下]旬|底|末))")


def number_before_figure(text: str, previous: int | None, following: int | None) -> tuple[Label, str] | None:
    """``2.10月25日前完成……`` → (Label(3, 2, "2."), "10月25日前完成……") when the sequence says it is an item number.

    ``N.`` followed by a figure reads as a decimal (``2.5万元``) unless the numbering around it
    says otherwise: the item before is ``N-1.`` (``previous``), or the next is ``N+1.``
    (``following``), or it is ``1.`` and what follows is a date (``1.2025年11月……``), which a
    decimal never is.

    Args:
        text: the paragraph.
        previous, following: the numbers of the nearest 1.-level items before and after it, if any.
    """
    m = _NUMBER_BEFORE_FIGURE.match(text)
    if not m:
        return None
    n = int(m.group(1).translate(_FULLWIDTH))
    rest = text[m.end():]
    if n and (previous == n - 1 or following == n + 1 or (n == 1 and previous is None and _DATE_AHEAD.match(rest))):
        return Label(3, n, m.group(0)), rest
    return None


SENTENCE_END = "。；！？"


def heading_like(text: str, limit: int = 30) -> bool:
    """Whether ``text`` (without its label) reads as a heading: short, one sentence at most.

    A lead-in followed by more text (“加强领导指导。学校各级党组织……”) is not a heading.
    A line that ends a long sentence (``（一）组织生活会、民主评议党员等制度落实情况。``, more
    than 15 characters before its 。) is an item of a list, not a heading; a short lead-in
    (``（一）加强组织领导。``) still heads what follows.
    """
    t = text.strip()
    if not t or len(t) > limit:
        return False
    if t.endswith(("。", "；", ";")) and len(t) > 16:
        return False
    inner = t.rstrip(SENTENCE_END + "：:")
    return not any(c in inner for c in SENTENCE_END)


# -- document numbers, dates -----------------------------------------------------------------------
DOC_NUMBER = re.compile(r"[\u4e00-\u9fffA-Za-z（）()]{1,20}[〔\[［【(（]\s*(\d{4})\s*[〕\]］】)）]\s*第?\s*(\d{1,4})\s*号")
"""文号: 机关代字〔2019〕14号; other brackets are accepted and normalised to 〔〕 (GB/T 9704-2012, 7.2.4)."""


def find_doc_number(text: str) -> str | None:
    """The 文号 in ``text``, normalised (〔〕, no 第, no zero padding), or ``None``."""
    m = DOC_NUMBER.search(text)
    if not m:
        return None
    prefix = text[m.start():m.end()]
    prefix = re.split(r"[〔\[［【(（]\s*\d{4}", prefix)[0]
    return f"{prefix}〔{m.group(1)}〕{int(m.group(2))}号"


def is_doc_number_line(text: str) -> bool:
    """A line that is just a 文号 (校党组发〔2019〕14号)."""
    m = DOC_NUMBER.fullmatch(text.strip().replace(" ", ""))
    return bool(m)


FULL_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
CN_DATE = re.compile(r"^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?$")
MONTH_LINE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月$")
DOTTED_DATE = re.compile(r"(\d{4})\s*([.．/\-])\s*(\d{1,2})\s*\2\s*(\d{1,2})")
"""A date written 2025.11.3, 2025-11-03 or 2025/11/3 (not GB/T 9704 style, but found under signatures)."""


def parse_date_line(text: str) -> tuple[int, int, int | None] | None:
    """A 成文日期 standing alone: ``2017年5月22日`` or ``二〇一六年五月`` → (2017, 5, 22) / (2016, 5, None)."""
    t = re.sub(r"\s+", "", text)
    m = FULL_DATE.fullmatch(t)
    dotted = DOTTED_DATE.fullmatch(t)
    if m or dotted:
        y, mo, d = (int(g) for g in (m.groups() if m else dotted.group(1, 3, 4)))
        return (y, mo, d) if _valid(y, mo, d) else None
    m = CN_DATE.match(t)
    if m:
        y, mo = cn_digits_number(m.group(1)), cn_number(m.group(2))
        d = cn_number(m.group(3)) if m.group(3) else None
        if y and mo and _valid(y, mo, d or 1):
            return y, mo, d
    return None


def _valid(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
    except ValueError:
        return False
    return True


def parse_month_line(text: str) -> tuple[int, int] | None:
    """``2019年10月`` alone on a line (a cover's month) → (2019, 10)."""
    m = MONTH_LINE.match(re.sub(r"\s+", "", text))
    if m and 1 <= int(m.group(2)) <= 12:
        return int(m.group(1)), int(m.group(2))
    return None


def month_in_title(text: str) -> tuple[int, int] | None:
    """The month a title names: 关于开展2025年9月主题党日活动的通知 → (2025, 9)."""
    m = re.search(r"(\d{4})\s*年\s*(\d{1,2})\s*月(?!\s*\d{1,2}\s*日)", text)
    if m and 1 <= int(m.group(2)) <= 12:
        return int(m.group(1)), int(m.group(2))
    return None


_BARE_MONTH = re.compile(r"(?<![\d年.．\-])(1[0-2]|[1-9]|十[一二]|[一二三四五六七八九十])\s*月份?(?!\s*\d{1,2}\s*日|[底末初]|[上中下]旬)")
MONTHLY_WORDS = ("主题党日", "组织生活", "三会一课", "党建工作", "党员学习", "理论学习", "党课", "第一议题", "支部工作",
                 "重点工作", "工作安排", "学习安排", "活动安排", "指导意见", "内容导引")
"""What the title of a monthly issue speaks of (10月份主题党日, 11月党建工作安排)."""


def bare_month_in_title(text: str) -> int | None:
    """The month a monthly title names without its year (关于开展10月份主题党日活动的通知, 十一月份党建工作
    安排) → 10; ``None`` when the title names no single month or does not speak of a monthly issue."""
    if not any(w in text for w in MONTHLY_WORDS) or re.search(r"\d{4}\s*年", text):
        return None
    found = {(int(m.group(1)) if m.group(1).isdigit() else cn_number(m.group(1))) for m in _BARE_MONTH.finditer(text)}
    return found.pop() if len(found) == 1 else None


def year_of_month(month: int, dated: tuple[int, int]) -> int:
    """The year of the issue for ``month`` written without a year in a notice dated (year, month):
    the same year, or the next one when the month is more than six months before the date
    (1月份 in a notice written in December)."""
    year, written = dated
    return year + 1 if written - month > 6 else year


_PERIOD_WORD = {"上午": 0, "早上": 0, "中午": 12, "下午": 12, "晚上": 12}


def clock(period: str | None, hour: int, minute: int) -> dt.time | None:
    """下午 3:20 → 15:20; a 24-hour time stays; ``None`` when impossible."""
    if period in ("下午", "晚上") and hour < 12:
        hour += 12
    if period == "中午" and hour < 6:
        hour += 12
    if not (0 <= hour < 24 and 0 <= minute < 60):
        return None
    return dt.time(hour, minute)


_TIME = r"(上午|下午|中午|晚上|早上)?\s*(\d{1,2})\s*(?:[:：]\s*(\d{2})|[时点]\s*(?:(\d{1,2})\s*分|(半))?)"
"""A time of day: 下午3:20, 14:30, 14时30分, 下午2点半 (groups: period, hour, minute, minute, 半)."""
_DAY = r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*[（(][^）)]{1,4}[）)])?"
SLOT = re.compile(_DAY + r"\s*" + _TIME + r"\s*(?:[—–\-－~～至到]+\s*" + _TIME + r")?")
MEETING_BY = re.compile(_DAY + r"\s*(?:之前|前|以前)")
MEETING_DAY = re.compile(_DAY)


def _clock_of(groups: tuple) -> dt.time | None:
    period, hour, minute, minute2, half = groups
    if hour is None:
        return None
    m = int(minute or minute2 or 0) + (30 if half else 0)
    return clock(period, int(hour), m)


def parse_meeting_time(text: str, year: int | None = None, month: int | None = None) -> dict | None:
    """A meeting slot or deadline as the month file writes it.

    ``2019年10月31日下午3:20—4:50`` → ``{date, start, end}`` (start/end as ``HH:MM``; also
    ``14时30分至16时30分``); ``2025年9月26日（周五）下午2:30`` → ``{date, start}``;
    ``2017年6月2日之前`` → ``{deadline}``; ``2019年10月31日`` → ``{date}``; else ``None``.

    Args:
        year, month: the issue's month, for a date written without its year (``9月26日``): the
            issue's year, or the next one for a January date in a December issue (a date more than
            six months before the issue's month).
    """
    t = text.translate(_FULLWIDTH)

    def day(m: re.Match) -> dt.date | None:
        y = int(m.group(1)) if m.group(1) else year
        if y is None:
            return None
        mo, d = int(m.group(2)), int(m.group(3))
        if not m.group(1) and month is not None and month - mo > 6:
            y += 1
        return dt.date(y, mo, d) if _valid(y, mo, d) else None

    m = SLOT.search(t)
    if m and day(m):
        start = _clock_of(m.groups()[3:8])
        end = _clock_of((m.group(9) or m.group(4),) + m.groups()[9:13])   # 下午3:20—4:50: the end is in the afternoon too
        if start and end and end > start:
            return {"date": day(m), "start": start.strftime("%H:%M"), "end": end.strftime("%H:%M")}
        if start and m.group(10) is None:
            return {"date": day(m), "start": start.strftime("%H:%M")}
    m = MEETING_BY.search(t)
    if m and day(m):
        return {"deadline": day(m)}
    m = MEETING_DAY.search(t)
    if m and day(m):
        return {"date": day(m)}
    return None


# -- deadlines written in the text ----------------------------------------------------------------
@dataclass
class Found:
    """A deadline found in a sentence.

    Attributes:
        start, end: its span in the text searched.
        year, month, day: the date when a day is written (year ``None`` when the text does not give it).
        time: ``HH:MM`` when a time of day is written.
        period: the words as written when there is no day (12月底前, 7月上旬, 长期坚持).
        phrase: the matched words as written.
        end_of: ``month`` for the end of ``month`` (12月底前, 在3月底完成), ``year`` for the end of
            the year (年底前): a last day that is exactly known once the year is.
    """

    start: int
    end: int
    phrase: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    time: str | None = None
    period: str | None = None
    end_of: str | None = None

    def last_day(self, year: int | None, month: int | None = None) -> dt.date | None:
        """The day this deadline names, with ``year`` (and ``month``, for 本月25日前) where the text
        gives none; ``None`` if it names no day.

        A day (7月10日前) is that day; the end of a month (12月底前) its last day; the end of the
        year (年底前) 31 December. A part of a month (上旬), a range of days or 长期坚持 names no day.
        """
        y = self.year or year
        mo = self.month or month
        if y is None or mo is None:
            return None
        if self.day is not None:
            return dt.date(y, mo, self.day) if _valid(y, mo, self.day) else None
        if self.end_of == "month":
            nxt = dt.date(y + self.month // 12, self.month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        if self.end_of == "year":
            return dt.date(y, 12, 31)
        return None


_DAY_DEADLINE = re.compile(
    r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*[（(][^）)]{1,4}[）)])?"
    r"(?:\s*(上午|下午|中午|晚上|早上)?\s*(\d{1,2})\s*[:：]\s*(\d{2}))?\s*(?:之前|以前|前)(?!后)")
_PART_DEADLINE = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(?:(底|末)\s*(?:之前|以前|前|(?=完成))|(上旬|中旬|下旬)(?:\s*(?:之前|以前|前|左右))?)")
_YEAR_END = re.compile(r"(?:(\d{4})\s*|今|本)?年\s*(?:底|末)\s*(?:之前|以前|前|(?=完成))")
_BY_DAY = re.compile(r"(?:截止|截至)(?:时间|日期)?\s*[：:为到至]?\s*(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_THIS_MONTH_DAY = re.compile(r"(?:本月|当月|每月)\s*(\d{1,2})\s*日\s*(?:之前|以前|前)")
_DAY_RANGE = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:[（(][^）)]{1,4}[）)])?\s*[至到—\-－~～]+\s*"
                        r"(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*日(?:\s*[（(][^）)]{1,4}[）)])?")
_FROM_NOW = re.compile(r"(?:从|自)?(?:即日|今日|现在|本通知印发之日)起?\s*[至到]\s*(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日"
                       r"(?:\s*[（(][^）)]{1,4}[）)])?")
"""即日起至11月30日: a period that runs from now, kept as written (like 11月5日至15日)."""
_STANDING = re.compile(r"(?:^|(?<=[，,；;：:。]))\s*(长期坚持)\s*(?=$|[，,；;。])")
LIMIT_LINE = re.compile(r"^\s*(?:(?:完成|办结)?(?:时限|期限)(?:要求)?|完成时间|时间要求|时间节点)\s*[：:]\s*(.+?)\s*$")
"""A 完成时限 line (完成时限：1月20日前, 期限：每季度末, 完成时间：6月5日前): its value is the time limit, whatever it says."""
_LIMIT_DAY = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:之前|以前|前)?")


def find_deadlines(text: str) -> list[Found]:
    """Every deadline written in ``text``, in order.

    Recognised: a day (``7月10日前``, ``2019年8月26日（周一）上午11:00前``, ``截止时间：10月31日``),
    the end of a month or year (``12月底前``, ``在3月底完成``, ``年底前``), a part of a month
    (``7月上旬``, ``11月中旬前``), a span (``11月5日至15日``, ``即日起至11月30日``, kept as written),
    ``长期坚持`` standing as a clause of its own, and a 完成时限
    line (``完成时限：长期坚持``, ``完成时限：2018年3月``). Days before a comma-free ``前`` are
    deadlines; a bare date (``2019年10月31日召开``) is not.
    """
    t = text.translate(_FULLWIDTH)
    m = LIMIT_LINE.match(t)
    if m:
        value = m.group(1).rstrip("。；;")
        day = _LIMIT_DAY.fullmatch(value)
        if day and _valid(int(day.group(1) or 2000), int(day.group(2)), int(day.group(3))):
            y = int(day.group(1)) if day.group(1) else None
            return [Found(m.start(1), m.start(1) + len(value), text[m.start(1):m.start(1) + len(value)], y,
                          int(day.group(2)), int(day.group(3)))]
        inner = find_deadlines(value)
        if len(inner) == 1 and inner[0].end_of and inner[0].end - inner[0].start == len(value):
            f = inner[0]
            return [Found(m.start(1), m.start(1) + len(value), f.phrase, f.year, f.month, period=f.phrase,
                          end_of=f.end_of)]
        if len(inner) == 1 and inner[0].day is not None and inner[0].end - inner[0].start == len(value):
            f = inner[0]        # 完成时限：6月30日（星期二）前
            return [Found(m.start(1), m.start(1) + len(value), f.phrase, f.year, f.month, f.day, f.time)]
        return [Found(m.start(1), m.start(1) + len(value), value, period=value)]
    found: list[Found] = []
    for m in _DAY_DEADLINE.finditer(t):
        y = int(m.group(1)) if m.group(1) else None
        mo, d = int(m.group(2)), int(m.group(3))
        if not _valid(y or 2000, mo, d):
            continue
        time = None
        if m.group(5):
            c = clock(m.group(4), int(m.group(5)), int(m.group(6)))
            time = c.strftime("%H:%M") if c else None
        found.append(Found(m.start(), m.end(), text[m.start():m.end()], y, mo, d, time))
    for m in _DAY_RANGE.finditer(t):       # 11月5日至15日: a period, as written
        if not any(f.start <= m.start() < f.end or m.start() <= f.start < m.end() for f in found):
            found.append(Found(m.start(), m.end(), text[m.start():m.end()], period=text[m.start():m.end()]))
    for m in _FROM_NOW.finditer(t):        # 即日起至11月30日: a period, as written
        if not any(f.start <= m.start() < f.end or m.start() <= f.start < m.end() for f in found):
            found.append(Found(m.start(), m.end(), text[m.start():m.end()], period=text[m.start():m.end()]))
    for m in _THIS_MONTH_DAY.finditer(t):  # 本月25日前: the month, known to the caller
        if not any(f.start <= m.start() < f.end for f in found):
            found.append(Found(m.start(), m.end(), text[m.start():m.end()], None, None, int(m.group(1))))
    for m in _BY_DAY.finditer(t):
        y = int(m.group(1)) if m.group(1) else None
        mo, d = int(m.group(2)), int(m.group(3))
        if _valid(y or 2000, mo, d) and not any(f.start <= m.end() - 1 < f.end for f in found):
            found.append(Found(m.start(), m.end(), text[m.start():m.end()], y, mo, d))
    for m in _PART_DEADLINE.finditer(t):
        if any(f.start <= m.start() < f.end for f in found):
            continue
        if not 1 <= int(m.group(2)) <= 12:
            continue
        phrase = text[m.start():m.end()]
        found.append(Found(m.start(), m.end(), phrase, int(m.group(1)) if m.group(1) else None, int(m.group(2)),
                           period=phrase, end_of="month" if m.group(3) else None))
    for m in _YEAR_END.finditer(t):
        if any(f.start <= m.start() < f.end for f in found):
            continue
        phrase = text[m.start():m.end()]
        found.append(Found(m.start(), m.end(), phrase, int(m.group(1)) if m.group(1) else None, 12,
                           period=phrase, end_of="year"))
    for m in _STANDING.finditer(t):
        found.append(Found(m.start(1), m.end(1), m.group(1), period=m.group(1)))
    found.sort(key=lambda f: f.start)
    return found


def deadline_task(sentence: str, f: Found, found: list[Found]) -> str:
    """What is to be done by the deadline ``f`` in ``sentence``: its clause without the time words.

    ``机关所有党员个人年度学习计划于7月10日前上报所在支部，由各支部书记审定`` → ``机关所有党员个人年度学习计划上报所在支部``;
    when the clause holds only time words (``今年7月上旬和12月底前，机关党委将……进行检查``), the next clause.

    Args:
        sentence: the sentence searched.
        f: one of ``found``, the deadlines found in ``sentence``.
    """
    clauses = [(m.start(), m.end()) for m in re.finditer(r"[^，,；;。！？]+", sentence)]
    k = next((i for i, (a, b) in enumerate(clauses) if a <= f.start < b), 0)
    for a, b in clauses[k:k + 2]:
        task = _strip_times(sentence, a, b, found)
        if task:
            return task
    return ""


def _strip_times(sentence: str, a: int, b: int, found: list[Found]) -> str:
    out, pos = [], a
    for x in sorted(found, key=lambda x: x.start):
        if x.end <= a or x.start >= b:
            continue
        out.append(re.sub(r"(?:须|要|应|必须)?(?:于|在)\s*$", "", sentence[pos:max(pos, x.start)]))
        pos = min(b, x.end)
        pos += len(sentence[pos:b]) - len(re.sub(r"^\s*左右", "", sentence[pos:b]))
    out.append(sentence[pos:b])
    task = "".join(out)
    task = re.sub(r"^\s*(?:今年|本年|本月|当月)?\s*(?:[和及、至]\s*)*", "", task)
    task = re.sub(r"\s*(?:[和及、至]\s*)+$", "", task)
    return task.strip(" ，,。；;：:、")


def sentences(text: str) -> list[tuple[int, str]]:
    """``text`` cut after 。；！？ (each with its start offset)."""
    out, start = [], 0
    for m in re.finditer(r"[。；！？]", text):
        out.append((start, text[start:m.end()]))
        start = m.end()
    if text[start:].strip():
        out.append((start, text[start:]))
    return out


# -- contact line (联系人 / 电话 / 邮箱) -------------------------------------------------------------
_CONTACT_LABEL = re.compile(
    r"(联\s*系\s*人(?:及(?:联系)?(?:电话|方式))?|联系方式|(?:联系|办公|咨询|值班)?电\s*话|座\s*机|手\s*机(?:号码?)?|"
    r"电子(?:邮箱|信箱|邮件)|邮\s*箱|E-?mail|传\s*真|(?:联系|通讯|办公)?地\s*址|邮\s*编|QQ|微\s*信)\s*[：:]", re.I)
_PHONE_NUMBER = re.compile(r"[0-9０-９][0-9０-９\-－—]{5,}[0-9０-９](?:\s*[（(]?(?:转|分机)\s*\d{1,6}[）)]?)?")
_EMAIL = re.compile(r"([A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,})")
CONTACT_LINE = re.compile(r"^\s*[（(]?\s*" + _CONTACT_LABEL.pattern, re.I)
"""A contact line (联系人：…, 联系电话：…, （联系人：…）, the 附注 under a 通知's date)."""
_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,10}(?:\s*[、和及]\s*[\u4e00-\u9fff·]{2,10})*")


def parse_contact_parts(lines: list[str]) -> tuple[dict, list[str]]:
    """联系人/电话/邮箱 from the contact lines of a notice, and what has no place in them.

    The lines are cut at each label (联系人：, 联系电话：, 办公电话：, 手机：, 电子邮箱：, 地址：,
    传真： …); a number written after the person without a label (联系人：王老师 62334455,
    联系人：王小红（68901234）) is the phone, and the person is the rest as written, separators
    trimmed (联系人：区委组织部组织科 何静). Several numbers
    (an office phone and a mobile) are kept in order, joined with 、.

    Returns:
        ``({person, phone, email}`` with only what is written``, [label and value as written]``
        for the parts the contact has no field for (地址, 传真, 邮编, QQ, 微信)).
    """
    persons: list[str] = []
    phones: list[str] = []
    emails: list[str] = []
    other: list[str] = []
    for line in lines:
        t = line.strip().strip("（）()")
        marks = list(_CONTACT_LABEL.finditer(t))
        for k, m in enumerate(marks):
            value = t[m.end():marks[k + 1].start() if k + 1 < len(marks) else len(t)]
            value = value.strip(" \u3000，,；;、。")
            label = re.sub(r"\s+", "", m.group(1))
            if label.startswith("联系人"):
                phones += [x.group(0) for x in _PHONE_NUMBER.finditer(value)]
                emails += _EMAIL.findall(value)
                who = _PHONE_NUMBER.sub("", _EMAIL.sub("", value))
                who = re.sub(r"[（(]\s*[）)]", "", who).strip(" \u3000，,；;、（(")
                if who and len(who) <= 30:
                    persons.append(re.sub(r"\s+", " ", who))     # as written: 区委组织部组织科 何静
                elif _NAME.match(value):
                    persons.append(_NAME.match(value).group(0))
            elif "电话" in label or "手机" in label or "座机" in label or label == "联系方式":
                numbers = [x.group(0) for x in _PHONE_NUMBER.finditer(value)]
                phones += numbers or ([value] if value else [])
                emails += _EMAIL.findall(value)
            elif "邮" in label and "编" not in label or "mail" in label.lower() or "信箱" in label:
                found = _EMAIL.findall(value)
                emails += found or ([value] if value else [])
            elif value:
                other.append(t[m.start():m.end()] + value)
        if not marks:
            emails += _EMAIL.findall(t)
    out: dict = {}
    if persons:
        out["person"] = "、".join(dict.fromkeys(persons))
    if phones:
        out["phone"] = "、".join(dict.fromkeys(re.sub(r"\s+", "", x).translate(_FULLWIDTH) for x in phones))
    if emails:
        out["email"] = emails[0]
        other += [f"邮箱：{e}" for e in dict.fromkeys(emails[1:]) if e != emails[0]]
    return out, other


def parse_contact(lines: list[str]) -> dict:
    """联系人/电话/邮箱 from the contact lines of a notice → ``{person, phone, email}`` (only what is written)."""
    return parse_contact_parts(lines)[0]


# -- organisations, addressees, readings -------------------------------------------------------------
ORG_SUFFIXES = ("委员会", "组织部", "宣传部", "统战部", "党委", "党组", "党总支", "党支部", "工委", "办公室", "党务部",
                "工作部", "政治部", "纪委", "团委", "工会", "大学", "学院", "学校", "公司", "集团", "局", "厅", "处", "中心")
"""Endings of the names of issuing bodies (发文机关), for signatures and 发文机关标志."""


def org_like(text: str) -> bool:
    """Whether ``text`` reads as the name of a body (中共北京科技大学委员会组织部, 机关党委)."""
    t = re.sub(r"\s+", "", text)
    return (2 <= len(t) <= 40 and t.endswith(ORG_SUFFIXES) and not t.startswith(("关于", "——", "—"))
            and not any(c in t for c in "，。；：:“”《》"))


def addressee_line(text: str) -> bool:
    """A 主送 line: 各二级党组织：, 纪委，各党总支、党委各部门，工会，团委： (ends with a colon, no sentence)."""
    t = text.strip()
    return (t.endswith(("：", ":")) and 2 <= len(t) <= 80 and not any(c in t for c in "。；《》")
            and t.count("：") + t.count(":") == 1
            and not re.match(r"^(附件|附表|联系人|电话|邮\s*箱|会议|时间|地点|主题|登录|其中|备注|说明|点\s*评)", t)
            and split_label(t)[0] is None)


BOOK = re.compile(r"《([^《》]*(?:《[^《》]*》[^《》]*)*)》")
"""A title in 书名号; inner 《》 (or 〈〉) are part of the title."""
STUDY_VERBS = ("学习", "研读", "研学", "观看", "收看", "收听", "阅读", "通读", "精读", "自学", "领学", "诵读", "学")
_STUDY_VERB = re.compile("|".join(v if v != "学" else "学(?![院校生员会期年科术堂部界])" for v in STUDY_VERBS))
"""A study verb; 学 alone only where it is the verb (学《党章》), not in 学院, 学生, 大学生 …."""
NOT_STUDY = ("对照", "按照", "依照", "根据", "依据", "填写", "使用", "记录", "报送", "印发", "执行", "落实", "贯彻")


EXAMPLES = re.compile(r"(?:例如|比如|诸如|譬如|如)\s*[：:]?\s*[（(]?\s*$")
"""Words just before a run of 《》 that make the titles examples (如《A》《B》), not readings to study."""


def readings_in(text: str) -> list[tuple[str, str | None]]:
    """Titles in 《》 that ``text`` asks members to study, with where to find them.

    A run of 《…》《…》 counts when the words before it in the same clause (since
    the last ，；。) contain a study verb (学习, 研读, 观看 …) and no verb of
    another use (对照, 按照, 填写 …), and the run is not given as examples (如《…》, :data:`EXAMPLES`). The source is what stands between the verb
    and the first 《, if anything (``观看北京长城网必修课程《…》`` → 北京长城网必修课程).

    Returns:
        ``[(title, source or None)]`` in order; titles without their 《》.
    """
    out: list[tuple[str, str | None]] = []
    pos = 0
    for run in re.finditer(r"(?:《[^《》]*(?:《[^《》]*》[^《》]*)*》[、和及与]?)+", text):
        clause_start = max(text.rfind(c, 0, run.start()) for c in "，,；;。！？") + 1
        clause = text[max(clause_start, pos):run.start()]
        pos = run.end()
        verbs = list(_STUDY_VERB.finditer(clause))
        other = max(clause.rfind(v) for v in NOT_STUDY)
        if not verbs or other > verbs[-1].start():
            continue
        if EXAMPLES.search(clause):   # 观看有关…的电影（如《A》《B》）: examples of a kind of work, prose not readings
            continue
        source = clause[verbs[-1].end():].strip(" 等、") or None
        if source and (len(source) > 20 or source in ("好", "了", "的")):
            source = None
        for m in BOOK.finditer(run.group(0)):
            out.append((m.group(1).strip(), source))
    return out
