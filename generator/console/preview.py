"""Preview and publish for the console, by the same code as ``make serve`` and ``make build``.

:func:`refresh` remakes the preview's pages at once (:func:`generator.builder.preview.rebuild`) and the
booklets and search index in a background thread (:meth:`~generator.builder.preview.Preview.finish`);
the preview lives in ``build/preview-console/served-<n>/``. :func:`publish` builds the public site from
what was approved: a snapshot of the repository in which each month under review and each shared document is
as it was approved (or last published, or left out if it never was), then the normal build and its atomic switch into ``site/``.
"""

from __future__ import annotations

import difflib
import shutil
import threading
from html.parser import HTMLParser
from pathlib import Path

from ..builder.preview import rebuild
from ..read.errors import ContentErrors
from ..site import engines
from . import history

_lock = threading.Lock()
_finish_lock = threading.Lock()
_finishing: dict[str, threading.Thread] = {}
_updating: dict[str, threading.Thread] = {}


def work_dir(root: Path) -> Path:
    return root / "build" / "preview-console"


def served(root: Path) -> Path | None:
    """The newest preview folder, or None."""
    found = sorted(work_dir(root).glob("served-*"), key=lambda p: int(p.name.split("-")[1]))
    return found[-1] if found else None


def refresh(root: Path, wait: bool = False) -> str | None:
    """Remakes the preview; returns None, or the Chinese problem that kept the last good preview.

    ``wait``: also wait for the booklets and search index (else they follow in the background).
    """
    with _lock:
        folder = work_dir(root)
        folder.mkdir(parents=True, exist_ok=True)
        try:
            preview = rebuild(root, folder, engines.get_engine(None))
        except ContentErrors:
            return "内容有误，预览保留上一次正确的版本。"
        except Exception as exc:  # the engine: keep the last good preview
            return f"预览生成失败：{exc}"
        for stale in sorted(folder.glob("served-*"), key=lambda p: int(p.name.split("-")[1]))[:-2]:
            shutil.rmtree(stale, ignore_errors=True)

    def finish():   # its own lock: the next save's pages need not wait for these booklets
        try:
            with _finish_lock:
                preview.finish()
        except Exception:
            pass
    thread = threading.Thread(target=finish, daemon=True)
    thread.start()
    _finishing[str(root)] = thread
    if wait:
        thread.join()
    return None


def refresh_later(root: Path) -> None:
    """:func:`refresh` in a background thread: a save answers with the check's result at once."""
    def run():
        refresh(root)
    thread = threading.Thread(target=run, daemon=True)
    _updating[str(root)] = thread
    thread.start()


def wait_pages(root: Path) -> None:
    """Waits until a preview started by :func:`refresh_later` has its pages (not its booklets)."""
    thread = _updating.get(str(root))
    if thread is not None:
        thread.join()


def finishing(root: Path) -> bool:
    """Whether the preview is still being remade (pages, booklets or search index)."""
    return any(t is not None and t.is_alive() for t in (_updating.get(str(root)), _finishing.get(str(root))))


def month_files(site: Path | None, month: str) -> dict[str, str]:
    """The month's outputs in a built site, relative to it: ``page``, ``booklet``, ``checklist`` (those present)."""
    out: dict[str, str] = {}
    if site is None or not (site / month).is_dir():
        return out
    if (site / month / "index.html").is_file():
        out["page"] = f"{month}/"
    for pdf in sorted((site / month).glob("*.pdf")):
        if pdf.name.endswith("-工作清单.pdf"):
            out.setdefault("checklist", f"{month}/{pdf.name}")
        elif not pdf.name.endswith("A5骑马订.pdf"):
            out.setdefault("booklet", f"{month}/{pdf.name}")
    return out


class _Text(HTMLParser):
    SKIP = {"script", "style", "nav", "header", "footer", "svg"}
    BLOCK = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "div", "br", "dt", "dd", "td", "th"}

    def __init__(self):
        super().__init__()
        self.parts, self.skip, self.inside = [], 0, 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        if tag == "article":
            self.inside += 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skip:
            self.skip -= 1
        if tag == "article" and self.inside:
            self.inside -= 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip and self.inside:
            self.parts.append(data)


def page_text(html: str) -> list[str]:
    """The readable text of a site page's article, one line per paragraph."""
    parser = _Text()
    parser.feed(html)
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    return [line for line in lines if line and line != "¶"]


def text_diff(before: list[str], after: list[str]) -> list[tuple[str, str]]:
    """``(kind, line)`` with kind ``same``, ``added`` or ``removed``, for the leader's review."""
    out = []
    for op in difflib.ndiff(before, after):
        if op.startswith("? "):
            continue
        out.append(({" ": "same", "+": "added", "-": "removed"}[op[0]], op[2:]))
    return out


def compact(diff: list[tuple[str, str]], context: int = 1) -> list[tuple[str, str]]:
    """``diff`` with each run of unchanged paragraphs farther than ``context`` from a change folded into one
    ``("skip", "……（未改动的 N 段）……")`` line, so a long document's few changes are seen at once."""
    near = {i + d for i, (kind, _) in enumerate(diff) if kind != "same" for d in range(-context, context + 1)}
    out: list[tuple[str, str]] = []
    run = 0
    for i, item in enumerate(diff):
        if item[0] == "same" and i not in near:
            run += 1
            continue
        if run:
            out.append(("skip", f"……（未改动的 {run} 段）……"))
            run = 0
        out.append(item)
    if run:
        out.append(("skip", f"……（未改动的 {run} 段）……"))
    return out


def review_context(diff: list[tuple[str, str]], had_public: bool) -> dict:
    """What a review page (``_diff.html``) shows of ``diff`` (:func:`text_diff`): ``diff`` folded by :func:`compact`
    when there is a published version to compare with (else all of it, all new), ``changes`` (the number of
    ``added`` and ``removed`` paragraphs) and ``had_public``."""
    changes = {k: sum(1 for kind, _ in diff if kind == k) for k in ("added", "removed")}
    return {"diff": compact(diff) if had_public else diff, "changes": changes, "had_public": had_public}


def publish(root: Path, approved: dict[str, str | None], shared: dict[str, str | None] | None = None) -> "object":
    """Builds and publishes ``site/`` from the approved versions.

    Args:
        approved: month → the commit approved for it, or None for a month never approved (left out).
            Months not named are taken as they are in the last commit.
        shared: file name in ``content/documents/`` → the commit to publish it at, or None (left out); a
            shared document not named is left out too (:func:`generator.console.signoff.approved_documents`).
            None: the shared documents as they are in the last commit.

    Returns:
        The build's :class:`~generator.builder.pipeline.BuildResult`.

    Raises:
        ContentErrors, SiteCheckError, PublishError, OSError: as :func:`generator.builder.pipeline.build`.
    """
    import importlib

    pipeline = importlib.import_module("generator.builder.pipeline")
    src = root / "build" / "console-publish"
    shutil.rmtree(src, ignore_errors=True)
    src.mkdir(parents=True)
    head = history._git(root, "rev-parse", "HEAD").strip()
    tracked = history._git(root, "ls-tree", "--name-only", head).split()
    history.export(root, head, [p for p in tracked if p in ("data", "content", "overrides", "mkdocs.yml", "docs")], src)
    for month, sha in approved.items():
        for rel in history.month_paths(month):
            shutil.rmtree(src / rel, ignore_errors=True) if (src / rel).is_dir() else (src / rel).unlink(missing_ok=True)
        if sha:
            history.export(root, sha, history.month_paths(month), src)
    if shared is not None:
        for md in (src / "content" / "documents").glob("*.md"):
            md.unlink()
        for name, sha in shared.items():
            if sha:
                history.export(root, sha, [f"content/documents/{name}"], src)
    (src / "build").mkdir(exist_ok=True)
    cache = root / "build" / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    (src / "build" / "cache").symlink_to(cache)   # the same render cache as every build
    with _lock:
        return pipeline.build(src, root / "site")
