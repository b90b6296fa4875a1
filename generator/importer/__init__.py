"""Word in: a notice in ``.docx`` or plain text → a draft month or document in our content formats.

``python -m generator import FILE [--month YYYY-MM] [--force]`` runs
:func:`import_file`, which goes

1. :mod:`.source` — read the file (python-docx, or text in UTF-8/GB18030),
   refusing bad files with a Chinese message before anything is written;
2. :mod:`.recognise` — recognise the notice: main document and attachments,
   each with head (cover or 发文机关标志/文号/title), 主送, body outline, 附件 list,
   contact, 署名 and 成文日期;
3. :mod:`.months` / :mod:`.documents` — write the draft: a monthly notice
   becomes ``data/months/YYYY-MM.yml`` (content model v2) with its attachments
   in ``content/YYYY-MM/``; anything else a shared document in
   ``content/documents/`` with its annexes;
4. the report: everything placed by a guess or not placed, in Chinese, printed
   at the end and written as comments where it belongs.

Nothing is overwritten without ``force``; nothing is written when the file is refused.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import patterns as P, webtext
from .documents import DocumentDraft, body_markdown, find_document_deadlines, safe_name
from .months import MEETING_TIME, month_draft
from .recognise import MISSING_ANNEX, Doc, Node, Notice, Remark, recognise
from .source import ImportRefused, read_source

__all__ = ["ImportRefused", "ImportResult", "import_file", "plan_import"]

DEFAULT_TITLE = "党支部组织生活指导材料"


@dataclass
class ImportResult:
    """What an import wrote (or would write).

    Attributes:
        kind: ``month`` or ``document``.
        key: ``YYYY-MM`` for a month, else ``None``.
        files: text of each file by path relative to the project root, in writing order.
        remarks: the report's lines (:class:`~generator.importer.recognise.Remark`), in document order.
        notice: the recognised notice (for tests and tools).
    """

    kind: str
    key: str | None
    files: dict[str, str] = field(default_factory=dict)
    remarks: list[Remark] = field(default_factory=list)
    notice: Notice | None = None

    def report(self) -> str:
        """The Chinese import report: what was written, then every remark."""
        lines = ["已生成草稿：" + "、".join(self.files)]
        if self.remarks:
            lines.append(f"导入报告（{len(self.remarks)} 条，请逐条核对；也已作为注释写在相应位置）：")
            lines += [f"  {n}. {r.message_line()}" + (f"（{r.doc.label}）" if r.doc is not None and r.doc.label else "")
                      for n, r in enumerate(self.remarks, start=1)]
        else:
            lines.append("导入报告：全部内容均已识别。")
        if self.kind == "month":
            lines.append(f"下一步：核对 data/months/{self.key}.yml 和附件，运行 make check 检查。")
        else:
            lines.append("下一步：核对生成的文件，运行 make check 检查。")
        return "\n".join(lines)


def looks_monthly(notice: Notice) -> tuple[int, int] | None | bool:
    """Whether the notice is a monthly issue, and its month when the notice says it.

    Returns ``(year, month)`` from the cover or title (a title's month without a year, 10月份主题党日,
    takes the year of the 成文日期: :func:`~generator.importer.patterns.year_of_month`); ``True`` when it
    reads as monthly (a cover, a meeting time line, a month without a date to place it) but names no
    month it can tell; ``False`` otherwise.
    """
    main = notice.main
    if main.cover and main.cover.month:
        return main.cover.month
    month = P.month_in_title(main.title or "")
    if month:
        return month
    bare = P.bare_month_in_title(main.title or "")
    if bare:
        dated = (main.date[0], main.date[1]) if main.date else None
        return (P.year_of_month(bare, dated), bare) if dated else True
    if main.cover:
        return True
    for x in main.body.walk():
        if isinstance(x, Node) and MEETING_TIME.match(x.text):
            return True
    return False


def plan_import(path: Path, root: Path, month: str | None = None, as_document: bool = False) -> ImportResult:
    """Reads and recognises ``path`` and prepares every file to write under ``root``, writing nothing.

    Args:
        path: the ``.docx`` or text file.
        root: the project (``data/``, ``content/``).
        month: ``YYYY-MM`` to import as that month (else read from the notice).
        as_document: import as a shared document even if it reads as a monthly notice.

    Raises:
        ImportRefused: the file is bad, or it is a monthly notice whose month cannot be told.
    """
    if month is not None:
        _check_month(month, "--month 的")
    source = read_source(path)
    web: list[Remark] = []      # a web page's metadata line and half-width punctuation (issue 21)
    source.blocks, web_date = webtext.strip_chrome(source.blocks, web)
    source.blocks = webtext.full_width(source.blocks, web)
    notice = recognise(source)
    notice.remarks[:0] = web
    if web_date and notice.main.date is None:
        notice.main.date = web_date
    monthly = False if as_document else (month or looks_monthly(notice))
    if monthly is True:
        raise ImportRefused(f"{path.name} 看起来是月度指导材料，但文件中没有写明月份。"
                            "请用 --month YYYY-MM 指定，例如：make import FILE=文件 MONTH=2017-05")
    if monthly and not month:
        _check_month(f"{monthly[0]:04d}-{monthly[1]:02d}", f"{path.name} 中写的月份")
    if monthly:
        key = month or f"{monthly[0]:04d}-{monthly[1]:02d}"
        result = _plan_month(notice, root, key)
        if not month and not P.month_in_title(notice.main.title or "") and not (notice.main.cover and notice.main.cover.month):
            result.remarks.append(Remark(None, notice.main.title or "", f"标题中的月份没有写年份，已按成文日期定为 {key}；"
                                         "如不对，请用 --month YYYY-MM 重新导入", full=True))
    else:
        result = _plan_document(notice, root)
    for r in result.remarks:
        r.unit = source.unit
    written = "\n".join(result.files.values())
    for b in source.blocks:           # a hyperlink's address is not in the text: say so when no field took it
        for shown, url in getattr(b, "links", ()):
            if url not in written:
                result.remarks.append(Remark(b.where, shown or b.text, f"带有超链接 {url}，链接地址未导入；"
                                             "如需要，请写入学习材料的 link 或正文", unit=source.unit, full=True))
    for note in source.notes:
        result.remarks.append(Remark(note.where, note.text, note.message, unit=source.unit, full=note.full))
    result.remarks.sort(key=lambda r: (r.where is None, r.where or 0))
    return result


def _check_month(key: str, what: str) -> None:
    """Refuses a month ``check`` would refuse (a malformed one, a year outside :data:`~generator.read.schema.YEARS`)."""
    from ..read.schema import YEARS, clerk_month

    match = re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])", key)
    if not match:
        better = clerk_month(key)
        raise ImportRefused(f"{what}格式应为 YYYY-MM（例如 {better or '2019-10'}），现在是“{key}”")
    if not YEARS[0] <= int(match[1]) <= YEARS[1]:
        raise ImportRefused(f"{what}年份 {int(match[1])} 不在 {YEARS[0]}–{YEARS[1]} 年之间（现在是“{key}”）。"
                            "请检查年份是否写错，或指定月份：make import FILE=文件 MONTH=YYYY-MM")


def _check_sizes(result: ImportResult) -> None:
    """Refuses a draft ``check`` would refuse for its size (:mod:`generator.read.limits`), before writing."""
    from ..read.limits import MAX_MARKDOWN_BYTES, MAX_YAML_BYTES

    for rel, text in result.files.items():
        limit = MAX_YAML_BYTES if rel.endswith((".yml", ".yaml")) else MAX_MARKDOWN_BYTES
        size = len(text.encode("utf-8"))
        if size > limit:
            raise ImportRefused(f"导入后的 {rel} 有 {size // 1024} KB，超过 make check 允许的上限 {limit // 1024} KB，"
                                "未写入任何文件。请检查是否选错了文件；内容确实很多时，把各附件分成几个文件分别导入")


def import_file(path: Path, root: Path, month: str | None = None, force: bool = False,
                as_document: bool = False) -> ImportResult:
    """Imports ``path`` into the project at ``root`` and writes the draft files.

    Raises:
        ImportRefused: the file is bad, the month is unknown, or a file to write
            already exists and ``force`` is False; nothing was written.
    """
    from ..read.destination import OutsideProject, refuse_outside

    result = plan_import(path, root, month, as_document)
    _check_sizes(result)
    try:
        for rel in result.files:
            refuse_outside(root, root / rel, "写入")
    except OutsideProject as exc:
        raise ImportRefused(str(exc)) from None
    existing = [rel for rel in result.files if (root / rel).exists()]
    if existing and not force:
        what = f"月份 {result.key} 已有数据" if result.kind == "month" and f"data/months/{result.key}.yml" in existing else "文件已存在"
        raise ImportRefused(f"{what}：{'、'.join(existing)}。为免覆盖已有内容，未写入任何文件；"
                            "确认要覆盖时加 --force，或用 --month 导入为另一个月份")
    staged: list[tuple[str, Path]] = []
    try:   # every file is written beside its place first; only when all are written do they take their names
        for rel, text in result.files.items():
            target = root / rel
            if target.exists() and not target.is_file():
                raise ImportRefused(f"{rel} 已经存在，但它是一个文件夹，未写入任何文件。请把它改名或移走后重新导入")
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".import-", suffix=".tmp")
            staged.append((tmp, target))
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
        for tmp, target in staged:
            os.replace(tmp, target)
    except OSError as exc:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        place = Path(exc.filename or root)
        try:
            place = place.relative_to(root)
        except ValueError:
            pass
        why = ("没有写入权限" if isinstance(exc, PermissionError) else "磁盘已满" if exc.errno == 28 else
               f"是文件而不是文件夹" if isinstance(exc, (FileExistsError, NotADirectoryError)) else
               f"无法写入（{exc.strerror}）")
        raise ImportRefused(f"{place} {why}，未写入任何文件。请检查该文件夹的权限（例如 chmod u+w {place}）"
                            "和磁盘空间后重新导入") from None
    except ImportRefused:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    return result


# -- months ---------------------------------------------------------------------------------------------
def _org(root: Path) -> tuple[str | None, str]:
    """The organisation's name and site name from ``data/organisation.yml`` (``None``/default when absent)."""
    import yaml

    try:
        data = yaml.safe_load((root / "data" / "organisation.yml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        data = {}
    return data.get("name"), data.get("site_name") or DEFAULT_TITLE


def _rule_names(root: Path) -> dict[str, tuple[str, tuple[str, ...]]]:
    import yaml

    try:
        data = yaml.safe_load((root / "data" / "rules.yml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}
    # id → (name, terms): the words a work item names a standing rule by (issue 21)
    return {r["id"]: (r.get("name", ""), tuple(r.get("terms") or ()))
            for r in data.get("rules") or [] if isinstance(r, dict) and "id" in r}


def _plan_month(notice: Notice, root: Path, key: str) -> ImportResult:
    result = ImportResult(kind="month", key=key, notice=notice)
    org_name, site_name = _org(root)
    year = int(key[:4])
    names = []
    drafts = []
    for k, doc in enumerate(notice.attachments, start=1):
        name = f"附件{k}-{safe_name(doc.title or doc.listed or '附件')}.md"
        names.append(name)
        drafts.append((name, _document_draft(doc, name, year, [])))
    draft = month_draft(notice, key, names, org_name, site_name, _rule_names(root))
    title = draft.data.get("title", "")
    month_zh = f"{key[:4]}年{int(key[5:])}月"
    header = (f"{'' if month_zh in title else month_zh + ' '}{title}：由导入工具（make import）从"
              f"“{notice.source.path.name}”导入的草稿。\n请核对全部内容和下面的“导入提示”，"
              "改好后删去这些提示；字段说明见 docs/content-guide.md。")
    for r in draft.remarks + [r for _, d in drafts for r in d.remarks]:
        r.unit = notice.source.unit        # 第 14 段 in a .docx, 第 14 行 in a text file, also in the comments
    result.files[f"data/months/{key}.yml"] = draft.text(header)
    result.remarks += draft.remarks
    for name, d in drafts:
        result.files[f"content/{key}/{name}"] = d.text()
        result.remarks += d.remarks
    result.remarks += [r for r in notice.remarks if r not in result.remarks and r.anchor != MISSING_ANNEX]
    return result


# -- documents ----------------------------------------------------------------------------------------
def _document_draft(doc: Doc, name: str, year: int | None, annexes: list[str]) -> DocumentDraft:
    remarks: list[Remark] = []
    body = body_markdown(doc, remarks)
    deadlines = find_document_deadlines(doc, doc.year or year, remarks)
    draft = DocumentDraft(doc=doc, name=name, body=body, deadlines=deadlines, annexes=annexes, remarks=remarks)
    draft.annex_titles = list(doc.annex_list[len(annexes):]) if annexes else list(doc.annex_list)
    return draft


def _plan_document(notice: Notice, root: Path) -> ImportResult:
    result = ImportResult(kind="document", key=None, notice=notice)
    main = notice.main
    title = safe_name(main.title or "文件", 30)
    stem = f"{safe_name(main.doc_number)}-{title[:20]}" if main.doc_number else title
    annex_stem = safe_name(main.doc_number) if main.doc_number else title[:20]
    annex_names = [f"{annex_stem}-{d.label}-{safe_name(d.title or d.listed or '附件', 20)}.md" for d in notice.attachments]
    year = main.year
    main_draft = _document_draft(main, f"{stem}.md", year, annex_names)
    for r in main_draft.remarks:
        r.unit = notice.source.unit
    result.files[f"content/documents/{stem}.md"] = main_draft.text()
    result.remarks += main_draft.remarks
    for doc, name in zip(notice.attachments, annex_names):
        d = _document_draft(doc, name, year, [])
        for r in d.remarks:
            r.unit = notice.source.unit
        result.files[f"content/documents/{name}"] = d.text()
        result.remarks += d.remarks
    result.remarks += notice.remarks
    return result
