"""Writing what was recognised as our content formats: Markdown paragraphs and tables, YAML scalars.

The Markdown is the dialect of :mod:`generator.read.markdown` (pipe tables, raw
HTML tables for merged or multi-line cells) and follows ``docs/content-guide.md``:
``##`` for 一、 headings, ``###`` for （一）, numbered paragraphs written
``1.文字`` without a space so that they stay paragraphs. The YAML is written
by hand (comments must sit where the author will read them) and every
scalar is quoted whenever plain style could change its meaning.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re

from .source import Cell, Table


# -- Markdown -------------------------------------------------------------------------------------------
_LINE_START = re.compile(r"^(#|>|[-+*] |\||=|`|~~~|\d+[.)]\s)")


def md_paragraph(text: str) -> str:
    """One paragraph of body text as Markdown: what would be read as markup is escaped, the words stay as written."""
    t = text.strip()
    t = re.sub(r"^(\d{1,2}[.．、]|[（(]\d{1,2}[）)]|[一二三四五六七八九十]{1,3}、)\s+", r"\1", t)
    t = t.replace("\\", "\\\\").replace("*", "\\*").replace("`", "\\`").replace("_", "\\_")
    t = re.sub(r"<(?=[A-Za-z/!?])", "&lt;", t)
    t = re.sub(r"\[(?=[^\]]*\]\()", "\\[", t)
    if _LINE_START.match(t):
        t = "\\" + t
    return t


def table_markdown(table: Table, notes: list[str] | None = None) -> str:
    """A table as Markdown: a pipe table when every cell is one line without spans, else an HTML ``<table>``.

    Rows narrower than the widest row get their last cell spanned to the full
    width (a note says so, in ``notes``); a table whose body cells are mostly
    empty is a blank form and gets ``class="form"`` (room to write by hand).
    """
    rows = [list(r) for r in table.rows if r]
    width = table.n_cols
    for n, row in enumerate(rows, start=1):
        have = sum(c.colspan for c in row)
        if have < width and _covered(rows, n - 1) == 0:
            row[-1] = Cell(row[-1].text, colspan=row[-1].colspan + width - have, rowspan=row[-1].rowspan)
            if notes is not None and n == 1:
                notes.append(f"表格第1行比其他行少 {width - have} 格，已让最后一格跨 {width - have + 1} 列，请核对")
    head = rows[:table.header_rows]
    body = rows[table.header_rows:]
    simple = all(c.colspan == 1 and c.rowspan == 1 and "\n" not in c.text for r in rows for c in r)
    body_cells = [c for r in body for c in r]
    form = bool(body_cells) and sum(1 for c in body_cells if not c.text.strip()) >= 0.5 * len(body_cells)
    if simple and not form and len(head) == 1 and all(len(r) == width for r in rows):
        def line(r):
            return "| " + " | ".join(_pipe_cell(c.text) for c in r) + " |"
        return "\n".join([line(head[0]), "| " + " | ".join("---" for _ in range(width)) + " |", *(line(r) for r in body)])
    out = ['<table class="form">' if form else "<table>", "<thead>"]
    for r in head:
        out.append("<tr>" + "".join(_html_cell("th", c) for c in r) + "</tr>")
    out += ["</thead>", "<tbody>"]
    for r in body:
        out.append("<tr>" + "".join(_html_cell("td", c) for c in r) + "</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def _covered(rows: list[list[Cell]], r: int) -> int:
    """Columns of row ``r`` covered by row spans from the rows above."""
    n = 0
    for above in range(r):
        for c in rows[above]:
            if c.rowspan > r - above:
                n += c.colspan
    return n


def _pipe_cell(text: str) -> str:
    return text.replace("|", "\\|").strip()


def _html_cell(tag: str, cell: Cell) -> str:
    attrs = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "")
    body = "<br>".join(html.escape(line, quote=False) for line in cell.text.split("\n"))
    return f"<{tag}{attrs}>{body}</{tag}>"


# -- YAML -------------------------------------------------------------------------------------------------
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


def yaml_scalar(value) -> str:
    """One YAML scalar: dates as ``2019-10-31``, numbers plain, strings plain when safe, else double-quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    s = str(value)
    if _plain_ok(s):
        return s
    return json.dumps(s, ensure_ascii=False)


def _plain_ok(s: str) -> bool:
    if not s or s != s.strip() or "\n" in s or s.lower() in _RESERVED:
        return False
    if re.match(r"^[\d.+\-]", s) or re.match(r"^[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]", s):
        return False
    if any(x in s for x in (": ", " #", "\t")) or s.endswith(":"):
        return False
    return not re.search(r"[{}\[\],&*!|>'\"%@`#]", s)


def yaml_block(text: str, indent: int) -> str:
    """A literal block scalar (``|-``) holding ``text`` exactly, its lines indented by ``indent`` spaces."""
    pad = " " * indent
    lines = text.split("\n")
    if lines and lines[0].startswith(" "):
        return yaml_scalar(text)
    return "|-\n" + "\n".join((pad + line) if line else "" for line in lines)


def yaml_text(value: str, indent: int, width: int = 60) -> str:
    """A string field's value: plain or quoted when short and one line, else a literal block."""
    if "\n" not in value and len(value) <= width:
        return yaml_scalar(value)
    if value != value.strip() or any(line != line.rstrip() for line in value.split("\n")):
        return yaml_scalar(value)
    return yaml_block(value, indent)


def yaml_comment(text: str, indent: int = 0) -> str:
    """``text`` as YAML comment lines (``# …``) at ``indent``."""
    pad = " " * indent
    return "\n".join(f"{pad}# {line}".rstrip() for line in text.split("\n"))
