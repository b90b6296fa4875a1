"""Readers: files on disk → the content model (:mod:`generator.model`).

Stage one of the pipeline. :func:`read_project` reads ``data/organisation.yml``,
every ``data/months/*.yml`` and every Markdown file they reference, validates
each against its schema (:mod:`generator.read.schema`), checks what a schema cannot
(files that must exist, dates relative to the month, duplicate months), and
returns a :class:`~generator.model.Project`. It collects every problem before
raising, so the author sees all of them at once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import limits, sanitize, schema
from ..model import tasks, zh
from .errors import ContentError, ErrorCollector
from ..model import (BRANCH_KINDS, DEFAULT_TITLE, Contact, Deadline, Document, Meeting, MeetingBlock, MonthIssue,
                    Organisation, PartialDate, Project, Prose, Reading, Readings, Requirement, Requirements, Review,
                    Rule, Rules, Section, StudyHours, Theme, WorkItem, WorkItems, layout)
from .schema import BLOCK_TYPES
from .readcache import ReadCache
from .yamlio import Located, read_front_matter, read_yaml, walk

PLACEHOLDER = "【待填写】"
"""What ``python -m generator new`` writes where the author must fill in the month's own text;
``check`` refuses a month that still holds it, so a template is never published as it is."""

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


def _joined(text: str | None) -> str | None:
    return zh.join_lines(text) if text else text


class _Reader:
    def __init__(self, root: Path, read_cache: ReadCache | None = None):
        self.root = root
        self.read_cache = read_cache or ReadCache(None)
        self.errors = ErrorCollector(root)
        self.documents: dict[Path, Document] = {}
        self._reading: set[Path] = set()
        self._beside: dict[Path, bytes] = {}

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
        def parse():
            located, error = read_yaml(path)
            return located, error, ([] if error else sanitize.check_yaml(located, self.root / "content"))
        located, error, problems = self._cached("yaml", path, parse)
        if error:
            self.errors.add(path, error.line, error.column, error.message, error.fix)
            return None, False
        problems = problems + schema.validate(located, schema.SCHEMAS[which])
        self.errors.extend(problems)
        return located, not problems

    def _cached(self, kind: str, path: Path, parse):
        """``parse()`` (reading and checking ``path``), kept by the file's bytes (:mod:`generator.read.readcache`)
        and by the names, sizes and times of the other files in its content folder: the check of an
        image or linked file (:func:`generator.read.sanitize.image_file_problem`) must see it replaced."""
        try:
            data = path.read_bytes() if path.is_file() and path.stat().st_size <= limits.MAX_MARKDOWN_BYTES else None
        except OSError:
            data = None
        if data is None:  # missing, unreadable, too large or no regular file (a pipe would block): parse() says so
            return parse()
        folder = path.parent if kind == "front-matter" else self.root / "content" / path.stem
        return self.read_cache.get(kind, path, data + b"\0" + self._files_beside(folder), parse)

    def _files_beside(self, folder: Path) -> bytes:
        """Names, sizes, modification times and content digests (SHA-256) of the regular files under ``folder``
        other than Markdown (once per folder): a file replaced with its time and size kept is still seen."""
        found = self._beside.get(folder)
        if found is None:
            parts = []
            for here, _, files in os.walk(folder):
                for name in sorted(files):
                    if not name.endswith(".md"):
                        try:
                            st = os.stat(os.path.join(here, name))
                            digest = _regular_digest(os.path.join(here, name), st)
                        except OSError:
                            continue
                        parts.append(f"{os.path.relpath(os.path.join(here, name), folder)}\0{st.st_size}\0{st.st_mtime_ns}"
                                     f"\0{digest}")
            found = self._beside[folder] = "\n".join(sorted(parts)).encode("utf-8", "surrogateescape")
        return found

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
                                  applies_to=tuple(r.get("applies_to", ["全体"])),
                                  terms=tuple(r.get("terms") or ())))
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
        if path.name.lower() in RESERVED_NAMES and path.is_file():
            self.errors.add(path, None, None, f"文件名“{path.name}”是网站留给文件夹目录页的名字：这个文件会顶替"
                            f"“{self.errors.rel(path.parent)}/”的目录页（或被它顶替）",
                            "把文件改名（例如按“附件2-标题.md”的样子命名），并改正引用它的地方")
            self.documents[path] = None  # reported once, however many places refer to it
            return None
        if path.exists() and not path.is_file() and not path.is_dir():
            self.errors.add(path, None, None, "这不是普通文件（是管道、设备等），读它会一直等下去",
                            f"删去它（rm {self.errors.rel(path)}），换成普通文件")
            self.documents[path] = None
            return None
        if not path.is_file():
            near = sorted(p.name for p in path.parent.glob("*.md")) if path.parent.is_dir() else []
            fix = "检查文件名；该文件夹中现有：" + "、".join(near) if near else "检查文件名和文件夹"
            same = [n for n in near if n != path.name
                    and unicodedata.normalize("NFC", n) == unicodedata.normalize("NFC", path.name)]
            if same:  # the same letters, encoded otherwise (a file copied from macOS keeps them decomposed, NFD)
                fix = (f"文件夹中的“{same[0]}”看起来同名，但字符的编码方式不同（NFC/NFD，常见于从苹果电脑复制的文件）："
                       "把这个文件改名（删去文件名重新输入），或在这里重新输入文件名")
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
        def parse():
            located, body, error = read_front_matter(path)
            if error:
                return located, body, error, []
            return located, body, error, (sanitize.check_yaml(located, content_dir) + sanitize.check_markdown(
                body, path, located.body_offset + 1, path.parent, content_dir))
        located, body, error, problems = self._cached("front-matter", path, parse)
        if error:
            self.errors.add(path, error.line, error.column, error.message, error.fix)
            return None
        problems = problems + schema.validate(located, schema.DOCUMENT)
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
            slug=self._slug(path), path=path, title=d["title"], body=zh.join_lines(body), pretitle=d.get("pretitle"),
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
        """Reads one ``data/months/YYYY-MM.yml``; ``None`` after recording errors.

        Every problem of the file is recorded in one pass: when the schema finds some, the
        month's own checks still run on the blocks they can read (so a date error does not
        hide a deadline error) and the files it references are still read.
        """
        located, valid = self._load_all(path, "month")
        if located is None:
            return None
        if not valid:
            self.references(located)  # a missing attachment is listed with the file's other problems
            self._month_body(path, located, rules, lenient=True)
            return None
        before = len(self.errors.errors)
        d = located.data
        key = d["month"]
        year, month = int(key[:4]), int(key[5:])
        sections, state = self._month_body(path, located, rules)

        attachments = []
        for i, name in enumerate(d.get("attachments") or []):
            doc = self.document(state.folder / name, located, ["attachments", i])
            if doc is not None:
                attachments.append(doc)

        if len(self.errors.errors) > before or organisation is None or rules is None:
            return None
        covered = {rule_id for _, w in state.items for rule_id in w.covers}
        covered |= {rule_id for m in state.meetings for rule_id in m.covers}
        standing = [r for r in rules.rules if r.due_in(month) and r.id not in covered]
        names = {r.id: r.name for r in rules.rules}
        replacements = tuple(
            [f"第{w.index}项 代替常规工作“{names[c]}”" for _, w in state.items for c in w.covers
             if c in names and month in next(r.months for r in rules.rules if r.id == c)]
            + [f"会议“{m.name}” 代替常规工作“{names[c]}”" for m in state.meetings for c in m.covers
               if c in names and month in next(r.months for r in rules.rules if r.id == c)])
        form = d.get("form", "booklet")
        contact = Contact(**dict(d["contact"])) if d.get("contact") else None
        return MonthIssue(
            key=key, year=year, month=month, path=path, title=d["title"],
            publisher=d.get("publisher", organisation.name), sections=layout(sections), form=form,
            cover=d.get("cover", form == "booklet"), title_month=d.get("title_month"),
            ordinal=d.get("ordinal"), published=_date(d.get("published")), issuer=d.get("issuer"),
            doc_number=d.get("doc_number"), addressee=d.get("addressee"), opening=_joined(d.get("opening")),
            closing=_joined(d.get("closing")), signature=d.get("signature"), date=_date(d.get("date")), contact=contact,
            attachments=attachments, standing=standing, replacements=replacements,
        )

    def _month_body(self, path: Path, located: Located, rules: Rules | None,
                    lenient: bool = False) -> tuple[list[Section], "_MonthState"]:
        """The month's sections, with every cross-field check (file name, placeholders, dates
        before the month, meetings, references between blocks, standing rules).

        ``lenient``: the file failed its schema; check what can be read, block by block, and
        skip what cannot (the schema has already named it), so one pass lists every problem.
        """
        d = located.data if isinstance(located.data, dict) else {}
        month_text = d.get("month")
        # a month the schema refused (２０１９-１０, 2019-1) is named there; the file name stands in for it here
        key = month_text if isinstance(month_text, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}", month_text) else path.stem
        try:
            year, month = int(key[:4]), int(key[5:7])
            first_day = dt.date(year, month, 1)
        except ValueError:
            if not lenient:
                raise
            return [], _MonthState(key=key, first_day=dt.date.min, folder=self.root / "content" / key)
        if path.stem != key:
            self._error(located, ["month"], f"month 写的是 {key}，但文件名是 {path.name}",
                        f"把文件改名为 {key}.yml，或把 month 改为 {path.stem}")
        self._placeholders(located, d, [])
        state = _MonthState(key=key, first_day=first_day, folder=self.root / "content" / key,
                            rules=rules.rules if rules else ())
        sections = []
        for si, s in enumerate((d.get("sections") or []) if lenient else d["sections"]):
            if lenient and not (isinstance(s, dict) and isinstance(s.get("blocks"), list)):
                continue
            blocks = []
            for bi, b in enumerate(s["blocks"]):
                try:
                    block = self._block(located, ["sections", si, "blocks", bi], b, s["heading"], state)
                except (KeyError, TypeError, ValueError, AttributeError, StopIteration):
                    if not lenient:
                        raise
                    continue  # unreadable: the schema has already said why
                if block is not None:
                    blocks.append(block)
            if not lenient:
                sections.append(Section(heading=s["heading"], blocks=tuple(blocks), numbered=s.get("numbered", True)))

        if lenient:  # a block the schema refused counts no items: references between blocks would mislead
            return sections, state
        n_items = state.work
        for where, reading in state.readings:
            if reading.item is not None and reading.item > n_items:
                self._error(located, [*where, "item"],
                            f"学习材料“{reading.title}”写在第{reading.item}项工作安排，但本月只有 {n_items} 项",
                            f"item 应在 1 到 {n_items} 之间（全月连续计数）" if n_items else "本月没有工作安排，删去 item")
        known = {r.id for r in rules.rules} if rules else None
        for where, item in state.items:
            for j, rule_id in enumerate(item.covers):
                if known is not None and rule_id not in known:
                    self._error(located, [*where, "covers", j], f"data/rules.yml 中没有编号为“{rule_id}”的常规工作",
                                "可用的编号：" + "、".join(sorted(known)) if known else "先在 data/rules.yml 中写好常规工作")
        return sections, state

    def _placeholders(self, located: Located, node, where: list) -> None:
        """Reports every text still holding the placeholder of a new month (:data:`PLACEHOLDER`)."""
        if isinstance(node, dict):
            for k, v in node.items():
                self._placeholders(located, v, [*where, k])
        elif isinstance(node, list):
            for i, v in enumerate(node):
                self._placeholders(located, v, [*where, i])
        elif isinstance(node, str) and PLACEHOLDER in node:
            self._error(located, where, f"这里还是新建月份时的占位文字“{PLACEHOLDER}”",
                        "改为本月的实际内容；本月没有这一项就删去这一项")

    def _before_month(self, located: Located, where: list, value: str | None, what: str, state: "_MonthState") -> dt.date | None:
        day = _date(value)
        if day and day < state.first_day:
            self._error(located, where, f"{what} {value} 早于本月（{state.key}）",
                        f"应在 {state.key}-01 或之后；若是往月的事项，请写在当月的文件里")
        return day

    def _block(self, located: Located, where: list, b, section_heading: str, state: "_MonthState"):
        """One block of a section → a :class:`~generator.model.Block`; ``None`` after recording errors."""
        kind = next(k for k in BLOCK_TYPES if k in b)
        heading = b.get("heading")
        for option, allowed in (("continue_numbering", ("work_items", "requirements")), ("type", ("readings",)),
                                ("mode", ("readings",)), ("mode_style", ("readings",))):
            if option in b and kind not in allowed:
                self._error(located, [*where, option], f"{option} 只能用于 {' 或 '.join(allowed)} 块",
                            f"删去 {option}，或把它写到相应的块里")
        value = b[kind]
        if kind == "prose":
            return Prose(heading=heading, text=zh.join_lines(value))
        if kind == "theme":
            return Theme(heading=heading, text=zh.join_lines(value))
        if kind == "review":
            if isinstance(value, str):
                return Review(heading=heading, text=zh.join_lines(value))
            return Review(heading=heading, items=tuple(zh.join_lines(v) for v in value))
        if kind == "meeting":
            meeting = self._meeting(located, [*where, "meeting"], value, section_heading, state, heading)
            if meeting:
                state.meetings.append(meeting)
            return MeetingBlock(heading=heading, meeting=meeting) if meeting else None
        if kind == "work_items":
            items = []
            for i, w in enumerate(value):
                at = [*where, "work_items", i]
                deadline = self._before_month(located, [*at, "deadline"], w.get("deadline"),
                                              "完成期限", state)
                if w.get("deadline") and w.get("period"):
                    self._error(located, [*at, "period"], "同时写了 deadline 和 period",
                                "有具体日期写 deadline，没有具体日期才写 period")
                state.work += 1
                text = zh.join_lines(w["text"])
                summary = w.get("summary") or zh.first_sentence(text)
                # covers as written (covers: [] keeps the rule's own row), else found from the rules' terms
                covers = tuple(w.get("covers") or ()) if "covers" in w else tasks.matching_rules(summary, state.rules)
                rule_roles = [r.responsible for r in state.rules if r.id in covers]
                responsible = (w.get("responsible") or tasks.role_in(summary)
                               or (rule_roles[0] if rule_roles else "全体党员"))
                item = WorkItem(
                    index=state.work, number=i + 1, text=text, summary=summary,
                    kind=w.get("kind", "规定"), applies_to=tuple(w.get("applies_to", ["全体"])),
                    responsible=responsible, deadline=deadline, period=w.get("period"),
                    hours=w.get("hours"), covers=covers, matched="covers" not in w,
                )
                state.items.append((at, item))
                items.append(item)
            return WorkItems(heading=heading, items=tuple(items), continue_numbering=b.get("continue_numbering", False))
        if kind == "requirements":
            items = []
            for i, r in enumerate(value):
                at = [*where, "requirements", i]
                r = {"text": r} if isinstance(r, str) else r
                if r.get("deadline") and r.get("period"):
                    self._error(located, [*at, "period"], "同时写了 deadline 和 period",
                                "有具体日期写 deadline，没有具体日期才写 period")
                state.requirements += 1
                text = zh.join_lines(r["text"])
                task = r.get("task")
                if task is None:
                    task = tasks.is_task(text, bool(r.get("deadline") or r.get("period")), "responsible" in r)
                items.append(Requirement(
                    index=state.requirements, number=i + 1, text=text,
                    deadline=self._before_month(located, [*at, "deadline"], r.get("deadline"), "完成期限", state),
                    period=r.get("period"),
                    responsible=r.get("responsible") or tasks.role_in(zh.first_sentence(text)) or "支部书记",
                    applies_to=tuple(r.get("applies_to", ["全体"])), task=task))
            return Requirements(heading=heading, items=tuple(items), continue_numbering=b.get("continue_numbering", False))
        if kind == "readings":
            items = []
            for i, r in enumerate(value):
                at = [*where, "readings", i]
                doc = self.document(state.folder / r["document"], located, [*at, "document"]) if r.get("document") else None
                bold = b.get("mode_style") == "bold"
                mode = r.get("mode", b.get("mode"))
                reading = Reading(
                    title=r["title"], type=r.get("type", b.get("type", "文件")), source=r.get("source"),
                    link=r.get("link"), level=r.get("level"), mode=mode, bold=bold and mode == "集体学习",
                    labels=tuple(x for x in (r.get("level"), None if bold else r.get("mode")) if x),
                    applies_to=tuple(r.get("applies_to", ["全体"])), item=r.get("item"),
                    document=doc,
                )
                state.readings.append((at, reading))
                items.append(reading)
            return Readings(heading=heading, items=tuple(items))
        raise AssertionError(kind)

    def _meeting(self, located: Located, where: list, m, section_heading: str, state: "_MonthState",
                 block_heading: str | None = None) -> Meeting | None:
        before = len(self.errors.errors)
        if ("date" in m) == ("deadline" in m):
            self._error(located, where, "会议须写 date（日期或固定时段）或 deadline（截止日期）中的一个",
                        "固定时段写 date、start、end；截止日期写 deadline")
        elif "end" in m and "start" not in m:
            self._error(located, [*where, "end"], "写了结束时间 end 却没有开始时间 start", "补上 start，例如 start: \"15:20\"")
        elif "deadline" in m and ("start" in m or "end" in m):
            self._error(located, [*where, "deadline"], "截止日期 deadline 不能与 start、end 同时写",
                        "固定时段写 date、start、end；截止日期只写 deadline")
        elif "start" in m and "end" in m and _time(m["end"]) <= _time(m["start"]):
            self._error(located, [*where, "end"], f"结束时间 {m['end']} 不晚于开始时间 {m['start']}",
                        "检查时间；下午的时间用 24 小时制，例如 16:50")
        for field in ("date", "deadline"):
            if field in m:
                self._before_month(located, [*where, field], m[field], "会议日期", state)
        if len(self.errors.errors) > before:
            return None
        headings = [h for h in (block_heading, section_heading) if h]
        from_heading = next((h.removesuffix("时间及地点") for h in headings
                             if h.endswith("时间及地点") and h != "时间及地点"), None)
        kind = m.get("kind") or tasks.meeting_kind(m.get("name"), from_heading, *headings)
        # the name as the notice gives it; only a notice that says 组织生活 gets 组织生活
        named = block_heading if block_heading and tasks.meeting_kind(block_heading) else None  # （一）开展义务植树主题党日
        name = m.get("name") or from_heading or named or kind or "会议"
        covers = tuple(m["covers"]) if "covers" in m else tasks.matching_rules(f"{name}；{kind or ''}", state.rules)
        known = {r.id for r in state.rules}
        for j, rule_id in enumerate(covers if "covers" in m else ()):
            if rule_id not in known:
                self._error(located, [*where, "covers", j], f"data/rules.yml 中没有编号为“{rule_id}”的常规工作",
                            "可用的编号：" + "、".join(sorted(known)) if known else "先在 data/rules.yml 中写好常规工作")
        return Meeting(name=name, place=m.get("place"), date=_date(m.get("date")), start=_time(m.get("start")),
                       end=_time(m.get("end")), deadline=_date(m.get("deadline")), kind=kind, covers=covers)


@dataclass
class _MonthState:
    """What reading one month's blocks accumulates: running counters and references to check."""

    key: str
    first_day: dt.date
    folder: Path
    work: int = 0
    requirements: int = 0
    items: list = field(default_factory=list)       # (where, WorkItem)
    meetings: list = field(default_factory=list)    # Meeting
    rules: tuple = ()                               # Rule, to find what an item covers
    readings: list = field(default_factory=list)    # (where, Reading)


RESERVED_NAMES = {"index.md", "readme.md"}
"""Markdown file names the site engines turn into a folder's own page (MkDocs: ``README.md`` too when there is
no ``index.md``): under ``content/`` such a file replaced the month's page or the documents' list without a word."""


def foreign_links(root: Path) -> list[ContentError]:
    """One error for each symbolic link under ``data/`` and ``content/`` (or either folder itself) that
    leads out of the project, or nowhere (a loop).

    A link to ``/etc/passwd`` or to a colleague's home folder would put that file into the public
    site, booklet and search index; git keeps symbolic links, so one can arrive with a commit.
    Links between the project's own files are allowed. Folders are not followed through links
    (:func:`os.walk`), so each link is judged once, where it stands.
    """
    project = root.resolve()
    out: list[ContentError] = []

    def judge(link: Path) -> bool:
        rel = link.relative_to(root)
        try:
            target = link.resolve(strict=False)
        except (OSError, RuntimeError):  # a loop of links
            out.append(ContentError(rel, None, None, "这是一个指向自己的符号链接（循环），无法读取",
                                    f"删去这个链接，把真正的文件放在这里：rm {rel.as_posix()}"))
            return False
        if target.is_relative_to(project):
            return True
        copy = (f"rm {rel.as_posix()} && cp -r {target} {rel.as_posix()}" if target.is_dir()
                else f"cp --remove-destination {target} {rel.as_posix()}")
        out.append(ContentError(rel, None, None, f"这是指向项目以外的符号链接（{target}）：构建不读取项目以外的文件",
                                f"把{'文件夹' if target.is_dir() else '文件'}本身复制到这里（{copy}），或删去这个链接"))
        return False

    for top in (root / "data", root / "content"):
        if top.is_symlink() and not judge(top):
            continue
        for folder, dirs, files in os.walk(top):
            for name in sorted(dirs + files):
                path = Path(folder) / name
                if path.is_symlink():
                    judge(path)
    return out


def read_project(root: Path, cache: bool = True) -> Project:
    """Reads and validates all content under ``root``.

    Args:
        root: the project directory (holding ``data/`` and ``content/``).
        cache: keep what reading each file found under ``build/read-cache/`` and reuse it while the
            file is unchanged (:mod:`generator.read.readcache`); False reads and checks every file afresh.

    Returns:
        The :class:`~generator.model.Project`, months newest first.

    Raises:
        generator.read.errors.ContentErrors: listing every problem found, each with
            file, line, column and a fix in Chinese. Symbolic links out of the project
            (:func:`foreign_links`) are listed alone, before any file is read.
    """
    reader = _Reader(root, ReadCache(root / "build" / "read-cache" if cache else None))
    reader.errors.errors += foreign_links(root)
    reader.errors.raise_if_any()  # nothing outside the project is read, not even to check it
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
    warnings = unreferenced(root, months)
    warnings += [w for issue in months for w in tasks.empty_rows(issue)]
    documents = {doc.slug: doc for doc in reader.documents.values() if doc is not None}
    annexed = {a.slug for doc in documents.values() for a in doc.annexes}
    shared = sorted((doc for doc in documents.values()
                     if doc.slug.startswith("documents/") and doc.slug not in annexed), key=lambda d: d.slug)
    return Project(root=root, organisation=organisation, months=months, documents=documents, shared=shared,
                   rules=rules, warnings=warnings)


def unreferenced(root: Path, months: list[MonthIssue]) -> list[str]:
    """Warnings (Chinese) for Markdown files in a month's folder that the month never references
    (a copied attachment left out of ``attachments``), and for month folders with no month file.

    Files under ``content/documents/`` are shared documents and are published on their own.
    """
    out = []
    by_key = {m.key: m for m in months}
    content = root / "content"
    for folder in sorted(p for p in content.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}-\d{2}", p.name)) \
            if content.is_dir() else []:
        issue = by_key.get(folder.name)
        if issue is None:
            out.append(f"content/{folder.name}/：没有对应的月份文件 data/months/{folder.name}.yml，其中的文件不会发布。"
                       f"修改建议：补上月份文件（bin/generator new {folder.name}，或 make new MONTH={folder.name}），或删去这个文件夹")
            continue
        used: set[Path] = set()

        def walk(doc: Document) -> None:
            used.add(doc.path.resolve())
            for annex in doc.annexes:
                walk(annex)
        for doc in [*issue.attachments, *(r.document for r in issue.readings if r.document)]:
            walk(doc)
        for path in sorted(folder.rglob("*.md")):
            if path.resolve() not in used:
                out.append(f"content/{folder.name}/{path.relative_to(folder).as_posix()}：本月的数据文件没有引用它，"
                           f"它不会出现在网站和小册子中。修改建议：在 data/months/{folder.name}.yml 的 attachments "
                           "中加上它，或删去这个文件")
    return out


def _regular_digest(path: str, st: os.stat_result) -> str:
    """SHA-256 (hex) of a regular file's bytes (up to the image limit and one byte more: a larger file is
    refused by its size anyway); ``-`` for anything else (a named pipe is never opened)."""
    import hashlib
    import stat as stat_module

    if not stat_module.S_ISREG(st.st_mode):
        return "-"
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read(limits.MAX_IMAGE_BYTES + 1))
    return h.hexdigest()
