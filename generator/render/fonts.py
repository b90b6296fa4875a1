"""What the installed fonts can print: families, weights and character coverage, from fontconfig.

The booklet names its faces by role (正文仿宋, 标题小标宋, 黑体, 楷体; see
``data/organisation.yml``); WeasyPrint then asks fontconfig for them. This
module asks fontconfig the same questions beforehand, so that the build can
say in Chinese what would otherwise go wrong silently on paper:

* a role none of whose families is installed (the system default prints instead);
* a bold requested from a face that has no bold weight (WeasyPrint does not
  fake bold, so the text prints in the regular weight);
* a character that none of the configured faces has (it would print in some
  unrelated system face, or as an empty box).

One ``fc-list`` call (about 40 ms) answers all of it; coverage is kept as
sorted code-point ranges and parsed only for the families asked about.
"""

from __future__ import annotations

import bisect
import subprocess
from dataclasses import dataclass
from functools import lru_cache

FC_BOLD = 180
"""fontconfig weight from which a face counts as bold (FC_WEIGHT_DEMIBOLD; regular is 80, bold 200)."""


@dataclass(frozen=True)
class Face:
    """One installed face: its family names, style, fontconfig weight, raw ``%{charset}`` text and font file."""

    families: tuple[str, ...]
    style: str
    weight: int
    charset: str
    file: str = ""


@lru_cache(maxsize=1)
def installed_faces() -> tuple[Face, ...]:
    """Every face fontconfig knows; empty if ``fc-list`` is missing."""
    try:
        out = subprocess.run(["fc-list", "-f", "%{family}\t%{style}\t%{weight}\t%{charset}\t%{file}\n"],
                             capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return ()
    faces = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 5:
            continue
        families, style, weight, charset, file = parts
        try:
            w = int(float(weight.strip("[]").split()[0]))
        except (ValueError, IndexError):
            w = 80
        faces.append(Face(tuple(f.strip() for f in families.split(",")), style.split(",")[0], w, charset, file))
    return tuple(faces)


def installed_families() -> frozenset[str]:
    """Every family name fontconfig knows."""
    return frozenset(name for face in installed_faces() for name in face.families)


def faces_of(family: str) -> list[Face]:
    """The installed faces of ``family`` (exact family name, as fontconfig spells it)."""
    return [face for face in installed_faces() if family in face.families]


def has_bold(family: str) -> bool:
    """True if ``family`` has a face of weight bold or heavier, by weight or by style name.

    Some open CJK faces (FandolSong-Bold, FandolHei-Bold) declare a regular
    weight in their OS/2 table but name their style Bold; fontconfig reports
    weight 80 for them while Pango still picks them for ``font-weight: 700``.
    """
    heavy = ("bold", "heavy", "black", "semibold", "demibold")
    return any(face.weight >= FC_BOLD or any(w in face.style.lower() for w in heavy) for face in faces_of(family))


def _ranges(charset: str) -> list[tuple[int, int]]:
    out = []
    for token in charset.split():
        lo, _, hi = token.partition("-")
        try:
            out.append((int(lo, 16), int(hi or lo, 16)))
        except ValueError:
            continue
    return out


@lru_cache(maxsize=64)
def coverage(family: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Code points ``family`` can print, as sorted range starts and ends (union of its faces)."""
    ranges = sorted(r for face in faces_of(family) for r in _ranges(face.charset))
    merged: list[list[int]] = []
    for lo, hi in ranges:
        if merged and lo <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return tuple(r[0] for r in merged), tuple(r[1] for r in merged)


def covers(family: str, char: str) -> bool:
    """True if ``family`` has a glyph for the single character ``char``."""
    starts, ends = coverage(family)
    i = bisect.bisect_right(starts, ord(char)) - 1
    return i >= 0 and ord(char) <= ends[i]


def uncovered(text: str, families: list[str]) -> list[str]:
    """Characters of ``text`` (in order of first appearance) that none of ``families`` can print.

    White space, controls, format characters (U+200B–U+200F, U+FEFF) and
    variation selectors are ignored. Families that are not installed cover nothing.
    """
    present = [f for f in families if faces_of(f)]
    missing: dict[str, None] = {}
    for ch in dict.fromkeys(text):
        if ch.isspace() or ord(ch) < 0x20 or 0x200B <= ord(ch) <= 0x200F or ch == "\ufeff" \
                or 0xFE00 <= ord(ch) <= 0xFE0F:
            continue
        if not any(covers(f, ch) for f in present):
            missing[ch] = None
    return list(missing)


def fingerprint(families: list[str]) -> str:
    """A digest of the font files that ``families`` resolve to (path, size, modification time).

    Part of every PDF's cache key (:mod:`generator.builder.cache`): installing, removing or updating a
    face the booklet names renders the PDFs again; other fonts do not matter.
    """
    import hashlib
    import os

    h = hashlib.sha256()
    for family in families:
        for face in sorted(faces_of(family), key=lambda f: (f.file, f.style)):
            try:
                st = os.stat(face.file)
                h.update(f"{family}\t{face.style}\t{face.file}\t{st.st_size}\t{st.st_mtime_ns}\n".encode())
            except OSError:
                h.update(f"{family}\t{face.style}\t{face.file}\tmissing\n".encode())
    return h.hexdigest()
