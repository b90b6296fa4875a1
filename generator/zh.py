"""Chinese writing conventions for dates, times and ordinals.

Rules follow GB/T 9704-2012 《党政机关公文格式》 clause 7.3.5.3 (成文日期 in Arabic
numerals, year in full, month and day not zero-padded) and the seeds' usage for
meeting slots (``2019年10月31日下午3:20—4:50``: 12-hour clock with 上午/下午, an
em-dash pair between start and end).
"""

from __future__ import annotations

import datetime as dt

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
