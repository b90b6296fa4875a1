"""Readers: files on disk → the content model (:mod:`generator.model`).

Stage one of the pipeline. :func:`read_project` reads ``data/organisation.yml``,
every ``data/months/*.yml`` and every Markdown file they reference, validates
each against its schema (:mod:`generator.schema`), checks what a schema cannot
(files that must exist, dates relative to the month, duplicate months), and
returns a :class:`~generator.model.Project`. It collects every problem before
raising, so the author sees all of them at once.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from . import sanitize, schema
from .errors import ErrorCollector
from .model import (BRANCH_KINDS, DEFAULT_HEADINGS, DEFAULT_TITLE, Contact, Deadline, Document, Meeting,
                    MonthIssue, Organisation, PartialDate, Project, Reading, Rule, Rules, StudyHours, WorkItem)
from .yamlio import Located, read_front_matter, read_yaml, walk

DEFAULT_FONTS = {
    "body": ["FandolFang", "FangSong", "Noto Serif CJK SC"],
    "title": ["FandolSong", "Noto Serif CJK SC"],
    "heiti": ["FandolHei", "Noto Sans CJK SC"],
    "kaiti": ["FandolKai", "AR PL UKai CN"],
}


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _time(value: str | None) -> dt.time | None:
    if not value:
        return None
    hour, minute = value.split(":")
    return dt.time(int(hour), int(minute))


def first_sentence(markdown_text: str) -> str:
    """The text up to and including its first 。 (or the first paragraph), without Markdown marks."""
    paragraph = markdown_text.strip().split("\n\n")[0]
    paragraph = re.sub(r"[*_`#>]", "", paragraph).replace("\n", "")
    match = re.search(r"^.*?[。；！？]", paragraph)
    return match.group(0) if match else paragraph


class _Reader:
    def __init__(self, root: Path):
        self.root = root
        self.errors = ErrorCollector(root)
        self.documents: dict[Path, Document] = {}
        self._reading: set[Path] = set()

    # -- helpers -----------------------------------------------------------------------------
    def _load(self, path: Path, which: str) -> Located | None:
        """The file parsed and valid, or ``None`` after recording every problem in it."""
        located, valid = self._load_all(path, which)
        return located if valid else None

    def _load_all(self, path: Path, which: str) -> tuple[Located | None, bool]:
        """Parses ``path`` and records every problem: YAML syntax, refused HTML in any string, schema.

        Returns:
            ``(located, valid)``: ``located`` is ``None`` only when the file could not be parsed;
            ``valid`` is False when any problem was recorded (cross-checks may still look at it).
        """
        located, error = read_yaml(path)
        if error:
            self.errors.add(path, error.line, error.column, error.message, error.fix)
            return None, False
        problems = sanitize.check_yaml(located, self.root / "content")
        problems += schema.validate(located, schema.SCHEMAS[which])
        self.errors.extend(problems)
        return located, not problems

    def _error(self, located: Located, keys: list, message: str, fix: str = "") -> None:
        line, col = located.position(keys)
        self.errors.add(located.path, line, col, message, fix)

    def _slug(self, path: Path) -> str:
        return path.resolve().relative_to((self.root / "content").resolve()).with_suffix("").as_posix()

    # -- organisation -----------------------------------------------------------------------
    def organisation(self) -> Organisation | None:
        located = self._load(self.root / "data" / "organisation.yml", "organisation")
        if located is None:
            return None
        d = located.data
        fonts = {**DEFAULT_FONTS, **{k: list(v) for k, v in (d.get("fonts") or {}).items()}}
        return Organisation(
            name=d["name"], short_name=d.get("short_name", d["name"]),
            site_name=d.get("site_name", DEFAULT_TITLE), site_url=d["site_url"], fonts=fonts,
            branch_kinds=tuple(d.get("branch_kinds") or BRANCH_KINDS),
        )

    # -- standing rules ---------------------------------------------------------------------
    def rules(self) -> Rules | None:
        """Reads ``data/rules.yml`` (optional); ``None`` after recording an error."""
        path = self.root / "data" / "rules.yml"
        if not path.exists():
            return Rules()
        located, ok = self._load_all(path, "rules")
        if located is None:
            return None
        rules, seen = [], set()
        entries = located.data.get("rules") if isinstance(located.data, dict) else None
        for i, r in enumerate(entries if isinstance(entries, list) else []):
            if not isinstance(r, dict):
                continue  # the schema said so already
            months, frequency = r.get("months"), r.get("frequency")
            rule_id = r.get("id") if isinstance(r.get("id"), str) else None
            if rule_id is not None and rule_id in seen:
                self._error(located, ["rules", i, "id"], f"常规工作编号“{rule_id}”重复", "每条常规工作的 id 须不同")
                ok = False
            seen.add(rule_id)
            if frequency == "monthly":
                if months:
                    self._error(located, ["rules", i, "months"], "每月的工作不用写 months", "删去 months，或把 frequency 改为 quarterly / yearly")
                    ok = False
                months = list(range(1, 13))
            elif frequency in ("quarterly", "yearly") and not months:
                self._error(located, ["rules", i], f"“{r.get('name', r.get('id', ''))}”是每季度或每年的工作，须写明安排在哪几个月",
                            "例如每季度写 months: [3, 6, 9, 12]，每年写 months: [12]")
                ok = False
            elif frequency == "quarterly" and isinstance(months, list) and len(months) != 4:
                self._error(located, ["rules", i, "months"], f"每季度的工作应写 4 个月份，现在写了 {len(months)} 个",
                            "例如 months: [3, 6, 9, 12]")
                ok = False
            if r.get("day") and frequency != "monthly":
                self._error(located, ["rules", i, "day"], "只有每月的工作可以写固定日 day", "删去 day")
                ok = False
            if ok:
                rules.append(Rule(id=r["id"], name=r["name"], text=r.get("text", r["name"]), frequency=frequency,
                                  months=tuple(months or ()), source=r["source"], day=r.get("day"),
                                  responsible=r.get("responsible", "支部书记"),
                                  applies_to=tuple(r.get("applies_to", ["全体"]))))
        if not ok:
            return None
        h = located.data.get("study_hours")
        hours = StudyHours(h["members"], h["secretaries"], h.get("source", "")) if h else None
        return Rules(tuple(rules), hours)

    # -- documents --------------------------------------------------------------------------
    def document(self, path: Path, referenced_from: Located, keys: list) -> Document | None:
        """Reads one Markdown document (and its annexes); ``None`` after recording an error.

        A document is read once: later references get the same :class:`Document`, or
        ``None`` without repeating its errors.
        """
        path = path.resolve()
        content_dir = (self.root / "content").resolve()
        if not path.is_relative_to(content_dir):
            self._error(referenced_from, keys, f"引用的文件不在 content/ 文件夹内：{path}",
                        "附件和文件都放在 content/ 下")
            return None
        if path in self.documents:
            return self.documents[path]
        if not path.is_file():
            near = sorted(p.name for p in path.parent.glob("*.md")) if path.parent.is_dir() else []
            fix = "检查文件名；该文件夹中现有：" + "、".join(near) if near else "检查文件名和文件夹"
            self._error(referenced_from, keys, f"引用的文件不存在：{self.errors.rel(path)}", fix)
            return None
        if path in self._reading:
            self._error(referenced_from, keys, f"附件互相引用，形成循环：{self.errors.rel(path)}",
                        "删去其中一处 annexes 引用")
            return None
        self._reading.add(path)
        try:
            doc = self._read_document(path, content_dir)
        finally:
            self._reading.discard(path)  # also on failure: a failed read is no cycle
        self.documents[path] = doc
        return doc

    def _read_document(self, path: Path, content_dir: Path) -> Document | None:
        """Reads and checks one document, recording every problem (schema, HTML, cross-field, references)."""
        located, body, error = read_front_matter(path)
        if error:
            self.errors.add(path, error.line, error.column, error.message, error.fix)
            return None
        problems = sanitize.check_yaml(located, content_dir)
        problems += sanitize.check_markdown(body, path, located.body_offset + 1, path.parent, content_dir)
        problems += schema.validate(located, schema.DOCUMENT)
        self.errors.extend(problems)
        ok = not problems
        d = located.data if isinstance(located.data, dict) else {}
        annexes = []
        names = d.get("annexes")
        for i, name in enumerate(names if isinstance(names, list) else []):
            if not isinstance(name, str):
                continue
            annex = self.document(path.parent / name, located, ["annexes", i])
            if annex is None:
                ok = False
            else:
                annexes.append(annex)
        entries = d.get("deadlines")
        for i, x in enumerate(entries if isinstance(entries, list) else []):
            if not isinstance(x, dict):
                continue
            if ("date" in x) == ("period" in x):
                self._error(located, ["deadlines", i], "报送期限须写 date（具体日期）或 period（时限文字）中的一个",
                            "有具体日期写 date: 2019-08-26；只有时限写 period: 11月中旬")
                ok = False
            elif "time" in x and "date" not in x:
                self._error(located, ["deadlines", i, "time"], "写了 time 却没有 date", "补上 date，或删去 time")
                ok = False
        ok = self._check_body(path, body, located.body_offset) and ok
        if not ok:
            return None
        date = None
        if d.get("date"):
            parts = [int(x) for x in d["date"].split("-")]
            date = PartialDate(*parts)
        contact = Contact(**dict(d["contact"])) if d.get("contact") else None
        deadlines = [Deadline(date=_date(x.get("date")), text=x["text"], time=_time(x.get("time")),
                              period=x.get("period"), responsible=x.get("responsible", "支部书记"),
                              applies_to=tuple(x.get("applies_to", ["全体"])))
                     for x in d.get("deadlines") or []]
        return Document(
            slug=self._slug(path), path=path, title=d["title"], body=body, pretitle=d.get("pretitle"),
            issuer=d.get("issuer"), doc_number=d.get("doc_number"), signature=d.get("signature"),
            date=date, contact=contact, annex_titles=list(d.get("annex_titles") or []),
            annexes=annexes, deadlines=deadlines, landscape=bool(d.get("landscape", False)),
        )

    def references(self, located: Located) -> None:
        """Cross-file checks of a file that failed its own checks, so one run lists every problem.

        Whatever the schema, every string at a key ``attachments`` (a list) or ``document``
        that names a ``.md`` file is resolved from the month's content folder and read,
        so a missing attachment is reported together with the file's other problems.
        """
        folder = self.root / "content" / located.path.stem
        for keys, value in walk(located.data):
            if not (isinstance(value, str) and value.endswith(".md")) or None in keys:
                continue
            if keys[-1] == "document" or (len(keys) > 1 and keys[-2] == "attachments"):
                self.document(folder / value, located, list(keys))

    def _check_body(self, path: Path, body: str, offset: int) -> bool:
        """Word debris that must not reach the outputs; False if any was found (and recorded)."""
        ok = True
        for n, line in enumerate(body.split("\n"), start=offset + 1):
            for debris, fix in (("[image:", "删去图片引用，或把图片放入本月文件夹并用 ![说明](文件名) 引用"),
                                ("[bookmark:", "删去 Word 书签残留")):
                col = line.find(debris)
                if col >= 0:
                    self.errors.add(path, n, col + 1, f"正文中有 Word 残留“{debris}…]”", fix)
                    ok = False
        return ok

    # -- months -----------------------------------------------------------------------------
    def month(self, path: Path, organisation: Organisation | None, rules: Rules | None) -> MonthIssue | None:
        located, valid = self._load_all(path, "month")
        if not valid:
            if located is not None:
                self.references(located)  # a missing attachment is listed with the file's other problems
            return None
        d = located.data
        key = d["month"]
        year, month = int(key[:4]), int(key[5:])
        first_day = dt.date(year, month, 1)
        ok = True
        if path.stem != key:
            self._error(located, ["month"], f"month 写的是 {key}，但文件名是 {path.name}",
                        f"把文件改名为 {key}.yml，或把 month 改为 {path.stem}")
            ok = False

        m = d["meeting"]
        if ("date" in m) == ("deadline" in m):
            self._error(located, ["meeting"], "时间及地点须写 date（固定时段）或 deadline（截止日期）中的一个",
                        "固定时段写 date、start、end；截止日期写 deadline")
            ok = False
        elif "date" in m and (("start" in m) != ("end" in m)):
            self._error(located, ["meeting"], "会议时段须同时写 start 和 end", "例如 start: \"15:20\" 和 end: \"16:50\"")
            ok = False
        elif "start" in m and "end" in m and _time(m["end"]) <= _time(m["start"]):
            self._error(located, ["meeting", "end"], f"结束时间 {m['end']} 不晚于开始时间 {m['start']}",
                        "检查时间；下午的时间用 24 小时制，例如 16:50")
            ok = False
        for field in ("date", "deadline"):
            if field in m and _date(m[field]) < first_day:
                self._error(located, ["meeting", field], f"会议日期 {m[field]} 早于本月（{key}）",
                            f"会议日期应在 {key}-01 或之后")
                ok = False
        meeting = Meeting(place=m["place"], date=_date(m.get("date")), start=_time(m.get("start")),
                          end=_time(m.get("end")), deadline=_date(m.get("deadline")))

        items = []
        for i, w in enumerate(d["work_items"]):
            deadline = _date(w.get("deadline"))
            if deadline and w.get("period"):
                self._error(located, ["work_items", i, "period"], f"工作安排第{i + 1}项同时写了 deadline 和 period",
                            "有具体日期写 deadline，没有具体日期才写 period")
                ok = False
            if deadline and deadline < first_day:
                self._error(located, ["work_items", i, "deadline"],
                            f"工作安排第{i + 1}项的完成期限 {w['deadline']} 早于本月（{key}）",
                            f"期限应在 {key}-01 或之后；若是往月的事项，请写在当月的文件里")
                ok = False
            items.append(WorkItem(
                number=i + 1, text=w["text"], summary=w.get("summary") or first_sentence(w["text"]),
                kind=w.get("kind", "规定"), applies_to=tuple(w.get("applies_to", ["全体"])),
                responsible=w.get("responsible", "全体党员"), deadline=deadline, period=w.get("period"),
                hours=w.get("hours"), covers=tuple(w.get("covers") or ()),
            ))

        known = {r.id for r in rules.rules} if rules else None
        for i, w in enumerate(items):
            for j, rule_id in enumerate(w.covers):
                if known is not None and rule_id not in known:
                    self._error(located, ["work_items", i, "covers", j], f"data/rules.yml 中没有编号为“{rule_id}”的常规工作",
                                "可用的编号：" + "、".join(sorted(known)))
                    ok = False

        readings = []
        for i, r in enumerate(d.get("readings") or []):
            doc = None
            if r.get("item") and r["item"] > len(items):
                self._error(located, ["readings", i, "item"],
                            f"学习材料“{r['title']}”写在第{r['item']}项，但本月只有 {len(items)} 项工作安排",
                            f"item 应在 1 到 {len(items)} 之间")
                ok = False
            if r.get("document"):
                doc = self.document(self.root / "content" / key / r["document"], located, ["readings", i, "document"])
                ok = ok and doc is not None
            readings.append(Reading(title=r["title"], source=r.get("source"), link=r.get("link"), document=doc,
                                    level=r.get("level", "必学"), mode=r.get("mode"), item=r.get("item")))

        attachments = []
        folder = self.root / "content" / key
        for i, name in enumerate(d.get("attachments") or []):
            doc = self.document(folder / name, located, ["attachments", i])
            if doc is None:
                ok = False
            else:
                attachments.append(doc)

        if not ok or organisation is None or rules is None:
            return None
        covered = {rule_id for w in items for rule_id in w.covers}
        standing = [r for r in rules.rules if r.due_in(month) and r.id not in covered]
        return MonthIssue(
            key=key, year=year, month=month, path=path, title=d.get("title", DEFAULT_TITLE),
            publisher=d.get("publisher", organisation.name), meeting=meeting, work_items=items,
            ordinal=d.get("ordinal"), published=_date(d.get("published")),
            headings={**DEFAULT_HEADINGS, **dict(d.get("headings") or {})}, theme=d.get("theme"),
            readings=readings, requirements=list(d.get("requirements") or []), attachments=attachments,
            standing=standing,
        )


def read_project(root: Path) -> Project:
    """Reads and validates all content under ``root``.

    Args:
        root: the project directory (holding ``data/`` and ``content/``).

    Returns:
        The :class:`~generator.model.Project`, months newest first.

    Raises:
        generator.errors.ContentErrors: listing every problem found, each with
            file, line, column and a fix in Chinese.
    """
    reader = _Reader(root)
    organisation = reader.organisation()
    rules = reader.rules()
    months: list[MonthIssue] = []
    seen: dict[str, Path] = {}
    month_files = sorted([*(root / "data" / "months").glob("*.yml"), *(root / "data" / "months").glob("*.yaml")])
    if not month_files:
        reader.errors.add(root / "data" / "months", None, None, "没有任何月份的数据文件",
                          "在 data/months/ 下添加 YYYY-MM.yml，可复制已有月份的文件修改")
    for path in month_files:
        issue = reader.month(path, organisation, rules)
        if issue is None:
            continue
        if issue.key in seen:
            reader.errors.add(path, 1, 1, f"月份 {issue.key} 重复：{reader.errors.rel(seen[issue.key])} 已经是这个月",
                              "删除其中一个文件，或改正 month")
            continue
        seen[issue.key] = path
        months.append(issue)

    # Every Markdown file is checked, referenced or not, so that one run reports every problem
    # (a month with a YAML error still gets its attachments checked) and shared documents are read.
    for path in sorted((root / "content").rglob("*.md")):
        if path.resolve() not in reader.documents:
            reader.document(path, Located(None, path), [])
    reader.errors.raise_if_any()

    months.sort(key=lambda m: m.key, reverse=True)
    documents = {doc.slug: doc for doc in reader.documents.values() if doc is not None}
    annexed = {a.slug for doc in documents.values() for a in doc.annexes}
    shared = sorted((doc for doc in documents.values()
                     if doc.slug.startswith("documents/") and doc.slug not in annexed), key=lambda d: d.slug)
    return Project(root=root, organisation=organisation, months=months, documents=documents, shared=shared,
                   rules=rules)
