"""The Word copy's 文档网格 in LibreOffice: characters a line for each way of setting the 22 × 28 grid.

Run: ``.venv/bin/python bench/word_grid.py`` (LibreOffice from ``make setup-test``). Writes the
Word copy of the bundled shared document 《…规范化建设…》 (the longest body text), makes variants
of it (grid type and ``charSpace``; tracking; ``w:snapToGrid`` on the Normal style), converts each
with LibreOffice under ``tests/fontconfig/fonts.conf`` (the 仿宋 names mapped to FandolFang) and
prints, per variant, the pages and how many body lines hold 26–29 characters (full-width 1,
half-width ½, a closing mark hanging past the 版心 not counted), as ``tests/test_word_export.py``
counts them. Figures and the command are recorded in ``docs/benchmarks-word.md``.
"""

from __future__ import annotations

import collections
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

VARIANTS = [
    # name, docGrid, tracking (twips, None: none), Normal's paragraph snapToGrid 0 kept
    ("as built", None, "keep", True),
    ("lines only, −5 twips (before)", '<w:docGrid w:type="lines" w:linePitch="579"/>', "-5", True),
    ("linesAndChars −842, −5 twips, snap 0", None, "-5", True),
    ("linesAndChars −842, −6 twips, snap 0", None, "-6", True),
    ("linesAndChars −842, −7 twips, snap 0", None, "-7", True),
    ("linesAndChars −842, no tracking, snap 0", None, None, True),
    ("linesAndChars −842, no tracking, snapping (Word's 公文 template)", None, None, False),
    ("linesAndChars −842, −6 twips, snapping", None, "-6", False),
]
HANGING = "，。、；：！？”）》"
MM = 72 / 25.4


def variant(src: Path, dst: Path, grid: str | None, tracking: str | None, snap0: bool) -> None:
    """``src`` rewritten: its docGrid, the Normal style's tracking and paragraph snapToGrid."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml" and grid:
                data = re.sub(r"<w:docGrid [^>]*/>", grid, data.decode()).encode()
            if info.filename == "word/styles.xml":
                xml = data.decode()
                if tracking != "keep":
                    xml = re.sub(r'<w:spacing w:val="-?\d+"/>',
                                 f'<w:spacing w:val="{tracking}"/>' if tracking else "", xml)
                if not snap0:
                    xml = xml.replace('<w:snapToGrid w:val="0"/>', "")
                data = xml.encode()
            zout.writestr(info, data)


def widths(pdf_path: Path) -> tuple[int, collections.Counter]:
    """(pages, Counter of characters a body line holds)."""
    import pdfplumber

    counts: collections.Counter = collections.Counter()
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            rows: list[list[dict]] = []
            for c in sorted((c for c in page.chars if c["text"].strip()), key=lambda c: c["bottom"]):
                if rows and c["bottom"] - rows[-1][0]["bottom"] < 6:
                    rows[-1].append(c)
                else:
                    rows.append([c])
            for r in rows:
                r.sort(key=lambda c: c["x0"])
                if r[0]["bottom"] > (297 - 35) * MM + 2:
                    continue
                if r[-1]["text"] in HANGING and r[-1]["x0"] / MM > 28 + 156 - 1:
                    r = r[:-1]
                counts[sum(0.5 if ord(c["text"]) < 0x2E80 else 1 for c in r)] += 1
        return len(pdf.pages), counts


def main() -> None:
    from conftest import ROOT as PROJECT
    from generator.read.readers import read_project
    from generator.render.word import write_docx
    from wordtools import FONTS_CONF, SOFFICE

    if SOFFICE is None:
        sys.exit("LibreOffice is not installed (make setup-test)")
    project = read_project(PROJECT)
    doc = next(d for d in project.shared if "规范化建设" in d.title)
    out = Path(tempfile.mkdtemp(prefix="word-grid-"))
    base = out / "base.docx"
    write_docx(doc, project.organisation, base)
    grid = re.search(r"<w:docGrid [^>]*/>", zipfile.ZipFile(base).read("word/document.xml").decode()).group(0)
    print(f"as built: {grid}")
    files = []
    for k, (name, g, tracking, snap0) in enumerate(VARIANTS):
        path = out / f"v{k}.docx"
        variant(base, path, g or re.sub(r'w:type="\w+"', 'w:type="linesAndChars"', grid), tracking, snap0)
        files.append(path)
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{out}/profile", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(out), *map(str, files)],
                   check=True, capture_output=True, timeout=600, env=env)
    print(f"{'variant':<66} pages  lines of 26 / 27 / 28 / 29+ characters (½ for half-width)")
    for (name, *_), path in zip(VARIANTS, files):
        pages, c = widths(path.with_suffix(".pdf"))
        over = sum(n for w, n in c.items() if w >= 28.5)
        top = max(c)
        print(f"{name:<66} {pages:>5}  {c[26]:>3} / {c[27]:>3} / {c[28]:>3} / {over:>3}   (longest {top}: {c[top]})")


if __name__ == "__main__":
    main()
