"""Importing monthly notices the importer has never seen, in the shapes they take in the field.

Thirty-two notices (``tests/field_notices.py``: eighteen text files, fourteen ``.docx`` built with
python-docx) are each imported into an empty project. For each: ``check`` accepts the draft; every paragraph
and table cell of the input is in the draft or in the import report; and the draft has the
structure a reader of the notice expects — sections and their headings in order, block kinds,
item counts and numbers, deadlines and periods on the right items, readings with their type and
study mode, the meeting, the head (title, 文号, 主送, opening, cover) and the tail (closing, 署名,
date, contact), attachments and what the report must say. One build then publishes one notice per
month, and every paragraph a draft holds must be on the published pages.

Each notice prints one row of a compact table (``pytest -s``, and always at the end of the module):
✓ or ✗ per group of checks and the checks passed out of all.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml

from conftest import make_empty_project, run_cli
from field_notices import CASES, FIELD, Case
from test_import_seeds import SEEDS
from generator.render.pages import month_of
from generator.read.readers import read_project
from wordtools import norm

GROUPS = ("check", "lost", "head", "sections", "blocks", "items", "due", "readings", "meeting", "tail",
          "attachments", "report")
ABBR = dict(zip(GROUPS, "CLHSBIDRMTAP"))
RESULTS: dict[str, dict[str, list[tuple[bool, str]]]] = {}


def _input_paragraphs(case: Case, path: Path, built: list[str] | None) -> list[str]:
    """Every paragraph of the input as a reader sees it: a text file's non-empty lines, or what the builder recorded."""
    if built is not None:
        return [t.strip() for t in built if t.strip()]
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    lines = (re.sub(r"\[(?:image|bookmark):[^\]]*\]", "", line) for line in text.splitlines())   # Word's debris
    # a table's 序号 header names the numbers the draft generates again (as a table built here says with ``fields``)
    return [t for line in lines if (t := line.strip(" \u3000\t")) and t not in ("序号", "编号")]


def _written(root: Path, stdout: str, key: str = "*") -> str:
    """All the import wrote (YAML as text and as loaded, Markdown) and printed, squashed; ``key``: one month's files."""
    parts = [stdout]
    for path in list((root / "data" / "months").glob(f"{key}.yml")) + list((root / "content").glob(f"{key}/**/*.md")):
        text = path.read_text(encoding="utf-8")
        parts.append(text)
        if path.suffix == ".yml":
            parts.append(yaml.safe_dump(yaml.safe_load(text), allow_unicode=True, width=10 ** 6))
    return norm("\n".join(parts)).replace("：", ":")


# The harness reads the input on its own (no importer code decides what counts as kept).
_LABEL = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.．、]|[（(]?\d{1,2}[）)])\s*")
_CN = {c: k for k, c in enumerate("〇一二三四五六七八九")}


def _cn_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十一 → 21."""
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN.get(tens, 1) if tens else 1) * 10 + (_CN[ones] if ones else 0)
    return int("".join(str(_CN[c]) for c in text))


def _date_line(text: str) -> str | None:
    """2025年9月28日 or 二〇二五年十一月三日 alone → 2025-09-28."""
    m = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text) or re.fullmatch(r"(\d{4})[.\-/](\d{1,2})[.\-/](\d{1,2})", text)
    if m:
        return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    m = re.fullmatch(r"([〇一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日", text)
    if m:
        return f"{_cn_number(m.group(1))}-{_cn_number(m.group(2)):02d}-{_cn_number(m.group(3)):02d}"
    return None


def _slot(text: str, key: str) -> list[str] | None:
    """A meeting time (2025年11月28日（周五）下午2:30—4:30, 9月26日下午2:30) as the draft writes it:
    the day as YYYY-MM-DD and the times as HH:MM."""
    m = re.match(r"^(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?:[（(].{1,4}?[）)])?\s*(上午|下午|晚上)?\s*(\d{1,2})[:：](\d{2})"
                 r"(?:\s*[—\-－~至]+\s*(上午|下午|晚上)?\s*(\d{1,2})[:：](\d{2}))?", text)
    if not m:
        return None
    year = m.group(1) or key[:4]
    out = [f"{year}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"]
    for period, hour, minute in ((m.group(4), m.group(5), m.group(6)), (m.group(7) or m.group(4), m.group(8), m.group(9))):
        if hour:
            h = int(hour) + (12 if period in ("下午", "晚上") and int(hour) < 12 else 0)
            out.append(f"{h:02d}:{minute}")
    return out


_CONTACT_LABEL = re.compile(r"联[\s\u3000]*系[\s\u3000]*人|(?:办公|联系)?电[\s\u3000]*话|手机|(?:电子)?邮箱|E-?mail", re.I)


def _forms(text: str, key: str) -> list[list[str]]:
    """The forms a paragraph may take in a draft, each a list of pieces that must all be there: the
    text without its number (generated again), without 附件： or a 主送's colon, a title without 《》,
    a labelled line's value (会议地点：…), a heading that opens its paragraph (活动内容。……) as
    heading and text, a meeting slot as date, start and end, a date (also 2025.11.10) as
    YYYY-MM-DD, a cover's month as ``month: YYYY-MM`` and its 第N次 as ``ordinal: N``, a contact
    line as the values after its labels."""
    forms = {text}
    for _ in range(3):
        for f in list(forms):
            forms.add(_LABEL.sub("", f, count=1))
            forms.add(re.sub(r"^附\s*件\s*\d*\s*[：:]", "", f))
            forms.add(f.rstrip("：:"))
            if f.startswith("《") and f.endswith("》"):
                forms.add(f[1:-1])
            m = re.fullmatch(r"《([^《》]+)》[（(]([^（）()]+)[）)]", f)     # a title with its 出处 in brackets
            if m:
                forms.add(m.group(1) + "\n" + m.group(2))
            m = re.fullmatch(r"[【（(](集体学习|自学|必学|选学)[】）)](.+)|(.+)[【（(](集体学习|自学|必学|选学)[】）)]", f)
            if m:        # a reading marked 【集体学习】: its title, and the mark as its mode or level
                title = (m.group(2) or m.group(3)).strip()
                forms.add(re.sub(r"^《([^《》]+)》$", r"\1", title) + "\n" + (m.group(1) or m.group(4)))
            m = re.match(r"^[^：:，。]{1,6}[：:](.+)$", f)
            if m:
                forms.add(m.group(1))
            m = re.match(r"^([^。：:；;，,！？]{2,12})[。：:](.+)$", f)     # 活动内容。各党支部……: a heading and its text
            if m:
                forms.add(m.group(1) + "\n" + m.group(2))
    out = [f.split("\n") for f in forms if f]
    for f in forms:
        slot = _slot(f, key)
        if slot:
            out.append(slot)
    date = _date_line(text)
    if date:
        out.append([date])
    m = re.fullmatch(r"(\d{4})年(\d{1,2})月", text)
    if m:
        out.append([f"month:\"{m.group(1)}-{int(m.group(2)):02d}\""])
    m = re.fullmatch(r"第([一二三四五六七八九十]+)次", text)
    if m:
        out.append([f"ordinal:{_cn_number(m.group(1))}"])
    if _CONTACT_LABEL.search(text):
        out.append([v for v in re.split(r"[（）()：:，,；;、\s\u3000]+", _CONTACT_LABEL.sub(" ", text)) if v])
    return out


def _found(text: str, written: str, key: str) -> bool:
    return any(form and all(norm(x).replace("：", ":") in written for x in form) for form in _forms(text, key))


def _block_text(block) -> str:
    """A block's text as written: prose, or its items' texts one per line."""
    if hasattr(block, "text") and block.text:
        return block.text
    return "\n".join(getattr(x, "text", x) if not isinstance(x, str) else x for x in getattr(block, "items", ()))


def _due(item) -> str | None:
    if item.deadline:
        return item.deadline.isoformat()
    return item.period


def evaluate(case: Case, root: Path, proc, paragraphs: list[str]) -> dict[str, list[tuple[bool, str]]]:
    """Every check of ``case`` by group: ``{group: [(passed, what)]}``."""
    out: dict[str, list[tuple[bool, str]]] = {g: [] for g in GROUPS}

    def expect(group: str, what: str, got, want) -> None:
        out[group].append((got == want, f"{what}: got {got!r}, want {want!r}"))

    check = run_cli(root, "check")
    expect("check", "import exit code", proc.returncode, 0)
    expect("check", "check exit code", check.returncode, 0)
    if proc.returncode or check.returncode:
        out["check"].append((False, (proc.stderr + check.stderr)[-800:]))
        return out
    issue = month_of(read_project(root), case.key)
    written = _written(root, proc.stdout)
    lost = [t for t in paragraphs if not _found(t, written, case.key)]
    expect("lost", "paragraphs neither in the draft nor in the report", lost, [])
    for words in case.absent:
        expect("lost", f"“{words}” must not be in the draft", norm(words) in written, False)

    for key, want in case.head.items():
        got = issue.cover and issue.ordinal if key == "ordinal" else getattr(issue, key)
        expect("head", key, got, want)
    expect("head", "opening", (issue.opening or "")[:len(case.opening)] if case.opening else issue.opening,
           case.opening)

    expect("sections", "headings", [s.heading for s in issue.sections], [h for h, _ in case.sections])
    expect("blocks", "block types", [[b.type for b in s.blocks] for s in issue.sections], [t for _, t in case.sections])
    for heading, headings in case.block_headings:
        section = next((s for s in issue.sections if s.heading == heading), None)
        expect("blocks", f"headings in {heading}", [b.heading for b in section.blocks if b.heading] if section else None,
               headings)
    for kind, words in case.in_blocks:
        texts = [_block_text(b) for b in issue.blocks() if b.type == kind]
        expect("blocks", f"{words} in a {kind} block", any(words in t for t in texts), True)

    expect("items", "work items", len(issue.work_items), len(case.work_items))
    expect("items", "readings", len(issue.readings), len(case.readings))
    expect("items", "requirements", len(issue.requirements), len(case.requirements))
    expect("items", "review items", sum(len(b.items) for b in issue.blocks() if b.type == "review"), case.review)
    if case.numbers:
        expect("items", "printed numbers", [w.number for w in issue.work_items], case.numbers)
    if case.kinds:
        expect("items", "规定/自选", [w.kind for w in issue.work_items], case.kinds)
    if case.hours is not None:
        expect("items", "学时", [w.hours for w in issue.work_items], case.hours)

    expect("due", "work items", [_due(w) for w in issue.work_items], case.work_items)
    expect("due", "requirements", [_due(r) for r in issue.requirements], case.requirements)

    expect("readings", "titles", [r.title for r in issue.readings], [r[0] for r in case.readings])
    expect("readings", "types", [r.type for r in issue.readings], [r[1] for r in case.readings])
    expect("readings", "modes", [r.mode for r in issue.readings], [r[2] for r in case.readings])
    expect("readings", "named in item", [r.item for r in issue.readings], [r[3] for r in case.readings])
    if case.levels is not None:
        expect("readings", "必学/选学", [r.level for r in issue.readings], case.levels)
    if case.links is not None:
        expect("readings", "links", [r.link for r in issue.readings], case.links)
    if case.sources is not None:
        expect("readings", "sources", [r.source for r in issue.readings], case.sources)
    bold_marked = any("加粗" in p and "集体学习" in p for p in paragraphs)
    expect("readings", "printed bold", [r.bold for r in issue.readings],
           [bold_marked and r[2] == "集体学习" for r in case.readings])

    def slot(m, name: bool = False):
        return None if m is None else {k: v for k, v in (
            ("name", name and m.name), ("date", m.date and m.date.isoformat()),
            ("deadline", m.deadline and m.deadline.isoformat()), ("start", m.start and m.start.strftime("%H:%M")),
            ("end", m.end and m.end.strftime("%H:%M")), ("place", m.place)) if v}
    want = case.meeting
    if want is None and case.meetings:
        want = {k: v for k, v in case.meetings[0].items() if k != "name"}
    expect("meeting", "meeting", slot(issue.meeting), want)
    if case.meetings is not None:
        expect("meeting", "every meeting", [slot(m, name=True) for m in issue.meetings], case.meetings)

    tail = {"closing": issue.closing, "signature": issue.signature, "date": issue.date and issue.date.isoformat(),
            "contact": issue.contact and {k: v for k in ("person", "phone", "email") if (v := getattr(issue.contact, k))}}
    for key in ("closing", "signature", "date", "contact"):
        expect("tail", key, tail[key], case.tail.get(key))

    expect("attachments", "titles", [d.title for d in issue.attachments], case.attachments)
    report = proc.stdout[proc.stdout.find("导入报告"):]
    for words in case.report:
        expect("report", f"report names {words}", words in report or norm(words) in norm(report), True)
    for words in case.report_absent:
        expect("report", f"report does not say {words}", words in report, False)
    return out


def _pad(text: str, width: int) -> str:
    """``text`` cut and padded to ``width`` terminal columns (a Chinese character takes two)."""
    import unicodedata

    out, used = "", 0
    for c in text:
        w = 2 if unicodedata.east_asian_width(c) in "WF" else 1
        if used + w > width:
            break
        out, used = out + c, used + w
    return out + " " * (width - used)


def _row(name: str, result: dict[str, list[tuple[bool, str]]]) -> str:
    marks = " ".join(("✓" if all(ok for ok, _ in result[g]) else "✗") if result[g] else "·" for g in GROUPS)
    passed = sum(ok for g in GROUPS for ok, _ in result[g])
    total = sum(len(result[g]) for g in GROUPS)
    return f"{_pad(name, 40)} {marks}  {passed:3d}/{total}"


def _header() -> str:
    return (f"{_pad('notice', 40)} " + " ".join(ABBR[g] for g in GROUPS) + "  passed\n("
            + ", ".join(f"{ABBR[g]} {g}" for g in GROUPS) + "; · nothing to check)")


@pytest.mark.parametrize("case", CASES, ids=[c.file for c in CASES])
def test_field_notice(case: Case, tmp_path):
    root = make_empty_project(tmp_path / "project")
    if case.build is not None:
        path = tmp_path / case.file
        built = case.build(path)
    else:
        path, built = FIELD / case.file, None
    args = ["--month", case.month] if case.month else []
    proc = run_cli(root, "import", str(path), *args)
    print(proc.stdout, proc.stderr, file=sys.stderr)
    result = evaluate(case, root, proc, _input_paragraphs(case, path, built))
    RESULTS[case.name] = result
    print("\n" + _header() + "\n" + _row(case.name, result))
    failed = [what for g in GROUPS for ok, what in result[g] if not ok]
    assert not failed, "\n".join(failed)


def test_mutated_notices_never_crash(tmp_path):
    """Notices as authors damage them (lines lost, repeated, swapped, cut short; stray labels, marks and
    impossible dates): the import drafts a month or a document, or refuses in Chinese, and never fails
    with a Python error. 120 deterministic mutations of the text notices and the seeds, each imported
    as a month, as a document and with the month read from the notice."""
    import random

    from generator.importer import ImportRefused, plan_import

    root = make_empty_project(tmp_path / "project")
    texts = []
    for case in CASES:
        if case.build is None:
            texts.append(_input_paragraphs(case, FIELD / case.file, None))
    texts += [p.read_text(encoding="utf-8").splitlines() for p in sorted(SEEDS.glob("*.txt"))]
    stray = ["一、", "（一）", "1.", "2.", "(1)", "附件：", "附件1", "— 3 —", "联系人：", "时间：", ""]
    inserted = ["附件", "抄送：某某。", "2025年13月40日", "第二次", "各党支部：", "特此通知。", "地点：会议室",
                "时间：2025年2月30日下午3:00—2:00", "1.2025年", "完成时限：", "【自学】", "\t单元格"]
    rng = random.Random(20251123)
    failures = []
    for n in range(120):
        lines = list(rng.choice(texts))
        for _ in range(rng.randint(1, 6)):
            op, i = rng.randrange(6), rng.randrange(len(lines))
            if op == 0 and len(lines) > 1:
                del lines[i]
            elif op == 1:
                lines.insert(i, lines[rng.randrange(len(lines))])
            elif op == 2:
                j = rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
            elif op == 3:
                lines[i] = rng.choice(stray) + lines[i]
            elif op == 4:
                lines[i] = lines[i][:rng.randrange(len(lines[i]) + 1)]
            else:
                lines.insert(i, rng.choice(inserted))
        path = tmp_path / f"mutated-{n}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        for kwargs in ({"month": "2025-10"}, {"as_document": True}, {}):
            try:
                plan_import(path, root, **kwargs)
            except ImportRefused:
                pass
            except Exception as exc:  # noqa: BLE001 - any other error is the failure this test looks for
                failures.append(f"{path.name} {kwargs}: {exc.__class__.__name__}: {exc}")
    assert not failures, "\n".join(failures[:10])


def test_zz_print_the_table(request):
    """The per-notice table of every notice imported above (printed even without ``-s``)."""
    if not RESULTS:
        pytest.skip("no notice was imported in this run")
    lines = [_header()] + [_row(name, RESULTS[name]) for name in (c.name for c in CASES) if name in RESULTS]
    with request.config.pluginmanager.getplugin("capturemanager").global_and_fixture_disabled():
        print("\n\nImporting unseen notices (tests/field_notices.py):\n" + "\n".join(lines))


def _site_forms(text: str, key: str) -> list[list[str]]:
    """The forms of a paragraph on the site: the draft's forms with dates and times as pages print them
    (2025-10-09 → 2025年10月9日, 14:30 → 2:30 after 下午)."""
    out = []
    for form in _forms(text, key):
        pieces = []
        for x in form:
            m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", x)
            t = re.fullmatch(r"(\d{2}):(\d{2})", x)
            if m:
                x = f"{m.group(1)}年{int(m.group(2))}月{int(m.group(3))}日"
            elif t:
                h = int(t.group(1))
                x = f"{h - 12 if h > 12 else h}:{t.group(2)}"
            pieces.append(x)
        out.append(pieces)
    return out


def test_field_notices_on_the_site(tmp_path):
    """End to end: one notice per month (the latest written first) is imported into one empty project,
    ``check`` accepts the drafts and ``build`` publishes them; every paragraph of each notice that its
    draft holds (not only the report) is on the month's published pages: the web pages' text and
    links, and the printed booklet (where the 版头 stands)."""
    from bs4 import BeautifulSoup
    from pypdf import PdfReader

    root = make_empty_project(tmp_path / "project")
    chosen: dict[str, tuple[Case, list[str]]] = {}
    for case in reversed(CASES):
        if case.key in chosen:
            continue
        if case.build is not None:
            path = tmp_path / case.file
            built = case.build(path)
        else:
            path, built = FIELD / case.file, None
        proc = run_cli(root, "import", str(path), *(["--month", case.month] if case.month else []))
        assert proc.returncode == 0, proc.stderr
        chosen[case.key] = (case, _input_paragraphs(case, path, built))
    assert len(chosen) >= 8
    check = run_cli(root, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    build = run_cli(root, "build", "-q")
    assert build.returncode == 0, build.stdout + build.stderr
    failures = []
    for key, (case, paragraphs) in sorted(chosen.items()):
        parts = []
        for page in sorted((root / "site" / key).rglob("index.html")):
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            article = soup.find("article") or soup
            parts.append(article.get_text("\n"))
            parts += [a.get("href", "") for a in article.find_all("a")]
        for pdf in (root / "site" / key).glob("*.pdf"):
            if not pdf.stem.endswith(("骑马订", "工作清单")):
                parts += [p.extract_text() or "" for p in PdfReader(pdf).pages]
        site = norm("\n".join(parts)).replace("：", ":")
        written = _written(root, "", key)
        kept = [t for t in paragraphs if _found(t, written, key)]
        assert len(kept) >= len(paragraphs) // 2, f"{case.file}: the draft holds too little to compare"
        missing = [t for t in kept if not any(f and all(norm(x).replace("：", ":") in site for x in f)
                                              for f in _site_forms(t, key))]
        if missing:
            failures.append(f"{case.file}: {missing}")
    assert not failures, "\n".join(failures)
