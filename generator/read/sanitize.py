"""Content HTML: an allow-list checked when the content is read, and again before anything is printed.

Clerks paste text from Word and web pages, and nobody reviews the HTML before
it is published to members' phones. So every Markdown body and every string in
every YAML file is rendered exactly as the outputs render it
(:func:`generator.read.markdown.to_html`) and held against one allow-list
(:data:`TAGS`, :data:`ATTRIBUTES`, :data:`CLASSES`, the URL and style rules
below). Anything else is refused with one Chinese error naming the source file,
line and fix, before a byte is written (:func:`check_markdown`,
:func:`check_yaml`).

Two judges hold the HTML against the list, and either refuses: nh3 (Python
binding of the Rust sanitiser ammonia) cleans it twice over the same parse,
once keeping everything it holds and once with the allow-list, and if the two
differ something was not allowed; :mod:`html.parser` walks it with the same
list and names what it found, in Chinese. A parser quirk in one judge does not
let anything through the other.

Allowed (``docs/safety.md`` says it for authors):

* tags of ordinary text, lists and tables (:data:`TAGS`);
* ``class`` only with the project's classes (``form``: a blank form with tall
  rows; ``wide``: a table printed on a turned page);
* links (``<a href>``) to ``http:``, ``https:``, ``mailto:``, ``tel:`` and relative
  addresses; images (``<img src>``) only as relative paths to files under
  ``content/``;
* ``style`` with layout properties only (:data:`STYLE_PROPERTIES`), never
  ``url(...)`` or other functions but colours.

Refused, among others: ``<script>``, ``<style>``, ``<iframe>``/``<object>``/
``<embed>``, forms, SVG; every ``on…`` event attribute (also written as a
Markdown attribute list ``{: onclick=… }``); ``javascript:``, ``data:``,
``file:`` and other URLs; ``srcset``; ids.

:func:`clean` is the same allow-list applied silently to the HTML the booklet
prints (defence in depth); :class:`ProjectFetcher` lets WeasyPrint read only
files under ``content/`` (and self-contained ``data:`` images the generator
makes itself, the cover's QR code).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import nh3

from . import limits
from .errors import ContentError
from .markdown import to_html

TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "del", "ins",
    "sub", "sup", "small", "mark", "code", "pre", "kbd", "blockquote", "q", "cite", "abbr",
    "ul", "ol", "li", "dl", "dt", "dd", "div", "span",
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
    "a", "img",
}
"""Tags content may use: text, lists, tables, links and images."""

ATTRIBUTES = {
    "*": {"title", "style"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "type"},
    "li": {"value"},
    "th": {"colspan", "rowspan", "align", "valign", "width"},
    "td": {"colspan", "rowspan", "align", "valign", "width"},
    "col": {"span", "width"},
    "colgroup": {"span", "width"},
}
"""Attributes content may use, by tag (``*``: on every allowed tag). ``class`` is governed by :data:`CLASSES`."""

CLASSES = {"form", "wide"}
"""The project's classes: ``form`` (a blank form to fill in, tall rows), ``wide`` (a table printed on a turned page)."""

URL_SCHEMES = {"http", "https", "mailto", "tel"}
"""Schemes a link may use (``tel:`` lets a member tap a contact number to call it); a relative address has none."""

STYLE_PROPERTIES = {
    "text-align", "vertical-align", "width", "min-width", "max-width", "height", "white-space", "word-break",
    "font-weight", "font-style", "text-decoration", "text-indent", "line-height", "color", "background-color",
    "border", "border-collapse", "border-top", "border-bottom", "border-left", "border-right",
    "padding", "padding-top", "padding-bottom", "padding-left", "padding-right",
    "margin", "margin-top", "margin-bottom", "margin-left", "margin-right",
}
"""CSS properties a ``style`` attribute may set (Python-Markdown writes ``text-align`` for aligned table columns)."""

IMAGE_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WEBP"}
"""Image files content may show, by suffix, with the format the file's own bytes must have (Pillow's name).

No SVG: an SVG file is a document that runs its own scripts when opened from the site."""

FILE_SUFFIXES = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".wps", ".et", ".dps",
                 ".odt", ".ods", ".odp", ".txt", ".csv", ".zip", ".rar", ".7z", *IMAGE_FORMATS}
"""Files under ``content/`` that a link may point at (a form to download, a spreadsheet), and that the
site therefore carries. Never ``.html``, ``.svg``, ``.js``, ``.xml`` …: a browser runs what they hold."""

_STYLE_VALUE = re.compile(r"^(?:[#%\w\s.,+-]|(?:rgba?|hsla?)\([\d\s.,%]*\))*$", re.A)
"""A style value: words, numbers, units, colours; no ``url(``, no escapes, no quotes, no other function."""

_ALLOWED_CLASSES = {tag: set(CLASSES) for tag in TAGS}


@dataclass(frozen=True)
class _Finding:
    """One refused thing: a description for the message, a fix, and text to find in the source."""

    what: str
    fix: str
    needles: tuple[str, ...]


def _scheme(url: str) -> str | None:
    """The URL's scheme, lower case, as a browser reads it (controls, spaces, tabs and newlines ignored), or None."""
    url = re.sub(r"[\t\n\r]", "", url).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                                "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    match = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return match.group(1).lower() if match else None


def _image_problem(src: str, base: Path | None, content: Path | None) -> str | None:
    """Why an image address is refused, or None: only relative paths to image files under ``content/``
    (:func:`image_file_problem`)."""
    if _scheme(src) is not None or src.strip().startswith(("/", "\\")):
        return f"图片地址“{_short(src)}”：图片只能引用 content/ 文件夹中的文件"
    if base is not None and content is not None:
        target = (base / unquote(urlsplit(src.strip()).path)).resolve()
        if not target.is_relative_to(content.resolve()):
            return f"图片地址“{_short(src)}”指向 content/ 文件夹以外"
        if target.is_file():
            why = image_file_problem(target)
            return f"图片“{_short(src)}”{why}" if why else None
    return None


def image_file_problem(path: Path) -> str | None:
    """Why the file ``path`` cannot be shown as an image, or None.

    It must be PNG, JPEG, GIF or WebP by its suffix *and* by its bytes (an HTML or SVG file
    renamed ``.png`` is refused: opened from the site it would run), at most
    :data:`generator.read.limits.MAX_IMAGE_BYTES` and :data:`generator.read.limits.MAX_IMAGE_PIXELS`
    (a small file can declare a huge picture; decoding it would exhaust memory). Only the
    header is read (Pillow's lazy open).
    """
    from PIL import Image

    expected = IMAGE_FORMATS.get(path.suffix.lower())
    if expected is None:
        return f"不是网站能显示的图片格式（{path.suffix or '无扩展名'}），只能用 PNG、JPEG、GIF、WebP"
    if path.stat().st_size > limits.MAX_IMAGE_BYTES:
        return f"太大：{path.stat().st_size / 2 ** 20:.0f} MB，超过上限 {limits.MAX_IMAGE_BYTES // 2 ** 20} MB"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow's DecompressionBombWarning (English) for large pictures
            with Image.open(path) as image:
                found, (width, height) = image.format, image.size
    except Image.DecompressionBombError:
        return f"太大：超过上限 {limits.MAX_IMAGE_PIXELS // 1_000_000} 百万像素"
    except Exception:  # noqa: BLE001 - any file Pillow cannot read is no image
        return "的内容不是图片（文件损坏，或是改了扩展名的其他文件）"
    if found != expected:
        return f"的内容是 {found} 图片，扩展名却是 {path.suffix}"
    if width * height > limits.MAX_IMAGE_PIXELS:
        return f"太大：{width}×{height} 像素，超过上限 {limits.MAX_IMAGE_PIXELS // 1_000_000} 百万像素"
    return None


def _link_problem(href: str, base: Path | None, content: Path | None) -> str | None:
    """Why a link without a scheme is refused, or None.

    A link starting with ``/`` or ``\\`` leaves the site's folder (``/etc/passwd`` becomes a local file
    in the booklet; ``//host`` and ``\\\\server`` another server). A link to a file under ``content/``
    that is no page must have one of :data:`FILE_SUFFIXES`, since the site carries that file.
    """
    href = href.strip()
    if href.startswith(("/", "\\")):
        return f"链接地址“{_short(href)}”以 / 或 \\ 开头（指向本机的文件或其他服务器）"
    path = unquote(urlsplit(href).path)
    if base is None or content is None or not path:
        return None
    target = (base / path).resolve()
    if target.suffix.lower() == ".md" or not target.is_file() or not target.is_relative_to(content.resolve()):
        return None  # a page, a folder, or no file: the site check reports a link that leads nowhere
    if target.suffix.lower() not in FILE_SUFFIXES:
        return (f"链接的文件“{_short(href)}”（{target.suffix or '无扩展名'} 文件会被浏览器当作网页或脚本打开），"
                f"可链接的文件类型：{' '.join(sorted(FILE_SUFFIXES))}")
    if target.suffix.lower() in IMAGE_FORMATS:
        why = image_file_problem(target)
        return f"链接的图片“{_short(href)}”{why}" if why else None
    return None


def _style_problem(style: str) -> str | None:
    """Why a ``style`` attribute is refused, or None."""
    if re.search(r"url\s*\(|image-set|expression|\\|/\*|@import|javascript:", style, re.I):
        return "style 属性中的 url(…) 等写法（可从外部网站加载内容或运行脚本）"
    for declaration in filter(str.strip, style.split(";")):
        name, _, value = declaration.partition(":")
        name = name.strip().lower()
        if name not in STYLE_PROPERTIES:
            return f"style 属性中的“{name}”（可用的只有对齐、宽高、边框、间距、颜色等排版属性）"
        if not _STYLE_VALUE.match(value.strip()):
            return f"style 属性中“{name}”的值“{_short(value.strip())}”"
    return None


def _short(text: str, n: int = 40) -> str:
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= n else text[:n] + "…"


def _value_problem(tag: str, name: str, value: str, base: Path | None, content: Path | None) -> str | None:
    """Why an allowed attribute's value is refused, or None (the one URL and style policy)."""
    if name == "href":
        scheme = _scheme(value)
        if scheme is not None and scheme not in URL_SCHEMES:
            return f"链接地址“{_short(value)}”（{scheme}: 地址会运行脚本或读取本机文件）"
        if scheme is None:
            return _link_problem(value, base, content)
    elif name == "src":
        return _image_problem(value, base, content)
    elif name == "style":
        return _style_problem(value)
    elif name in _SPANS:
        limit = getattr(limits, _SPANS[name])
        if not value.strip().isdigit() or not 1 <= int(value) <= limit:
            return f"{name}=“{_short(value)}”（应为 1 到 {limit} 之间的整数；过大的值会让排版停不下来）"
    return None


_TAG_WHY = {
    "script": ("<script> 标签（网页脚本）", "删去它：网站和小册子不能运行内容里的脚本"),
    "style": ("<style> 样式表", "删去它；表格格式用 Markdown 表格，或 class=\"form\" / class=\"wide\""),
    "iframe": ("<iframe> 标签（嵌入其他网页）", "删去它；需要引用其他网页时写成链接 [标题](https://…)"),
    "frame": ("<frame> 标签（嵌入其他网页）", "删去它；写成链接 [标题](https://…)"),
    "object": ("<object> 标签（嵌入插件或外部内容）", "删去它；写成链接 [标题](https://…)"),
    "embed": ("<embed> 标签（嵌入插件或外部内容）", "删去它；写成链接 [标题](https://…)"),
    "svg": ("<svg> 图形", "删去它；图片请存为文件放在 content/ 下，用 ![说明](文件名) 引用"),
    "math": ("<math> 公式", "删去它，改用文字"),
    "form": ("<form> 表单", "删去它；需要填写的表格用 <table class=\"form\">"),
    "input": ("<input> 输入框", "删去它；需要填写的表格用 <table class=\"form\">"),
    "button": ("<button> 按钮", "删去它"),
    "link": ("<link> 标签（加载外部文件）", "删去它"),
    "meta": ("<meta> 标签", "删去它"),
    "base": ("<base> 标签", "删去它"),
}


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
"""Elements without an end tag (they add no nesting)."""

_IMPLIED_END = {
    **dict.fromkeys(("li",), ({"li"}, {"ul", "ol"})),
    **dict.fromkeys(("dt", "dd"), ({"dt", "dd"}, {"dl"})),
    **dict.fromkeys(("td", "th"), ({"td", "th"}, {"tr", "table"})),
    "tr": ({"tr", "td", "th"}, {"table", "thead", "tbody", "tfoot"}),
    **dict.fromkeys(("thead", "tbody", "tfoot"), ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"})),
}
"""For a starting tag: the open elements it ends without an end tag, and the elements that bound the search."""

_CLOSES_P = {"p", "div", "ul", "ol", "dl", "table", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6"}
"""Starting tags that end an open ``<p>``."""

_DEEP = ("\0deep",)
"""The needles of the nesting finding: its line is found by :func:`_deep_line`."""


def _deep_line(lines: list[str]) -> int | None:
    """Index of the first line where quotes (``>``), HTML elements left open or indentation
    (four spaces a list level) nest deeper than :data:`generator.read.limits.MAX_NESTING`."""
    depth = 0
    for n, line in enumerate(lines):
        quotes = re.match(r"[\s>]*", line).group().count(">")
        indent = (len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())) // 4
        for m in re.finditer(r"<(/?)([a-zA-Z][\w-]*)[^>]*?(/?)>", line):
            if m.group(2).lower() not in _VOID and not m.group(3):
                depth += -1 if m.group(1) else 1
        if max(depth, quotes, indent) > limits.MAX_NESTING:
            return n
    return None


_SPANS = {"colspan": "MAX_TABLE_COLUMNS", "span": "MAX_TABLE_COLUMNS", "rowspan": "MAX_TABLE_ROWS"}
"""Attributes that make a table wider or longer, and the limit each is held to."""


class _Explainer(HTMLParser):
    """Walks rendered HTML and names each tag or attribute the allow-list refuses (for the message only)."""

    def __init__(self, base: Path | None, content: Path | None):
        super().__init__(convert_charrefs=True)
        self.base, self.content = base, content
        self.findings: list[_Finding] = []
        self.open: list[str] = []  # elements open now, outermost first (their number is the nesting depth)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag):]

    def _close_implied(self, tag: str) -> None:
        """Closes what HTML closes without an end tag when ``tag`` starts (``<li>`` after ``<li>``, ``<td>``
        after ``<td>``, a block after ``<p>``), so that pasted HTML without end tags does not look deep."""
        if self.open and self.open[-1] == "p" and tag in _CLOSES_P:
            self.open.pop()
        siblings, scope = _IMPLIED_END.get(tag, ((), ()))
        cut = None
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i] in scope:
                break
            if self.open[i] in siblings:
                cut = i  # the outermost one: a new <tr> ends the open <td> and its <tr>
        if cut is not None:
            del self.open[cut:]

    def handle_starttag(self, tag, attrs):
        if tag not in _VOID:
            self._close_implied(tag)
            self.open.append(tag)
            if len(self.open) == limits.MAX_NESTING + 1 and not any(f.needles == _DEEP for f in self.findings):
                # WeasyPrint lays out nested boxes recursively
                self.findings.append(_Finding(f"列表、引用或 HTML 标签嵌套层次太深（超过 {limits.MAX_NESTING} 层）",
                                              "检查是否多写了 > 或缩进；列表、引用嵌套不要超过三四层", _DEEP))
        if tag not in TAGS:
            what, fix = _TAG_WHY.get(tag, (f"<{tag}> 标签", f"删去 <{tag}>；可用的 HTML 见 docs/safety.md"))
            self.findings.append(_Finding(what, fix, (f"<{tag}",)))
            return
        problems, fixes, needles = [], [], []
        for name, value in attrs:
            value = value or ""
            allowed = name in ATTRIBUTES["*"] or name in ATTRIBUTES.get(tag, ()) or name == "class"
            if name.startswith("on"):
                problems.append(f"{name} 属性（事件脚本，点击或加载时运行）")
                fixes.append(f"删去 {name}=…：内容里不能有脚本")
                needles.append(name)
            elif name in ("srcset", "imagesrcset"):
                problems.append(f"{name} 属性（可从外部网站加载图片）")
                fixes.append(f"删去 {name}=…；图片只用 src 引用 content/ 中的文件")
                needles.append(name)
            elif name == "id":
                problems.append("id 属性（会与网页自身的锚点冲突）")
                fixes.append("删去 id（Markdown 中的 {#…} 或 HTML 的 id=…）")
                needles += ["id=", "{#", "#"]
            elif name == "class":
                bad = [c for c in value.split() if c not in CLASSES]
                if bad:
                    problems.append(f"class“{' '.join(bad)}”（可用的只有 {'、'.join(sorted(CLASSES))}）")
                    fixes.append(f"删去这个 class，或改用 {'、'.join(sorted(CLASSES))}")
                    needles += bad
            elif not allowed:
                problems.append(f"{name} 属性")
                fixes.append(f"删去 {name}=…；可用的 HTML 见 docs/safety.md")
                needles.append(name)
            else:
                why = _value_problem(tag, name, value, self.base, self.content)
                if why:
                    problems.append(why)
                    fixes.append({"href": "链接只能写 http://、https://、mailto:、tel: 或本站的相对地址；网页、SVG 等文件请另存为 PDF 再链接",
                                  "src": "图片放进 content/ 下本月的文件夹，存为 PNG 或 JPEG（不超过 5000 万像素），"
                                         "用 ![说明](文件名) 引用",
                                  **dict.fromkeys(_SPANS, "改成实际要合并的格数；过宽、过长的表格请拆成几张表")}.get(
                                      name, "删去 style，或只用对齐、宽高、边框、间距、颜色等写法"))
                    needles += [value.strip(), name]
        if problems:
            self.findings.append(_Finding(f"<{tag}> 标签的 " + "；".join(problems), "；".join(dict.fromkeys(fixes)),
                                          (*needles, f"<{tag}")))


_cleaners: dict = {}


def _strict(base: Path | None, content: Path | None) -> nh3.Cleaner:
    def attribute_filter(tag: str, name: str, value: str) -> str | None:
        return None if _value_problem(tag, name, value, base, content) else value

    return nh3.Cleaner(tags=TAGS, clean_content_tags={"script", "style"}, attributes=ATTRIBUTES,
                       attribute_filter=attribute_filter, strip_comments=False, link_rel=None,
                       url_schemes=URL_SCHEMES, allowed_classes=_ALLOWED_CLASSES)


_TAG_NAMES = re.compile(r"</?([a-zA-Z][^\t\n\f />]*)")
_SCHEMES = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")


def _view(html: str) -> str:
    """``html`` as ammonia parses and serialises it, keeping every tag, attribute and URL it holds."""
    import html as html_module

    tags = {t.lower() for t in _TAG_NAMES.findall(html)} | TAGS
    plain = re.sub(r"[\t\n\r]", "", html_module.unescape(html))  # as URL parsers read them: entities decoded, tabs dropped
    schemes = {s.lower() for s in _SCHEMES.findall(plain)} | URL_SCHEMES
    return nh3.clean(html, tags=tags, clean_content_tags=set(), generic_attribute_prefixes={""},
                     strip_comments=False, link_rel=None, url_schemes=schemes)


def _refused(html: str, base: Path | None, content: Path | None) -> list[_Finding]:
    """What in ``html`` the allow-list refuses (empty if nothing).

    Two independent judges, each enough to refuse: nh3 (what a browser-grade parser
    sees, cleaned with and without the allow-list) and :mod:`html.parser` (the same
    allow-list, which also names what it found). Something must fool both to pass.
    """
    explainer = _Explainer(base, content)
    explainer.feed(html)
    explainer.close()
    if explainer.findings:
        return explainer.findings
    if _view(html) == _strict(base, content).clean(html):
        return []
    return [_Finding("无法识别的 HTML 写法（清理时会被删除）", "删去这段 HTML，改用 Markdown；可用的 HTML 见 docs/safety.md", ())]


def clean(html: str) -> str:
    """``html`` with everything outside the allow-list removed (str → str), for the booklet.

    Content was already refused at read time if it held anything outside the list;
    this is defence in depth. Images keep relative paths only; :class:`ProjectFetcher`
    then serves only files under ``content/``.
    """
    cleaner = _cleaners.get("booklet")
    if cleaner is None:
        cleaner = _cleaners["booklet"] = _strict(None, None)
    return cleaner.clean(html)


# -- finding the source line ----------------------------------------------------------------

_TABLE_START = re.compile(r"^\s*(<table\b|\|?\s*:?-+:?\s*\|)", re.I)


def _find_line(lines: list[str], needles: tuple[str, ...], used: set[tuple[int, int]]) -> tuple[int, int] | None:
    """(line index, column index) of the first not yet used occurrence of one of ``needles`` (case-insensitive)."""
    for needle in needles:
        if not needle:
            continue
        low = needle.lower()
        for n, line in enumerate(lines):
            col = line.lower().find(low)
            while col >= 0:
                if (n, col) not in used:
                    used.add((n, col))
                    return n, col
                col = line.lower().find(low, col + 1)
    return None


def _bisect_line(lines: list[str], base: Path | None, content: Path | None) -> int:
    """The first line whose rendering (with the lines before it) holds something refused."""
    low, high = 1, len(lines)
    while low < high:
        mid = (low + high) // 2
        try:
            bad = bool(_refused(to_html("\n".join(lines[:mid])), base, content))
        except RecursionError:
            bad = True
        low, high = (low, mid) if bad else (mid + 1, high)
    return low - 1


def _too_many_rows(html: str) -> tuple[int, int, int] | None:
    """(index of the table, its rows, its most cells in a row) for the first table in ``html`` with more than
    :data:`limits.MAX_TABLE_ROWS` rows or :data:`limits.MAX_TABLE_COLUMNS` cells in a row."""
    for i, table in enumerate(re.split(r"<table\b", html)[1:]):
        rows = re.split(r"<tr[\s>]", table.split("</table>")[0])[1:]
        cells = max((len(re.findall(r"<t[dh][\s>]", row)) for row in rows), default=0)
        if len(rows) > limits.MAX_TABLE_ROWS or cells > limits.MAX_TABLE_COLUMNS:
            return i, len(rows), cells
    return None


def _render(text: str, path: Path, line: int) -> tuple[str | None, ContentError | None]:
    error = limits.check_paragraphs(text, path, line - 1)
    if error:
        return None, error
    try:
        return to_html(text), None
    except RecursionError:
        deep = next((n for n, s in enumerate(text.split("\n"))
                     if len(s.expandtabs(4)) - len(s.expandtabs(4).lstrip(" >")) >= 80), 0)
        return None, ContentError(path, line + deep, None, "列表或引用嵌套层次太深",
                                  "检查缩进是否多写了；列表嵌套不要超过三四层")


def check_markdown(text: str, path: Path, first_line: int = 1, base: Path | None = None,
                   content: Path | None = None, label: str = "正文",
                   source: list[str] | None = None) -> list[ContentError]:
    """Checks one Markdown text as the outputs will render it.

    Args:
        text: the Markdown (a document body, or one YAML string).
        path: its file, for messages.
        first_line: the file's line on which ``text`` begins (1-based).
        base: the folder relative image paths start from (the file's folder).
        content: the project's ``content/`` folder; images must lie inside it.
        label: what ``text`` is, for messages (``正文``, or a YAML key).
        source: for a YAML string, the file's lines with everything but the string's own
            lines blanked, so that line and column come from the file as written
            (quoted and folded strings do not keep the file's line breaks).

    Returns:
        One Chinese error per refused tag (with the refused attributes and the fix), per table
        longer than :data:`generator.read.limits.MAX_TABLE_ROWS`, or for a paragraph longer than
        :data:`generator.read.limits.MAX_PARAGRAPH_CHARS`; empty when the text is fine.
    """
    html, error = _render(text, path, first_line)
    if error:
        return [error]
    errors = []
    lines = text.split("\n")
    found = _too_many_rows(html)
    if found:
        starts = [n for n, line in enumerate(lines) if _TABLE_START.match(line)]
        n = starts[found[0]] if found[0] < len(starts) else 0
        if n and not lines[n].lstrip().lower().startswith("<table"):
            n -= 1  # a Markdown table begins with its header row, above the --- row
        if found[1] > limits.MAX_TABLE_ROWS:
            errors.append(ContentError(path, first_line + n, 1, f"{label}中的表格有 {found[1]} 行，超过上限 {limits.MAX_TABLE_ROWS} 行",
                                       "把表格拆成几张表，或作为单独的附件；超长表格排版需要很长时间"))
        else:
            errors.append(ContentError(path, first_line + n, 1,
                                       f"{label}中的表格有一行有 {found[2]} 格，超过上限 {limits.MAX_TABLE_COLUMNS} 列",
                                       "把表格拆成几张表，或转置（行列互换）；过宽的表格排版需要很长时间，印出来也看不清"))
    found_ref = limits.forbidden_reference(html)
    if found_ref:
        _, ref, char = found_ref
        name, why = limits.describe_character(char)
        spot = _find_line(source or lines, (ref,), set())
        if spot:
            line, column = (spot[0] + 1, spot[1] + 1) if source else (first_line + spot[0], spot[1] + 1)
        else:
            line, column = first_line, None
        errors.append(ContentError(path, line, column, f"{label}中的字符引用“{ref}”写出看不见的{name}",
                                   f"删去“{ref}”（{why}）"))
    findings = _refused(html, base, content)
    if label == "正文" and not findings:
        errors += _raw_relative_images(lines, path, first_line)
    used: set[tuple[int, int]] = set()
    for finding in findings:
        deep = _deep_line(lines) if finding.needles == _DEEP and not source else None
        found = (deep, None) if deep is not None else _find_line(source or lines, finding.needles, used)
        if found:
            n, col = found
            line, column = (n + 1, col + 1) if source else (first_line + n, col + 1 if col is not None else None)
        else:
            line, column = first_line + _bisect_line(lines, base, content), None
        errors.append(ContentError(path, line, column, f"{label}中有不允许的 HTML：{finding.what}", finding.fix))
    return errors


_RAW_IMG = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']?(?![a-zA-Z][a-zA-Z0-9+.-]*:|[/\\#])([^"'\s>]+)""", re.I)


def _raw_relative_images(lines: list[str], path: Path, first_line: int) -> list[ContentError]:
    """One error per HTML ``<img src="相对地址">`` in a document body.

    A document is published as ``…/标题/index.html``, one folder below its source: the site engine
    rewrites the relative addresses of Markdown images (``![说明](图.png)``) for that, not those
    written in HTML, so the picture would be missing on the site (the booklet would show it).
    """
    out = []
    for n, line in enumerate(lines):
        for m in _RAW_IMG.finditer(line):
            out.append(ContentError(path, first_line + n, m.start() + 1,
                                    f"正文中用 HTML 写的图片“{_short(m.group(1))}”在网站上显示不出来"
                                    "（网站引擎只改写 Markdown 写法的图片地址）",
                                    f"改用 Markdown 写法：![说明]({m.group(1)})"))
    return out


_MARKUP = re.compile(r"[<&{\]]")
"""A string without any of these renders to HTML without tags or attributes of its own: no need to render it."""


def check_yaml(located, content: Path) -> list[ContentError]:
    """Checks every string of a parsed YAML file (values and keys, whatever the schema) as Markdown.

    Args:
        located: a :class:`generator.read.yamlio.Located`.
        content: the project's ``content/`` folder. Relative image paths in a month's file
            (``data/months/YYYY-MM.yml``) start from ``content/YYYY-MM/``; elsewhere from ``content/``.

    Returns:
        The errors of :func:`check_markdown`, each at the line of the string.
    """
    from .yamlio import walk

    base = content / located.path.stem if located.path.parent.name == "months" else content
    try:
        source = located.path.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
    except (OSError, UnicodeDecodeError):
        source = []
    errors: list[ContentError] = []
    for keys, value in walk(located.data):
        if not isinstance(value, str) or not (len(value) > limits.MAX_PARAGRAPH_CHARS or _MARKUP.search(value)):
            continue
        label = next((str(k) for k in reversed(keys) if isinstance(k, str)), "")
        line, _ = located.position(keys)
        start = line - 1
        end = min(len(source), start + 2 * value.count("\n") + 3)  # a folded string may span more lines than it has
        window = ["" if not start <= n < end else text for n, text in enumerate(source)]
        errors += check_markdown(value, located.path, line, base, content, label=f"{label} ", source=window or None)
    return errors


# -- WeasyPrint reads only the project's files ------------------------------------------------

def locate(root: Path, needle: str) -> tuple[Path, int | None]:
    """The first file under ``content/`` or ``data/`` (and its line) whose text holds ``needle``; else ``content/``."""
    for folder in ("content", "data"):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix not in (".md", ".yml", ".yaml") or not path.is_file():
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            index = text.find(needle)
            if index >= 0:
                return path.relative_to(root), text.count("\n", 0, index) + 1
    return Path("content"), None


def project_fetcher(root: Path):
    """A WeasyPrint URL fetcher that serves only files under ``root/content/`` and ``data:`` URLs.

    ``data:`` URLs are self-contained (nothing is read from disk or network); content
    can hold none (refused at read time), so the only ones are the generator's own,
    the cover's QR code. Every other scheme (``http:``, ``ftp:`` …) and every file
    outside ``content/`` (``file:///etc/passwd``, ``../../``) stops the PDF with
    an exception (a ``FatalURLFetchingError``, which WeasyPrint does not swallow, except
    inside SVG images) whose ``error`` attribute is a :class:`~generator.read.errors.ContentError`
    naming the source file and line; every refusal is also kept in the fetcher's ``refused`` list.
    """
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    content = (root / "content").resolve()

    class _Refused(FatalURLFetchingError):
        def __init__(self, error: ContentError):
            super().__init__(str(error))
            self.error = error

    class Fetcher(URLFetcher):
        def fetch(self, url, headers=None):
            scheme = _scheme(url) or ""
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                from urllib.request import url2pathname

                path = Path(url2pathname(urlsplit(url).path)).resolve()
                if path.is_relative_to(content) and path.is_file():
                    return super().fetch(url, headers)
            rel_hint = url
            if scheme == "file":
                try:
                    rel_hint = Path(url2pathname(urlsplit(url).path)).resolve().relative_to(root.resolve()).as_posix()
                except ValueError:
                    rel_hint = url
            source, line = locate(root, _needle(url, root))
            if source == Path("content") and rel_hint != url:
                source, line = locate(root, rel_hint)
            error = ContentError(source, line, None, f"小册子要读取 content/ 以外的文件或网址：{_short(url, 80)}，已拒绝",
                                 "只引用 content/ 文件夹中的文件；网址请写成普通链接 [标题](https://…)")
            self.refused.append(error)  # WeasyPrint swallows even fatal errors inside SVG images
            raise _Refused(error)

    fetcher = Fetcher(timeout=5, allow_redirects=False)
    fetcher.refused = []
    return fetcher


def _needle(url: str, root: Path) -> str:
    """The part of a resolved URL an author most likely wrote (``file:///x/y`` → ``/x/y``)."""
    if url.lower().startswith("file://"):
        path = unquote(urlsplit(url).path)
        try:
            return PurePosixPath(path).relative_to(root.resolve()).as_posix()
        except ValueError:
            return path
    return url
