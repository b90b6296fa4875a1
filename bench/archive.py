"""A synthetic ten-year archive (120 months) made from the bundled content, for search benchmarks.

Usage::

    .venv/bin/python bench/archive.py [--months 120] [--out DIR]

writes a project copy (``data/``, ``content/``, ``docs/``, ``overrides/``,
``mkdocs.yml``) with months 2010-01 … 2019-12 into DIR (default: a new temp
folder) and prints its path. Even months are modelled on 2019-10 (one
attachment), odd months on 2017-05 (four attachments). Each synthesised month
keeps its model's structure but its attachments' paragraphs are shuffled and
mixed with paragraphs from the shared documents (seeded, so every run makes
the same archive), so pages differ as real months do while using the field's
real vocabulary. The bundled months themselves are replaced.

:func:`make_archive` is what ``bench/search.py`` calls.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = ["data", "content", "docs", "overrides", "mkdocs.yml"]
MODELS = {0: "2019-10", 1: "2017-05"}
"""Month parity → the bundled month it is modelled on."""


def _paragraphs(markdown: str) -> tuple[str, list[str]]:
    """Front matter (with its fences) and the body's blank-line separated paragraphs."""
    front = ""
    if markdown.startswith("---\n"):
        end = markdown.index("\n---\n", 4) + 5
        front, markdown = markdown[:end], markdown[end:]
    return front, [p for p in re.split(r"\n\s*\n", markdown) if p.strip()]


def _shift_dates(text: str, months: int) -> str:
    """Every ``YYYY-MM-DD`` and ``YYYY-MM`` date in YAML ``text`` moved by ``months`` (day clamped to 28)."""
    def move(m):
        total = int(m.group(1)) * 12 + int(m.group(2)) - 1 + months
        moved = f"{total // 12}-{total % 12 + 1:02d}"
        return moved + (f"-{min(int(m.group(3)), 28):02d}" if m.group(3) else "")
    return re.sub(r"(?<![\d-])(\d{4})-(\d\d)(?:-(\d\d))?(?![\d-])", move, text)


def make_archive(out: Path, months: int = 120, seed: int = 2019) -> list[str]:
    """Writes a project with ``months`` months ending 2019-12 into ``out``.

    Returns:
        The month keys written, oldest first (``YYYY-MM``).
    """
    rng = random.Random(seed)
    for part in PARTS:
        src = ROOT / part
        shutil.copytree(src, out / part) if src.is_dir() else shutil.copy2(src, out / part)
    pool = []  # plain prose paragraphs of the shared documents: no tables, headings or HTML
    for doc in sorted((ROOT / "content" / "documents").glob("*.md")):
        pool += [p for p in _paragraphs(doc.read_text(encoding="utf-8"))[1]
                 if not re.match(r"\s*[<#|]", p) and len(p) > 60]
    models = {k: (ROOT / "data" / "months" / f"{m}.yml").read_text(encoding="utf-8") for k, m in MODELS.items()}
    for m in MODELS.values():
        (out / "data" / "months" / f"{m}.yml").unlink()
        shutil.rmtree(out / "content" / m)
    keys = []
    for n in range(months):
        year, month = 2019 - (months - 1 - n) // 12, (n - months) % 12 + 1
        key = f"{year}-{month:02d}"
        keys.append(key)
        model = MODELS[n % 2]
        text = models[n % 2]
        m_year, m_month = model.split("-")
        shift = (year - int(m_year)) * 12 + month - int(m_month)
        text = _shift_dates(text, shift)  # month: and every date in it
        text = re.sub(r"^ordinal: \d+", f"ordinal: {n % 12 + 1}", text, flags=re.M)
        (out / "data" / "months" / f"{key}.yml").write_text(text, encoding="utf-8")
        target = out / "content" / key
        target.mkdir(parents=True)
        for src in sorted((ROOT / "content" / model).glob("*.md")):
            front, paras = _paragraphs(src.read_text(encoding="utf-8"))
            prose = [i for i, p in enumerate(paras) if not re.match(r"\s*[<#|]", p)]
            shuffled = [paras[i] for i in prose]
            rng.shuffle(shuffled)
            for i, p in zip(prose, shuffled):
                paras[i] = p
            paras += rng.sample(pool, k=min(4, len(pool)))
            (target / src.name).write_text(_shift_dates(front, shift) + "\n\n".join(paras) + "\n", encoding="utf-8")
    return keys


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--months", type=int, default=120)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="archive-"))
    out.mkdir(parents=True, exist_ok=True)
    keys = make_archive(out, args.months)
    print(f"{out}  ({len(keys)} months, {keys[0]} … {keys[-1]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
