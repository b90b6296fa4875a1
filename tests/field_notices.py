"""Monthly notices in the shapes they take in the field, for the import tests and the benchmark.

Nine are plain text as Word saves it (``tests/fixtures/import/``: GB18030 or UTF-8, CRLF or LF,
a byte-order mark, full-width indentation, page numbers “— 2 —” in the text, a table as Word
writes it in text); eight are ``.docx`` files made here with python-docx the way Word makes them
(automatic numbering, numbering linked to a heading style, heading styles without numbers, bold
runs, tables with merged cells and header rows, a table of readings, page breaks); one more text
file is a copy of ``/work/spec/import-sample-1.txt``, the notice the first findings came from.
They were written in three rounds: the last four of :data:`CASES` after the importer passed the
first eleven, the last three after it passed those, each round run once before anything was
changed for it (``docs/benchmarks-word.md`` has the figures). A fourth round added thirteen more of
shapes not covered before (seven text files, six ``.docx``): 街道, 市直机关工委, 国企, 中学, 医院, 社区,
镇党委 to 村党组织 and 高校学院 issuers; three meetings each with time and place; work items in a
table (序号|工作内容|完成时限|责任部门, cells merged down); a “第一议题” list; （1） sub-items; 学时;
deadlines written 10月中旬前, 每月, 每季度末, 10月20日（星期一）前, 即日起至11月30日, 8月1日前后; 篇目 and
学习强国 links; 上月工作回顾; blank forms as 附件; and Word's own furniture: numbering through list
styles restarting in each part, running headers and page-number footers, footnotes, a text box,
tracked changes (a whole paragraph deleted, one inserted), hyperlinks, Word's text debris
([image: …], [bookmark: …]); a title naming its month without the year (11月份). All names of organisations are made up. Each builder writes the file and returns the text of every paragraph and table cell as a
reader of the document sees it (automatic numbers included).

:data:`CASES` pairs every notice with what a reader of Chinese official documents expects the
import to find (see ``tests/test_import_field.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

FIELD = Path(__file__).resolve().parent / "fixtures" / "import"
NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# -- building .docx files as Word does ------------------------------------------------------------------
class Doc:
    """A python-docx document with helpers for Word's own structures; records what a reader sees."""

    def __init__(self):
        import docx

        self.d = docx.Document()
        self.seen: list[str] = []
        self._next_abstract = 80

    def add_list(self, *levels: tuple[str, str], start: int = 1) -> int:
        """A new automatic numbering (``numbering.xml``): levels as (numFmt, lvlText); returns its numId."""
        from docx.oxml import parse_xml

        numbering = self.d.part.numbering_part.element
        aid = self._next_abstract
        self._next_abstract += 1
        lvls = "".join(f'<w:lvl w:ilvl="{k}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
                       f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
                       for k, (fmt, text) in enumerate(levels))
        abstract = parse_xml(f'<w:abstractNum {NS} w:abstractNumId="{aid}"><w:multiLevelType w:val="multilevel"/>'
                             f'{lvls}</w:abstractNum>')
        first_num = numbering.find(f"{W}num")
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        numbering.append(parse_xml(f'<w:num {NS} w:numId="{aid}"><w:abstractNumId w:val="{aid}"/></w:num>'))
        return aid

    def para(self, runs, *, align: str | None = None, size: float | None = None, bold: bool = False,
             num: tuple[int, int] | None = None, shown: str = "", style: str | None = None,
             page_break_before: bool = False, break_after: bool = False, indent_chars: int = 0):
        """A paragraph of ``runs`` (text, or a list of (text, bold) or (text, bold, ``ins``/``del``) for a
        tracked insertion or deletion, 修订); ``shown`` is the automatic number Word displays."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
        from docx.oxml import parse_xml
        from docx.shared import Pt

        p = self.d.add_paragraph(style=style)
        runs = [(runs, bold)] if isinstance(runs, str) else runs
        for k, (text, b, *change) in enumerate(runs):
            if change == ["del"]:
                p._p.append(parse_xml(f'<w:del {NS} w:id="{900 + k}" w:author="审核人" w:date="2025-10-07T09:00:00Z">'
                                      f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>'))
                continue
            r = p.add_run(text)
            if b:
                r.bold = True
            if size:
                r.font.size = Pt(size)
            if change == ["ins"]:
                ins = parse_xml(f'<w:ins {NS} w:id="{800 + k}" w:author="审核人" w:date="2025-10-07T09:00:00Z"/>')
                r._r.addprevious(ins)
                ins.append(r._r)
        if align:
            p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
                           "both": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
        if indent_chars:
            p.paragraph_format.first_line_indent = Pt(16 * indent_chars)
        if page_break_before:
            p.paragraph_format.page_break_before = True
        if num:
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {NS}><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'))
        if break_after:
            p.add_run().add_break(WD_BREAK.PAGE)
        text = "".join(t for t, _, *change in runs if change != ["del"])
        if text.strip():
            self.seen.append(shown + text)
        return p

    def blank(self, n: int = 1) -> None:
        for _ in range(n):
            self.d.add_paragraph()

    def page_break(self) -> None:
        from docx.enum.text import WD_BREAK

        self.d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def table(self, rows: list[list[str]], merges: list[tuple[int, int, int, int]] = (), header: bool = True,
              fields: bool = False):
        """A table with ``rows`` of cell texts; ``merges`` as (row, col, row, col) corners; a repeated header
        row. ``fields``: the header names fields of what the rows list and the first column is a 序号,
        so neither is text to look for in a draft (the rows' other cells are)."""
        t = self.d.add_table(rows=len(rows), cols=len(rows[0]))
        t.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                if text:
                    t.cell(r, c).text = text
        for a, b, c, e in merges:
            t.cell(a, b).merge(t.cell(c, e))
        if header:
            tr_pr = t.rows[0]._tr.get_or_add_trPr()
            tr_pr.append(tr_pr.makeelement(f"{W}tblHeader", {}))
        self.seen += [x for row in (rows[1:] if fields else rows) for x in (row[1:] if fields else row) if x]
        return t

    def link_style_numbering(self, style: str, num_id: int, ilvl: int = 0) -> None:
        """Word's “link level to style”: every paragraph of ``style`` is numbered by ``num_id``."""
        from docx.oxml import parse_xml

        st = self.d.styles[style]
        st.element.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))

    def save(self, path: Path) -> list[str]:
        self.d.save(str(path))
        return self.seen


def university_notice(path: Path) -> list[str]:
    """A university 党务部 通知: 版头 with 文号, two-line title, 主送, 一、理论学习内容 (Word's automatic
    一、 and 1.; collective readings in bold, said so in the text), 二、主题党日活动内容 (one item
    edited with tracked changes left in: an insertion and a deletion), 特此通知,
    附件 list of two with only the first included (a blank form with merged cells), 署名 and
    日期 right-aligned, and a 附注 contact line in brackets under the date."""
    d = Doc()
    heads = d.add_list(("chineseCounting", "%1、"))
    reads = d.add_list(("decimal", "%1."))
    items = d.add_list(("decimal", "%1."))
    d.para("中共北原大学委员会党务部", align="center", size=26)
    d.para("北原党务〔2025〕18号", align="center")
    d.blank()
    d.para("关于开展2025年10月党员理论学习", align="center", size=22)
    d.para("和主题党日活动的通知", align="center", size=22)
    d.blank()
    d.para("各二级党委（党总支）、直属党支部：")
    d.para("为深入学习贯彻党的二十届四中全会精神，现将2025年10月党员理论学习和主题党日活动安排通知如下，请遵照执行。",
           indent_chars=2)
    d.para("理论学习内容", num=(heads, 0), shown="一、")
    d.para("其中，黑体加粗项为集体学习内容，其他项为自学内容。", indent_chars=2)
    readings = [("习近平在中央政治局第二十三次集体学习时强调：以钉钉子精神推进全面从严治党", True),
                ("习近平给全国优秀教师代表的回信", False),
                ("中共中央印发《中国共产党党员教育管理工作条例》", True),
                ("《习近平谈治国理政》第五卷有关篇目", False),
                ("《中国共产党章程》", False)]
    for k, (title, bold) in enumerate(readings, start=1):
        d.para(title, bold=bold, num=(reads, 0), shown=f"{k}.")
    d.para("主题党日活动内容", num=(heads, 0), shown="二、")
    for k, text in enumerate(["重温入党誓词。各党支部组织党员面向党旗重温入党誓词，支部书记领誓。",
                              [("开展专题研讨。", False), ("围绕学习贯彻党的二十届四中全会精神，", False, "ins"),
                               ("结合本职工作，", False, "del"), ("每名党员结合岗位作交流发言。", False)],
                              "按时足额交纳党费。各党支部于10月25日前完成本月党费收缴。"], start=1):
        d.para(text, num=(items, 0), shown=f"{k}.")
    d.para("特此通知。", indent_chars=2)
    d.blank()
    d.para("附件：1.“主题党日”活动记录表", indent_chars=2)
    d.para("　　　2.党员理论学习情况统计表")
    d.blank()
    d.para("中共北原大学委员会党务部", align="right")
    d.para("2025年10月8日", align="right")
    d.para("（联系人：周敏　联系电话：010-62781234　电子邮箱：dwb@beiyuan.edu.cn）", indent_chars=2)
    d.page_break()
    d.para("附件1", bold=True)
    d.para("“主题党日”活动记录表", align="center", size=22)
    d.table([["党支部名称", "", "活动时间", ""], ["活动地点", "", "参加人数", ""], ["活动主题", "", "", ""],
             ["活动内容", "", "", ""], ["支部书记签字", "", "", ""]],
            merges=[(2, 1, 2, 3), (3, 1, 3, 3), (4, 1, 4, 3)], header=False)
    d.para("填表说明：本表由各党支部填写，活动结束后一周内报所在党委（党总支）。")
    return d.save(path)


def booklet(path: Path) -> list[str]:
    """A booklet: a cover page (第十二次, title over two lines, publisher, month), then the body whose
    一、 headings are Word's “Heading 1” with numbering linked to the style and （一） the list's
    second level; a meeting slot 14:30-16:30; items with bold lead-ins and dates (12月20日前, 年底前,
    12月中旬, 12月31日前); a manual page break inside the list; no 署名."""
    d = Doc()
    outline = d.add_list(("chineseCounting", "%1、"), ("chineseCounting", "（%2）"))
    d.link_style_numbering("Heading 1", outline, 0)
    d.blank(2)
    d.para("第十二次", align="center", size=22)
    d.blank()
    d.para("党支部组织生活", align="center", size=36, bold=True)
    d.para("指导材料", align="center", size=36, bold=True)
    d.blank(6)
    d.para("中共南屏大学委员会组织部", align="center", size=16)
    d.para("2025年12月", align="center", size=16)
    d.page_break()
    d.para("组织生活时间及地点", style="Heading 1", shown="一、")
    d.para("会议时间：2025年12月25日（周四）14:30-16:30", num=(outline, 1), shown="（一）")
    d.para("会议地点：各党支部党员活动室", num=(outline, 1), shown="（二）")
    d.para("组织生活内容", style="Heading 1", shown="二、")
    d.para("12月活动主题", num=(outline, 1), shown="（一）")
    d.para("学习贯彻全国组织工作会议精神，锤炼党员干部过硬作风。", indent_chars=2)
    d.para("12月工作安排", num=(outline, 1), shown="（二）")
    items = [("召开年度组织生活会。", "各党支部在12月20日前召开2025年度组织生活会，开展民主评议党员。"),
             ("开展谈心谈话。", "支部书记与支部委员、支部委员与党员之间普遍开展谈心谈话，年底前完成。"),
             ("学习全国组织工作会议精神。", "组织党员学习《全国组织工作会议精神学习辅导》，观看“共产党员网”专题片《榜样9》。"),
             ("做好党员信息核查。", "对照全国党员管理信息系统核实党员基本信息，12月中旬完成。"),
             ("按时交纳党费。", "12月31日前完成全年党费收缴和核对。")]
    for k, (lead, rest) in enumerate(items, start=1):
        d.para([(f"{k}.", False), (lead, True), (rest, False)], indent_chars=2, page_break_before=(k == 3))
    d.para("组织生活要求", style="Heading 1", shown="三、")
    d.para("1.支部书记要认真履行第一责任人职责，会前充分准备，会上开展严肃认真的批评和自我批评。", indent_chars=2)
    d.para("2.各党支部于2026年1月10日前将组织生活会情况报告报党委组织部。", indent_chars=2)
    return d.save(path)


def company_guide(path: Path) -> list[str]:
    """A company's 内容导引: 一、总体要求 (two points) 二、内容导引 (items, one 在2026年5月底完成, a page
    break before the third, a lead-in line and a schedule table after them) 三、操作提示 (in a box: a
    one-cell table); 署名 and date."""
    d = Doc()
    d.para("中国远帆航运集团有限公司党委", align="center", size=22)
    d.para("2026年5月党支部“三会一课”内容导引", align="center", size=22)
    d.blank()
    d.para("一、总体要求", bold=True)
    d.para("1.坚持以习近平新时代中国特色社会主义思想为指导，把学习教育同保障航运生产安全结合起来。", indent_chars=2)
    d.para("2.坚持从实际出发，船舶党支部可结合航次安排灵活开展组织生活。", indent_chars=2)
    d.para("二、内容导引", bold=True)
    items = ["召开支部委员会会议，研究部署本支部“安全生产月”相关工作。",
             "召开党小组会，组织党员学习《中国共产党国有企业基层组织工作条例（试行）》第五章。",
             "开展“党员身边无事故”承诺践诺活动，党员在岗位上亮身份、作表率。",
             "支部书记讲一次专题党课，在2026年5月底完成。",
             "组织开展主题党日活动，5月20日前将活动照片和记录上传“远帆党建”平台。"]
    for k, text in enumerate(items, start=1):
        d.para(f"{k}.{text}", indent_chars=2, page_break_before=(k == 3))
    d.para("本月“三会一课”安排参考如下：", indent_chars=2)
    d.table([["形式", "时间", "责任人"], ["支部委员会", "5月上旬", "支部书记"], ["党小组会", "5月中旬", "党小组长"],
             ["党课", "5月下旬", "支部书记"]])
    d.para("三、操作提示", bold=True)
    box = d.d.add_table(rows=1, cols=1)      # the tip in a box: a one-cell table, as Word users draw one
    box.style = "Table Grid"
    box.cell(0, 0).text = "各单位党委要加强对所属党支部的指导，及时掌握船舶党支部组织生活开展情况，对不能按时开展的，可在返港后补课。"
    d.seen.append(box.cell(0, 0).text)
    d.blank()
    d.para("集团公司党委组织部", align="right")
    d.para("2026年4月27日", align="right")
    return d.save(path)


def college_opinion(path: Path) -> list[str]:
    """A college's 指导意见 numbered entirely by Word: 一、 and （一） from one multilevel list, the
    items from another that runs on across the four groups, the review items from a third (one of
    them starting with a figure: “1.” + “28个党支部…”); 主送, opening, a contact line with three labels
    before the 署名 and date."""
    d = Doc()
    outline = d.add_list(("chineseCounting", "%1、"), ("chineseCounting", "（%2）"))
    items = d.add_list(("decimal", "%1."))
    review = d.add_list(("decimal", "%1."))
    d.para("中共江北师范学院委员会组织部", align="center", size=16)
    d.para("2025年12月党支部组织生活指导意见", align="center", size=22)
    d.blank()
    d.para("各党总支、直属党支部：")
    d.para("现将12月党支部组织生活指导意见印发如下，请认真抓好落实。", indent_chars=2)
    d.para("本月指导意见", num=(outline, 0), shown="一、")
    groups = [("理论学习", ["集中学习全国组织工作会议精神，支部书记领学，党员交流研讨。",
                             "学习《中国共产党纪律处分条例》第二编，12月15日前完成。"]),
              ("组织生活", ["召开支部委员会，研究年度组织生活会和民主评议党员工作安排。",
                             "召开年度组织生活会，会前广泛征求意见，12月下旬完成。"]),
              ("党日活动", ["结合“国家宪法日”开展一次普法宣传志愿服务。"]),
              ("日常学习", ["党员利用“学习强国”等平台坚持每日学习，长期坚持。"])]
    k = 0
    for g, (heading, texts) in enumerate(groups, start=1):
        d.para(heading, num=(outline, 1), shown=f"（{'一二三四'[g - 1]}）")
        for text in texts:
            k += 1
            d.para(text, num=(items, 0), shown=f"{k}.", indent_chars=2)
    d.para("上月落实情况", num=(outline, 0), shown="二、")
    d.para("11月，学院各党支部按要求完成了以下工作：", indent_chars=2)
    for k, text in enumerate(["28个党支部召开了支部委员会，研究部署年度民主评议党员工作。",
                              "全部党支部完成10月、11月党费收缴，并在系统中登记。",
                              "文学院学生第一党支部开展“红色经典诵读”主题党日，受到好评。"], start=1):
        d.para(text, num=(review, 0), shown=f"{k}.", indent_chars=2)
    d.blank()
    d.para("联系人：陈老师，办公电话：0755-26531234，手机：13912345678", indent_chars=2)
    d.blank()
    d.para("中共江北师范学院委员会组织部", align="right")
    d.para("2025年12月3日", align="right")
    return d.save(path)


def theme_day_notice(path: Path) -> list[str]:
    """A county 组织部 通知 on the month's 主题党日: 版头, 文号, a 主送 of several bodies, 一、活动主题 (one
    line), 二、活动时间 (a slot as a paragraph of its own, then a sentence), 三、活动内容 with （一）规定动作
    （二）自选动作 (numbers run on; an item with （1）（2） sub-items; 11月中旬, 年底前), 四、工作要求 as
    （一）（二）（三） with bold lead-ins, contact, 附件 list with the first included (a form whose
    header row repeats), 署名, date, and the 版记 (抄送, 印发) at the very end."""
    d = Doc()
    d.para("中共青川县委组织部", align="center", size=26)
    d.blank()
    d.para("青组通〔2025〕45号", align="center")
    d.blank()
    d.para("关于开展2025年11月“主题党日”活动的通知", align="center", size=22)
    d.blank()
    d.para("各乡镇党委，县直各党（工）委，县委各部委，县级国家机关各部门党组（党委）：")
    d.para("为推动主题党日活动规范化、常态化，现就2025年11月“主题党日”活动有关事项通知如下。", indent_chars=2)
    d.para("一、活动主题", bold=True)
    d.para("学习贯彻党的二十届四中全会精神，凝聚推动县域高质量发展的强大合力", indent_chars=2)
    d.para("二、活动时间", bold=True)
    d.para("2025年11月12日（周三）上午9:00—11:30。", indent_chars=2)
    d.para("因工作原因需调整的，须在11月20日前完成，并报乡镇（部门）党委备案。", indent_chars=2)
    d.para("三、活动内容", bold=True)
    d.para("（一）规定动作", indent_chars=2)
    d.para("1.重温入党誓词。党组织书记领誓，全体党员面向党旗重温入党誓词。", indent_chars=2)
    d.para("2.开展集中学习。组织党员学习《中共中央关于制定国民经济和社会发展第十五个五年规划的建议》，围绕以下内容开展研讨：",
           indent_chars=2)
    d.para("（1）本单位落实规划建议的思路和举措；", indent_chars=2)
    d.para("（2）党员在推动县域发展中如何发挥先锋模范作用。", indent_chars=2)
    d.para("3.按时交纳党费。11月25日前完成本月党费收缴。", indent_chars=2)
    d.para("（二）自选动作", indent_chars=2)
    d.para("4.开展“党员志愿服务月”活动，组织党员到联系社区报到服务，11月中旬集中开展一次。", indent_chars=2)
    d.para("5.开展冬季送温暖活动，走访慰问困难党员和老党员，年底前完成。", indent_chars=2)
    d.para("四、工作要求", bold=True)
    d.para([("（一）加强组织领导。", True), ("各级党组织书记要亲自谋划、亲自组织，确保活动有序开展。", False)], indent_chars=2)
    d.para([("（二）注重活动实效。", True), ("要把主题党日与中心工作结合起来，防止形式主义。", False)], indent_chars=2)
    d.para([("（三）及时报送信息。", True), ("请各乡镇（部门）党委于11月28日前将活动开展情况报县委组织部组织科。", False)],
           indent_chars=2)
    d.para("联系人：王伟　联系电话：0839-3221234", indent_chars=2)
    d.blank()
    d.para("附件：1.2025年11月“主题党日”活动登记表", indent_chars=2)
    d.para("2.“主题党日”活动优秀案例选编", indent_chars=5)
    d.blank()
    d.para("中共青川县委组织部", align="right")
    d.para("2025年11月4日", align="right")
    d.page_break()
    d.para("附件1")
    d.para("2025年11月“主题党日”活动登记表", align="center", size=22)
    d.table([["序号", "党组织名称", "活动时间", "参加人数", "活动内容", "备注"]] + [[""] * 6 for _ in range(5)])
    d.blank()
    d.para("抄送：县委办公室，县政府办公室。")
    d.para("中共青川县委组织部办公室　　　　　　2025年11月4日印发")
    return d.save(path)


def study_plan(path: Path) -> list[str]:
    """A company's 学习计划 通知 whose readings stand in a table (序号, 学习篇目, 出处, 学习形式) under
    一、学习篇目, then 二、学习要求; no 版头, 署名 and date right-aligned."""
    d = Doc()
    d.para("关于印发2026年3月党员学习计划的通知", align="center", size=22)
    d.blank()
    d.para("各基层党支部：")
    d.para("现将2026年3月党员学习计划印发给你们，请结合实际抓好落实。", indent_chars=2)
    d.para("一、学习篇目", bold=True)
    d.table([["序号", "学习篇目", "出处", "学习形式"],
             ["1", "习近平在全国两会期间的重要讲话", "新华社", "集体学习"],
             ["2", "《中国共产党党员权利保障条例》", "党内法规", "集体学习"],
             ["3", "《习近平谈治国理政》第五卷", "人民出版社", "自学"],
             ["4", "人民日报评论员文章《以实干实绩推动高质量发展》", "人民日报2026年3月6日", "自学"]], fields=True)
    d.para("二、学习要求", bold=True)
    d.para("1.集体学习由支部书记组织，每次不少于2学时。", indent_chars=2)
    d.para("2.请各支部于3月31日前在“华远党建”平台填报学习情况。", indent_chars=2)
    d.blank()
    d.para("华远电力有限公司党委党建工作部", align="right")
    d.para("2026年3月2日", align="right")
    return d.save(path)


def styled_headings(path: Path) -> list[str]:
    """A 机关党委 notice whose headings are Word's “Heading 1” and “Heading 2” styles with no number at
    all, a meeting under a Heading 2, and an item whose 完成时限 stands in a paragraph of its own."""
    d = Doc()
    d.para("2026年1月党支部“三会一课”安排", align="center", size=22)
    d.para("各党支部：")
    d.para("现将2026年1月党支部“三会一课”安排如下，请认真落实。", indent_chars=2)
    d.para("学习安排", style="Heading 1")
    d.para("1.集体学习习近平总书记在中央经济工作会议上的重要讲话精神。", indent_chars=2)
    d.para("2.学习《中国共产党章程》总纲部分，撰写学习心得。", indent_chars=2)
    d.para("完成时限：1月20日前", indent_chars=2)
    d.para("组织生活安排", style="Heading 1")
    d.para("支部委员会", style="Heading 2")
    d.para("时间：2026年1月8日（周四）16:00—17:30", indent_chars=2)
    d.para("地点：机关楼302会议室", indent_chars=2)
    d.para("党课", style="Heading 2")
    d.para("由支部书记讲授，1月下旬完成。", indent_chars=2)
    d.para("有关要求", style="Heading 1")
    d.para("1.各党支部要如实填写《党支部工作手册》。", indent_chars=2)
    d.para("2.请于2月5日前将1月“三会一课”开展情况报机关党委。", indent_chars=2)
    d.blank()
    d.para("机关党委", align="right")
    d.para("2026年1月4日", align="right")
    return d.save(path)


def district_notice(path: Path) -> list[str]:
    """A district 组织部 提示: items typed （1）（2） directly under 一、, groups （一）（二） from Word's
    numbering (“（%1）”, chineseCounting) holding readings, a closing part of one paragraph with a
    contact line, and a 成文日期 written to the month only."""
    d = Doc()
    groups = d.add_list(("chineseCounting", "（%1）"))
    d.para("中共东港区委组织部", align="center", size=26)
    d.para("关于做好2025年10月基层党组织“三会一课”工作的提示", align="center", size=22)
    d.para("各街道党工委，区直各部门党组织：")
    d.para("为推动“三会一课”制度落实落细，现就10月份有关工作提示如下。", indent_chars=2)
    d.para("一、本月重点", bold=True)
    d.para("（1）召开专题组织生活会，对照检视问题清单逐项整改，10月31日前完成。", indent_chars=2)
    d.para("（2）支部书记讲一次党课，党课讲稿报街道党工委备案。", indent_chars=2)
    d.para("（3）开展党员志愿服务进社区活动，10月中旬集中开展。", indent_chars=2)
    d.para("二、学习内容", bold=True)
    d.para("集体学习", num=(groups, 0), shown="（一）")
    d.para("1.习近平在中央政治局第二十二次集体学习时的讲话", indent_chars=2)
    d.para("2.《中国共产党组织工作条例》", indent_chars=2)
    d.para("自学", num=(groups, 0), shown="（二）")
    d.para("3.《习近平谈治国理政》第五卷第四专题", indent_chars=2)
    d.para("三、有关事项", bold=True)
    d.para("各街道党工委要加强督促指导，对“三会一课”落实不到位的党组织及时提醒纠正。", indent_chars=2)
    d.para("联系人：区委组织部组织科 何静，电话：0596-2126688", indent_chars=2)
    d.blank()
    d.para("中共东港区委组织部", align="right")
    d.para("2025年10月", align="right")
    return d.save(path)


# -- the fourth round: Word's own furniture (list styles, headers, footnotes, text boxes, tracked paragraphs) --
def _restart(doc: Doc, num_id: int) -> int:
    """A new list instance of ``num_id``'s list that starts again at 1 (Word's “重新开始于 1”): a ``w:num``
    on the same abstract numbering with a ``startOverride``; returns its numId."""
    from docx.oxml import parse_xml

    numbering = doc.d.part.numbering_part.element
    new = doc._next_abstract + 100
    doc._next_abstract += 1
    numbering.append(parse_xml(f'<w:num {NS} w:numId="{new}"><w:abstractNumId w:val="{num_id}"/>'
                               f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
    return new


def _style_numbering(doc: Doc, style: str, num_id: int, ilvl: int = 0) -> None:
    """Numbering linked to a paragraph style, replacing any the template's style had (List Number has one)."""
    st = doc.d.styles[style]
    ppr = st.element.get_or_add_pPr()
    for old in ppr.findall(f"{W}numPr"):
        ppr.remove(old)
    doc.link_style_numbering(style, num_id, ilvl)


def _header_footer(doc: Doc, header: str) -> None:
    """A running header (text) and a footer holding Word's page-number field (— PAGE —), on every page."""
    from docx.oxml import parse_xml

    section = doc.d.sections[0]
    section.header.paragraphs[0].text = header
    p = section.footer.paragraphs[0]
    p._p.append(parse_xml(f'<w:r {NS}><w:t xml:space="preserve">— </w:t></w:r>'))
    p._p.append(parse_xml(f'<w:fldSimple {NS} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    p._p.append(parse_xml(f'<w:r {NS}><w:t xml:space="preserve"> —</w:t></w:r>'))


def _footnote(doc: Doc, paragraph, text: str) -> None:
    """A footnote (脚注) on ``paragraph``: the reference mark after its text, the note in ``footnotes.xml``."""
    from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    xml = (f'<w:footnotes {NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
           f'</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
           f'</w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/>'
           f'</w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
           f'</w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode("utf-8"), doc.d.part.package)
    doc.d.part.relate_to(part, RT.FOOTNOTES)
    paragraph._p.append(parse_xml(f'<w:r {NS}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                                  f'<w:footnoteReference w:id="1"/></w:r>'))
    doc.seen.append(text)


def _text_box(doc: Doc, paragraph, text: str) -> None:
    """A text box (文本框) anchored in ``paragraph``, as Word 2010+ writes one (DrawingML with a VML fallback)."""
    from docx.oxml import parse_xml

    wps = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    box = (f'<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>')
    paragraph._p.append(parse_xml(
        f'<w:r {NS} xmlns:mc="{mc}" xmlns:wps="{wps}" xmlns:a="{a}" xmlns:wp="{wp}" '
        f'xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        f'<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0" locked="0" '
        f'layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="margin">'
        f'<wp:align>right</wp:align></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset>'
        f'</wp:positionV><wp:extent cx="1440000" cy="360000"/><wp:wrapNone/><wp:docPr id="7" name="文本框 7"/>'
        f'<a:graphic><a:graphicData uri="{wps}"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr/><wps:txbx>{box}</wps:txbx>'
        f'<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback>'
        f'<w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>'))
    doc.seen.append(text)


def _demoted(paragraph) -> None:
    """A paragraph of a list-linked style demoted with the Tab key: Word writes only the level
    (``w:ilvl``), the list stays the style's; the paragraph is not bold like the style's level 1."""
    from docx.oxml import parse_xml

    paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {NS}><w:ilvl w:val="1"/></w:numPr>'))
    for r in paragraph.runs:
        r.bold = False


def _deleted_paragraph(doc: Doc, text: str) -> None:
    """A whole paragraph deleted with tracked changes on (its text and its paragraph mark in ``w:del``)."""
    from docx.oxml import parse_xml

    p = doc.d.add_paragraph()
    p._p.append(parse_xml(f'<w:pPr {NS}><w:rPr><w:del w:id="950" w:author="审核人" w:date="2025-12-30T09:00:00Z"/>'
                          f'</w:rPr></w:pPr>'))
    p._p.append(parse_xml(f'<w:del {NS} w:id="951" w:author="审核人" w:date="2025-12-30T09:00:00Z"><w:r>'
                          f'<w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>'))


def first_topic(path: Path) -> list[str]:
    """A 市直机关工委 通知 on the month's “第一议题” study: 版头 with 文号, a running header and a page-number
    footer, 一、学习内容 (a headline with a footnote and a 学习强国 link under it, a volume with its 篇目
    in 《》 on one line, a regulation's chapter with a link), 二、学习安排 (不少于4学时, 11月上旬前),
    三、工作要求, 署名 and date; no 主送 colon line is missing."""
    d = Doc()
    _header_footer(d, "西岭市直机关工委文件")
    d.para("中共西岭市直属机关工作委员会", align="center", size=26)
    d.para("西直机党〔2025〕33号", align="center")
    d.blank()
    d.para("关于印发2025年11月市直机关党组织“第一议题”学习安排的通知", align="center", size=22)
    d.blank()
    d.para("市直各部门机关党委（党总支、党支部）：")
    d.para("现将2025年11月“第一议题”学习安排印发给你们，请结合实际认真抓好落实。", indent_chars=2)
    d.para("一、“第一议题”学习内容", bold=True)
    p = d.para("1.习近平在二十届中央政治局第二十四次集体学习时的讲话", indent_chars=2)
    _footnote(d, p, "据新华社2025年10月31日电。")
    d.para("学习链接：https://www.xuexi.cn/lgpage/detail/index.html?id=1234567890", indent_chars=2)
    d.para("2.《习近平谈治国理政》第五卷：《坚定不移推进全面从严治党》《以党的自我革命引领社会革命》", indent_chars=2)
    d.para("3.《中国共产党机关基层组织工作条例》第三章", indent_chars=2)
    d.para("学习链接：https://www.xuexi.cn/lgpage/detail/index.html?id=2234567890", indent_chars=2)
    d.para("二、学习安排", bold=True)
    d.para("1.各部门党组（党委）理论学习中心组11月上旬前完成“第一议题”集中学习，每次不少于4学时。", indent_chars=2)
    d.para("2.机关各党支部结合主题党日开展专题学习，每名党员撰写一篇心得体会。", indent_chars=2)
    d.para("三、工作要求", bold=True)
    d.para("1.严格落实“第一议题”制度，做到学习有记录、研讨有发言。", indent_chars=2)
    d.para("2.请于11月28日前通过“西岭机关党建”平台报送学习情况。", indent_chars=2)
    d.blank()
    d.para("中共西岭市直属机关工作委员会", align="right")
    d.para("2025年11月3日", align="right")
    return d.save(path)


def work_table(path: Path) -> list[str]:
    """A state company's 重点工作提示 whose work items are a table (序号|工作内容|完成时限|责任部门) with
    deadlines written 6月5日前, 6月中旬, 6月30日（星期二）前, 每月, 每季度末; then 二、工作要求 (（一）（二）
    with bold lead-ins); 署名 and date."""
    d = Doc()
    d.para("中国华夏建材集团有限公司党委", align="center", size=22)
    d.para("2026年6月基层党支部重点工作提示", align="center", size=22)
    d.blank()
    d.para("各基层党委、党总支、直属党支部：")
    d.para("现将2026年6月基层党支部重点工作提示如下，请各单位结合实际抓好落实。", indent_chars=2)
    d.para("一、本月重点工作", bold=True)
    d.table([["序号", "工作内容", "完成时限", "责任部门"],
             ["1", "召开支部委员会，研究“安全生产月”活动方案", "6月5日前", "各党支部"],
             ["2", "组织党员学习《中国共产党国有企业基层组织工作条例（试行）》", "6月中旬", "各党支部"],
             ["3", "开展“七一”走访慰问老党员、困难党员", "6月30日（星期二）前", "党委组织部、工会"],
             ["4", "按时交纳党费，做好党费台账登记", "每月", "各党支部"],
             ["5", "报送二季度“三会一课”台账", "每季度末", "各党支部"]], fields=True)
    d.para("二、工作要求", bold=True)
    d.para([("（一）加强统筹。", True), ("各单位要把党建工作与安全生产、经营发展同部署、同推进。", False)], indent_chars=2)
    d.para([("（二）及时报送。", True), ("各单位于7月3日前将本月工作落实情况报党委组织部。", False)], indent_chars=2)
    d.blank()
    d.para("集团公司党委组织部", align="right")
    d.para("2026年5月28日", align="right")
    return d.save(path)


def hospital_forms(path: Path) -> list[str]:
    """A hospital 党委 通知 with a text box (内部资料) by the 版头, 文号, 一、活动主题 (a slogan in quotes),
    二、活动时间 (a slot alone), 三、活动内容 (a tracked insertion inside an item and a whole item
    deleted with tracked changes), 四、其他事项, an 附件 list of two, both included as blank forms
    (a record form with merged cells and 填表说明 in two numbered lines; a register with a
    repeated header row and empty rows), 署名 and date."""
    d = Doc()
    p = d.para("中共南山市第一人民医院委员会", align="center", size=26)
    _text_box(d, p, "内部资料　注意保存")
    d.para("南医党〔2026〕3号", align="center")
    d.blank()
    d.para("关于开展2026年2月党支部“主题党日”活动的通知", align="center", size=22)
    d.blank()
    d.para("院内各党支部：")
    d.para("为推动主题党日活动与医疗服务深度融合，现将2026年2月主题党日活动安排通知如下。", indent_chars=2)
    d.para("一、活动主题", bold=True)
    d.para("“守护健康　党员先行”", indent_chars=2)
    d.para("二、活动时间", bold=True)
    d.para("2026年2月13日（星期五）下午4:30—6:00", indent_chars=2)
    d.para("三、活动内容", bold=True)
    d.para("1.重温入党誓词，学习《中国共产党党员教育管理工作条例》。", indent_chars=2)
    d.para([("2.开展义诊志愿服务", False), ("，各临床党支部至少安排2名党员专家参加", False, "ins"), ("。", False)],
           indent_chars=2)
    _deleted_paragraph(d, "3.开展廉洁从医警示教育。")
    d.para("3.填写《党支部主题党日活动记录表》（见附件1），2月24日前报党委办公室。", indent_chars=2)
    d.para("四、其他事项", bold=True)
    d.para("各党支部开展志愿服务后，请填写《党员志愿服务登记表》（见附件2）。", indent_chars=2)
    d.blank()
    d.para("附件：1.党支部主题党日活动记录表", indent_chars=2)
    d.para("　　　2.党员志愿服务登记表")
    d.blank()
    d.para("中共南山市第一人民医院委员会", align="right")
    d.para("2026年2月6日", align="right")
    d.page_break()
    d.para("附件1", bold=True)
    d.para("党支部主题党日活动记录表", align="center", size=22)
    d.table([["支部名称", "", "活动时间", ""], ["活动地点", "", "参加人数", ""], ["活动主题", "", "", ""],
             ["活动内容", "", "", ""], ["支部书记签字", "", "", ""]],
            merges=[(2, 1, 2, 3), (3, 1, 3, 3), (4, 1, 4, 3)], header=False)
    d.para("填表说明：1.本表一式两份，党支部和党委办公室各存一份。")
    d.para("2.活动结束后3个工作日内报送。", indent_chars=5)
    d.page_break()
    d.para("附件2", bold=True)
    d.para("党员志愿服务登记表", align="center", size=22)
    d.table([["序号", "姓名", "所在党支部", "服务内容", "服务时长（小时）", "备注"]] + [[""] * 6 for _ in range(6)])
    return d.save(path)


def list_styles(path: Path) -> list[str]:
    """A college 党委's 安排 numbered only by styles: a custom “一级标题” style and a “二级标题” style linked
    to one multilevel list (一、 （一）), items in Word's “List Number” style whose numbering starts
    again at 1 in each part (new list instances with a start override); a running header and a
    page-number footer; a reading with its 篇目 and a 学习强国 link on lines of its own; a meeting
    under （一）支部党员大会; a requirement inserted as a whole paragraph with tracked changes."""
    from docx.enum.style import WD_STYLE_TYPE

    d = Doc()
    _header_footer(d, "中共东湖大学信息工程学院委员会")
    outline = d.add_list(("chineseCounting", "%1、"), ("chineseCounting", "（%2）"))
    st = d.d.styles.add_style("一级标题", WD_STYLE_TYPE.PARAGRAPH)
    st.base_style = d.d.styles["Normal"]
    st.font.bold = True
    d.link_style_numbering("一级标题", outline, 0)
    items = d.add_list(("decimal", "%1."))
    _style_numbering(d, "List Number", items)
    d.para("中共东湖大学信息工程学院委员会", align="center", size=16)
    d.para("2026年4月党支部组织生活安排", align="center", size=22)
    d.blank()
    d.para("各党支部：")
    d.para("根据学校党委组织部工作部署，现将2026年4月党支部组织生活安排如下。", indent_chars=2)
    d.para("学习篇目", style="一级标题", shown="一、")
    d.para("《习近平谈治国理政》第五卷“全面深化改革”专题", style="List Number", shown="1.")
    d.para("篇目：《进一步全面深化改革的总目标》《改革开放只有进行时没有完成时》", indent_chars=2)
    d.para("学习强国链接：https://www.xuexi.cn/xxqg/abc123.html", indent_chars=2)
    d.para("《中国共产党普通高等学校基层组织工作条例》", style="List Number", shown="2.")
    d.para("组织生活安排", style="一级标题", shown="二、")
    _demoted(d.para("支部党员大会", style="一级标题", shown="（一）"))     # demoted with Tab: the level alone
    d.para("时间：2026年4月22日（周三）14:00—15:30", indent_chars=2)
    d.para("地点：信息楼B座305", indent_chars=2)
    _demoted(d.para("主题党日", style="一级标题", shown="（二）"))
    second = _restart(d, items)
    d.para("组织党员参观校史馆，开展“传承东湖精神”主题教育。", style="List Number", num=(second, 0), shown="1.")
    d.para("开展“党员先锋岗”评选，4月下旬完成。", style="List Number", num=(second, 0), shown="2.")
    d.para("有关要求", style="一级标题", shown="三、")
    third = _restart(d, items)
    d.para("各支部要认真落实“三会一课”制度，党员大会须有三分之二以上党员到会。", style="List Number",
           num=(third, 0), shown="1.")
    d.para([("请于4月30日前在“东湖党建”系统中上传会议记录。", False, "ins")], style="List Number",
           num=(third, 0), shown="2.")
    d.blank()
    d.para("信息工程学院党委", align="right")
    d.para("2026年4月1日", align="right")
    return d.save(path)


def task_list(path: Path) -> list[str]:
    """A power company 党委's monthly 重点工作清单: the tasks in a table whose 类别 column (规定动作,
    自选动作) and 责任主体 column are merged down the rows they cover and whose 序号 is the second
    column; deadlines 8月5日前, 8月中旬, 8月20日（星期四）前, 8月下旬 and 8月1日前后 (around, not
    before); 学时 in one task; no 署名, the date alone."""
    d = Doc()
    d.para("国网东岳电力有限公司党委", align="center", size=22)
    d.para("2026年8月党支部“三会一课”重点工作清单", align="center", size=22)
    d.blank()
    d.para("各基层党委、直属党支部：")
    d.para("现将2026年8月党支部“三会一课”重点工作清单印发给你们，请对照抓好落实。", indent_chars=2)
    d.para("一、重点工作", bold=True)
    d.table([["类别", "序号", "工作内容", "完成时限", "责任主体"],
             ["规定动作", "1", "召开支部委员会，研究迎峰度夏保供电党员先锋行动", "8月5日前", "各党支部"],
             ["", "2", "召开党小组会，学习《中国共产党纪律处分条例》第二编，每名党员学习不少于2学时", "8月中旬", ""],
             ["", "3", "开展主题党日，组织党员到保供一线开展志愿服务", "8月20日（星期四）前", ""],
             ["自选动作", "4", "组织“家属开放日”活动", "8月下旬", "各基层党委"],
             ["", "5", "开展“八一”走访慰问退役军人党员", "8月1日前后", ""]],
            merges=[(1, 0, 3, 0), (1, 4, 3, 4), (4, 0, 5, 0), (4, 4, 5, 4)])
    d.seen = [x for x in d.seen if x not in ("类别", "序号", "工作内容", "完成时限", "责任主体", "1", "2", "3", "4", "5")]
    d.para("二、有关要求", bold=True)
    d.para("各党支部要对照清单逐项落实，8月31日前在“东岳e党建”系统中完成销号。", indent_chars=2)
    d.blank()
    d.para("2026年7月28日", align="right")
    return d.save(path)


def _hyperlink(doc: Doc, paragraph, text: str, url: str) -> None:
    """Appends ``text`` to ``paragraph`` as a hyperlink (超链接) to ``url``, as Word's 插入链接 writes it."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml

    rid = doc.d.part.relate_to(url, RT.HYPERLINK, is_external=True)
    r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    paragraph._p.append(parse_xml(f'<w:hyperlink {NS} xmlns:r="{r}" r:id="{rid}"><w:r><w:rPr><w:color w:val="0563C1"/>'
                                  f'<w:u w:val="single"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:hyperlink>'))
    doc.seen[-1] = doc.seen[-1] + text if paragraph.text.strip() != text else text


def linked_readings(path: Path) -> list[str]:
    """A university 学生工作部党总支's notice whose readings are Word hyperlinks: a title that is itself a
    link to 学习强国, a title with a line “学习链接：点击进入” whose words are the link, a work item
    with a link in its text; 时间地点 in one line; the 附件 list written 附件1：… 附件2：… one a line with
    no attachment in the file; 署名 and date."""
    d = Doc()
    d.para("中共江城理工大学学生工作部总支部委员会", align="center", size=16)
    d.para("关于开展2026年9月学生党支部组织生活的通知", align="center", size=22)
    d.blank()
    d.para("各学生党支部：")
    d.para("新学期伊始，现将2026年9月学生党支部组织生活安排通知如下。", indent_chars=2)
    d.para("一、时间地点", bold=True)
    d.para("时间地点：2026年9月18日（星期五）晚上7:00—8:30，各支部自行确定地点", indent_chars=2)
    d.para("二、学习内容", bold=True)
    p = d.para("1.", indent_chars=2)
    d.seen.pop()
    d.seen.append("1.")
    _hyperlink(d, p, "习近平给全国高校新生的回信", "https://www.xuexi.cn/lgpage/detail/index.html?id=3334567890")
    d.para("2.《高校学生党员发展工作细则》", indent_chars=2)
    p = d.para("学习链接：", indent_chars=2)
    _hyperlink(d, p, "点击进入", "https://www.12371.cn/2026/09/01/ARTI1788000000000000.shtml")
    d.seen[-1] = "学习链接：https://www.12371.cn/2026/09/01/ARTI1788000000000000.shtml"   # what the click opens
    d.para("三、工作安排", bold=True)
    p = d.para("1.组织新生党员转接组织关系，登录", indent_chars=2)
    _hyperlink(d, p, "全国党员管理信息系统", "https://dygl.12371.gov.cn/")
    run = p.add_run("办理，9月25日前完成。")
    d.seen[-1] += run.text
    d.para("2.开展“开学第一课”主题党日，每名党员学习不少于2学时。", indent_chars=2)
    d.para("附件1：学生党支部组织生活记录表", indent_chars=2)
    d.para("附件2：新生党员组织关系转接汇总表", indent_chars=2)
    d.blank()
    d.para("学生工作部党总支", align="right")
    d.para("2026年9月7日", align="right")
    return d.save(path)


# -- what a reader expects -------------------------------------------------------------------------------
@dataclass
class Case:
    """One notice and what its import must give.

    Attributes:
        name: short name (the table's first column).
        file: a text file under :data:`FIELD`, or the ``.docx`` file name to build with ``build``.
        build: the builder for a ``.docx`` (``None`` for a text file).
        month: ``--month`` to pass (``None``: the notice names its month).
        key: the month the draft must be.
        head: title, form, issuer, doc_number, addressee, ordinal, publisher (only those given are checked).
        opening: the opening's first words, or ``None`` for no opening.
        sections: [(heading, [block types])] in order.
        block_headings: [(section, [headings of its blocks that have one])].
        work_items: each work item's due as ``YYYY-MM-DD``, a period as written, or ``None``.
        numbers: the printed numbers of the work items (numbering runs on across groups).
        kinds: 规定/自选 of each work item, when the notice says.
        readings: (title, type, mode, item) of each reading.
        requirements: each requirement's due, as for work items.
        review: how many review items.
        meeting: {date, start, end, deadline, place} or ``None``.
        tail: closing, signature, date (``YYYY-MM-DD``), contact ({person, phone, email}).
        sources: each reading's 出处, when checked.
        levels: each reading's 必学/选学, when checked.
        links: each reading's link, when checked.
        in_blocks: (block type, words) that must stand in a block of that type (a lead-in that
            must not be taken into the item before it).
        absent: words that must not be in the draft (a tracked deletion, a box read as a table).
        attachments: titles of the attachments included.
        report: words the import report must contain.
        meetings: every meeting block in order, {name, date, start, end, deadline, place}, when
            the notice calls several (``meeting`` is then the first, without its name).
        hours: each work item's 学时, when checked.
        report_absent: words the import report must not contain (a text box is no 图片).
    """

    name: str
    file: str
    build: Callable[[Path], list[str]] | None = None
    month: str | None = None
    key: str = ""
    head: dict = field(default_factory=dict)
    opening: str | None = None
    sections: list = field(default_factory=list)
    block_headings: list = field(default_factory=list)
    work_items: list = field(default_factory=list)
    numbers: list | None = None
    kinds: list | None = None
    readings: list = field(default_factory=list)
    requirements: list = field(default_factory=list)
    review: int = 0
    meeting: dict | None = None
    tail: dict = field(default_factory=dict)
    sources: list | None = None
    levels: list | None = None
    links: list | None = None
    in_blocks: list = field(default_factory=list)
    absent: list = field(default_factory=list)
    attachments: list = field(default_factory=list)
    report: list = field(default_factory=list)
    meetings: list | None = None
    hours: list | None = None
    report_absent: list = field(default_factory=list)


CASES = [
    Case(
        "sample-1 通知", "sample-1-2025-10.txt", key="2025-10",
        head=dict(title="关于开展2025年10月党员学习教育活动的通知", form="notice", addressee="各党总支、直属党支部"),
        opening="为深入学习贯彻党的二十届三中全会精神",
        sections=[("理论学习内容", ["readings", "readings"]), ("主题党日活动", ["work_items"]),
                  ("工作要求", ["requirements"])],
        block_headings=[("理论学习内容", ["集体学习", "自学"])],
        work_items=[None, "2025-10-25"],
        readings=[("习近平在中央政治局第十八次集体学习时的讲话", "文章", "集体学习", None),
                  ("《中国共产党纪律处分条例》（2024年修订）第一编", "文章", "集体学习", None),
                  ("人民日报评论员文章：以钉钉子精神抓好改革落实", "文章", "自学", None),
                  ("《习近平谈治国理政》第五卷有关篇目", "文章", "自学", None)],
        requirements=[None, "2025-10-31"],
        tail=dict(signature="中共华东示范大学委员会组织部", date="2025-09-28",
                  contact=dict(person="王小红", phone="68901234")),
    ),
    Case(
        "booklet 指导材料 (GB18030)", "booklet-2025-11.txt", key="2025-11",
        head=dict(title="党支部组织生活指导材料", form="booklet", ordinal=11, publisher="中共东川理工学院委员会组织部"),
        sections=[("组织生活时间及地点", ["meeting"]), ("组织生活内容", ["theme", "work_items", "readings"]),
                  ("组织生活要求", ["requirements"])],
        block_headings=[("组织生活内容", ["11月活动主题", "11月工作安排"])],
        meeting=dict(date="2025-11-28", start="14:30", end="16:30", place="各党支部自行安排，报所在党总支备案"),
        work_items=[None, "11月中旬", "2025-11-20", "2025-12-31", "长期坚持"],
        readings=[("读懂“十五五”规划建议", "文件", None, 1)],
        sources=["中国干部网络学院专题课程"],
        requirements=[None, "2025-11-30"],
        attachments=["关于开展2025年度“三会一课”专项检查的通知"],
        report=["— 2 —", "“三会一课”自查表"],
    ),
    Case(
        "company 内容导引", "guide-2026-04.txt", key="2026-04",
        head=dict(title="2026年4月党支部“三会一课”内容导引", issuer="中国北辰能源集团有限公司党委",
                  addressee="各所属单位党委（党总支、直属党支部）"),
        opening="现将2026年4月党支部",
        sections=[("总体要求", ["prose"]), ("内容导引", ["work_items", "readings"]), ("操作提示", ["prose"])],
        work_items=[None, None, "2026-04-30", None, "2026-04-25"],
        readings=[("中国共产党国有企业基层组织工作条例（试行）", "文件", None, 4)],
        tail=dict(signature="集团公司党委党建工作部", date="2026-03-28"),
    ),
    Case(
        "机关党委 通知 (GB18030, (一), page no.)", "dangwei-2025-12.txt", key="2025-12",
        head=dict(title="关于做好2025年12月机关党支部“三会一课”工作的通知", form="notice",
                  issuer="中共西岭市直机关工作委员会", addressee="市直各部门机关党委（党总支），各直属机关党支部"),
        opening="根据市直机关工委2025年度工作安排",
        sections=[("学习内容", ["readings", "readings"]), ("组织生活安排", ["meeting", "prose"]),
                  ("有关要求", ["requirements"])],
        block_headings=[("学习内容", ["集体学习", "个人自学"]), ("组织生活安排", ["支部党员大会", "组织生活会"])],
        readings=[("习近平总书记在中央经济工作会议上的重要讲话精神", "文章", "集体学习", None),
                  ("中国共产党机关基层组织工作条例", "文件", "集体学习", None),
                  ("《习近平新时代中国特色社会主义思想学习纲要（2023年版）》第十章", "文章", "自学", None),
                  ("人民日报评论员：把学习成果转化为推动高质量发展的实际成效", "文章", "自学", None)],
        meeting=dict(date="2025-12-26", start="14:30", end="16:30", place="各支部党员活动室"),
        requirements=[None, "2026-01-05"],
        tail=dict(signature="中共西岭市直机关工作委员会", date="2025-12-02",
                  contact=dict(person="李明", phone="0931-8861234", email="jgzzb@xiling.gov.cn")),
        report=["— 2 —"],
    ),
    Case(
        "college 指导意见 (CRLF, indents)", "college-2026-01.txt", key="2026-01",
        head=dict(title="关于2026年1月党支部组织生活的指导意见", issuer="中共南湖职业技术学院委员会组织部",
                  addressee="各党总支、直属党支部"),
        opening="现将2026年1月党支部组织生活指导意见印发给你们",
        sections=[("本月指导意见", ["work_items", "readings", "work_items", "work_items", "work_items"]),
                  ("上月落实情况", ["prose", "review"])],
        block_headings=[("本月指导意见", ["理论学习", "组织生活", "党日活动", "日常学习"])],
        work_items=[None, "2026-01-15", "1月下旬前", "长期坚持", None, None],
        numbers=[1, 2, 3, 4, 5, 6],
        readings=[("中国共产党党员教育管理工作条例", "文件", None, 2)],
        review=3,
        tail=dict(signature="中共南湖职业技术学院委员会组织部", date="2026-01-06"),
    ),
    Case(
        "党总支 主题党日安排 (1、, BOM)", "zongzhi-2025-09.txt", key="2025-09",
        head=dict(title="2025年9月主题党日活动安排", issuer="机械工程学院党总支", addressee="各党支部"),
        opening="根据学院党委工作安排",
        sections=[("活动主题", ["theme"]), ("活动时间及地点", ["meeting"]), ("活动内容", ["work_items", "readings"]),
                  ("活动要求", ["requirements"])],
        meeting=dict(date="2025-09-26", start="14:30", place="学院党员活动室（工程楼A201）"),
        work_items=[None, None, "2025-09-30", None],
        readings=[("习近平关于教育的重要论述摘编", "文件", None, 2)],
        requirements=[None, None],
        tail=dict(signature="机械工程学院党总支", date="2025-09-15", contact=dict(person="赵老师", phone="82316688")),
    ),
    Case(
        "university 通知 .docx (auto 一、, bold)", "university-notice.docx", build=university_notice, key="2025-10",
        head=dict(title="关于开展2025年10月党员理论学习和主题党日活动的通知", form="notice",
                  issuer="中共北原大学委员会党务部", doc_number="北原党务〔2025〕18号",
                  addressee="各二级党委（党总支）、直属党支部"),
        opening="为深入学习贯彻党的二十届四中全会精神",
        sections=[("理论学习内容", ["prose", "readings"]), ("主题党日活动内容", ["work_items"])],
        in_blocks=[("prose", "其中，黑体加粗项为集体学习内容，其他项为自学内容。"),
                   ("work_items", "开展专题研讨。围绕学习贯彻党的二十届四中全会精神，每名党员结合岗位作交流发言。")],
        absent=["结合本职工作，"],
        readings=[("习近平在中央政治局第二十三次集体学习时强调：以钉钉子精神推进全面从严治党", "文章", "集体学习", None),
                  ("习近平给全国优秀教师代表的回信", "文章", "自学", None),
                  ("中共中央印发《中国共产党党员教育管理工作条例》", "文章", "集体学习", None),
                  ("《习近平谈治国理政》第五卷有关篇目", "文章", "自学", None),
                  ("中国共产党章程", "文件", "自学", None)],
        work_items=[None, None, "2025-10-25"],
        tail=dict(closing="特此通知。", signature="中共北原大学委员会党务部", date="2025-10-08",
                  contact=dict(person="周敏", phone="010-62781234", email="dwb@beiyuan.edu.cn")),
        attachments=["“主题党日”活动记录表"],
        report=["党员理论学习情况统计表"],
    ),
    Case(
        "booklet .docx (cover, styles)", "booklet.docx", build=booklet, key="2025-12",
        head=dict(title="党支部组织生活指导材料", form="booklet", ordinal=12, publisher="中共南屏大学委员会组织部"),
        sections=[("组织生活时间及地点", ["meeting"]), ("组织生活内容", ["theme", "work_items", "readings"]),
                  ("组织生活要求", ["requirements"])],
        block_headings=[("组织生活内容", ["12月活动主题", "12月工作安排"])],
        meeting=dict(date="2025-12-25", start="14:30", end="16:30", place="各党支部党员活动室"),
        work_items=["2025-12-20", "2025-12-31", None, "12月中旬", "2025-12-31"],
        readings=[("全国组织工作会议精神学习辅导", "文件", None, 3), ("榜样9", "文件", None, 3)],
        sources=[None, "“共产党员网”专题片"],
        requirements=[None, "2026-01-10"],
    ),
    Case(
        "company 内容导引 .docx (table)", "company-guide.docx", build=company_guide, key="2026-05",
        head=dict(title="2026年5月党支部“三会一课”内容导引", issuer="中国远帆航运集团有限公司党委"),
        sections=[("总体要求", ["prose"]), ("内容导引", ["work_items", "readings", "prose"]), ("操作提示", ["prose"])],
        work_items=[None, None, None, "2026-05-31", "2026-05-20"],
        in_blocks=[("prose", "本月“三会一课”安排参考如下："), ("prose", "| 党小组会 | 5月中旬 | 党小组长 |"),
                   ("prose", "各单位党委要加强对所属党支部的指导，及时掌握船舶党支部组织生活开展情况")],
        absent=["| 各单位党委要加强"],       # the boxed tip is text, not a one-cell table
        readings=[("中国共产党国有企业基层组织工作条例（试行）", "文件", None, 2)],
        tail=dict(signature="集团公司党委组织部", date="2026-04-27"),
    ),
    Case(
        "college 指导意见 .docx (3 auto lists)", "college-opinion.docx", build=college_opinion, key="2025-12",
        head=dict(title="2025年12月党支部组织生活指导意见", issuer="中共江北师范学院委员会组织部",
                  addressee="各党总支、直属党支部"),
        opening="现将12月党支部组织生活指导意见印发如下",
        sections=[("本月指导意见", ["work_items", "readings", "work_items", "work_items", "work_items"]),
                  ("上月落实情况", ["prose", "review"])],
        block_headings=[("本月指导意见", ["理论学习", "组织生活", "党日活动", "日常学习"])],
        work_items=[None, "2025-12-15", None, "12月下旬", None, "长期坚持"],
        numbers=[1, 2, 3, 4, 5, 6],
        readings=[("中国共产党纪律处分条例", "文件", None, 2)],
        review=3,
        tail=dict(signature="中共江北师范学院委员会组织部", date="2025-12-03",
                  contact=dict(person="陈老师", phone="0755-26531234、13912345678")),
    ),
    Case(
        "county 主题党日 通知 .docx (版记)", "theme-day.docx", build=theme_day_notice, key="2025-11",
        head=dict(title="关于开展2025年11月“主题党日”活动的通知", form="notice", issuer="中共青川县委组织部",
                  doc_number="青组通〔2025〕45号",
                  addressee="各乡镇党委，县直各党（工）委，县委各部委，县级国家机关各部门党组（党委）"),
        opening="为推动主题党日活动规范化、常态化",
        sections=[("活动主题", ["theme"]), ("活动时间", ["meeting", "prose"]),
                  ("活动内容", ["work_items", "readings", "work_items"]), ("工作要求", ["requirements"])],
        block_headings=[("活动内容", ["规定动作", "自选动作"])],
        meeting=dict(date="2025-11-12", start="09:00", end="11:30"),
        in_blocks=[("prose", "因工作原因需调整的，须在11月20日前完成"),
                   ("work_items", "（2）党员在推动县域发展中如何发挥先锋模范作用。")],
        work_items=[None, None, "2025-11-25", "11月中旬", "2025-12-31"],
        numbers=[1, 2, 3, 4, 5],
        kinds=["规定", "规定", "规定", "自选", "自选"],
        readings=[("中共中央关于制定国民经济和社会发展第十五个五年规划的建议", "文件", None, 2)],
        requirements=[None, None, "2025-11-28"],
        tail=dict(signature="中共青川县委组织部", date="2025-11-04", contact=dict(person="王伟", phone="0839-3221234")),
        attachments=["2025年11月“主题党日”活动登记表"],
        report=["抄送：县委办公室，县政府办公室。", "“主题党日”活动优秀案例选编"],
    ),
    # -- written after the importer passed the notices above, and run before any change for them --
    Case(
        "university 通知 (必学/选学, 〇 date)", "jiangong-2025-11.txt", key="2025-11",
        head=dict(title="关于做好2025年11月份党支部“主题党日”活动的通知", form="notice",
                  issuer="中共南江建工大学委员会组织部", addressee="各二级党委（党总支）、直属党支部"),
        opening="根据学校党委工作安排",
        sections=[("学习内容", ["readings", "readings"]), ("活动安排", ["meeting", "work_items"]),
                  ("工作要求", ["requirements"])],
        block_headings=[("学习内容", ["必学内容", "选学内容"])],
        readings=[("中共中央关于制定国民经济和社会发展第十五个五年规划的建议", "文件", None, None),
                  ("习近平：在党的二十届四中全会第二次全体会议上的讲话", "文章", None, None),
                  ("《习近平谈治国理政》第五卷“全面从严治党”专题", "文章", None, None),
                  ("《求是》杂志2025年第21期评论员文章《把党的自我革命进行到底》", "文章", None, None)],
        sources=["人民日报2025年10月29日", None, None, None],
        levels=["必学", "必学", "选学", "选学"],
        meeting=dict(date="2025-11-27", start="14:30", place="各支部自定"),
        work_items=[None],
        requirements=[None, "2025-12-05"],
        tail=dict(signature="中共南江建工大学委员会组织部", date="2025-11-03"),
    ),
    Case(
        "离退休 安排 (no 一、, closing)", "lixiu-2026-02.txt", key="2026-02",
        head=dict(title="关于2026年2月离退休党支部组织生活的安排", issuer="离退休工作处党委", addressee="各离退休党支部"),
        opening="春节将至",
        sections=[("关于2026年2月离退休党支部组织生活的安排", ["work_items"])],
        work_items=["2026-02-10", "2026-02-13", None, None],
        tail=dict(closing="请各支部认真落实，有关情况及时报离退休工作处党委办公室。", signature="离退休工作处党委",
                  date="2026-01-20"),
    ),
    Case(
        "学习计划 .docx (readings in a table)", "study-plan.docx", build=study_plan, key="2026-03",
        head=dict(title="关于印发2026年3月党员学习计划的通知", form="notice", addressee="各基层党支部"),
        opening="现将2026年3月党员学习计划印发给你们",
        sections=[("学习篇目", ["readings"]), ("学习要求", ["requirements"])],
        readings=[("习近平在全国两会期间的重要讲话", "文章", "集体学习", None),
                  ("中国共产党党员权利保障条例", "文件", "集体学习", None),
                  ("《习近平谈治国理政》第五卷", "文章", "自学", None),
                  ("人民日报评论员文章《以实干实绩推动高质量发展》", "文章", "自学", None)],
        sources=["新华社", "党内法规", "人民出版社", "人民日报2026年3月6日"],
        requirements=[None, "2026-03-31"],
        tail=dict(signature="华远电力有限公司党委党建工作部", date="2026-03-02"),
    ),
    Case(
        "机关 安排 .docx (heading styles, 时限 line)", "styled-headings.docx", build=styled_headings, key="2026-01",
        head=dict(title="2026年1月党支部“三会一课”安排", addressee="各党支部"),
        opening="现将2026年1月党支部“三会一课”安排如下",
        sections=[("学习安排", ["work_items", "readings"]), ("组织生活安排", ["meeting", "prose"]),
                  ("有关要求", ["requirements"])],
        block_headings=[("组织生活安排", ["支部委员会", "党课"])],
        work_items=[None, "2026-01-20"],
        readings=[("中国共产党章程", "文件", None, 2)],
        meeting=dict(date="2026-01-08", start="16:00", end="17:30", place="机关楼302会议室"),
        requirements=[None, "2026-02-05"],
        tail=dict(signature="机关党委", date="2026-01-04"),
    ),
    # -- third round, written after the second passed and run once before any change for them --
    Case(
        "医院 党建工作安排 (body table, 附件 alone)", "lcxy-2025-10.txt", key="2025-10",
        head=dict(title="2025年10月党建工作安排", issuer="中共西州医科大学第一临床学院委员会", addressee="各党支部"),
        opening="现将学院党委2025年10月党建工作安排印发给你们",
        sections=[("思想政治建设", ["work_items"]), ("组织建设", ["work_items"]), ("其他工作", ["work_items"])],
        work_items=[None, "2025-10-20", "10月下旬", None, "2025-10-25"],
        numbers=[1, 2, 3, 4, 5],
        in_blocks=[("work_items", "| 内科党支部 | 支部委员会 | 10月10日 |")],
        tail=dict(signature="中共西州医科大学第一临床学院委员会", date="2025-09-30"),
        attachments=["2025年10月党员学习篇目"],
    ),
    Case(
        "学习强国 专题 (【集体学习】, links)", "xuexi-2025-12.txt", key="2025-12",
        head=dict(title="关于开展2025年12月“学习强国”专题学习的通知", addressee="各党支部"),
        opening="为推动党员经常性学习",
        sections=[("学习篇目", ["readings"]), ("学习要求", ["requirements"])],
        readings=[("习近平在中央经济工作会议上发表重要讲话", "文章", "集体学习", None),
                  ("中国共产党党内法规执行责任制规定（试行）", "文件", "集体学习", None),
                  ("人民日报社论：奋力实现“十五五”良好开局", "文章", "自学", None)],
        links=["https://www.12371.cn/2025/12/12/ARTI1765500000000000.shtml",
               "https://www.12371.cn/2025/12/02/ARTI1764600000000000.shtml", None],
        requirements=[None, "2025-12-25"],
        tail=dict(signature="党委宣传部", date="2025-12-01"),
    ),
    Case(
        "区委组织部 提示 .docx (（1） items, month date)", "district-notice.docx", build=district_notice, key="2025-10",
        head=dict(title="关于做好2025年10月基层党组织“三会一课”工作的提示", form="notice", issuer="中共东港区委组织部",
                  addressee="各街道党工委，区直各部门党组织"),
        opening="为推动“三会一课”制度落实落细",
        sections=[("本月重点", ["work_items"]), ("学习内容", ["readings", "readings"]), ("有关事项", ["prose"])],
        block_headings=[("学习内容", ["集体学习", "自学"])],
        work_items=["2025-10-31", None, "10月中旬"],
        readings=[("习近平在中央政治局第二十二次集体学习时的讲话", "文章", "集体学习", None),
                  ("中国共产党组织工作条例", "文件", "集体学习", None),
                  ("《习近平谈治国理政》第五卷第四专题", "文章", "自学", None)],
        tail=dict(signature="中共东港区委组织部", contact=dict(person="区委组织部组织科 何静", phone="0596-2126688")),
        report=["成文日期只写到月"],
    ),
    # -- a fourth notice, written from the probes that broke the importer after the third round --
    Case(
        "联合行文 主题党日 (tabs, 1）, lead-ins)", "nongda-2025-11.txt", key="2025-11",
        head=dict(title="关于开展2025年11月“学习贯彻四中全会精神”主题党日活动的通知", form="notice",
                  addressee="各二级党委（党总支）、直属党支部，机关各部处党支部，各附属单位党组织"),
        opening="为深入学习贯彻党的二十届四中全会精神",
        sections=[("活动主题", ["theme"]), ("活动时间", ["meeting"]), ("活动内容", ["prose", "work_items"]),
                  ("工作要求", ["requirements"])],
        meeting=dict(date="2025-11-21", start="15:00", end="17:00"),
        work_items=["2025-11-15", None, "11月17日至21日", "2025-11-25"],
        requirements=["2025-11-28"],
        tail=dict(signature="中共北江农业大学委员会组织部 中共北江农业大学委员会宣传部", date="2025-11-10"),
    ),
    # -- fourth round: eight notices of shapes not covered before, run once before any change for them --
    Case(
        "街道党工委 三会一课 (3 meetings, CRLF)", "jiedao-2025-10.txt", key="2025-10",
        head=dict(title="关于做好2025年10月“三会一课”工作的通知", form="notice", issuer="中共青石街道工作委员会",
                  doc_number="青街党工〔2025〕21号", addressee="各社区党委，辖区各“两新”党组织，街道机关党支部"),
        opening="为进一步规范基层党组织组织生活",
        sections=[("会议安排", ["meeting", "meeting", "meeting", "prose"]), ("学习内容", ["readings"]),
                  ("工作安排", ["work_items"]), ("有关要求", ["requirements"])],
        block_headings=[("会议安排", ["支部委员会", "党小组会", "党课"])],
        in_blocks=[("prose", "主讲：街道党工委书记")],
        meetings=[dict(name="支部委员会", date="2025-10-09", start="09:00", place="各社区党群服务中心会议室"),
                  dict(name="党小组会", date="2025-10-16", start="14:30", end="16:00", place="各党小组自行确定"),
                  dict(name="党课", date="2025-10-28", start="15:00", end="16:30", place="街道党群服务中心二楼报告厅")],
        readings=[("习近平总书记关于基层治理的重要论述", "文章", None, None), ("中国共产党支部工作条例（试行）", "文件", None, None),
                  ("《习近平谈治国理政》第五卷有关篇目", "文章", None, None)],
        work_items=["10月中旬前", None, "即日起至11月30日", "2025-10-20"],
        numbers=[1, 2, 3, 4],
        requirements=[None],
        tail=dict(signature="中共青石街道工作委员会", date="2025-10-08", contact=dict(person="张丽", phone="0571-86051234")),
    ),
    Case(
        "市直机关工委 第一议题 .docx (footnote, header)", "first-topic.docx", build=first_topic, key="2025-11",
        head=dict(title="关于印发2025年11月市直机关党组织“第一议题”学习安排的通知", form="notice",
                  issuer="中共西岭市直属机关工作委员会", doc_number="西直机党〔2025〕33号",
                  addressee="市直各部门机关党委（党总支、党支部）"),
        opening="现将2025年11月“第一议题”学习安排印发给你们",
        sections=[("“第一议题”学习内容", ["readings"]), ("学习安排", ["work_items"]), ("工作要求", ["requirements"])],
        readings=[("习近平在二十届中央政治局第二十四次集体学习时的讲话", "文章", None, None),
                  ("《习近平谈治国理政》第五卷：《坚定不移推进全面从严治党》《以党的自我革命引领社会革命》", "文章", None, None),
                  ("《中国共产党机关基层组织工作条例》第三章", "文章", None, None)],
        links=["https://www.xuexi.cn/lgpage/detail/index.html?id=1234567890", None,
               "https://www.xuexi.cn/lgpage/detail/index.html?id=2234567890"],
        work_items=["11月上旬前", None], hours=[4, None],
        requirements=[None, "2025-11-28"],
        tail=dict(signature="中共西岭市直属机关工作委员会", date="2025-11-03"),
        absent=["西岭市直机关工委文件"],
        report=["据新华社2025年10月31日电。"],
    ),
    Case(
        "国企党委 工作提示 .docx (items in a table)", "work-table.docx", build=work_table, key="2026-06",
        head=dict(title="2026年6月基层党支部重点工作提示", issuer="中国华夏建材集团有限公司党委",
                  addressee="各基层党委、党总支、直属党支部"),
        opening="现将2026年6月基层党支部重点工作提示如下",
        sections=[("本月重点工作", ["work_items", "readings"]), ("工作要求", ["requirements"])],
        work_items=["2026-06-05", "6月中旬", "2026-06-30", "每月", "每季度末"],
        numbers=[1, 2, 3, 4, 5],
        in_blocks=[("work_items", "党委组织部、工会")],
        readings=[("中国共产党国有企业基层组织工作条例（试行）", "文件", None, 2)],
        requirements=[None, "2026-07-03"],
        tail=dict(signature="集团公司党委组织部", date="2026-05-28"),
    ),
    Case(
        "中学党总支 安排 (回顾, （1） sub-items, 学时)", "yucai-2026-03.txt", key="2026-03",
        head=dict(title="2026年3月党建工作安排", issuer="育才中学党总支", addressee="各党支部"),
        opening="现将2026年3月党建工作安排如下",
        sections=[("上月工作回顾", ["review"]), ("本月工作安排", ["work_items", "work_items"]), ("有关要求", ["requirements"])],
        block_headings=[("本月工作安排", ["理论学习", "组织生活"])],
        review=3,
        work_items=[None, None, "2026-03-05", None, "2026-03-31"],
        numbers=[1, 2, 3, 4, 5],
        hours=[4, None, None, None, None],
        in_blocks=[("work_items", "（1）如何把两会精神落实到教育教学中；"), ("work_items", "（3）党员教师如何发挥先锋模范作用。")],
        requirements=[None, "2026-03-31"],
        tail=dict(signature="育才中学党总支", date="2026-03-02"),
    ),
    Case(
        "医院党委 主题党日 .docx (forms, text box, 修订)", "hospital-forms.docx", build=hospital_forms, key="2026-02",
        head=dict(title="关于开展2026年2月党支部“主题党日”活动的通知", form="notice", issuer="中共南山市第一人民医院委员会",
                  doc_number="南医党〔2026〕3号", addressee="院内各党支部"),
        opening="为推动主题党日活动与医疗服务深度融合",
        sections=[("活动主题", ["theme"]), ("活动时间", ["meeting"]), ("活动内容", ["work_items", "readings"]),
                  ("其他事项", ["prose"])],
        meeting=dict(date="2026-02-13", start="16:30", end="18:00"),
        work_items=[None, None, "2026-02-24"],
        readings=[("中国共产党党员教育管理工作条例", "文件", None, 1)],
        in_blocks=[("work_items", "开展义诊志愿服务，各临床党支部至少安排2名党员专家参加。")],
        absent=["开展廉洁从医警示教育"],
        tail=dict(signature="中共南山市第一人民医院委员会", date="2026-02-06"),
        attachments=["党支部主题党日活动记录表", "党员志愿服务登记表"],
        report=["内部资料"],
        report_absent=["图片未导入"],
    ),
    Case(
        "社区党委 主题党日 (Word text debris, 时间/地点 apart)", "xingfuli-2026-01.txt", key="2026-01",
        head=dict(title="关于开展2026年1月“温暖冬日”主题党日活动的通知", form="notice", issuer="中共幸福里社区委员会",
                  addressee="各网格党支部、小区党小组、在职党员"),
        opening="根据街道党工委工作部署",
        sections=[("活动时间", ["meeting"]), ("活动地点", ["prose"]), ("活动内容", ["work_items", "readings"]),
                  ("活动要求", ["requirements"])],
        meeting=dict(date="2026-01-10", start="09:00", end="11:00"),
        work_items=[None, "即日起至1月31日", "2026-01-15", "1月下旬"],
        readings=[("榜样9", "文件", None, 1)],
        requirements=["2026-01-08", None],
        tail=dict(signature="中共幸福里社区委员会", date="2026-01-05", contact=dict(person="王芳", phone="88123456")),
        report=["图片未导入"],
    ),
    Case(
        "镇党委→村党组织 冬训 (GB18030, 学时, 第X卷)", "longquan-2025-12.txt", key="2025-12",
        head=dict(title="关于做好2025年12月村党组织主题党日暨农村党员冬训工作的通知", form="notice", issuer="中共龙泉镇委员会",
                  doc_number="龙委发〔2025〕46号", addressee="各村党组织、镇属各党支部"),
        opening="为扎实开展农村党员冬训",
        sections=[("主题党日安排", ["meeting", "prose"]), ("冬训学习内容", ["readings"]), ("工作安排", ["work_items"]),
                  ("工作要求", ["requirements"])],
        meeting=dict(date="2025-12-10", start="08:30", place="各村党群服务中心"),
        readings=[("《习近平谈治国理政》第四卷、第五卷有关篇目", "文章", None, None),
                  ("中国共产党农村基层组织工作条例", "文件", None, None), ("中央农村工作会议精神", "文章", None, None)],
        work_items=["2025-12-05", None, "2025-12-20", None],
        hours=[None, 24, None, None],
        requirements=[None, None, "2026-01-31"],
        tail=dict(signature="中共龙泉镇委员会", date="2025-12-02"),
    ),
    Case(
        "学院党委 安排 .docx (list styles, restarts, 篇目)", "list-styles.docx", build=list_styles, key="2026-04",
        head=dict(title="2026年4月党支部组织生活安排", issuer="中共东湖大学信息工程学院委员会", addressee="各党支部"),
        opening="根据学校党委组织部工作部署",
        sections=[("学习篇目", ["readings"]), ("组织生活安排", ["meeting", "work_items"]), ("有关要求", ["requirements"])],
        block_headings=[("组织生活安排", ["支部党员大会", "主题党日"])],
        readings=[("《习近平谈治国理政》第五卷“全面深化改革”专题　篇目：《进一步全面深化改革的总目标》《改革开放只有进行时没有完成时》",
                   "文章", None, None),
                  ("中国共产党普通高等学校基层组织工作条例", "文件", None, None)],
        links=["https://www.xuexi.cn/xxqg/abc123.html", None],
        meetings=[dict(name="支部党员大会", date="2026-04-22", start="14:00", end="15:30", place="信息楼B座305")],
        work_items=[None, "4月下旬"],
        numbers=[1, 2],
        requirements=[None, "2026-04-30"],
        tail=dict(signature="信息工程学院党委", date="2026-04-01"),
    ),
    # -- fourth round, second batch: written after the eight above passed, run before the changes for them --
    Case(
        "市直机关工委 七一 (GB18030, tab table, 时　间：)", "qiyi-2026-07.txt", key="2026-07",
        head=dict(title="关于开展2026年7月庆祝建党105周年系列活动的通知", form="notice",
                  issuer="中共南江市直属机关工作委员会", addressee="市直各机关党组织"),
        opening="2026年7月1日是中国共产党成立105周年",
        sections=[("“七一”主题党日", ["meeting", "theme"]), ("重点任务", ["work_items"]), ("工作要求", ["requirements"])],
        meeting=dict(date="2026-07-01", start="08:30", end="11:30", place="各机关党组织自行确定"),
        work_items=["6月30日前", "2026-07-01", "7月上旬", "2026-07-31"],
        numbers=[1, 2, 3, 4],
        hours=[None, None, None, 2],
        requirements=[None, "2026-07-10"],
        tail=dict(signature="中共南江市直属机关工作委员会", date="2026-06-24",
                  contact=dict(person="孙伟", phone="0571-87061234")),
    ),
    Case(
        "供电公司 重点工作清单 .docx (merged 类别 column)", "task-list.docx", build=task_list, key="2026-08",
        head=dict(title="2026年8月党支部“三会一课”重点工作清单", issuer="国网东岳电力有限公司党委",
                  addressee="各基层党委、直属党支部"),
        opening="现将2026年8月党支部“三会一课”重点工作清单印发给你们",
        sections=[("重点工作", ["work_items", "readings"]), ("有关要求", ["requirements"])],
        work_items=["2026-08-05", "8月中旬", "2026-08-20", "8月下旬", "8月1日前后"],
        numbers=[1, 2, 3, 4, 5],
        kinds=["规定", "规定", "规定", "自选", "自选"],
        hours=[None, 2, None, None, None],
        readings=[("中国共产党纪律处分条例", "文件", None, 2)],
        requirements=["2026-08-31"],
        tail=dict(date="2026-07-28"),
    ),
    # -- written from the probes after the second batch passed (hyperlinks, 附件N： lines, 时间地点：) --
    Case(
        "学工部党总支 .docx (hyperlinks, 附件N： list)", "linked-readings.docx", build=linked_readings, key="2026-09",
        head=dict(title="关于开展2026年9月学生党支部组织生活的通知", form="notice",
                  issuer="中共江城理工大学学生工作部总支部委员会", addressee="各学生党支部"),
        opening="新学期伊始",
        sections=[("时间地点", ["meeting"]), ("学习内容", ["readings"]), ("工作安排", ["work_items"])],
        meeting=dict(date="2026-09-18", start="19:00", end="20:30", place="各支部自行确定地点"),
        readings=[("习近平给全国高校新生的回信", "文章", None, None), ("高校学生党员发展工作细则", "文件", None, None)],
        links=["https://www.xuexi.cn/lgpage/detail/index.html?id=3334567890",
               "https://www.12371.cn/2026/09/01/ARTI1788000000000000.shtml"],
        work_items=["2026-09-25", None],
        hours=[None, 2],
        tail=dict(signature="学生工作部党总支", date="2026-09-07"),
        report=["https://dygl.12371.gov.cn/", "学生党支部组织生活记录表", "新生党员组织关系转接汇总表"],
    ),
    Case(
        "镇党委 安排 (上月回顾 as text, GB18030 CRLF)", "chengguan-2026-10.txt", key="2026-10",
        head=dict(title="2026年10月基层党建工作安排", issuer="中共城关镇委员会", addressee="各村（社区）党组织、镇直各党支部"),
        opening="现将2026年10月基层党建工作安排如下",
        sections=[("上月工作回顾", ["review"]), ("本月工作安排", ["work_items"]), ("工作要求", ["requirements"])],
        work_items=["2026-10-15", None, "2026-10-31"],
        numbers=[1, 2, 3],
        requirements=[None],
        tail=dict(signature="中共城关镇委员会", date="2026-09-29"),
    ),
    Case(
        "系党总支 11月份 主题党日 (month without year)", "xijiang-11yuefen.txt", key="2026-11",
        head=dict(title="关于开展11月份主题党日活动的通知", form="notice",
                  issuer="中共西江职业技术学院机电工程系总支部委员会", addressee="各党支部"),
        opening="根据学院党委工作安排",
        sections=[("活动主题", ["theme"]), ("活动时间", ["meeting"]), ("活动内容", ["work_items", "readings"])],
        meeting=dict(date="2026-11-20", start="15:30", end="17:00"),
        work_items=[None, None, "2026-11-25"],
        hours=[None, 2, None],
        readings=[("中国共产党普通高等学校基层组织工作条例", "文件", None, 2)],
        tail=dict(signature="机电工程系党总支", date="2026-10-27"),
        report=["没有写年份"],
    ),
]
"""The notices, in the order of the table the tests print."""


def _time_imports() -> None:
    """Prints the import time of every notice (``plan_import``: read, recognise, prepare the files):
    wall and CPU seconds of the first call and the best of five, in one warm process.

    Run: ``.venv/bin/python tests/field_notices.py`` (recorded in ``docs/benchmarks-word.md``).
    """
    import sys
    import tempfile
    import time

    root_dir = Path(__file__).resolve().parent.parent
    sys.path[:0] = [str(root_dir), str(root_dir / "tests")]
    from conftest import make_empty_project
    from generator.importer import plan_import

    work = Path(tempfile.mkdtemp(prefix="field-notices-"))
    project = make_empty_project(work / "project")
    print(f"{'notice':<44} {'first wall':>10} {'first cpu':>10} {'best wall':>10} {'best cpu':>10}")
    worst = 0.0
    for case in CASES:
        path = FIELD / case.file
        if case.build is not None:
            path = work / case.file
            case.build(path)
        runs = []
        for _ in range(5):
            w, c = time.perf_counter(), time.process_time()
            plan_import(path, project, month=case.month)
            runs.append((time.perf_counter() - w, time.process_time() - c))
        worst = max(worst, runs[0][1])
        print(f"{case.file:<44} {runs[0][0]:10.3f} {runs[0][1]:10.3f} {min(r[0] for r in runs):10.3f} "
              f"{min(r[1] for r in runs):10.3f}")
    print(f"slowest first call: {worst:.3f} s CPU")


if __name__ == "__main__":
    _time_imports()
