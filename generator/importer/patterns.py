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
    (3, re.compile(r"^([0-9０-９]{1,2})\s*[.．、](?![0-9０-９])\s*")),
    (4, re.compile(r"^[（(]\s*([0-9０-９]{1,2})\s*[）)]\s*")),
]
"""Label patterns by level: 1 一、 · 2 （一） (一) · 3 1. 1． 1、 · 4 （1） (1)."""


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


SENTENCE_END = "。；！？"


def heading_like(text: str, limit: int = 30) -> bool:
    """Whether ``text`` (without its label) reads as a heading: short, one sentence at most.

    A lead-in followed by more text (“加强领导指导。学校各级党组织……”) is not a heading.
    """
    t = text.strip()
    if not t or len(t) > limit:
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


def parse_date_line(text: str) -> tuple[int, int, int | None] | None:
    """A 成文日期 standing alone: ``2017年5月22日`` or ``二〇一六年五月`` → (2017, 5, 22) / (2016, 5, None)."""
    t = re.sub(r"\s+", "", text)
    m = FULL_DATE.fullmatch(t)
    if m:
        y, mo, d = (int(g) for g in m.groups())
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


SLOT = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*[（(][^）)]{1,4}[）)])?\s*"
                  r"(上午|下午|中午|晚上|早上)?\s*(\d{1,2})\s*[:：]\s*(\d{2})\s*[—–\-－~～至到]+\s*"
                  r"(上午|下午|中午|晚上|早上)?\s*(\d{1,2})\s*[:：]\s*(\d{2})")
MEETING_BY = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:之前|前|以前)")
MEETING_DAY = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def parse_meeting_time(text: str) -> dict | None:
    """A meeting slot or deadline as the month file writes it.

    ``2019年10月31日下午3:20—4:50`` → ``{date, start, end}`` (start/end as ``HH:MM``);
    ``2017年6月2日之前`` → ``{deadline}``; ``2019年10月31日`` → ``{date}``; else ``None``.
    """
    t = text.translate(_FULLWIDTH)
    m = SLOT.search(t)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        start = clock(m.group(4), int(m.group(5)), int(m.group(6)))
        end = clock(m.group(7) or m.group(4), int(m.group(8)), int(m.group(9)))
        if _valid(y, mo, d) and start and end and end > start:
            return {"date": dt.date(y, mo, d), "start": start.strftime("%H:%M"), "end": end.strftime("%H:%M")}
    m = MEETING_BY.search(t)
    if m and _valid(*(int(g) for g in m.groups())):
        return {"deadline": dt.date(*(int(g) for g in m.groups()))}
    m = MEETING_DAY.search(t)
    if m and _valid(*(int(g) for g in m.groups())):
        return {"date": dt.date(*(int(g) for g in m.groups()))}
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
    """

    start: int
    end: int
    phrase: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    time: str | None = None
    period: str | None = None


_DAY_DEADLINE = re.compile(
    r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*[（(][^）)]{1,4}[）)])?"
    r"(?:\s*(上午|下午|中午|晚上|早上)?\s*(\d{1,2})\s*[:：]\s*(\d{2}))?\s*(?:之前|以前|前)")
_PART_DEADLINE = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(?:(底|末)\s*(?:之前|以前|前|(?=完成))|(上旬|中旬|下旬)(?:\s*(?:之前|以前|前|左右))?)")
_LIMIT_LINE = re.compile(r"^\s*(?:完成)?时限\s*[：:]\s*(.+?)\s*$")


def find_deadlines(text: str) -> list[Found]:
    """Every deadline written in ``text``, in order.

    Recognised: a day (``7月10日前``, ``2019年8月26日（周一）上午11:00前``), a part of a
    month (``12月底前``, ``7月上旬``, ``11月中旬前``), and a 完成时限 line
    (``完成时限：长期坚持``, ``完成时限：2018年3月``). Days before a comma-free
    ``前`` are deadlines; a bare date (``2019年10月31日召开``) is not.
    """
    t = text.translate(_FULLWIDTH)
    m = _LIMIT_LINE.match(t)
    if m:
        value = m.group(1).rstrip("。；;")
        full = FULL_DATE.fullmatch(value)
        if full and _valid(*(int(g) for g in full.groups())):
            y, mo, d = (int(g) for g in full.groups())
            return [Found(m.start(1), m.start(1) + len(value), value, y, mo, d)]
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
    for m in _PART_DEADLINE.finditer(t):
        if any(f.start <= m.start() < f.end for f in found):
            continue
        if not 1 <= int(m.group(2)) <= 12:
            continue
        phrase = text[m.start():m.end()]
        found.append(Found(m.start(), m.end(), phrase, int(m.group(1)) if m.group(1) else None, int(m.group(2)),
                           period=phrase))
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
_PERSON = re.compile(r"联\s*系\s*人\s*[：:]\s*([\u4e00-\u9fff·]{2,8}(?:[、，,]\s*[\u4e00-\u9fff·]{2,8})*)")
_PHONE = re.compile(r"(?:(?:联系)?电\s*话|手\s*机|座\s*机)\s*[：:]\s*([0-9０-９\-－—() （）]{5,}[0-9０-９])"
                    r"|联\s*系\s*人\s*[：:]\s*[\u4e00-\u9fff·、，, ]+?[\s，,]+([0-9０-９\-－]{7,})")
_EMAIL = re.compile(r"([A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,})")
CONTACT_LINE = re.compile(r"^\s*(?:联\s*系\s*人|(?:联系)?电\s*话|邮\s*箱|电子邮箱|电子信箱|E-?mail|传\s*真)\s*[：:]", re.I)


def parse_contact(lines: list[str]) -> dict:
    """联系人/电话/邮箱 from the contact lines of a notice → ``{person, phone, email}`` (only what is written)."""
    text = "\n".join(lines)
    out: dict = {}
    m = _PERSON.search(text)
    if m:
        out["person"] = m.group(1).strip()
    m = _PHONE.search(text)
    if m:
        out["phone"] = re.sub(r"\s+", "", (m.group(1) or m.group(2))).translate(_FULLWIDTH)
    m = _EMAIL.search(text)
    if m:
        out["email"] = m.group(1)
    return out


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
NOT_STUDY = ("对照", "按照", "依照", "根据", "依据", "填写", "使用", "记录", "报送", "印发", "执行", "落实", "贯彻")


def readings_in(text: str) -> list[tuple[str, str | None]]:
    """Titles in 《》 that ``text`` asks members to study, with where to find them.

    A run of 《…》《…》 counts when the words before it in the same clause (since
    the last ，；。) contain a study verb (学习, 研读, 观看 …) and no verb of
    another use (对照, 按照, 填写 …). The source is what stands between the verb
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
        study = max((clause.rfind(v), v) for v in STUDY_VERBS)
        other = max(clause.rfind(v) for v in NOT_STUDY)
        if study[0] < 0 or other > study[0]:
            continue
        source = clause[study[0] + len(study[1]):].strip(" 等、") or None
        if source and (len(source) > 20 or source in ("好", "了", "的")):
            source = None
        for m in BOOK.finditer(run.group(0)):
            out.append((m.group(1).strip(), source))
    return out
