"""The content schema: JSON Schema (draft 2020-12) for every file an author writes.

One schema per kind of file:

* :data:`ORGANISATION` for ``data/organisation.yml`` (组织信息);
* :data:`MONTH` for ``data/months/YYYY-MM.yml`` (月度指导材料);
* :data:`DOCUMENT` for the front matter of ``content/**/*.md`` (附件 / 文件);
* :data:`RULES` for ``data/rules.yml`` (常规工作规则, the standing rules).

The same dictionaries are published to ``schema/*.schema.json`` (``python -m
generator schema``) so that an editor completes and checks YAML as it is typed.
:func:`validate` runs a schema over a parsed file and turns each violation into
a :class:`~generator.errors.ContentError` in Chinese, with line and column.

Keys are English identifiers; each carries its Chinese name in ``title`` and a
short Chinese ``description``. ``x-hint`` on a property is the fix shown when
its pattern does not match.
"""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from .errors import ContentError
from .yamlio import Located, plain

APPLIES_TO = ["全体", "教职工", "学生", "离退休", "机关"]
"""Kinds of member or branch an item applies to (适用对象)."""

RESPONSIBLE = ["支部书记", "支委会", "全体党员"]
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
            {role: _list(title, {"type": "string", "minLength": 1}, "字体名，按顺序回退", 1)
             for role, title in [("body", "正文（仿宋）"), ("title", "标题（小标宋）"),
                                 ("heiti", "黑体"), ("kaiti", "楷体")]},
        ),
        "branch_kinds": _list("党支部类型", {"enum": APPLIES_TO[1:]},
                              "本单位有哪些类型的党支部；某月有只适用于某类党员的工作时，为每类支部各出一份小册子和清单", 1),
    },
    required=["name", "site_url"],
)

WORK_ITEM = _obj(
    "工作安排",
    {
        "text": _text("原文", "该项工作的原文（Markdown，可多段）"),
        "summary": _text("要点", "清单上显示的简短要点；省略时取原文第一句"),
        "kind": {"enum": ["规定", "自选"], "title": "类别", "description": "规定动作或自选动作，默认 规定"},
        "applies_to": _list("适用对象", {"enum": APPLIES_TO}, "默认 [全体]", 1),
        "responsible": {"enum": RESPONSIBLE, "title": "责任人", "description": "默认 全体党员"},
        "deadline": {**DATE, "title": "完成期限"},
        "period": _text("完成时限（文字）", "没有具体日期时写时限，例如 11月中旬、长期坚持；与 deadline 二选一"),
        "hours": {"type": "number", "exclusiveMinimum": 0, "maximum": 100, "title": "学时", "description": "计入的学习学时"},
        "covers": _list("对应的常规工作", {"type": "string", "pattern": r"^[a-z][a-z0-9-]*$",
                                             "x-hint": "写 data/rules.yml 中常规工作的 id，例如 branch-committee"},
                        "本项已包含 data/rules.yml 中的哪些常规工作（写 id），清单中不再重复列出"),
    },
    required=["text"],
)

READING = _obj(
    "学习材料",
    {
        "title": _text("标题", "不加书名号"),
        "source": _text("出处"),
        "link": _text("链接", "", pattern=r"^https?://", **{"x-hint": "链接以 http:// 或 https:// 开头"}),
        "document": _text("本站文件", "content/ 下的 .md 文件，相对于本月文件夹", pattern=r"\.md$",
                          **{"x-hint": "写 .md 文件的路径，例如 ../documents/xxx.md"}),
        "level": {"enum": ["必学", "选学"], "title": "必学/选学"},
        "mode": {"enum": ["集体学习", "自学"], "title": "学习方式"},
        "item": {"type": "integer", "minimum": 1, "title": "所在工作安排项号"},
    },
    required=["title"],
)

MONTH = _obj(
    "月度指导材料",
    {
        "$schema": {"type": "string"},
        "month": _text("月份", "年-月，须与文件名一致", pattern=r"^\d{4}-(0[1-9]|1[0-2])$",
                       **{"x-hint": "写成 年-月，月份补足两位，例如 2019-10"}),
        "ordinal": {"type": "integer", "minimum": 1, "maximum": 99, "title": "期次", "description": "第几次，封面显示为“第六次”"},
        "title": _text("标题", "默认 党支部组织生活指导材料"),
        "publisher": _text("发布单位", "默认取 organisation.yml 的 name"),
        "published": {**DATE, "title": "印发日期"},
        "headings": _obj("一级标题措辞", {
            "time_place": _text("时间及地点"), "content": _text("内容"), "requirements": _text("要求"),
        }),
        "meeting": _obj("时间及地点", {
            "date": {**DATE, "title": "会议日期"},
            "start": {**TIME, "title": "开始时间"},
            "end": {**TIME, "title": "结束时间"},
            "deadline": {**DATE, "title": "截止日期", "description": "显示为“××之前”，与 date 二选一"},
            "place": _text("会议地点"),
        }, required=["place"]),
        "theme": _text("活动主题"),
        "work_items": _list("工作安排", WORK_ITEM, "", 1),
        "readings": _list("学习材料", READING),
        "requirements": _list("要求", {"type": "string", "minLength": 1}),
        "attachments": _list("附件", {"type": "string", "pattern": r"\.md$", "x-hint": "写附件 .md 文件名，例如 附件1-通知.md"}),
    },
    required=["month", "meeting", "work_items"],
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


@_format_checker.checks("date", raises=ValueError)
def _is_date(value: object) -> bool:
    if isinstance(value, str) and len(value) == 10:
        dt.date.fromisoformat(value)
    return True


@_format_checker.checks("month-or-date", raises=ValueError)
def _is_month_or_date(value: object) -> bool:
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


def _translate(error: ValidationError, located: Located, schema: dict) -> list[ContentError]:
    path = list(error.absolute_path)
    where = describe_path(path)
    sub = error.schema if isinstance(error.schema, dict) else {}
    title = sub.get("title", "")
    label = f"{where}（{title}）" if title else where
    line, col = located.position(path)
    file = located.path

    if error.validator == "additionalProperties":
        allowed = list(sub.get("properties", {}))
        out = []
        for extra in sorted(set(error.instance) - set(allowed)):
            kline, kcol = located.key_position(path, extra)
            close = difflib.get_close_matches(extra, allowed, n=1, cutoff=0.6)
            fix = f"是否应为“{close[0]}”？" if close else ""
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
    if error.validator == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        want = "或".join(_TYPE_NAMES.get(t, t) for t in expected)
        fix = ""
        if "array" in expected:
            fix = "写成列表：每项一行，以“- ”开头；只有一项也要写成列表，例如 [全体]"
        elif "string" in expected and isinstance(error.instance, (int, float)):
            fix = "给这个值加上引号"
        return [ContentError(file, line, col, f"{label} 应为{want}，现在是{_type_name(error.instance)}", fix)]
    if error.validator == "enum":
        options = "、".join(str(v) for v in error.validator_value)
        return [ContentError(file, line, col, f"{label} 的值“{error.instance}”不在可选范围内", f"可选：{options}")]
    if error.validator == "pattern":
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
    errors: list[ContentError] = []
    for error in sorted(validator.iter_errors(plain(located.data)), key=lambda e: list(map(str, e.absolute_path))):
        errors.extend(_translate(error, located, schema))
    return errors


def export(name: str) -> dict:
    """The schema ``name`` as a standalone JSON Schema document for editors."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{name}.schema.json", **SCHEMAS[name]}
