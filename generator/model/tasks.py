"""What a line of a notice asks a branch to do: which standing rule it fulfils, who does it,
what kind of meeting it calls, and whether a requirement is a task or a rule of conduct.

Pure functions over text, shared by the reader (:mod:`generator.read.readers`, which fixes
``covers``, roles and meeting kinds when a month is read), the checklist
(:mod:`generator.derive.checklist`) and the importer (:mod:`generator.importer`), so that a
hand-written month and an imported one get the same answers.

Terms used here (Chinese names as in the notices):

* 常规工作 (standing rule, :class:`~generator.model.Rule`): matched by its ``name`` and its
  ``terms`` (``data/rules.yml``, e.g. 支委会, 支部委员会).
* 责任人 (role, :data:`ROLES`): 支部书记, 支委会, 组织委员, 党小组长, 全体党员.
* 会议类别 (meeting kind, :data:`MEETING_KINDS`): 组织生活会, 主题党日, 支部党员大会, 支委会,
  党课, 党小组会, 组织生活, 活动.
"""

from __future__ import annotations

import re
from typing import Iterable

ROLES = ("支部书记", "支委会", "组织委员", "党小组长", "全体党员")
"""Who carries out a row (责任人), in the order the checklist groups them."""

_ROLE_WORDS = (
    # (pattern, role): the earliest match in a text names the role
    (r"召开支部委员会|召开支委会|支部委员会|支委会|支委班子|支部委员", "支委会"),
    (r"(?:党)?支部书记", "支部书记"),
    (r"组织委员", "组织委员"),
    (r"党小组长", "党小组长"),
    (r"全体党员|^(?:支部)?党员", "全体党员"),
)

MEETING_KINDS = (
    # (pattern, kind): the first pattern (in this order) found in the heading or text gives the kind
    (r"组织生活会", "组织生活会"),
    (r"主题党日", "主题党日"),
    (r"(?:支部)?党员大会", "支部党员大会"),
    (r"支部委员会|支委会", "支委会"),
    (r"党课", "党课"),
    (r"党小组会", "党小组会"),
    (r"组织生活", "组织生活"),
    (r"活动", "活动"),
)
"""Meeting kinds (会议类别) and the words that name them, most specific first."""

_VERBS = ("召开", "开展", "举办", "举行", "组织开展", "组织党员", "参加", "讲", "观看", "参观")
_CLAUSE = re.compile(r"[；;。！？\n]")  # sentences and their halves

CONDUCT = re.compile(r"不得|严禁|禁止|严格执行|严格遵守|按时参加|确保|注重|注意|加强|要求记录|倡导|鼓励|避免|杜绝")
"""Words of a rule of conduct (纪律、作风要求): a requirement saying these is printed, not ticked."""

_REFERENCE_ONLY = re.compile(r"^\s*(完成|填写|填报|报送|提交|按照?|参照|落实)?\s*附件\s*([0-9一二三四五六七八九十]+)\s*[。.；;]?\s*$")


def rule_terms(name: str, terms: Iterable[str] = ()) -> tuple[str, ...]:
    """The words that name a standing rule: its ``name`` and its ``terms``, longest first."""
    return tuple(sorted({name, *terms}, key=len, reverse=True))


_DOING = re.compile(r"召开|开展|举办|举行|组织|交纳|缴纳|收缴|讲|上好?|参加|完成|进行|落实|过好?")
"""Verbs that make a clause do what a rule names (召开支委会), not merely mention it (研究…民主评议工作安排)."""
_NOT_DOING = re.compile(r"^(?:前|之前|以前|后|之后|以后|方案|安排|工作安排|筹备|准备|的(?:通知|方案|要求))")
"""What, right after a rule's word, makes it a mention: 召开…组织生活会前, 研究…组织生活会方案."""
_CLAUSES = re.compile(r"[，,；;。！？\n]")


def matching_rules(text: str, rules) -> tuple[str, ...]:
    """Ids of the standing rules ``text`` does, found by their names and terms.

    A clause (split at ，；。！？ and line ends) fulfils a rule when it names it and says an act
    (召开, 开展, 交纳 … :data:`_DOING`), and the word is not followed by 前, 方案, 安排 …
    (:data:`_NOT_DOING`: a mention, not the act). Each clause fulfils at most one rule, the one
    named first in it (“召开支委会，研究专题组织生活会方案” → 支委会 only).

    Args:
        text: a work item's summary or whole text, or a meeting's name and kind.
        rules: objects with ``id``, ``name`` and ``terms`` (:class:`~generator.model.Rule`).

    Returns:
        Rule ids in the order found, each once; ``()`` when nothing matches.
    """
    found: list[str] = []
    for clause in _CLAUSES.split(text or ""):
        if not _DOING.search(clause) and not any(clause.strip() in rule_terms(r.name, getattr(r, "terms", ()))
                                                 or clause.strip().startswith(r.name) for r in rules):
            continue
        best = None
        for rule in rules:
            for term in rule_terms(rule.name, getattr(rule, "terms", ())):
                at = clause.find(term)
                while at >= 0 and _NOT_DOING.match(clause[at + len(term):]):
                    at = clause.find(term, at + 1)
                if at >= 0 and (best is None or at < best[0]):
                    best = (at, rule.id)
        if best and best[1] not in found:
            found.append(best[1])
    return tuple(found)


def role_in(text: str) -> str | None:
    """The role (:data:`ROLES`) ``text`` names as doing the thing, the earliest named; ``None``."""
    best = None
    for pattern, role in _ROLE_WORDS:
        m = re.search(pattern, text or "")
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), role)
    return best[1] if best else None


def meeting_kind(*texts: str | None) -> str | None:
    """The kind of meeting (:data:`MEETING_KINDS`) the first of ``texts`` that names one names.

    ``meeting_kind("开展义务植树主题党日活动")`` → ``主题党日``; ``None`` when no text names a kind.
    """
    for text in texts:
        if not text:
            continue
        for pattern, kind in MEETING_KINDS:
            if re.search(pattern, text):
                return kind
    return None


def meeting_row(name: str, kind: str | None) -> str:
    """The checklist line for a meeting: the verb the notice's kind of event takes, then its name.

    ``开展`` for a 主题党日 or an 活动, ``讲`` for a 党课, ``召开`` for the rest; a name that
    already starts with a verb (开展义务植树主题党日) is kept as written.
    """
    if name.startswith(_VERBS):
        return name
    if kind in ("主题党日", "活动"):
        return f"开展{name}"
    if kind == "党课" and not name.endswith("会"):
        return f"讲{name}"
    return f"召开{name}"


def is_task(text: str, dated: bool, role_written: bool) -> bool:
    """Whether a requirement (要求) is a thing to do (a checklist row) rather than a rule of conduct.

    A task has a deadline or period (``dated``), a responsible role its author wrote
    (``role_written``), or a first sentence that begins with a named role other than 全体党员
    (“支部书记要在…前…”) and says no word of conduct (:data:`CONDUCT`).
    """
    if dated or role_written:
        return True
    first = _CLAUSE.split(text or "", maxsplit=1)[0]
    lead = re.match(r"^(各)?(党)?(支部书记|支委会|支部委员会|组织委员|党小组长)", first)
    return bool(lead) and not CONDUCT.search(first)


def reference_only(text: str) -> int | None:
    """The 附件 number when ``text`` says nothing but a reference to it (“完成 附件1”); else ``None``."""
    m = _REFERENCE_ONLY.match(text or "")
    if not m:
        return None
    digits = m.group(2)
    return int(digits) if digits.isdigit() else "一二三四五六七八九十".index(digits[0]) + 1


def empty_rows(issue) -> list[str]:
    """Warnings (Chinese) for work items whose checklist line says nothing but “完成 附件N” where
    the month has no 附件N to name it from (``issue``: a :class:`~generator.model.MonthIssue`)."""
    out = []
    for w in issue.work_items:
        n = reference_only(w.summary)
        if n is not None and not 1 <= n <= len(issue.attachments):
            out.append(f"{issue.key}：工作安排第{w.index}项“{w.summary}”只写了附件{n}，本月没有附件{n}，"
                       "清单上这一行说不清要做什么。请在 summary 中写明要做的事")
    return out
