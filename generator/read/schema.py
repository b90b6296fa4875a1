"""The content schema: JSON Schema (draft 2020-12) for every file an author writes.

One schema per kind of file:

* :data:`ORGANISATION` for ``data/organisation.yml`` (组织信息);
* :data:`MONTH` for ``data/months/YYYY-MM.yml`` (月度指导材料);
* :data:`DOCUMENT` for the front matter of ``content/**/*.md`` (附件 / 文件);
* :data:`RULES` for ``data/rules.yml`` (常规工作规则, the standing rules).

The same dictionaries are published to ``schema/*.schema.json`` (``python -m
generator schema``) so that an editor completes and checks YAML as it is typed.
:func:`validate` runs a schema over a parsed file and turns each violation into
a :class:`~generator.read.errors.ContentError` in Chinese, with line and column.

Keys are English identifiers; each carries its Chinese name in ``title`` and a
short Chinese ``description``. ``x-hint`` on a property is the fix shown when
its pattern does not match.
"""

from __future__ import annotations

import re

import datetime as dt
import difflib
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from .errors import ContentError
from .yamlio import Located, plain

APPLIES_TO = ["全体", "教职工", "学生", "离退休", "机关"]
"""Kinds of member or branch an item applies to (适用对象)."""

RESPONSIBLE = ["支部书记", "支委会", "组织委员", "党小组长", "全体党员"]
"""Who carries an item out (责任人), the checklist's groups."""

DATE = {
    "type": "string",
    "pattern": r"^\d{4}-\d{2}-\d{2}$",
    "format": "date",
    "x-hint": "日期写成 年-月-日，月和日补足两位，例如 2019-10-31",
}
MONTH_OR_DATE = {
    "type": "string",
    "pattern": r"^\d{4}-\d{2}(-\d{2})?$",
    "format": "month-or-date",
    "x-hint": "写成 2019-10-31；只知道月份时写成 2019-10",
}
TIME = {
    "type": "string",
    "pattern": r"^([01]?\d|2[0-3]):[0-5]\d$",
    "x-hint": "时间用 24 小时制并加引号，例如 \"15:20\"",
}


def _text(title: str, description: str = "", **extra: Any) -> dict:
    return {"type": "string", "minLength": 1, "title": title, "description": description, **extra}


def _obj(title: str, properties: dict, required: list[str] = (), description: str = "") -> dict:
    return {
        "type": "object",
        "title": title,
        "description": description,
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


def _list(title: str, items: dict, description: str = "", min_items: int = 0) -> dict:
    schema = {"type": "array", "title": title, "description": description, "items": items}
    if min_items:
        schema["minItems"] = min_items
    return schema


ORGANISATION = _obj(
    "组织信息",
    {
        "name": _text("发布单位", "封面、PDF 作者，例如 北京科技大学党委组织部"),
        "short_name": _text("简称", "落款用的简称，例如 党委组织部"),
        "site_name": _text("网站名称"),
        "site_url": _text(
            "网站地址", "网站正式发布的地址，以 / 结尾，用于二维码和日历链接",
            pattern=r"^https?://[^\s]+/$", **{"x-hint": "写完整地址并以 / 结尾，例如 https://dangjian.example.edu.cn/"},
        ),
        "fonts": _obj(
            "小册子字体",
            {role: _list(title, {"type": "string", "minLength": 1, "pattern": r"^[^\"'<>;{}\\]+$",
                                 "x-hint": "只写字体名，不加引号，例如 FandolFang"}, "字体名，按顺序回退", 1)
             for role, title in [("body", "正文（仿宋）"), ("title", "标题（小标宋）"),
                                 ("heiti", "黑体"), ("kaiti", "楷体")]},
        ),
        "branch_kinds": _list("党支部类型", {"enum": APPLIES_TO[1:]},
                              "本单位有哪些类型的党支部；某月有只适用于某类党员的工作时，为每类支部各出一份小册子和清单", 1),
    },
    required=["name", "site_url"],
)

DEADLINE_FIELDS = {
    "deadline": {**DATE, "title": "完成期限", "description": "具体日期；不得早于本月"},
    "period": _text("完成时限（文字）", "没有具体日期时照原文写时限，例如 11月中旬、3月底前、长期坚持；与 deadline 二选一，不会被当成某一天放进日历"),
}

WORK_ITEM = _obj(
    "工作安排",
    {
        "text": _text("原文", "该项工作的原文（Markdown，可多段）；编号由程序生成，原文开头已写编号的照原文显示"),
        "summary": _text("要点", "清单上显示的简短要点；省略时取原文第一句"),
        "kind": {"enum": ["规定", "自选"], "title": "类别", "description": "规定动作或自选动作，默认 规定"},
        "applies_to": _list("适用对象", {"enum": APPLIES_TO}, "默认 [全体]", 1),
        "responsible": {"enum": RESPONSIBLE, "title": "责任人",
                        "description": "省略时取要点中写明的（召开支委会 → 支委会），否则取所代替常规工作的责任人，否则 全体党员"},
        **DEADLINE_FIELDS,
        "hours": {"type": "number", "exclusiveMinimum": 0, "maximum": 100, "title": "学时", "description": "计入的学习学时"},
        "covers": _list("对应的常规工作", {"type": "string", "pattern": r"^[a-z][a-z0-9-]*$",
                                             "x-hint": "写 data/rules.yml 中常规工作的 id，例如 branch-committee"},
                        "本项已包含 data/rules.yml 中的哪些常规工作（写 id），清单中不再重复列出；"
                        "省略时按常规工作的名称和 terms 自动对应，写 covers: [] 则两行都保留"),
    },
    required=["text"],
)

READING = _obj(
    "学习材料",
    {
        "title": _text("标题", "照原文写；类型为“文件”时显示时自动加书名号《》"),
        "type": {"enum": ["文件", "文章"], "title": "类型",
                 "description": "文件：文件、书籍、课程，标题加书名号《》（默认）；文章：新闻、文章标题，按原文显示"},
        "source": _text("出处"),
        "link": _text("链接", "", pattern=r"^https?://", **{"x-hint": "链接以 http:// 或 https:// 开头"}),
        "document": _text("本站文件", "content/ 下的 .md 文件，相对于本月文件夹", pattern=r"\.md$",
                          **{"x-hint": "写 .md 文件的路径，例如 ../documents/xxx.md"}),
        "level": {"enum": ["必学", "选学"], "title": "必学/选学", "description": "只在写了时显示"},
        "mode": {"enum": ["集体学习", "自学"], "title": "学习方式", "description": "只在写了时显示"},
        "applies_to": _list("适用对象", {"enum": APPLIES_TO}, "默认 [全体]", 1),
        "item": {"type": "integer", "minimum": 1, "title": "所在工作安排项号",
                 "description": "该材料已在本月第几项工作安排（全月连续计数）的原文中提到；写了就不再单独列出"},
    },
    required=["title"],
)

REQUIREMENT = {
    "title": "要求",
    "anyOf": [
        {"type": "string", "minLength": 1},
        _obj("要求（带期限）", {
            "text": _text("原文", "Markdown"),
            **DEADLINE_FIELDS,
            "responsible": {"enum": RESPONSIBLE, "title": "责任人", "description": "默认 支部书记"},
            "applies_to": _list("适用对象", {"enum": APPLIES_TO}, "默认 [全体]", 1),
            "task": {"type": "boolean", "title": "列入清单",
                     "description": "true：这是要做的事，列为清单的一行；false：纪律要求，印在清单下方。"
                                    "省略时：写了期限或责任人、或开头写明由谁做的列入清单"},
        }, required=["text"]),
    ],
    "description": "一条要求：直接写文字；有期限时写成 text + deadline（或 period）",
}

MEETING = _obj("会议（时间及地点）", {
    "name": _text("会议名称", "照通知写，例如 组织生活会、义务植树主题党日；清单上写作“召开××”（主题党日、活动写作“开展××”）；"
                          "省略时取所在部分标题去掉“时间及地点”，否则取会议类别"),
    "kind": _text("会议类别", "组织生活会、主题党日、支部党员大会、支委会、党课、活动等，或照通知写；省略时从名称和标题中识别"),
    "covers": _list("对应的常规工作", {"type": "string", "pattern": r"^[a-z][a-z0-9-]*$",
                                         "x-hint": "写 data/rules.yml 中常规工作的 id，例如 theme-day"},
                    "本次会议即哪项常规工作（写 id）；省略时按名称和类别自动对应，写 covers: [] 则两行都保留"),
    "date": {**DATE, "title": "会议日期"},
    "start": {**TIME, "title": "开始时间"},
    "end": {**TIME, "title": "结束时间"},
    "deadline": {**DATE, "title": "截止日期", "description": "显示为“××之前”，与 date 二选一"},
    "place": _text("会议地点"),
})

BLOCK_TYPES = {
    "prose": ("正文", _text("正文", "一段或几段文字（Markdown）")),
    "meeting": ("会议", MEETING),
    "theme": ("活动主题", _text("活动主题", "Markdown")),
    "work_items": ("工作安排", _list("工作安排", WORK_ITEM, "按顺序编号 1. 2. …", 1)),
    "readings": ("学习材料", _list("学习材料", READING, "每条单独一行，按顺序编号", 1)),
    "requirements": ("要求", _list("要求", REQUIREMENT, "按顺序编号 1. 2. …", 1)),
    "review": ("上月落实情况", {"title": "上月落实情况", "anyOf": [
        {"type": "string", "minLength": 1},
        {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
    ], "description": "对上月工作的通报：一段文字，或逐条列出（编号 1. 2. …）；不进入清单"}),
}
"""Block types (内容块) by key: (Chinese name, schema of the value)."""

BLOCK = {
    "type": "object",
    "title": "内容块",
    "description": "每块写且只写一种内容：" + "、".join(f"{k}（{v[0]}）" for k, v in BLOCK_TYPES.items())
                   + "；可加 heading 作二级标题（自动编号（一）（二）…）",
    "properties": {
        "heading": _text("二级标题", "本块的标题，自动编号为（一）（二）…；已写编号的照原文显示"),
        **{k: v[1] for k, v in BLOCK_TYPES.items()},
        "continue_numbering": {"type": "boolean", "title": "接续编号",
                               "description": "工作安排或要求的编号接着上一块继续，而不是从 1 开始"},
        "type": {"enum": ["文件", "文章"], "title": "本块学习材料的默认类型", "description": "只用于 readings 块"},
        "mode": {"enum": ["集体学习", "自学"], "title": "本块学习材料的学习方式", "description": "只用于 readings 块；不逐条显示"},
        "mode_style": {"enum": ["label", "bold"], "title": "学习方式的标示",
                       "description": "只用于 readings 块。label（默认）：在标题后写出“集体学习”“自学”；"
                                      "bold：集体学习的条目以黑体加粗标出、不写标签（原文写明“黑体加粗项为集体学习内容”时用）"},
    },
    "additionalProperties": False,
    "oneOf": [{"required": [k]} for k in BLOCK_TYPES],
}

SECTION = _obj(
    "部分",
    {
        "heading": _text("一级标题", "照原文写，不含编号；自动编号为 一、二、…；已写编号的照原文显示"),
        "numbered": {"type": "boolean", "title": "是否编号", "description": "默认 true；false 则标题前不加“一、”"},
        "blocks": _list("内容块", BLOCK, "按顺序排列", 1),
    },
    required=["heading", "blocks"],
)

MONTH = _obj(
    "月度指导材料",
    {
        "$schema": {"type": "string"},
        "month": _text("月份", "年-月，须与文件名一致", pattern=r"^\d{4}-(0[1-9]|1[0-2])$", format="month-or-date",
                       **{"x-hint": "写成 年-月，月份补足两位，例如 2019-10"}),
        "title": _text("标题", "照原文写，例如 党支部组织生活指导材料，或 关于开展2025年9月主题党日活动的通知"),
        "publisher": _text("发布单位", "省略时取 organisation.yml 的 name"),
        "form": {"enum": ["booklet", "notice"], "title": "版式",
                 "description": "booklet：指导材料（有封面，默认）；notice：通知（GB/T 9704 公文格式，无封面）"},
        "cover": {"type": "boolean", "title": "封面", "description": "小册子是否有封面页；booklet 默认有，notice 默认无"},
        "title_month": {"type": "boolean", "title": "标题前加月份",
                        "description": "省略时：标题中没有本月月份才在前面加“2019年10月”；true 总是加，false 从不加"},
        "ordinal": {"type": "integer", "minimum": 1, "maximum": 99, "title": "期次", "description": "第几次，封面显示为“第六次”"},
        "published": {**DATE, "title": "印发日期"},
        "issuer": _text("发文机关标志", "版头的发文机关名称（通知）"),
        "doc_number": _text(
            "文号", "发文机关代字〔年份〕序号号",
            pattern=r"^\S+〔\d{4}〕[1-9]\d*号$",
            **{"x-hint": "文号写成 校党组发〔2019〕14号：年份用六角括号〔〕，序号不补零"},
        ),
        "addressee": _text("主送机关", "例如 各党总支、直属党支部（不写冒号）"),
        "opening": _text("开头", "正文第一段（Markdown），例如 现将……通知如下，请遵照执行。"),
        "sections": _list("正文各部分", SECTION, "按原文顺序；每部分一个一级标题", 1),
        "closing": _text("结尾", "例如 特此通知。"),
        "signature": _text("落款", "发文机关署名"),
        "date": {**DATE, "title": "成文日期"},
        "contact": _obj("联系方式", {
            "person": _text("联系人"), "phone": _text("电话"), "email": _text("邮箱", "", pattern=r"^[^@\s]+@[^@\s]+$",
                                                                              **{"x-hint": "写完整邮箱，例如 zzb@ustb.edu.cn"}),
        }),
        "attachments": _list("附件", {"type": "string", "pattern": r"\.md$", "x-hint": "写附件 .md 文件名，例如 附件1-通知.md"}),
    },
    required=["month", "title", "sections"],
)

DEADLINE = _obj(
    "报送期限",
    {
        "date": {**DATE, "title": "日期"},
        "time": {**TIME, "title": "时间"},
        "period": _text("时限（文字）", "没有具体日期时写时限，例如 11月中旬、长期坚持；与 date 二选一"),
        "text": _text("事项"),
        "responsible": {"enum": RESPONSIBLE, "title": "责任人"},
        "applies_to": _list("适用对象", {"enum": APPLIES_TO}, "", 1),
    },
    required=["text"],
)

DOCUMENT = _obj(
    "附件/文件信息",
    {
        "title": _text("标题"),
        "pretitle": _text("引题", "标题上方的一行"),
        "issuer": _text("发文机关标志", "版头的发文机关名称"),
        "doc_number": _text(
            "文号", "发文机关代字〔年份〕序号号",
            pattern=r"^\S+〔\d{4}〕[1-9]\d*号$",
            **{"x-hint": "文号写成 校党组发〔2019〕14号：年份用六角括号〔〕，序号不补零"},
        ),
        "signature": _text("落款", "发文机关署名"),
        "date": {**MONTH_OR_DATE, "title": "成文日期"},
        "contact": _obj("联系方式", {
            "person": _text("联系人"), "phone": _text("电话"), "email": _text("邮箱", "", pattern=r"^[^@\s]+@[^@\s]+$",
                                                                              **{"x-hint": "写完整邮箱，例如 zzb@ustb.edu.cn"}),
        }),
        "annex_titles": _list("未收录附件名称", {"type": "string", "minLength": 1}),
        "annexes": _list("收录的附件", {"type": "string", "pattern": r"\.md$", "x-hint": "写 .md 文件名"}),
        "deadlines": _list("报送期限", DEADLINE),
        "landscape": {"type": "boolean", "title": "横排",
                      "description": "整份文件横排打印（宽表格、表单）：印在转向的 A4 页上，页码位置不变（GB/T 9704-2012 第10.1条）"},
    },
    required=["title"],
)

RULE = _obj(
    "常规工作",
    {
        "id": _text("编号", "英文小写，用于日历和清单的稳定编号", pattern=r"^[a-z][a-z0-9-]*$",
                    **{"x-hint": "只用英文小写字母、数字和连字符，例如 branch-committee"}),
        "name": _text("名称"),
        "frequency": {"enum": ["monthly", "quarterly", "yearly"], "title": "频次",
                      "description": "monthly 每月、quarterly 每季度、yearly 每年"},
        "months": _list("安排在哪些月份", {"type": "integer", "minimum": 1, "maximum": 12},
                        "每季度或每年的工作安排在哪几个月；每月的工作省略"),
        "day": {"type": "integer", "minimum": 1, "maximum": 28, "title": "固定日", "description": "每月固定的日子（主题党日）"},
        "responsible": {"enum": RESPONSIBLE, "title": "责任人"},
        "applies_to": _list("适用对象", {"enum": APPLIES_TO}, "", 1),
        "source": _text("依据", "条例名称和条款"),
        "text": _text("清单文字"),
        "terms": _list("同义说法", _text("说法"),
                       "本月工作安排或会议写到名称或这些说法时，就代替这条常规工作，清单中不再另列，例如 [支委会, 支部委员会]"),
    },
    required=["id", "name", "frequency", "source"],
)

RULES = _obj(
    "常规工作规则",
    {
        "rules": _list("常规工作", RULE, "", 1),
        "study_hours": _obj("学时要求", {
            "members": {"type": "number", "minimum": 0, "title": "党员每年学时"},
            "secretaries": {"type": "number", "minimum": 0, "title": "支部书记和委员每年学时"},
            "source": _text("依据"),
        }, required=["members", "secretaries"]),
    },
    required=["rules"],
)

SCHEMAS = {"organisation": ORGANISATION, "month": MONTH, "document": DOCUMENT, "rules": RULES}
"""Every schema by the name it is published under (``schema/<name>.schema.json``)."""


_format_checker = FormatChecker(formats=())


YEARS = (1921, 2099)
"""Years a month or date may fall in (first and last). Outside them every output broke differently:
year 1 gave the booklet English warnings, year 9999 crashed the site engine (a gzip time past 2106)."""


def _year_in_range(value: str) -> None:
    if value[:4].isdigit() and not YEARS[0] <= int(value[:4]) <= YEARS[1]:
        raise ValueError(value)


@_format_checker.checks("date", raises=ValueError)
def _is_date(value: object) -> bool:
    if isinstance(value, str) and len(value) == 10:
        dt.date.fromisoformat(value)
        _year_in_range(value)
    return True


@_format_checker.checks("month-or-date", raises=ValueError)
def _is_month_or_date(value: object) -> bool:
    if isinstance(value, str) and len(value) >= 7:
        _year_in_range(value)
    if isinstance(value, str) and len(value) == 10:
        dt.date.fromisoformat(value)
    elif isinstance(value, str) and len(value) == 7 and not 1 <= int(value[5:]) <= 12:
        raise ValueError(value)
    return True


_TYPE_NAMES = {"string": "文本", "integer": "整数", "number": "数字", "array": "列表", "object": "键值对",
               "boolean": "是/否", "null": "空值"}


def _type_name(value: Any) -> str:
    return {str: "文本", int: "整数", float: "数字", list: "列表", dict: "键值对", bool: "是/否",
            type(None): "空值"}.get(type(value), type(value).__name__)


def describe_path(path: list) -> str:
    """A JSON path such as ``['work_items', 2, 'deadline']`` as ``work_items › 第3项 › deadline``."""
    parts = [f"第{p + 1}项" if isinstance(p, int) else str(p) for p in path]
    return " › ".join(parts) if parts else "文件"


def _subschema(schema: dict, path: list) -> dict:
    node = schema
    for key in path:
        if isinstance(key, int):
            node = node.get("items", {})
        else:
            node = node.get("properties", {}).get(key, {})
    return node


def _zh_date(value: str) -> str:
    y, m, *d = value.split("-")
    return f"{int(y)}年{int(m)}月" + (f"{int(d[0])}日" if d else "")


_CLERK_DATE = re.compile(r"^\s*(\d{4})\s*(?:[./年\-－—]\s*)(\d{1,2})\s*(?:[./月\-－—]\s*)(\d{1,2})\s*日?\s*$"
                         r"|^(\d{4})(\d{2})(\d{2})$")
_CLERK_MONTH = re.compile(r"^\s*(\d{4})\s*[./年\-－—]\s*(\d{1,2})\s*月?\s*$")


def clerk_date(value: object) -> str | None:
    """The ISO form (``2019-11-15``) of a date written the way clerks write it, or ``None``.

    Accepts 2019.11.15, 2019/11/15, 2019年11月15日, 2019-11-5 and 20191115 (a YAML integer) when
    they name a real day: the forms that can mean only one date. Used to give the exact fix.
    """
    text = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    if text is None:
        return None
    import unicodedata

    match = _CLERK_DATE.match(unicodedata.normalize("NFKC", text))
    if not match:
        return None
    y, m, d = (int(g) for g in (match.groups()[:3] if match[1] else match.groups()[3:]))
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def clerk_month(value: object) -> str | None:
    """``2019-11`` for 2019.11, 2019/11 or 2019年11月; ``None`` for anything else."""
    import unicodedata

    match = _CLERK_MONTH.match(unicodedata.normalize("NFKC", str(value))) if isinstance(value, str) else None
    if not match or not 1 <= int(match[2]) <= 12:
        return None
    return f"{int(match[1]):04d}-{int(match[2]):02d}"


def _owners_of(schema: dict, key: str) -> list[str]:
    """The names of the mappings in ``schema`` that have a property ``key`` (``place`` → ``meeting``)."""
    out: list[str] = []

    def visit(node: Any, name: str) -> None:
        if isinstance(node, dict):
            props = node.get("properties")
            if isinstance(props, dict):
                if key in props and name and name not in out:
                    out.append(name)
                for k, v in props.items():
                    visit(v, k)
            for k, v in node.items():
                if k != "properties":
                    visit(v, name)
        elif isinstance(node, list):
            for v in node:
                visit(v, name)
    visit(schema, "")
    return out


def _subschema_type(error: ValidationError) -> str:
    """The JSON type of the anyOf branch an error came from (``string``, ``object`` …)."""
    branch = error.relative_schema_path[0] if error.relative_schema_path else None
    parent = error.parent.schema if error.parent is not None else {}
    options = parent.get("anyOf", []) if isinstance(parent, dict) else []
    if isinstance(branch, int) and branch < len(options):
        return options[branch].get("type", "")
    return ""


def _translate(error: ValidationError, located: Located, schema: dict) -> list[ContentError]:
    path = list(error.absolute_path)
    where = describe_path(path)
    sub = error.schema if isinstance(error.schema, dict) else {}
    title = sub.get("title", "")
    label = f"{where}（{title}）" if title else where
    line, col = located.position(path)
    file = located.path

    if error.validator == "oneOf" and isinstance(error.instance, dict):
        present = [k for k in BLOCK_TYPES if k in error.instance]
        names = "、".join(f"{k}（{v[0]}）" for k, v in BLOCK_TYPES.items())
        if not present:
            return [ContentError(file, line, col, f"{where} 没有写内容类型", f"每块写且只写一种：{names}")]
        return [ContentError(file, line, col, f"{where} 同时写了 {'、'.join(present)}，一块只能有一种内容",
                             "把它们分成几块，每块以“- ”开头")]
    if error.validator == "anyOf" and error.context:
        # report the branch that matches what the author wrote (a mapping or a text), not every branch
        wanted = "object" if isinstance(error.instance, dict) else "array" if isinstance(error.instance, list) else "string"
        branch = [e for e in error.context if _subschema_type(e) == wanted and e.validator != "type"]
        if branch:
            out = []
            for sub_error in branch:
                out.extend(_translate(sub_error, located, schema))
            return out
        kinds = "或".join(_TYPE_NAMES.get(_subschema_type(e), "") for e in error.context if e.validator == "type")
        return [ContentError(file, line, col, f"{label} 应为{kinds or '文本'}，现在是{_type_name(error.instance)}",
                             sub.get("description", ""))]
    if error.validator == "additionalProperties":
        allowed = list(sub.get("properties", {}))
        out = []
        for extra in sorted(set(error.instance) - set(allowed)):
            kline, kcol = located.key_position(path, extra)
            close = difflib.get_close_matches(extra, allowed, n=1, cutoff=0.6)
            fix = f"是否应为“{close[0]}”？" if close else ""
            owners = _owners_of(schema, extra)
            if not close and owners:
                fix = (f"“{extra}”是 {'、'.join(owners[:3])} 下面的键：检查它的缩进，应与同一块里的其他键左对齐"
                       f"（比上一级多缩进两个空格）。")
            fix += "这里可用的键：" + "、".join(
                f"{k}（{sub['properties'][k].get('title', '')}）" if sub["properties"][k].get("title") else k
                for k in allowed if not k.startswith("$"))
            out.append(ContentError(file, kline, kcol, f"未知的键“{extra}”", fix))
        return out
    if error.validator == "required":
        missing = [k for k in sub.get("required", []) if k not in error.instance]
        return [ContentError(file, line, col,
                             f"{where} 缺少必填项“{k}”（{sub['properties'][k].get('title', '')}）",
                             f"添加一行 {k}: …")
                for k in missing]
    wide = re.search(r"[\uff01-\uff5e\u3000]", error.instance) if isinstance(error.instance, str) else None
    if wide and error.validator in ("pattern", "format", "type"):  # ２０１９-１０-３１, ６: typed with a Chinese input method
        import unicodedata

        return [ContentError(file, line, col, f"{label} 中有全角字符“{wide.group()}”：“{error.instance}”",
                             f"日期、时间和数字要用半角（英文输入法）输入，写成 {unicodedata.normalize('NFKC', error.instance)}")]
    # 2019.11.15 and the like (full-width digits were answered above)
    iso = clerk_date(error.instance) if error.validator in ("pattern", "format", "type") else None
    if iso and iso != error.instance and ("date" in str(sub.get("format", "")) or "date" in str(sub.get("x-hint", ""))
                                          or sub.get("pattern") in (DATE["pattern"], MONTH_OR_DATE["pattern"])):
        return [ContentError(file, line, col, f"{label} 的日期写法“{error.instance}”不能识别：日期要写成 年-月-日，用短横线连接",
                             f"写成 {iso}")]
    if error.validator == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        want = "或".join(_TYPE_NAMES.get(t, t) for t in expected)
        fix = ""
        if "array" in expected:
            fix = "写成列表：每项一行，以“- ”开头；只有一项也要写成列表，例如 [全体]"
        elif "string" in expected and isinstance(error.instance, (int, float)):
            fix = "给这个值加上引号"
        elif "integer" in expected and isinstance(error.instance, str) and _zh_ordinal(error.instance):
            fix = f"只写数字：{path[-1] if path and isinstance(path[-1], str) else ''}: {_zh_ordinal(error.instance)}"
        return [ContentError(file, line, col, f"{label} 应为{want}，现在是{_type_name(error.instance)}", fix)]
    if error.validator == "enum":
        options = "、".join(str(v) for v in error.validator_value)
        return [ContentError(file, line, col, f"{label} 的值“{error.instance}”不在可选范围内", f"可选：{options}")]
    if error.validator == "pattern" and path and path[-1] == "deadline" and _CJK.search(str(error.instance)):
        siblings = _subschema(schema, path[:-1]).get("properties", {})
        fix = (f"没有具体日期的时限写在 period（时限文字）里：把“deadline:”改成“period: {error.instance}”" if "period" in siblings
               else "deadline 要写具体日期，例如 2019-10-15；只有大致时限时写在文字里")
        return [ContentError(file, line, col, f"{label} 要写具体日期，现在是文字“{error.instance}”", fix)]
    if error.validator == "pattern":
        return [ContentError(file, line, col, f"{label} 的写法不对：“{error.instance}”", sub.get("x-hint", ""))]
    if error.validator == "format" and str(error.instance)[:4].isdigit() \
            and not YEARS[0] <= int(str(error.instance)[:4]) <= YEARS[1]:
        return [ContentError(file, line, col, f"{label} 的年份 {int(str(error.instance)[:4])} 不在 {YEARS[0]}–{YEARS[1]} 年之间",
                             "检查年份是否写错（例如把 2019 写成了 0019 或 9019）")]
    if error.validator == "format" and not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", str(error.instance)):
        return [ContentError(file, line, col, f"{label} 的写法不对：“{error.instance}”", sub.get("x-hint", ""))]
    if error.validator == "format":
        return [ContentError(file, line, col, f"{label} 日期不存在：{_zh_date(error.instance)}",
                             "检查月份和日期，例如 2 月没有 30 日")]
    if error.validator in ("minLength", "minItems"):
        return [ContentError(file, line, col, f"{label} 不能为空", "填写内容，或删去这一项")]
    if error.validator in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        low = sub.get("minimum", sub.get("exclusiveMinimum", ""))
        high = sub.get("maximum", "")
        return [ContentError(file, line, col, f"{label} 的值 {error.instance} 超出范围",
                             f"应在 {low} 到 {high} 之间" if high != "" else f"应大于 {low}")]
    return [ContentError(file, line, col, f"{label}：{error.message}")]


def validate(located: Located, schema: dict) -> list[ContentError]:
    """Validates a parsed file against one of the schemas above.

    Args:
        located: the parsed file with its positions.
        schema: one of :data:`SCHEMAS`.

    Returns:
        Every violation as a Chinese :class:`ContentError` with file, line and
        column; an empty list when the file is valid.
    """
    validator = Draft202012Validator(schema, format_checker=_format_checker)
    errors: list[ContentError] = _text_taken_for_keys(located)
    taken = {tuple(keys) for keys in _cjk_key_paths(located.data)}
    found = sorted(validator.iter_errors(plain(located.data)), key=lambda e: list(map(str, e.absolute_path)))
    found = [e for e in found if not any(tuple(e.absolute_path)[:len(t)] == t for t in taken)]
    # a mistyped block key ("work_itmes") is one mistake: report the unknown key, not also the missing type
    unknown = {tuple(e.absolute_path) for e in found if e.validator == "additionalProperties"}
    for error in found:
        if error.validator == "oneOf" and tuple(error.absolute_path) in unknown:
            continue
        errors.extend(_translate(error, located, schema))
    return [_hint_comment(e, located) for e in errors]


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _cjk_key_paths(data: Any, keys: tuple = ()):
    """Paths of the mappings that have a key written in Chinese: no schema has one, so each is text
    holding an English colon and a space (``- 注意: 严格执行……``), which YAML reads as “键: 值”."""
    if isinstance(data, dict):
        if any(isinstance(k, str) and _CJK.search(k) for k in data):
            yield keys
            return
        for k, v in data.items():
            yield from _cjk_key_paths(v, keys + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _cjk_key_paths(v, keys + (i,))


def _text_taken_for_keys(located: Located) -> list[ContentError]:
    """One error for each text that YAML read as a mapping because of “: ” inside it (see :func:`_cjk_key_paths`)."""
    out = []
    for keys in _cjk_key_paths(located.data):
        node = located.data
        for k in keys:
            node = node[k]
        key = next(k for k in node if isinstance(k, str) and _CJK.search(k))
        line, col = located.key_position(list(keys), key)
        out.append(ContentError(located.path, line, col,
                                f"文字“{key}: ……”中的英文冒号加空格，让 YAML 把它当成了“键: 值”",
                                f"把英文冒号改成中文冒号（{key}：……），或给整段文字加引号"))
    return out


def _hint_comment(error: ContentError, located: Located) -> ContentError:
    """``error`` with a hint about ``#`` when its line reads ``key: #……``: YAML took the text for a comment."""
    if not error.line:
        return error
    try:
        source = located.path.read_text(encoding="utf-8").split("\n")
        text = source[error.line - 1 - located.line_offset] if error.line - 1 - located.line_offset >= 0 else ""
    except (OSError, UnicodeDecodeError, IndexError):
        return error
    match = re.match(r"^\s*(?:-\s+)?([\w-]+):\s+(#.*)$", text)
    if not match:
        return error
    from dataclasses import replace

    return replace(error, message=error.message + f"（“{match[2][:12]}”以 # 开头，被当作了注释）",
                   fix=f"以 # 开头的文字要加引号：{match[1]}: \"{match[2]}\"")


_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _zh_ordinal(text: str) -> int | None:
    """7 for 第七次, 七, 第7期; 1–99; ``None`` for anything else."""
    match = re.fullmatch(r"\s*第?\s*([0-9一二两三四五六七八九十〇零]{1,3})\s*[次期号]?\s*", text)
    if not match:
        return None
    t = match[1]
    if t.isdigit():
        return int(t)
    if "十" in t:
        tens, _, ones = t.partition("十")
        value = (_ZH_DIGITS.get(tens, 0) if tens else 1) * 10 + (_ZH_DIGITS.get(ones, 0) if ones else 0)
        return value if (not tens or tens in _ZH_DIGITS) and (not ones or ones in _ZH_DIGITS) else None
    return _ZH_DIGITS.get(t) if len(t) == 1 else None


def export(name: str) -> dict:
    """The schema ``name`` as a standalone JSON Schema document for editors."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{name}.schema.json", **SCHEMAS[name]}
