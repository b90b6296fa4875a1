"""The printed booklet: the content model → HTML → PDF with WeasyPrint.

Stage three for paper. :func:`month_html` lays out one month (cover, body,
each 附件 on a new right-hand page, the checklist as a table to tick);
:func:`document_html` lays out one shared document with its annexes.
:func:`write_pdf` turns either into a PDF whose bytes depend only on the
content (the PDF dates come from the content, not the clock).

Typography follows GB/T 9704-2012; the figures live in
``templates/booklet/booklet.css.j2`` and the constants below.
"""

from __future__ import annotations

import ctypes.util
import datetime as dt
import logging
import math
import subprocess
from functools import lru_cache
from pathlib import Path

from .checklist import derive_checklist
from .markdown import to_html
from .model import Document, MonthIssue, Organisation
from .pages import environment

log = logging.getLogger(__name__)

MM = 72 / 25.4
"""Points per millimetre."""
TEXT_BLOCK_MM = (156, 225)
"""版心 width × height in mm (GB/T 9704-2012, 5.2.2)."""
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
"""A full body page holds 22 lines of 28 characters (GB/T 9704-2012, 5.2.3)."""
BODY_PT = 16
"""Body type size: 3号 = 16 pt."""
LINE_PT = math.floor(TEXT_BLOCK_MM[1] * MM / LINES_PER_PAGE * 100) / 100
"""Line pitch in pt: 225 mm / 22 lines = 28.99 pt (rounded down so the 22nd line fits)."""
TRACKING_PT = math.floor((TEXT_BLOCK_MM[0] * MM / CHARS_PER_LINE - BODY_PT) * 100) / 100
"""Letter-spacing in pt that fits 28 characters of 16 pt into 156 mm: −0.21 pt (rounded down so the 28th fits)."""
INDENT_PT = round(2 * (BODY_PT + TRACKING_PT), 2)
"""First-line indent: two tracked characters (空二字), in pt."""
NUMBER_FONTS = ["SimSun", "Noto Serif CJK SC"]
"""Page numbers: 4号 half-width 宋体 (GB/T 9704-2012, 7.5)."""


def _stack(families: list[str], generic: str) -> str:
    return ", ".join(f'"{f}"' for f in families) + f", {generic}"


def stylesheet(org: Organisation, for_issue: bool) -> str:
    """The booklet CSS with the organisation's font families filled in.

    Args:
        org: supplies ``fonts`` by role (body, title, heiti, kaiti).
        for_issue: True for a month's booklet (cover + blank verso, numbering restarts at the body).
    """
    fonts = {
        "body": _stack(org.fonts["body"], "serif"),
        "title": _stack(org.fonts["title"], "serif"),
        "heiti": _stack(org.fonts["heiti"], "sans-serif"),
        "kaiti": _stack(org.fonts["kaiti"], "serif"),
        "number": _stack(NUMBER_FONTS, "serif"),
    }
    return environment("booklet").get_template("booklet.css.j2").render(
        fonts=fonts, line_pt=LINE_PT, tracking_pt=TRACKING_PT, indent_pt=INDENT_PT, issue=for_issue)


def _env():
    env = environment("booklet")
    env.filters["md"] = to_html
    return env


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00+08:00"


def month_html(issue: MonthIssue, org: Organisation) -> str:
    """The month's booklet as one HTML document (str), styles inlined."""
    created = issue.published or issue.first_day
    return _env().get_template("booklet.html.j2").render(
        issue=issue, doc=None, checklist=derive_checklist(issue), css=stylesheet(org, True),
        title=f"{issue.month_zh}{issue.title}", author=issue.publisher,
        description=f"{issue.publisher}{issue.month_zh}{issue.ordinal_zh or ''}{issue.title}",
        created=_timestamp(created),
    )


def document_html(doc: Document, org: Organisation) -> str:
    """A shared document (with its annexes) as one HTML document for printing on its own."""
    created = doc.date.as_date() if doc.date else dt.date(2000, 1, 1)
    return _env().get_template("booklet.html.j2").render(
        issue=None, doc=doc, checklist=[], css=stylesheet(org, False), title=doc.title,
        author=doc.signature or doc.issuer or org.name, description=doc.title, created=_timestamp(created),
    )


def write_pdf(html: str, target: Path, base_url: Path | None = None) -> None:
    """Writes ``html`` to the PDF file ``target``.

    Fonts are embedded and subset; the PDF carries the HTML's title, author,
    language (``lang``) and the dates from its ``dcterms`` meta tags, so the
    same content always gives the same bytes.

    Raises:
        OSError: if ``target`` cannot be written.
    """
    import weasyprint  # imported here: loading Pango costs ~0.5 s and `check` never needs it

    document = weasyprint.HTML(string=html, base_url=str(base_url or Path.cwd())).render()
    target.parent.mkdir(parents=True, exist_ok=True)
    document.write_pdf(target)


@lru_cache(maxsize=1)
def installed_families() -> frozenset[str]:
    """Font family names fontconfig knows (``fc-list : family``); empty if fc-list is missing."""
    try:
        out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return frozenset()
    return frozenset(name.strip() for line in out.splitlines() for name in line.split(","))


def environment_warnings(org: Organisation) -> list[str]:
    """Problems with the machine that make booklets wrong or slow, in Chinese, each with its fix.

    * a font role none of whose configured families is installed;
    * HarfBuzz's subsetter (``libharfbuzz-subset``) missing: WeasyPrint then
      falls back to fontTools and every CJK booklet takes ~40× longer
      (measured: 11.5 s instead of 0.17 s for six pages).
    """
    warnings = []
    families = installed_families()
    roles = {"body": "正文（仿宋）", "title": "标题（小标宋）", "heiti": "黑体", "kaiti": "楷体"}
    for role, label in roles.items():
        configured = org.fonts[role]
        present = [f for f in configured if f in families]
        if families and not present:
            warnings.append(f"小册子{label}字体均未安装：{'、'.join(configured)}；将使用系统默认字体。"
                            "修改建议：运行 make build 安装开源字体，或在 data/organisation.yml 的 fonts 中写入已安装的字体名")
        elif present and present[0] != configured[0]:
            log.info("小册子%s使用 %s（%s 未安装）", label, present[0], "、".join(configured[:configured.index(present[0])]))
    if ctypes.util.find_library("harfbuzz-subset") is None:
        warnings.append("未找到 HarfBuzz 字体子集库（libharfbuzz-subset0），生成 PDF 会慢约 40 倍。"
                        "修改建议：运行 apt-get install libharfbuzz-subset0（make build 会自动安装）")
    return warnings
