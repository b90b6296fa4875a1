"""A recognised monthly notice → a draft ``data/months/YYYY-MM.yml`` in content model v2.

The model is ``/work/spec/content-model.md`` (issue 9): a month is an ordered
list of ``sections``, each a heading and typed ``blocks`` (prose, meeting,
theme, work_items, readings, requirements, review). The notice's outline
(:func:`~generator.importer.recognise.outline`) maps onto it:

* each 一、 heading is a section (its number is generated again, so it is
  dropped when it is the expected one, kept as written otherwise);
* a （一） heading heads the block(s) made from what is under it;
* 会议时间 / 会议地点 lines make one ``meeting`` block; a heading that names the
  主题 with text under it, or a 活动主题： line, makes a ``theme``;
* numbered items are ``requirements`` under a heading that says 要求,
  ``review`` under 上月落实情况, ``readings`` under a 学习内容 heading when they
  read as titles, and ``work_items`` everywhere else;
* a paragraph that continues an item stays in it; any other text is ``prose``;
* readings named in a work item's text (学习《…》) become ``readings`` tied to it
  (``item``), deadlines written in an item become its ``deadline`` (a day) or
  ``period`` (as written).

What could only be placed by a guess is said in the report and as a comment at
the place in the YAML.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import yaml

from types import SimpleNamespace

from ..model import tasks, zh
from . import patterns as P
from .recognise import Doc, Node, Notice, Remark
from .source import Para, Table
from .text import md_paragraph, table_markdown, yaml_comment, yaml_scalar, yaml_text

_GAP = r"[\s\u3000]*"
MEETING_TIME = re.compile(rf"^(?:(?:会议|活动|组织生活会?|学习)?时{_GAP}间)\s*[：:]\s*(.+)$")
MEETING_PLACE = re.compile(rf"^(?:(?:会议|活动|组织生活会?|学习)?地{_GAP}点)\s*[：:]\s*(.+)$")
TIME_AND_PLACE = re.compile(rf"^(?:(?:会议|活动|组织生活会?|学习)?时{_GAP}间(?:及|和|与|、)?地{_GAP}点)\s*[：:]\s*(.+)$")
"""时间地点：2025年11月20日下午2:30，各支部党员活动室 — the slot, then the place."""
THEME_LINE = re.compile(rf"^(?:\d{{1,2}}月)?(?:活动|学习)?主{_GAP}题\s*[：:]\s*(.+)$")
"""时间：, 地点：, 主题： lines; the labels may be spread to the width of others (时　　间：) as Word users align them."""
REQUIREMENT_WORDS = ("要求",)
REVIEW_WORDS = ("落实情况", "上月", "回顾", "完成情况")
READING_WORDS = ("学习内容", "学习材料", "学习篇目", "学习书目", "必读", "书目", "理论学习", "学习资料", "学习文件")
GENERAL_WORDS = ("总体要求", "指导思想", "基本原则", "总体目标", "工作目标", "目标任务")
"""Headings of general points (not tasks): their numbered paragraphs stay prose."""
CHINESE_ITEM_LABEL = re.compile(r"^\s*[（(][一二三四五六七八九十]+[）)]")
"""An item numbered （一） in the notice: the number is kept in its text, as written."""
STUDY_TOPICS = re.compile(r"学习重点|重点学习内容|学习要点|研讨重点|研讨题目|交流重点|研讨主题")
"""Headings of topics to study or discuss: their numbered points stay prose, not work items."""
STUDY_MODES = ((re.compile(r"(?:集体|集中)学习(?:内容|篇目|材料)?"), "集体学习"),
               (re.compile(r"(?:个人)?自学(?:内容|篇目|材料)?"), "自学"))
STUDY_LEVELS = ((re.compile(r"必学(?:内容|篇目|材料|书目)?"), "必学"), (re.compile(r"选学(?:内容|篇目|材料|书目)?"), "选学"))
READING_COLUMNS = (
    ("number", re.compile(r"序号|编号")),
    ("title", re.compile(r"(?:学习)?(?:篇目|题目|标题|内容|材料|书目|文章|文件|名称)(?:名称)?")),
    ("source", re.compile(r"出处|来源|作者|发布单位|媒体|刊载|出版社")),
    ("link", re.compile(r"链接|网址|学习链接")),
    ("mode", re.compile(r"(?:学习)?(?:形式|方式)")),
    ("level", re.compile(r"类别|类型|要求|必学/选学|必学或选学")),
)
"""The columns of a table of readings, by what a reading holds (序号 is dropped)."""
READING_MARK_BEFORE = re.compile(r"^[【\[（(]\s*(必学|选学|集体学习|集中学习|个人自学|自学)\s*[】\]）)]\s*")
LINK_LINE = re.compile(r"^(?:[^\s：:]{0,8}(?:链接|网址|地址))?\s*[：:]?\s*(https?://\S+?)[。；;]?$")
"""A link under a reading: 学习链接：, 学习强国链接：, 原文网址：, or the address alone."""
LINK_LABEL = re.compile(r"^[^\s：:]{0,8}(?:链接|网址|地址)\s*[：:]")
CONTENTS_LINE = re.compile(r"^(?:(?:重点|学习|有关|具体)?(?:篇目|章节|目录)\s*[：:]\s*\S.*|(?:《[^《》]+》\s*[、，,；;]?\s*)+)$")
"""The 篇目 of a volume or 专题 written under it (篇目：《…》《…》, or the titles alone): part of the reading."""
SOURCE_LINE = re.compile(r"^(?:出处|来源)\s*[：:]\s*(.+)$")
READING_MARK = re.compile(r"[（(【\[]\s*(必学|选学|集体学习|集中学习|个人自学|自学)\s*[）)】\]]$")
TASK_START = re.compile(r"^(?:组织|开展|召开|举办|举行|参加|参观|观看|收看|收听|学习|研读|领学|集中|集体|个人|重温|认真|深入|围绕|结合|按照|"
                        r"根据|做好|完成|落实|推进|请|要|由|通过|利用|坚持|各(?:级|党|支部|单位))")
"""How a task opens (组织党员…, 各党支部要…): a line opening so is not the title of a reading."""
SLOT_ONLY = re.compile(r"(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日[^，,；;。]{0,30}")
NUMBER_COLUMN = re.compile(r"序号|编号|项次")
TASK_COLUMN = re.compile(r"(?:工作|重点|主要|具体|活动|学习)?(?:内容|任务|事项|安排|措施|项目)(?:及要求|要求)?|工作要点|重点工作")
WHEN_COLUMN = re.compile(r"(?:完成|办结|计划|截止)?(?:时限|期限|时间|日期|时间节点)(?:要求|安排)?|进度安排")
WHO_COLUMN = re.compile(r"(?:责任|牵头|主责|配合|参与)(?:部门|单位|人|领导|处室)|责任主体|负责人|落实部门")
"""The columns of a table of tasks (序号 | 工作内容 | 完成时限 | 责任部门)."""
KIND_CELL = re.compile(r"^(?:类别|类型|分类|动作|性质)：自选(?:动作)?$")
"""A table of tasks' 类别 cell saying the row is a 自选动作 (optional task)."""
HOURS = re.compile(r"(\d{1,2}(?:\.\d)?)\s*个?学时")
"""学时 written in an item (不少于4学时, 2个学时): the study hours it credits (党员教育管理工作条例 art. 20)."""
YEARLY = re.compile(r"全年|每年|年度|一年|累计")
BOLD_MEANS_COLLECTIVE = re.compile(r"(?:黑体)?加粗.{0,8}集体学习")


@dataclass
class MonthDraft:
    """The month file to write: its data (dicts in order), comments by the object they precede, and remarks."""

    data: dict
    comments: dict[int, list] = field(default_factory=dict)
    """Comment lines (``str``, or a :class:`Remark` written as 导入提示 when the text is made) by ``id``."""
    remarks: list[Remark] = field(default_factory=list)

    def note(self, obj, remark: Remark) -> None:
        """Records ``remark`` for the report and as a comment above ``obj`` in the YAML."""
        self.remarks.append(remark)
        self.comments.setdefault(id(obj), []).append(remark)

    def text(self, header: str = "") -> str:
        """The YAML text; checked to load back to ``data``."""
        out = [yaml_comment(header)] if header else []
        comments = {k: [c if isinstance(c, str) else "导入提示：" + c.message_line() for c in v]
                    for k, v in self.comments.items()}
        out += _emit_mapping(self.data, 0, comments)
        text = "\n".join(out) + "\n"
        loaded = yaml.safe_load(text)
        if _normal(loaded) != _normal(self.data):
            raise RuntimeError("month YAML writer produced text that does not load back to the data")
        return text


# -- YAML emitter (comments where they belong) -------------------------------------------------------------
TEXT_KEYS = {"text", "theme", "prose", "opening", "closing", "review", "summary", "title", "heading", "place"}


def _emit_mapping(data: dict, indent: int, comments: dict[int, list[str]], first_prefix: str | None = None) -> list[str]:
    pad = " " * indent
    out = []
    for k, (key, value) in enumerate(data.items()):
        prefix = first_prefix if (k == 0 and first_prefix is not None) else pad
        if id(value) in comments and isinstance(value, (dict, list)):
            out += [yaml_comment(c, indent) for c in comments[id(value)]]
        if isinstance(value, dict):
            out.append(f"{prefix}{key}:")
            out += _emit_mapping(value, indent + 2, comments)
        elif isinstance(value, list):
            if not value:
                out.append(f"{prefix}{key}: []")
                continue
            if all(not isinstance(v, (dict, list)) for v in value) and key in ("applies_to", "covers"):
                out.append(f"{prefix}{key}: [" + ", ".join(yaml_scalar(v) for v in value) + "]")
                continue
            out.append(f"{prefix}{key}:")
            for item in value:
                for c in comments.get(id(item), []):
                    out.append(yaml_comment(c, indent + 2))
                if isinstance(item, dict):
                    out += _emit_mapping(item, indent + 4, comments, first_prefix=pad + "  - ")
                elif isinstance(item, str):
                    out.append(f"{pad}  - {yaml_text(item, indent + 4)}")
                else:
                    out.append(f"{pad}  - {yaml_scalar(item)}")
        elif isinstance(value, str) and key in TEXT_KEYS:
            out.append(f"{prefix}{key}: {yaml_text(value, indent + 2)}")
        else:
            out.append(f"{prefix}{key}: {yaml_scalar(value)}")
    return out


def _normal(value):
    if isinstance(value, dict):
        return {str(k): _normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# -- building the month ---------------------------------------------------------------------------------
def month_draft(notice: Notice, key: str, attachment_names: list[str], org_name: str | None,
                default_title: str, rule_names: dict | None = None) -> MonthDraft:
    """Builds the draft month ``key`` (``YYYY-MM``) from ``notice``.

    Args:
        attachment_names: file names (in ``content/YYYY-MM/``) of the attachments, in order.
        org_name: the organisation's name (``organisation.yml`` ``name``), to leave ``publisher`` out when equal.
        default_title: the title to use when the notice has none (with a remark).
        rule_names: standing rules by id (``data/rules.yml``): ``id → (name, terms)`` (or the name
            alone); a work item or meeting that names one gets ``covers: [id]`` as data.
    """
    main = notice.main
    year, month = int(key[:4]), int(key[5:])
    builder = _Builder(main, year, month, rule_names or {})
    draft = builder.draft
    data = draft.data
    data["month"] = key
    title = main.title or (main.cover.title if main.cover else None)
    if not title:
        title = default_title
        draft.note(data, Remark(None, "", f"文件中没有找到标题，暂用“{default_title}”，请改为通知的标题"))
    data["title"] = title
    publisher = (main.cover.publisher if main.cover else None) or main.signature or main.issuer
    if publisher and publisher != org_name:
        data["publisher"] = publisher
    is_notice = main.cover is None and bool(main.addressee or main.issuer or main.doc_number or title.startswith("关于"))
    if is_notice:
        data["form"] = "notice"
    if main.cover and main.cover.ordinal:
        data["ordinal"] = main.cover.ordinal
    if main.cover and main.cover.month and main.cover.month != (year, month):
        draft.note(data, Remark(None, f"{main.cover.month[0]}年{main.cover.month[1]}月",
                                f"封面上的月份与导入的月份 {key} 不同，请核对"))
    if main.issuer:
        data["issuer"] = main.issuer
    if main.doc_number:
        data["doc_number"] = main.doc_number
    if main.addressee:
        data["addressee"] = main.addressee.rstrip("：:")
    opening, sections = builder.sections()
    if opening:
        data["opening"] = opening
    data["sections"] = sections
    if main.closing:
        data["closing"] = main.closing
    if main.signature:
        data["signature"] = main.signature
    if main.date:
        y, m, d = main.date
        if d:
            data["date"] = dt.date(y, m, d)
        else:
            draft.note(data, Remark(None, f"{y}年{m}月", "成文日期只写到月，月份数据的 date 须写到日，未导入；请补全"))
    if main.contact:
        data["contact"] = dict(main.contact)
    if attachment_names:
        data["attachments"] = list(attachment_names)
    if len(main.annex_list) > len(attachment_names):
        for name in main.annex_list[len(attachment_names):]:
            draft.note(data, Remark(None, name, "在附件清单中，但文件里没有它的正文，未列入 attachments；"
                                                "如有正文请另行导入", full=True))
    return draft


class _Builder:
    def __init__(self, main: Doc, year: int, month: int, rule_names: dict):
        self.main = main
        self.rules = [SimpleNamespace(id=rid, name=v[0] if isinstance(v, tuple) else v,
                                      terms=v[1] if isinstance(v, tuple) else ())
                      for rid, v in rule_names.items() if (v[0] if isinstance(v, tuple) else v)]
        self.year, self.month = year, month
        self.first_day = dt.date(year, month, 1)
        self.draft = MonthDraft(data={})
        self.rule_names = rule_names
        self.item_index = 0
        self.last_number: dict[str, int] = {}
        text = " ".join(x.text for x in main.body.walk() if isinstance(x, Para)) + " ".join(
            x.text for x in main.body.walk() if isinstance(x, Node))
        self.bold_collective = bool(BOLD_MEANS_COLLECTIVE.search(text))

    def note(self, obj, node_or_para, message: str) -> None:
        p = node_or_para.para if isinstance(node_or_para, Node) else node_or_para
        text = (node_or_para.label + node_or_para.text) if isinstance(node_or_para, Node) else getattr(p, "text", "")
        self.draft.note(obj, Remark(getattr(p, "where", None), text, message, self.main))

    # -- sections ------------------------------------------------------------------------------------
    def sections(self) -> tuple[str | None, list[dict]]:
        root = self.main.body
        opening_parts: list[str] = []
        sections: list[dict] = []
        loose: list = []
        n = 0
        before: list = []
        for child in root.children:
            if isinstance(child, Node) and child.kind == "heading" and child.level == 1:
                n += 1
                sections.append(self.section(child, n))
                if before:      # items or tables before the first 一、: kept, at the head of the first section
                    made: list[dict] = []
                    self.blocks_from(before, None, sections[0], made)
                    for block in made:
                        self.note(block, None, "在第一个一级标题之前，已放在第一节的开头，请核对")
                    sections[0]["blocks"][:0] = made
                    before = []
            elif sections:
                loose.append(child)
                self._append_loose(sections[-1], child)
            elif isinstance(child, Para) and not before:
                opening_parts.append(md_paragraph(child.text))
            else:
                before.append(child)
                loose.append(child)
        if loose and not sections:
            section = {"heading": self.main.title or "正文", "numbered": False, "blocks": []}
            self.note(section, None, "通知正文没有“一、”级标题，已整体作为一节（不编号）导入，标题暂用通知标题，请核对")
            self.blocks_from(loose, None, section, section["blocks"])
            sections.append(section)
        if not sections:
            section = {"heading": self.main.title or "正文", "numbered": False, "blocks": [{"prose": "\n\n".join(opening_parts)}]}
            self.note(section, None, "通知正文没有分节，已整体作为说明文字导入，请核对")
            return None, [section]
        return ("\n\n".join(opening_parts) or None), sections

    def _append_loose(self, section: dict, child) -> None:
        blocks = section["blocks"]
        before = len(blocks)
        self.blocks_from([child], None, section, blocks)
        if len(blocks) > before:
            self.note(blocks[before], child if not isinstance(child, Table) else None,
                      "在各节标题之外，已并入上一节，请核对")

    def section(self, node: Node, n: int) -> dict:
        in_place = node.number == n or node.inferred or not node.label     # unnumbered: a heading style
        heading = node.text if in_place else node.label + node.text
        section = {"heading": heading.rstrip("：:"), "blocks": []}
        if not in_place:
            self.note(section, node, f"编号与位置（第{n}节）不符，标题按原文保留编号")
        self.blocks_from(node.children, None, section, section["blocks"])
        blocks = section["blocks"]
        if len(blocks) == 1 and set(blocks[0]) == {"prose"} and _is_theme_heading(section["heading"]):
            blocks[0] = {"theme": blocks[0]["prose"]}      # 一、活动主题 with the theme under it
        if (blocks and all(set(b) == {"prose"} for b in blocks) and _item_kind(section["heading"], "", []) == "review"
                and not any("<table" in b["prose"] or "\n|" in b["prose"] for b in blocks)):
            # 一、上月工作回顾 written as a paragraph or two, not numbered: the review as text
            section["blocks"] = blocks = [{"review": "\n\n".join(b["prose"] for b in blocks)}]
        if (blocks and all(set(b) == {"prose"} for b in blocks) and _item_kind(section["heading"], "", []) == "requirements"
                and not any("<table" in b["prose"] or "\n|" in b["prose"] for b in blocks)):
            # 四、工作要求。各党支部要……：each paragraph under a 要求 heading is a requirement, numbered or not
            paragraphs = [x for b in blocks for x in b["prose"].split("\n\n") if x.strip()]
            entries = []
            for text in paragraphs:
                entry = {"text": text}
                self.deadline(Node("item", 3, "", 0, text), entry)
                entries.append(entry if len(entry) > 1 else text)
            section["blocks"] = blocks = [{"requirements": entries}]
        if not blocks:
            self.note(section, node, "这一节标题下面没有内容；按内容模型每节至少一块，已把标题文字作为说明放入，请补写或删去这一节")
            blocks.append({"prose": md_paragraph(node.text)})
        return section

    # -- blocks --------------------------------------------------------------------------------------
    def blocks_from(self, children: list, heading: Node | None, section: dict, out: list[dict]) -> None:
        """Appends the blocks made from ``children`` (under ``heading``, a （一） node, if any) to ``out``."""
        pending_heading = heading.text if heading is not None else None
        if heading is not None and heading.label and not _expected_label(heading, out):
            pending_heading = heading.label + heading.text
        group = heading.text.rstrip("：:") if heading is not None else ""
        times = "时间" in (group or section.get("heading", ""))
        items: list[Node] = []
        prose: list[str] = []
        meeting: dict | None = None

        meeting_lines: list = []

        def flush():
            nonlocal pending_heading, meeting
            if meeting is not None and "date" not in meeting and "deadline" not in meeting:
                for line in meeting_lines:     # a place without a time (or a time not read): kept as text
                    if MEETING_PLACE.match(line.text):
                        block = {"prose": md_paragraph((line.label if isinstance(line, Node) else "") + line.text)}
                        self.note(block, line, "会议地点前后没有能识别的会议时间，已作为说明文字导入，请核对")
                        out.append(block)
                meeting = None
            meeting_lines.clear()
            if meeting is not None:
                block = {}
                if pending_heading is not None and not prose and not items:
                    block["heading"] = pending_heading     # （一）支部党员大会 / 时间：… / 地点：…
                    pending_heading = None
                    if _names_meeting(group):
                        meeting.setdefault("name", group)
                labels = " ".join(line.text.split("：")[0].split(":")[0] for line in meeting_lines)
                kind = tasks.meeting_kind(meeting.get("name"), group, section.get("heading", ""))
                if kind in (None, "组织生活") and "活动" in labels and not re.search(r"组织生活|会议", group):
                    kind = tasks.meeting_kind(*(line.text for line in meeting_lines)) or "活动"
                if kind:      # the kind as data: its row says 开展…主题党日, its lines 活动时间 (issue 21)
                    meeting["kind"] = kind
                covers = tasks.matching_rules(f"{meeting.get('name', '')}；{kind or ''}", self.rules)
                if covers:
                    meeting["covers"] = list(covers)
                block["meeting"] = meeting
                out.append(block)
                meeting = None
            if prose:
                block = {}
                if pending_heading is not None:
                    block["heading"] = pending_heading
                    pending_heading = None
                if _is_theme_heading(block.get("heading")):
                    block["theme"] = "\n\n".join(prose)
                else:
                    block["prose"] = "\n\n".join(prose)
                out.append(block)
                prose.clear()
            if items:
                made = self.item_blocks(items, section.get("heading", ""), group, pending_heading, out)
                if made:
                    pending_heading = None
                out.extend(made)
                items.clear()

        for child in children:
            if isinstance(child, (Node, Para)) and (_meeting_line(child.text) or times and _slot_only(child)):
                if items or prose:
                    flush()
                meeting = meeting or {}
                meeting_lines.append(child)
                self.meeting_line(child, meeting, out)
                continue
            if meeting is not None:
                flush()
            if isinstance(child, Node) and child.kind == "heading":
                flush()
                if child.children:
                    self.blocks_from(child.children, child, section, out)
                else:
                    block = {"prose": md_paragraph(child.label + child.text)}
                    self.note(block, child, "标题下面没有内容，已作为一段说明文字导入，请核对")
                    out.append(block)
                continue
            if isinstance(child, Node):
                if prose and not items:
                    flush()
                items.append(child)
                continue
            if isinstance(child, Table):
                if items:
                    flush()
                readings = self.readings_table(child, section.get("heading", ""), group)
                if readings is not None:
                    flush()
                    if pending_heading is not None:
                        readings = {"heading": pending_heading, **readings}
                        pending_heading = None
                    out.append(readings)
                    continue
                rows = self.work_table(child, section.get("heading", ""), group)
                if rows is not None:
                    if prose:
                        flush()
                    items.extend(rows)
                    continue
                notes: list[str] = []
                prose.append(table_markdown(child, notes))
                for n in notes:
                    self.draft.remarks.append(Remark(child.where, "", n, self.main))
                continue
            m = THEME_LINE.match(child.text)
            if m:
                flush()
                out.append({"theme": m.group(1).strip()})
                continue
            if items:
                flush()
            prose.append(md_paragraph(child.text))
        flush()

    def meeting_line(self, line: Node | Para, meeting: dict, out: list[dict]) -> None:
        """Adds a 时间/地点 line (or a paragraph that is only a date or slot) to ``meeting``."""
        text = line.text.strip()
        both = TIME_AND_PLACE.match(text)
        if both:      # 时间地点：slot，place
            slot = P.SLOT.search(both.group(1)) or P.MEETING_DAY.search(both.group(1))
            rest = both.group(1)[slot.end():] if slot else ""
            rest = re.sub(r"^\s*(?:[（(][^）)]{1,4}[）)])?\s*[，,；;、]\s*", "", rest) if re.match(r"^\s*(?:[（(][^）)]{1,4}[）)])?\s*[，,；;、]", rest) else ""
            if slot and rest.strip():
                text = "时间：" + both.group(1)[:slot.end()]
                meeting["place"] = rest.strip().rstrip("。")
            else:
                text = "时间：" + both.group(1)
        m = MEETING_TIME.match(text)
        place = MEETING_PLACE.match(text)
        if m or not place:
            value = m.group(1) if m else text
            when = P.parse_meeting_time(value, self.year, self.month)
            if when is None or ("date" in meeting or "deadline" in meeting):
                label = line.label if isinstance(line, Node) else ""
                block = {"prose": md_paragraph(label + text)}
                self.note(block, line, "会议时间未能识别为日期（须写明月、日），已作为说明文字导入；请改写为 meeting 块"
                          if when is None else "又一个会议时间，已作为说明文字导入，请核对")
                out.append(block)
                return
            meeting.update(when)
            if "place" in meeting:          # the place read with the time (时间地点：…) after the time
                meeting["place"] = meeting.pop("place")
            day = when.get("date") or when.get("deadline")
            if day < self.first_day:
                self.note(meeting, line, "会议日期早于本月，请核对月份")
            elif not re.search(r"\d{4}\s*年", value) and day.year != self.year:
                self.note(meeting, line, f"会议日期未写年份，已按{day.year}年导入，请核对")
            return
        meeting["place"] = place.group(1).strip().rstrip("。")

    def item_blocks(self, items: list[Node], section_heading: str, group: str, heading: str | None,
                    before: list[dict]) -> list[dict]:
        """Numbered items → one block of the kind the headings say (:func:`_item_kind`).

        Args:
            section_heading, group: the 一、 heading and the （一） heading the items stand under ("" if none).
            heading: the block's heading as it will be written (``None``: none).
            before: the blocks already made in this section (to tell numbering that runs on).
        """
        kind = _item_kind(section_heading, group, items)
        block: dict = {}
        if heading is not None:
            block["heading"] = heading
        first = items[0].number
        if kind == "review":
            block["review"] = [self.item_text(x) for x in items]
            return [block]
        if kind == "prose":   # 总体要求 1. 2.: general points, kept as written
            block["prose"] = "\n\n".join(self.item_text(x, with_label=True) for x in items)
            return [block]
        if kind == "readings":
            mode = _study_mode(group)
            if mode and not self.bold_collective:
                block["mode"] = mode
            block["readings"] = [self.reading(x, _study_level(group)) for x in items]
            if self.bold_collective:
                block["mode_style"] = "bold"
            if first > 1 and self.last_number.get("readings") == first - 1:
                self.note(block, items[0], f"原文编号接续上一组（从 {first}. 起），学习材料每块从 1. 编号，"
                                           "顺序不变；请核对")
            self.last_number["readings"] = items[-1].number
            return [block]
        entries = []
        readings = []
        optional = "自选" in group
        for x in items:
            # numbering as the notice writes it: （一）（二） stay in the text (printed as written, not 1. 2.)
            text = self.item_text(x, with_label=bool(CHINESE_ITEM_LABEL.match(x.label or "")))
            entry = {"text": text}
            if kind == "work_items":
                self.item_index += 1
                if optional or any(isinstance(c, Para) and KIND_CELL.match(c.text) for c in x.children):
                    entry["kind"] = "自选"
                for title, source in P.readings_in(x.text):
                    r = {"title": title}
                    if source:
                        r["source"] = source
                    r["item"] = self.item_index
                    readings.append(r)
                # the standing rules this item does, as data (the reader finds the same from the summary)
                covers = tasks.matching_rules(x.text, self.rules)
                if covers:
                    entry["covers"] = list(covers)
            self.deadline(x, entry)
            if kind == "work_items":
                self.hours(x, entry)
            entries.append(entry if kind == "work_items" or len(entry) > 1 else text)
        key = "work_items" if kind == "work_items" else "requirements"
        block[key] = entries
        if first > 1 and self.last_number.get(key) == first - 1:
            block["continue_numbering"] = True
        self.last_number[key] = items[-1].number
        out = [block]
        if readings:
            out.append({"readings": readings})
        return out

    def readings_table(self, table: Table, section_heading: str, group: str) -> dict | None:
        """A table listing readings (序号 | 学习篇目 | 出处 | 学习形式) under a heading that says they are
        to be studied → a readings block; ``None`` for any other table.

        Every column must be one a reading has (:data:`READING_COLUMNS`: the title, 出处, 学习形式
        集体学习/自学, 必学/选学; 序号 is left out), so that nothing of the table is lost; else the
        table stays a table.
        """
        if not _reading_context(section_heading, group) or len(table.rows) < 2:
            return None
        head = [re.sub(r"\s+", "", c.text) for c in table.rows[0]]
        columns = []
        for name in head:
            field = next((f for f, pattern in READING_COLUMNS if pattern.fullmatch(name)), None)
            if field is None:
                return None
            columns.append(field)
        if columns.count("title") != 1 or any(c.colspan > 1 or c.rowspan > 1 for r in table.rows for c in r):
            return None
        entries = []
        for row in table.rows[1:]:
            if len(row) != len(columns):
                return None
            cells = dict(zip(columns, (c.text.strip() for c in row)))
            if not cells.get("title"):
                continue
            entry = self.reading_entry(cells["title"])
            if cells.get("source"):
                entry.setdefault("source", cells["source"])
            if cells.get("link"):
                if not re.match(r"https?://\S+$", cells["link"]):
                    return None
                entry["link"] = cells["link"]
            for key in ("mode", "level"):
                value = _mark_value(cells.get(key, ""))
                if value and key == ("level" if value in ("必学", "选学") else "mode"):
                    entry[key] = value
                elif cells.get(key):
                    return None
            entries.append(entry)
        if not entries:
            return None
        return {"readings": entries}

    def work_table(self, table: Table, section_heading: str, group: str) -> list[Node] | None:
        """A table of tasks (序号 | 工作内容 | 完成时限 | 责任部门) → one item per row, as if numbered
        paragraphs; ``None`` for any other table (it stays a table).

        The table must have a one-row header naming exactly one column of what is to be done
        (:data:`TASK_COLUMN`: 工作内容, 重点任务, 活动内容 …) and at least one column of when or who
        (:data:`WHEN_COLUMN`, :data:`WHO_COLUMN`); no cell spanning columns and no empty task. A cell
        merged down several rows (one 责任部门 for three tasks) counts for each of them. The task cell
        is the item's text; every other cell but the 序号 is kept under it as a paragraph “列名：内容”
        (完成时限：6月5日前, 责任部门：党委组织部), so a 时限 column gives the item its deadline or period.
        """
        if len(table.rows) < 2 or any(c.rowspan > 1 for c in table.rows[0]):
            return None
        grid = _grid(table)
        if grid is None:
            return None
        head = [re.sub(r"\s+", "", c) for c in grid[0]]
        tasks = [k for k, name in enumerate(head) if TASK_COLUMN.fullmatch(name)]
        if len(tasks) != 1 or not all(head) or not any(WHEN_COLUMN.fullmatch(h) or WHO_COLUMN.fullmatch(h) for h in head):
            return None
        task = tasks[0]
        if _reading_context(section_heading, group) and all(_title_like(r[task]) for r in grid[1:]):
            return None     # a list of readings with columns readings have no field for: it stays a table
        numbers = [k for k, name in enumerate(head) if NUMBER_COLUMN.fullmatch(name)]
        nodes = []
        for n, row in enumerate(grid[1:], start=1):
            if not row[task].strip():
                return None
            number = row[numbers[0]].strip() if numbers else ""
            num = int(number) if number.isdigit() else n
            lines = [x.strip() for x in row[task].split("\n") if x.strip()]
            node = Node("item", 3, f"{num}.", num, lines[0], Para(text=lines[0], where=table.where))
            node.children += [Para(text=x, where=table.where) for x in lines[1:]]
            for k, cell in enumerate(row):
                value = re.sub(r"\s*\n\s*", " ", cell.strip())
                if k != task and value and k not in numbers:
                    node.children.append(Para(text=f"{head[k]}：{value}", where=table.where))
            nodes.append(node)
        return nodes

    def item_text(self, node: Node, with_label: bool = False) -> str:
        """An item's Markdown: its text (with its number when ``with_label``), then its further
        paragraphs and sub-items, each as a paragraph."""
        parts = [md_paragraph((node.label if with_label else "") + node.text)]
        for x in node.walk():
            if isinstance(x, Node):
                parts.append(md_paragraph(x.label + x.text))
            elif isinstance(x, Para):
                parts.append(md_paragraph(x.text))
            elif isinstance(x, Table):
                parts.append(table_markdown(x))
        return "\n\n".join(parts)

    @staticmethod
    def reading_entry(text: str) -> dict:
        """A reading from its line: a title in 《》 (a 文件, with what follows in brackets as its 出处)
        or a headline as written (a 文章); 必学/选学 and 集体学习/自学 written after it in brackets
        become its ``level`` and ``mode``."""
        text = text.strip().rstrip("。；;")
        entry: dict = {}
        marks: dict = {}
        while True:
            m = READING_MARK.search(text) or READING_MARK_BEFORE.match(text)
            if not m:
                break
            value = _mark_value(m.group(1))
            marks["level" if value in ("必学", "选学") else "mode"] = value
            text = (text[:m.start()] + text[m.end():]).strip()
        m = re.fullmatch(r"《(.+)》(?:[（(](.+?)[）)])?", text)
        if m and "《" not in m.group(1).replace("〈", ""):
            entry["title"] = m.group(1)
            if m.group(2):
                entry["source"] = m.group(2)
        else:
            entry["title"] = text
            entry["type"] = "文章"
        entry.update(marks)
        return entry

    def reading(self, node: Node, level: str | None = None) -> dict:
        """A reading from a numbered item (:meth:`reading_entry`); ``level`` (必学/选学) when its group says so."""
        entry = self.reading_entry(node.text)
        if level and "level" not in entry:
            entry["level"] = level
        if self.bold_collective and node.para is not None:
            entry["mode"] = "集体学习" if node.para.bold else "自学"
        if node.para is not None and node.para.links:      # the title itself a hyperlink (Word)
            shown = [url for text, url in node.para.links if not text or text in node.text]
            if len(set(shown)) == 1:
                entry["link"] = shown[0]
        for x in node.children:     # 学习链接：https://…, 出处：… under the title
            m = LINK_LINE.match(x.text.strip()) if isinstance(x, Para) else None
            if m and "link" not in entry:
                entry["link"] = m.group(1)
                continue
            if (isinstance(x, Para) and x.links and "link" not in entry and len(x.links) == 1
                    and LINK_LABEL.match(x.text.strip())):       # 学习链接：点击进入 (a hyperlink)
                entry["link"] = x.links[0][1]
                continue
            m = SOURCE_LINE.match(x.text.strip()) if isinstance(x, Para) else None
            if m and "source" not in entry:
                entry["source"] = m.group(1).strip().rstrip("。")
                continue
            if isinstance(x, Para) and CONTENTS_LINE.match(x.text.strip()) and "link" not in entry and len(x.text) <= 120:
                # 《习近平谈治国理政》第五卷“……”专题 / 篇目：《…》《…》: the 篇目 belong to the reading's title
                title = entry["title"] if entry.get("type") == "文章" else f"《{entry['title']}》"
                entry["title"] = title + "\u3000" + x.text.strip()
                entry["type"] = "文章"
                self.draft.note(entry, Remark(x.where, x.text, "是上一条学习材料的篇目，已接在它的标题后面，请核对",
                                              self.main))
                continue
            if isinstance(x, (Para, Node)):
                text = (x.label if isinstance(x, Node) else "") + x.text
                self.draft.note(entry, Remark(getattr(x, "where", None) or (x.para.where if isinstance(x, Node) and x.para else None),
                                              text, "在学习材料下面，未导入到 readings，请核对（可写入 source 或上一段说明）",
                                              self.main, full=True))
        return entry

    def hours(self, node: Node, entry: dict) -> None:
        """The item's 学时 when its text gives one number of them for this month's task (每名党员学习时间
        不少于4学时, 集中学习2学时, 每次不少于4学时) → ``hours``; a yearly figure (全年不少于32学时) is
        not this month's and is left as text; several different figures are left to the author."""
        texts = [node.text] + [x.text for x in node.walk() if isinstance(x, (Para, Node))]
        found = set()
        for text in texts:
            for m in HOURS.finditer(text):
                clause = re.split(r"[，,；;。]", text[:m.start()])[-1]
                if YEARLY.search(clause):
                    continue
                found.add(float(m.group(1)))
        if len(found) == 1:
            value = found.pop()
            entry["hours"] = int(value) if value.is_integer() else value
            self.draft.comments.setdefault(id(entry), []).append(
                f"提示：hours 取自原文的“{value:g}学时”；若不应计入本月学时，请删去")

    def deadline(self, node: Node, entry: dict) -> None:
        """The item's deadline: a day (7月10日前), the end of a month or the year (3月底前, 在2026年3月底完成,
        年底前) as ``deadline``; a part of a month (11月中旬) or 长期坚持 as ``period``, as written."""
        found = P.find_deadlines(node.text)
        for x in node.children:        # 完成时限：1月20日前 in a paragraph of its own under the item
            if found:
                break
            if isinstance(x, Para):
                found = P.find_deadlines(x.text)
        if not found:
            return
        f = found[0]
        if len(found) > 1:
            self.note(entry, node, f"写有多个期限（{'、'.join(x.phrase for x in found)}），只导入了第一个，请核对")
        day = f.last_day(self.year, self.month)
        if day is not None:
            if f.year is None and day < self.first_day and (self.month - day.month) % 12 > 6:
                # a January date in a December issue is next year's; a June date in a July issue stays
                # this year's (and so is no deadline of this month)
                day = f.last_day(self.year + 1, self.month)
                self.note(entry, node, f"期限“{f.phrase}”未写年份，早于本月，已按{self.year + 1}年导入，请核对")
            if day >= self.first_day:
                entry["deadline"] = day
                return
            self.note(entry, node, f"期限“{f.phrase}”早于本月，不能作为本月的期限，已作为时限文字（period）导入")
        entry["period"] = f.phrase.rstrip("，,")


def _grid(table: Table) -> list[list[str]] | None:
    """The table's text as a full grid, a cell merged down several rows repeated in each; ``None`` when
    a cell spans columns or a row does not fill the width."""
    width = table.n_cols
    pending: dict[int, tuple[str, int]] = {}
    out = []
    for row in table.rows:
        cells = iter(row)
        line = []
        for col in range(width):
            if col in pending:
                text, left = pending.pop(col)
                if left > 1:
                    pending[col] = (text, left - 1)
                line.append(text)
                continue
            cell = next(cells, None)
            if cell is None or cell.colspan > 1:
                return None
            if cell.rowspan > 1:
                pending[col] = (cell.text, cell.rowspan - 1)
            line.append(cell.text)
        if next(cells, None) is not None:
            return None
        out.append(line)
    return out


def _expected_label(heading: Node, out: list[dict]) -> bool:
    """Whether a （一）-level heading's written number is the one the block list would generate."""
    headed = sum(1 for b in out if "heading" in b)
    return heading.level == 2 and heading.number == headed + 1


def _is_theme_heading(heading: str | None) -> bool:
    """A heading that names the theme (活动主题, 10月活动主题, 学习主题), not one that merely says 主题 (主题党日活动)."""
    return bool(heading) and heading.rstrip("：:").endswith("主题") and len(heading) <= 20


def _names_meeting(heading: str) -> bool:
    """A （一） heading that names the meeting its time and place belong to (支部党员大会, 专题组织生活会, 党课)."""
    return 2 <= len(heading) <= 16 and heading.endswith(("会", "党课", "主题党日", "主题党日活动"))


def _meeting_line(text: str) -> bool:
    return bool(MEETING_TIME.match(text) or MEETING_PLACE.match(text) or TIME_AND_PLACE.match(text))


def _slot_only(line: Node | Para) -> bool:
    """A line that is nothing but a date or a slot (2025年11月12日（周三）上午9:00—11:30。), under a 时间 heading."""
    t = line.text.strip().rstrip("。；;")
    return (not isinstance(line, Node) or line.kind == "heading") and bool(
        SLOT_ONLY.fullmatch(t)) and P.parse_meeting_time(t, 2000) is not None


def _study_mode(group: str) -> str | None:
    """集体学习 or 自学 when a group heading names the way its readings are studied (（一）集体学习, （二）个人自学)."""
    for pattern, mode in STUDY_MODES:
        if pattern.fullmatch(group):
            return mode
    return None


def _study_level(group: str) -> str | None:
    """必学 or 选学 when a group heading says so (（一）必学内容, （二）选学篇目)."""
    for pattern, level in STUDY_LEVELS:
        if pattern.fullmatch(group):
            return level
    return None


def _mark_value(text: str) -> str | None:
    """集体学习/自学/必学/选学 as the content model writes them (集中学习 → 集体学习, 个人自学 → 自学)."""
    t = re.sub(r"\s+", "", text)
    return {"集中学习": "集体学习", "集体学习": "集体学习", "个人自学": "自学", "自学": "自学",
            "必学": "必学", "选学": "选学"}.get(t)


def _reading_context(section_heading: str, group: str) -> bool:
    """Whether the headings say that what stands under them is to be studied."""
    return (any(w in f"{section_heading} {group}" for w in READING_WORDS) or _study_mode(group) is not None
            or _study_level(group) is not None)


def _item_kind(section_heading: str, group: str, items: list[Node]) -> str:
    """The block numbered items make, from the headings they stand under, as a reader tells it.

    ``review`` under 上月落实情况 (any level); ``prose`` under 总体要求 / 指导思想 (general points,
    not tasks for a checklist); ``requirements`` under a heading that says 要求; ``readings`` when
    the headings say the items are things to study (学习内容, 理论学习, 集体学习, 自学 …) and every
    item reads as a title; else ``work_items``.
    """
    context = f"{section_heading} {group}"
    if any(w in context for w in REVIEW_WORDS):
        return "review"
    if (group or section_heading).rstrip("：:") in GENERAL_WORDS:
        return "prose"
    if STUDY_TOPICS.search(group or section_heading) and not all(_title_like(x.text) for x in items):
        return "prose"        # 学习重点: topics to study are not things to tick (issue 21)
    if any(w in context for w in REQUIREMENT_WORDS) and not section_heading.rstrip("：:") in GENERAL_WORDS:
        return "requirements"
    if _reading_context(section_heading, group) and all(_title_like(x.text) for x in items):
        return "readings"
    return "work_items"


def _title_like(text: str) -> bool:
    """A numbered line that reads as the title of a reading (a headline or a document), not a task.

    A title is one line of at most 80 characters that is not a sentence: it does not end with
    。 (a title in 《》 may, in a list that closes every line), holds no sentence inside it (a
    colon or comma of a headline is fine: 人民日报评论员：……) and does not open with what a task
    opens with (组织, 开展, 学习, 各党支部 …).
    """
    t = text.strip()
    if t.endswith(("。", "；", ";")) and not re.fullmatch(r"《[^《》]+》(?:[（(][^（）()]*[）)])?[。；;]", t):
        return False
    t = t.rstrip("。；;")
    return 2 <= len(t) <= 80 and not any(c in t for c in "。；;！？!?") and not TASK_START.match(t)
