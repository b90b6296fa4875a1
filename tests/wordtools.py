"""Helpers for the Word import/export tests: comparing two months field by field, LibreOffice conversion."""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
FONTS_CONF = Path(__file__).parent / "fontconfig" / "fonts.conf"
"""fontconfig set-up for LibreOffice: 仿宋_GB2312, FangSong … → FandolFang and the like."""


def notice_project(out: Path):
    """The 通知-form fixture project (``tests/fixtures/notice``) copied under ``out`` with the bundled
    standing rules, read: a :class:`generator.model.Project` whose one month is laid out as a notice."""
    from conftest import ROOT
    from generator.read.readers import read_project

    root = out / "notice"
    shutil.copytree(ROOT / "tests" / "fixtures" / "notice", root)
    shutil.copy2(ROOT / "data" / "rules.yml", root / "data" / "rules.yml")
    return read_project(root)


def norm(text: str | None) -> str:
    """Text for comparison: white space and Markdown escapes removed."""
    return re.sub(r"\s+|\\", "", text or "")


def ratio(a: str | None, b: str | None) -> float:
    """difflib ratio after :func:`norm` (1.0 when both are empty)."""
    a, b = norm(a), norm(b)
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def month_fields(issue) -> dict[str, str]:
    """The text fields of a month (content model v2) by a stable name, for field-by-field comparison."""
    out: dict[str, str] = {"title": issue.title}
    for k, s in enumerate(issue.sections, start=1):
        out[f"section{k}.heading"] = s.heading
    if issue.theme:
        out["theme"] = issue.theme
    if issue.meeting:
        out["meeting.when"] = issue.meeting.when_zh
        out["meeting.place"] = issue.meeting.place or ""
    for w in issue.work_items:
        out[f"work_item{w.index}"] = w.text
    for n, r in enumerate(issue.requirements, start=1):
        out[f"requirement{n}"] = r.text
    for n, r in enumerate(issue.readings, start=1):
        out[f"reading{n}.title"] = r.title
        if r.source:
            out[f"reading{n}.source"] = r.source
    for n, doc in enumerate(issue.attachments, start=1):
        out.update(document_fields(doc, f"附件{n}."))
    for key in ("opening", "closing", "signature", "addressee", "issuer", "doc_number"):
        if getattr(issue, key, None):
            out[key] = str(getattr(issue, key))
    return out


def document_fields(doc, prefix: str = "") -> dict[str, str]:
    """The text fields of a document (title, head, body, signature, date, contact), prefixed."""
    out = {f"{prefix}title": doc.title, f"{prefix}body": doc.body}
    for key in ("pretitle", "issuer", "doc_number", "signature"):
        if getattr(doc, key):
            out[f"{prefix}{key}"] = getattr(doc, key)
    if doc.date:
        out[f"{prefix}date"] = doc.date.zh
    if doc.contact:
        for key in ("person", "phone", "email"):
            if getattr(doc.contact, key):
                out[f"{prefix}contact.{key}"] = getattr(doc.contact, key)
    for n, annex in enumerate(doc.annexes, start=1):
        out.update(document_fields(annex, f"{prefix}附件{n}."))
    return out


def compare_table(expected: dict[str, str], got: dict[str, str]) -> list[tuple[str, float, str, str]]:
    """Rows (field, ratio, expected snippet, draft snippet) for every field either side has."""
    rows = []
    for key in list(expected) + [k for k in got if k not in expected]:
        a, b = expected.get(key), got.get(key)
        rows.append((key, ratio(a, b) if a is not None and b is not None else 0.0, norm(a)[:18], norm(b)[:18]))
    return rows


def print_table(title: str, rows) -> None:
    """Prints the per-field comparison (shown with ``pytest -s`` or on failure)."""
    print(f"\n{title}")
    print(f"{'field':<28} {'ratio':>6}  expected / draft")
    for key, r, a, b in rows:
        print(f"{key:<28} {r:6.3f}  {a} / {b}")


def to_pdf(docx: Path, out_dir: Path) -> Path:
    """Converts ``docx`` to PDF with LibreOffice (headless, its own profile); returns the PDF path."""
    import os

    profile = out_dir / "lo-profile"
    # the faces a 公文 names mapped to the open Fandol faces (tests/fontconfig/fonts.conf): measured in 仿宋
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)],
                   check=True, capture_output=True, timeout=300, env=env)
    pdf = out_dir / (docx.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice wrote no PDF for {docx.name}"
    return pdf
