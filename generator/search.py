"""Site search: the words Chinese search must keep whole, and the Pagefind index members query.

Members search from a phone, often on mobile data. Material's built-in search
downloads one index of the whole site on every page load (about 2.2 MB gzipped
on a ten-year archive, see ``docs/benchmarks-search.md``); Pagefind's extended
build segments Chinese at build time and the browser fetches only the index
chunks for the words typed. :func:`index_site` runs it on the finished site;
:func:`check_index` makes sure the index really is segmented, so a build with
the wrong Pagefind binary fails instead of publishing a search that finds nothing.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import subprocess
import tempfile
from pathlib import Path

from .model import Project

GLOSSARY = Path("docs") / "glossary.md"

PAGEFIND_DIR = "pagefind"
"""Where the index goes inside the site; ``overrides/assets/zz-search.js`` loads ``pagefind/pagefind.js`` from there."""

INCLUDE_CHARACTERS = "〔〕"
"""Kept inside words when indexing and querying, so 文号 such as 校党组发〔2019〕14号 stay one unit."""

DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{2,12}〔\d{4}〕\d{1,4}号")
"""A 文号 cited anywhere in the text: 机关代字〔年份〕序号号."""


class SearchIndexError(Exception):
    """The search index is missing or would not find Chinese words (message in Chinese)."""


def search_terms(project: Project, root: Path) -> list[str]:
    """Words Chinese search must keep whole, grown from the content itself.

    Taken from: titles in 《》 (2–30 characters), quoted terms in “” (2–12
    characters, no clause punctuation), every 文号 (declared in front matter or
    cited in the text), the titles of every document, and the terms in the
    glossary (``docs/glossary.md``, the column 中文术语).

    Returns:
        The terms, sorted, each once.
    """
    texts = []
    for issue in project.months:
        texts += [issue.theme or "", *(w.text for w in issue.work_items), *(r.text for r in issue.requirements)]
        texts += [r.title for r in issue.readings]
    for doc in project.documents.values():
        texts += [doc.body, doc.title]
    joined = "\n".join(texts)
    terms = set(re.findall(r"《([^《》\n]{2,30})》", joined))
    terms |= {t for t in re.findall(r"“([^“”\n]{2,12})”", joined) if not re.search(r"[，。、；：]", t)}
    terms |= {d.doc_number for d in project.documents.values() if d.doc_number}
    terms |= set(DOC_NUMBER.findall(joined))
    terms |= {d.title for d in project.documents.values() if d.title}
    glossary = root / GLOSSARY
    if glossary.is_file():
        for line in glossary.read_text(encoding="utf-8").splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]{2,8}", cells[1] or ""):
                terms.add(cells[1])
    return sorted(t for t in terms if not re.search(r"\s", t))


def pagefind_executable() -> Path:
    """The Pagefind binary with Chinese segmentation (PyPI ``pagefind[extended]``, no Node needed).

    Raises:
        SearchIndexError: if only the standard build (no Chinese segmentation) or none is installed.
    """
    try:
        import pagefind_bin_extended
    except ImportError as exc:
        raise SearchIndexError("未安装 Pagefind 扩展版（pagefind[extended]），网站搜索无法切分中文词语。"
                               "修改建议：运行 make build 安装依赖") from exc
    return Path(pagefind_bin_extended.get_executable())


def index_site(site_dir: Path, windows: bool = True) -> dict:
    """Builds the Pagefind index of ``site_dir`` into ``site_dir/pagefind``.

    Indexes every page's article (``article.md-content__inner``), not the
    navigation; skips ``404.html`` (only ``**/index.html`` pages are content).
    Pagefind reads copies of the pages with :func:`query_windows` added, so that
    the browser's way of cutting a query (``Intl.Segmenter``) meets words in the
    index; the pages served are not changed. ``windows=False`` indexes the pages
    as they are (``bench/search.py`` measures both).

    Returns:
        Pagefind's ``pagefind-entry.json`` (``version``, ``languages`` → ``page_count`` …).

    Raises:
        SearchIndexError: Pagefind is missing or failed (its output included).
    """
    exe = pagefind_executable()
    with tempfile.TemporaryDirectory(prefix="pagefind-") as scratch:
        for page in site_dir.rglob("index.html"):
            html = page.read_text(encoding="utf-8")
            target = Path(scratch) / page.relative_to(site_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_with_windows(html) if windows else html, encoding="utf-8")
        cmd = [str(exe), "--site", scratch, "--output-path", str((site_dir / PAGEFIND_DIR).resolve()),
               "--root-selector", ARTICLE, "--glob", "**/index.html",
               "--include-characters", INCLUDE_CHARACTERS, "--quiet"]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise SearchIndexError("Pagefind 生成搜索索引失败：\n" + (proc.stderr or proc.stdout)[-2000:])
    return json.loads((site_dir / PAGEFIND_DIR / "pagefind-entry.json").read_text(encoding="utf-8"))


ARTICLE = "article.md-content__inner"
WINDOW = 4
"""Characters per query window (:func:`query_windows`)."""


def query_windows(text: str) -> list[str]:
    """Short overlapping pieces of the Chinese in ``text``, one starting at every character but the first of a run.

    Pagefind cuts the page with jieba at build time, but the browser cuts the
    query with ``Intl.Segmenter`` (ICU), and each query piece must begin an
    indexed word. ICU often cuts finer or elsewhere (整改汇总表 → 整|改|汇|总|表,
    组织关系转接 → 组织|关系|转|接), leaving pieces that start in the middle of a
    jieba word. Indexing, besides the text, the ``WINDOW``-character piece
    starting at each character gives every position a word that starts there.
    """
    out = []
    for run in re.findall(r"[\u4e00-\u9fff]{2,}", text):
        out += [run[i:i + WINDOW] for i in range(1, len(run) - 1)]
    return out


def _with_windows(html: str) -> str:
    """``html`` with :func:`query_windows` of its article added at the article's end, at low weight."""
    start = html.find('<article class="md-content__inner')
    end = html.find("</article>", start)
    if start < 0 or end < 0:
        return html
    text = re.sub(r"<[^>]+>", " ", html[start:end])
    extra = " ".join(query_windows(text))
    return html[:end] + f'<div data-pagefind-weight="0.3">{extra}</div>' + html[end:]


def index_words(site_dir: Path) -> list[str]:
    """Every word in the site's Pagefind index, read back from its index chunks.

    Source: ``pagefind/index/*.pf_index`` are gzip files holding ``pagefind_dcd``
    followed by CBOR; the words are the CBOR text strings at the start of each entry.
    """
    words = []
    for chunk in sorted((site_dir / PAGEFIND_DIR / "index").glob("*.pf_index")):
        data = gzip.decompress(chunk.read_bytes())
        if data.startswith(b"pagefind_dcd"):
            data = data[len(b"pagefind_dcd"):]
        words += [s for s in _cbor_strings(data)]
    return words


def check_index(site_dir: Path) -> None:
    """Checks that Chinese in the Pagefind index is cut into words.

    Unsegmented Chinese is indexed as whole clauses (median well over 4
    characters), and a member typing 主题党日 finds nothing.

    Raises:
        SearchIndexError: the index is missing, empty, or not segmented (in Chinese, with the fix).
    """
    entry = site_dir / PAGEFIND_DIR / "pagefind-entry.json"
    if not entry.is_file():
        raise SearchIndexError("网站缺少搜索索引 pagefind/。修改建议：运行 make build 重新生成")
    languages = json.loads(entry.read_text(encoding="utf-8")).get("languages", {})
    if not any(lang.startswith("zh") for lang in languages):
        raise SearchIndexError(f"搜索索引的语言不是中文（{', '.join(languages) or '无'}）。"
                               "修改建议：检查 mkdocs.yml 中 theme.language 是否为 zh-CN")
    chinese = [w for w in index_words(site_dir) if re.fullmatch(r"[\u4e00-\u9fff]+", w)]
    if not chinese or statistics.median(len(w) for w in chinese) > 4:
        raise SearchIndexError("搜索索引中的中文没有分词，成员将搜不到词语。"
                               "修改建议：运行 make build 重新安装 pagefind[extended]")


def _cbor_strings(data: bytes) -> list[str]:
    """The UTF-8 text strings (major type 3) of a CBOR document, in order; other items skipped."""
    out: list[str] = []
    pos = 0

    def head() -> tuple[int, int]:
        nonlocal pos
        first = data[pos]
        pos += 1
        major, info = first >> 5, first & 0x1F
        if info < 24:
            return major, info
        size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
        if size is None:
            return major, -1  # indefinite length
        value = int.from_bytes(data[pos:pos + size], "big")
        pos += size
        return major, value

    def item() -> None:
        nonlocal pos
        major, value = head()
        if major in (2, 3):
            chunk = data[pos:pos + value]
            pos += value
            if major == 3:
                out.append(chunk.decode("utf-8", "replace"))
        elif major == 4:
            if value < 0:
                while data[pos] != 0xFF:
                    item()
                pos += 1
            else:
                for _ in range(value):
                    item()
        elif major == 5:
            for _ in range(2 * value):
                item()
        elif major == 6:
            item()

    while pos < len(data):
        item()
    return out
