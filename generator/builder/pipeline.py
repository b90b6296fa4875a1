"""The build: read → derive → render what changed → site engine → check → publish.

:func:`build` is the main job, in this order:

1. **read** (:func:`generator.read.readers.read_project`): all content, validated; any content
   error raises before a byte is written;
2. **derive** (:func:`generator.derive.derive`): each month's editions and checklists, each
   year's plan, once;
3. **render** the targets (:func:`generator.builder.targets.plan`: booklets, A5 copies, checklists,
   calendars, year plans, shared documents) whose key is not in the cache
   (:mod:`generator.builder.cache`), in a pool of worker processes, and the site's Markdown pages
   (:func:`generator.render.pages.site_sources`);
4. the **site engine** (:mod:`generator.site.engines`: MkDocs + Material, or Zensical) turns the
   pages into HTML in a workspace under ``build/engine-<name>/``, skipped when no page and
   no setting changed; in a large build it is the first job of the worker pool
   (:func:`engine_job`), so its memory never enters the build process, in a small one it runs
   in a thread while the workers render;
5. the new site is assembled in a fresh folder beside the target (HTML copied, every
   rendered file linked from the cache), indexed for search, **checked**
   (:func:`generator.site.checks.check_site`), and only then **published** in place of the old one.

A build whose inputs did not change since the last publish renders nothing and publishes
nothing. Outputs are byte-identical whether they come from the cache, from a worker or
from a serial build.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
import time
import multiprocessing
import multiprocessing.forkserver
import signal
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..render import booklet, share
from ..site import checks as site, engines, notfound, offline, publish
from .cache import Cache, Entry, file_digest
from ..derive import Derived, derive
from ..model import Project
from ..render.pages import SiteSources, site_sources
from .progress import Progress
from ..read.readers import read_project
from .targets import Target, plan, run_target, source_date, static_files

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    """What a build produced.

    Attributes:
        project: the content that was built.
        site_dir: where the site now is.
        pdfs: every PDF of the site, relative to the site root.
        warnings: Chinese warnings about the machine (fonts, subsetter) and the content
            (characters no font has, files nothing references).
        rendered: targets rendered by this build (their :attr:`~generator.builder.targets.Target.name`).
        reused: number of targets taken from the cache.
        published: False when nothing changed and the site was left as it was.
    """

    project: Project
    site_dir: Path
    pdfs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    reused: int = 0
    published: bool = True


HEAVY = 24
"""Targets to render above which a build counts as large (a first build, a new template): the search
index then waits for the PDF workers to finish, so that the two do not hold memory at once."""


def jobs_default() -> int:
    """Worker processes for rendering: ``ZZSH_JOBS`` if set, else the machine's CPU count."""
    value = os.environ.get("ZZSH_JOBS", "")
    return max(1, int(value)) if value.isdigit() else (os.cpu_count() or 1)


def lookup(targets: list[Target], cache: Cache, progress: Progress | None = None) -> tuple[dict[str, Entry], list[Target]]:
    """Splits ``targets`` into those the cache holds (their entries, by key) and those to render."""
    entries: dict[str, Entry] = {}
    todo: list[Target] = []
    for target in targets:
        if target.key in entries or any(t.key == target.key for t in todo):
            continue
        entry = cache.get(target.key)
        if entry is not None and set(entry.files) == set(target.outputs):
            entries[target.key] = entry
            if progress:
                progress.advance(target.name, reused=True)
        else:
            todo.append(target)
    return entries, todo


def render(todo: list[Target], cache: Cache, jobs: int = 1, progress: Progress | None = None,
           alongside: Callable[..., Any] | None = None,
           finished: threading.Event | None = None, start_method: str = "fork",
           first: tuple[Callable[..., Any], tuple] | None = None) -> tuple[dict[str, Entry], Any]:
    """Renders ``todo`` into the cache, in ``jobs`` worker processes (1: in this process).

    Targets are handed to the workers longest first (:func:`by_cost`), so that neither core
    idles at the end while the other finishes a booklet.

    Args:
        alongside: work to do meanwhile (the site engine): it runs in a thread of this process
            while the workers render, or before them when rendering serially. The workers are
            all started before the thread (fork start method: every worker is forked at the
            first submit), so no worker inherits a lock the thread holds.
        first: ``(function, args)``, a job run before every target: by the first free worker
            (so its memory and imports, such as the site engine's, never enter this process),
            or here when rendering serially. ``alongside`` is then called with its result.
        finished: set once every target is rendered and the workers have exited (their
            memory returned), so ``alongside`` can hold back memory-hungry work until then.
        start_method: ``fork`` (workers share what this process has loaded; only safe while
            this process runs no other thread) or ``forkserver`` (workers start from a clean
            server that preloads the renderers: for a process with threads, such as the preview's).

    Returns:
        ``(entries by target key, what alongside returned)``.
    """
    entries: dict[str, Entry] = {}
    by_key = {t.key: t for t in todo}

    def store(key: str, entry: Entry) -> None:
        entries[key] = entry
        cache.used.add(key)
        log.info("已生成 %s", by_key[key].name)
        if progress:
            progress.advance(by_key[key].name)

    if jobs > 1 and todo:
        context = multiprocessing.get_context(start_method)
        if start_method == "forkserver":  # started here if start_forkserver() was not called before
            context.set_forkserver_preload(FORKSERVER_PRELOAD)
        if start_method == "fork" and not first and any(t.kind in ("booklet", "document", "year-plan") for t in todo):
            import weasyprint  # noqa: F401  (loaded once here, shared by the forked workers)
        # with a first job (a large build) each worker loads WeasyPrint itself, so that this process
        # stays small: it is still alive, and counted, while Pagefind builds the search index
        pool = ProcessPoolExecutor(max_workers=min(jobs, len(todo) + bool(first)), mp_context=context,
                                   initializer=_exit_with, initargs=(os.getpid(),))
        thread = ThreadPoolExecutor(max_workers=1)
        try:
            with _signals_held():  # workers start during submit: none is left half-started by a Ctrl+C
                ahead = pool.submit(first[0], *first[1]) if first else None
                futures = [pool.submit(render_into_cache, t, cache.folder) for t in by_cost(todo)]
            if alongside and ahead:
                side = thread.submit(lambda: alongside(ahead.result()))
            else:
                side = thread.submit(alongside) if alongside else None
            for future in as_completed(futures):
                store(*future.result())
        except BaseException as exc:
            pool.shutdown(wait=False, cancel_futures=True)
            if isinstance(exc, KeyboardInterrupt):
                _stop_workers(pool)
            if finished:
                finished.set()
            thread.shutdown(wait=True)
            raise
        pool.shutdown(wait=True)
        if finished:
            finished.set()
        try:
            return entries, side.result() if side else None
        finally:
            thread.shutdown(wait=True)
    if finished:
        finished.set()  # serial: nothing renders while alongside runs
    if first:
        function, args = first
        side_result = alongside(function(*args)) if alongside else function(*args)
    else:
        side_result = alongside() if alongside else None
    for target in todo:
        if progress:
            progress.current(target.name)
        store(*render_into_cache(target, cache.folder))
    return entries, side_result


COST_ORDER = ("document", "year-plan", "booklet", "docx", "year-calendar", "calendar")
"""Kinds of target from the longest to render to the shortest (a shared document, many pages;
a year plan; a month's booklet with its A5 copy and checklist, 0.6–1 s; Word; calendars)."""


def by_cost(todo: list[Target]) -> list[Target]:
    """``todo`` longest first: by kind (:data:`COST_ORDER`), booklets with more attachments first,
    otherwise in plan order. Only the order of the work changes, never its outputs."""
    def cost(target: Target) -> tuple:
        rank = COST_ORDER.index(target.kind) if target.kind in COST_ORDER else len(COST_ORDER)
        issue = target.job[1][0] if target.kind == "booklet" else None
        return rank, -len(getattr(issue, "attachments", ()))
    return sorted(todo, key=cost)


FORKSERVER_PRELOAD = ["generator.builder.pipeline", "generator.builder.targets", "weasyprint"]
"""What the workers' forkserver loads once, before it forks any worker."""


def start_forkserver() -> None:
    """Starts the workers' forkserver (``start_method="forkserver"`` of :func:`render`) if it is not running,
    loading :data:`FORKSERVER_PRELOAD`. Call it from the main thread at start-up (the preview does): the
    server then ignores Ctrl+C, which the main process handles, instead of printing Python's English
    traceback while it loads WeasyPrint (its workers end quietly, :func:`_exit_with`). Started from
    another thread, it still works, without that."""
    multiprocessing.set_forkserver_preload(FORKSERVER_PRELOAD)
    with _ctrl_c_ignored():
        multiprocessing.forkserver.ensure_running()


@contextlib.contextmanager
def _ctrl_c_ignored():
    """Within: SIGINT (Ctrl+C) is ignored, so that a process started meanwhile inherits SIG_IGN
    (kept across ``exec``; Python then installs no KeyboardInterrupt handler in it). Does nothing
    outside the main thread (the console renders its previews in threads; signals are the main
    thread's) or where SIGINT is already ignored."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)


@contextlib.contextmanager
def _signals_held():
    """Within: a Ctrl+C (SIGINT) or a ``kill`` (SIGTERM, which the preview handles as Ctrl+C) is held, and
    handled as usual on leaving. The pool starts its workers inside ``submit``: from a forkserver a worker
    is made in two steps (the server forks it, then this process writes it what to run), and a
    KeyboardInterrupt between the two left the new worker reading an empty pipe, and printing Python's
    English ``EOFError`` traceback under the preview's Chinese “预览已结束” (about 1 Ctrl+C in 4 at the
    moment the workers start). Holding the signal for the few milliseconds of the submits closes that
    window. Only signals with a Python handler are held; nothing is done outside the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    old = {}
    for signum in (signal.SIGINT, signal.SIGTERM):
        handler = signal.getsignal(signum)
        if callable(handler):
            old[signum] = handler
            signal.signal(signum, lambda number, _frame: held.append(number))
    try:
        yield
    finally:
        for signum, handler in old.items():
            signal.signal(signum, handler)
    for signum in dict.fromkeys(held):
        old[signum](signum, None)  # raises KeyboardInterrupt (Python's handler, the preview's)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Ends ``pool``'s workers now (SIGTERM: no traceback), at Ctrl+C: a worker started after the Ctrl+C
    did not get it, and Python's exit would wait for the render it is doing (seconds, a minute on a
    loaded machine). Python 3.14 names this ``terminate_workers()``; 3.11 keeps them in ``_processes``."""
    terminate = getattr(pool, "terminate_workers", None)
    if terminate:
        terminate()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()


def _exit_with(build_pid: int) -> None:
    """Worker start-up: end this worker as soon as the build process is gone, or at Ctrl+C.

    A worker waits for work on a queue whose other end it also holds, so it would wait for
    ever after a ``kill -9`` of the build (or of the preview); a daemon thread checks every
    second that the build is still there. A Ctrl+C reaches every process of the terminal's
    group: a worker ends at once, silently (the build stops the pool and reports in Chinese),
    where Python would print an English traceback from each worker.
    """
    signal.signal(signal.SIGINT, lambda *_: os._exit(130))
    def watch() -> None:
        while True:
            time.sleep(1)
            try:
                os.kill(build_pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:
                pass
    threading.Thread(target=watch, daemon=True).start()


def render_into_cache(target: Target, cache_folder: Path) -> tuple[str, Entry]:
    """Renders ``target`` and stores its outputs in the cache at ``cache_folder``: what a worker
    process runs. Only the entry (file paths) travels back to the build, not the PDFs' bytes."""
    key, rendered = run_target(target)
    return key, Cache(cache_folder).put(key, rendered.files, rendered.warnings)


def render_targets(targets: list[Target], cache: Cache, jobs: int = 1,
                   progress: Progress | None = None) -> tuple[dict[str, Entry], list[Target]]:
    """Every target's outputs, from the cache or rendered now (and stored in the cache).

    Returns:
        ``(entries by target key, the targets rendered now)``.
    """
    entries, todo = lookup(targets, cache, progress)
    rendered, _ = render(todo, cache, jobs, progress)
    return {**entries, **rendered}, todo


def write_pages(sources: SiteSources, docs_dir: Path) -> int:
    """Writes the site's Markdown pages under ``docs_dir``, only those whose text changed, and
    removes pages no longer in ``sources`` (``.md`` files; other files are the caller's, see
    :func:`sync_placeholders`). Returns the number of files written or removed.

    Unchanged pages keep their modification time, so an engine that rebuilds only what
    changed (MkDocs' dirty mode, Zensical's cache) sees only the month that was edited.
    """
    changed = 0
    for rel, text in sources.pages.items():
        target = docs_dir / rel
        data = text.encode("utf-8")
        try:
            if target.read_bytes() == data:
                continue
        except OSError:
            target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        changed += 1
    if docs_dir.is_dir():
        for path in docs_dir.rglob("*.md"):
            if path.relative_to(docs_dir).as_posix() not in sources.pages:
                path.unlink()
                changed += 1
    return changed


def copy_site(source: Path, target: Path, skip: set[str] = frozenset()) -> None:
    """Copies the engine's output ``source`` into the new site ``target`` file by file (contents and
    modification times; ``target``'s own permissions, set by :mod:`generator.site.publish`, are kept),
    leaving out ``skip`` (the stand-ins of rendered files, linked in from the cache afterwards).

    Raises:
        OSError: the first file that cannot be written (a full disk names its path).
    """
    for src in sorted(source.rglob("*")):
        rel = src.relative_to(source)
        dst = target / rel
        if src.is_dir():
            dst.mkdir(exist_ok=True)
        elif rel.as_posix() not in skip:
            shutil.copy2(src, dst)


def link_outputs(entries: dict[str, Entry], folder: Path) -> list[str]:
    """Places every rendered file under ``folder`` (hard links to the cache, copies where links
    are refused) and returns their paths relative to it.

    Cache files are never modified in place, so a link is as safe as a copy.
    """
    placed = []
    for entry in entries.values():
        for rel, src in entry.files.items():
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                target.unlink()
            try:
                os.link(src, target)
            except OSError:
                shutil.copyfile(src, target)
            placed.append(rel)
    return placed


def render_sources(project: Project, docs_dir: Path, with_pdfs: bool = True,
                   warnings: list[str] | None = None) -> tuple[SiteSources, list[str]]:
    """Writes every page and (unless ``with_pdfs`` is False) every rendered file under ``docs_dir``,
    using the project's cache; for the live preview and benchmarks that run the engine themselves.

    Returns:
        The :class:`~generator.render.pages.SiteSources` written and the paths of the rendered files.
    """
    derived = derive(project)
    sources = site_sources(project, derived)
    write_pages(sources, docs_dir)
    placed: list[str] = []
    if with_pdfs:
        cache = Cache(project.root / "build" / "cache")
        entries, _ = render_targets(plan(project, derived), cache, jobs_default())
        placed = link_outputs(entries, docs_dir)
        if warnings is not None:
            for entry in entries.values():
                warnings += [w for w in entry.warnings if w not in warnings]
    return sources, placed


def sync_placeholders(outputs: list[str], docs: Path, pages: set[str] = frozenset()) -> None:
    """Makes the files among the engine's pages that stand for the rendered files exactly ``outputs``:
    an empty file for each (created once, so its modification time stays put), none for anything else.

    An engine rewrites a link only when the file it points at is among its pages; the link's
    target matters, not its bytes. The real files are linked into the assembled site from the
    cache afterwards (:func:`link_outputs`), so the engine need not wait for them, nor copy them.
    """
    wanted = set(outputs)
    for path in [p for p in docs.rglob("*") if p.is_file()]:
        rel = path.relative_to(docs).as_posix()
        if rel not in wanted and rel not in pages:
            path.unlink()
    for rel in wanted:
        target = docs / rel
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(b"")


def engine_keys(root: Path, sources: SiteSources, config: engines.SiteConfig, engine: engines.Engine,
                outputs: list[str], when: dt.datetime | None = None) -> tuple[str, str]:
    """Digests of what the engine's HTML depends on: ``(structure, pages)``.

    ``structure``: navigation, settings, theme overrides, the engine and the names of the
    rendered files pages link to (their bytes do not matter: the assembled site takes them
    from the cache), and the date the sitemap gives (:func:`generator.builder.targets.source_date`);
    when it changes every page must be made again. ``pages``: the text of
    every page; when only it changes, only the changed pages need to be.
    """
    h = hashlib.sha256()
    h.update(json.dumps([config.nav, config.site_url, config.site_name, engine.name, engine.label, outputs,
                         when.isoformat() if when else None], ensure_ascii=False).encode())
    for path in sorted([root / "mkdocs.yml", *(root / "overrides").rglob("*")]):
        if path.is_file():
            h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    h.update(Path(engines.__file__).read_bytes())
    pages = hashlib.sha256()
    for rel in sorted(sources.pages):
        pages.update(rel.encode() + b"\0" + sources.pages[rel].encode() + b"\0")
    return h.hexdigest(), pages.hexdigest()


def run_engine(root: Path, sources: SiteSources, project: Project, engine: engines.Engine,
               outputs: list[str], when: dt.datetime | None = None, statics: dict[str, Path] | None = None) -> Path:
    """The site's HTML (and the theme's assets) from the pages, in ``build/engine-<name>/site``.

    The engine reads the pages and an empty stand-in for each rendered file (``outputs``,
    paths relative to the site root; :func:`sync_placeholders`), so that it resolves every link
    to them and rewrites it for the page's published URL. Only pages whose text changed are
    written; when the structure (:func:`engine_keys`) is the last run's, the engine remakes only
    those pages (a dirty build), and it is not run at all when nothing changed. The stand-ins it copies are replaced by the real files
    when the site is assembled.

    Returns:
        The folder holding the engine's output.

    Raises:
        generator.site.engines.EngineError: the engine failed.
    """
    workspace = root / "build" / f"engine-{engine.name}"
    org = project.organisation
    config = engines.SiteConfig(sources.nav, org.site_url, org.site_name)
    statics = statics or {}
    # a file's name decides how links to it are written on every page (structure); its bytes only itself
    structure, pages = engine_keys(root, sources, config, engine, sorted([*outputs, *statics]), when)
    pages = hashlib.sha256((pages + json.dumps({rel: file_digest(p) for rel, p in statics.items()})).encode()).hexdigest()
    out, stamp = workspace / "site", workspace / "engine-key"
    last = stamp.read_text().split() if stamp.is_file() else []
    if out.is_dir() and last == [structure, pages]:
        return out
    dirty = out.is_dir() and last[:1] == [structure]
    stamp.unlink(missing_ok=True)
    engines.write_config(root, workspace, config)
    docs = workspace / "docs"
    write_pages(sources, docs)
    sync_placeholders(outputs, docs, set(sources.pages) | set(statics))
    for rel, path in statics.items():
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file() or file_digest(target) != file_digest(path):
            shutil.copy2(path, target)
    log.info("网站引擎 %s：%s", engine.label, "只重新生成改动的页面" if dirty else "全部页面")
    out = engine.build(workspace, dirty=dirty)
    stamp.write_text(f"{structure} {pages}")
    return out


def _digest_tree(folder: Path, suffixes: tuple[str, ...] = (".html",)) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.suffix in suffixes and path.is_file():
            h.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def add_search_index(staging: Path, cache: Cache) -> None:
    """Adds the Pagefind index to the assembled site, reusing the last one when no page changed.

    Raises:
        generator.site.checks.SiteCheckError: Pagefind is missing or failed.
    """
    from ..site import search

    key = hashlib.sha256(("pagefind\0" + _digest_tree(staging) + "".join(file_digest(p) for p in search.CODE_FILES)).encode()).hexdigest()
    entry = cache.get(key)
    if entry is None:
        pages = cache.folder.parent / "pagefind-pages"
        try:
            search.index_site(staging, page_cache=pages)
        except search.SearchIndexError as exc:
            raise site.SiteCheckError(str(exc)) from exc
        folder = staging / search.PAGEFIND_DIR
        files = {p.relative_to(staging).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
        cache.put(key, files)
        _prune_files(pages)
    else:
        link_outputs({key: entry}, staging)


def cut_for_search(staging: Path, cache: Cache) -> None:
    """Cuts every page of the new site into search units ahead of :func:`add_search_index`
    (:func:`generator.site.search.index_page`, kept in ``build/pagefind-pages/`` by each page's digest),
    which then finds every page already cut and only runs Pagefind.

    A large build calls it while the workers still render, so that the cutting (about 1.5 s of
    one core for a ten-year archive) is not left on its own after them. How pages are cut is
    :mod:`generator.site.search`'s alone; this only does it earlier.
    """
    from ..site import search

    pages = cache.folder.parent / "pagefind-pages"
    for page in sorted(staging.rglob("index.html")):
        if search.PAGEFIND_DIR not in page.relative_to(staging).parts[:1]:
            search.index_page_cached(page.read_text(encoding="utf-8"), pages)


def _release_memory() -> None:
    """Returns memory this process no longer uses to the system (collected objects, then glibc's
    free heap pages via ``malloc_trim``); without it the engine's garbage stays resident."""
    import ctypes
    import ctypes.util
    import gc

    gc.collect()
    try:
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: nothing to trim


def _prune_files(folder: Path, keep_days: float = 14) -> None:
    """Removes files under ``folder`` not used (modified) for ``keep_days`` days."""
    cutoff = time.time() - keep_days * 86400
    for path in folder.rglob("*"):
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass


def build(root: Path, site_dir: Path | None = None, engine: str | None = None, jobs: int | None = None,
          quiet: bool = True, wait: float = publish.DEFAULT_WAIT) -> BuildResult:
    """Builds the site with every booklet inside it, rendering only what changed.

    Args:
        root: the project directory.
        site_dir: where the finished site goes; default ``root/site``.
        engine: ``mkdocs`` or ``zensical``; default the ``ENGINE`` environment variable, else ``mkdocs``
            (:func:`generator.site.engines.get_engine`).
        jobs: worker processes for rendering (default :func:`jobs_default`); 1 renders serially.
        quiet: no progress display (the CLI shows one on a terminal).
        wait: seconds to wait for another build of the same project (:class:`generator.site.publish.ProjectLock`).

    Returns:
        A :class:`BuildResult`.

    Raises:
        generator.read.errors.ContentErrors: the content has problems; nothing was written.
        generator.site.checks.SiteCheckError: the built site failed a check; ``site_dir`` was left as it was.
        generator.site.publish.PublishError: another build is running, or ``site_dir`` cannot be replaced
            (read-only, immutable); ``site_dir`` was left as it was.
        OSError: the disk is full or a folder is not writable; ``site_dir`` was left as it was.
    """
    root = root.resolve()
    site_dir = (site_dir or root / "site").resolve()
    publish.check_source_date_epoch()  # names the variable rather than failing inside the engine
    clock = _Clock()
    site_engine = engines.get_engine(engine)
    project = read_project(root)
    derived = derive(project)
    clock.lap("读取和推导")
    warnings = [*project.warnings, *booklet.environment_warnings(project.organisation),
                *share.site_url_warnings(project.organisation)]
    targets = plan(project, derived)
    progress = Progress(len(targets), enabled=not quiet)
    try:
        with publish.Publication(root, site_dir, wait=wait) as pub:  # lock, leftovers, preflight: generator.site.publish
            result = _build_locked(root, site_dir, project, derived, targets, site_engine, jobs, progress, pub, clock)
            result.warnings = [*warnings, *result.warnings, *pub.warnings]
    finally:
        progress.close()
    return result


def _build_locked(root: Path, site_dir: Path, project: Project, derived: Derived, targets: list[Target],
                  site_engine: engines.Engine, jobs: int | None, progress: Progress, pub: publish.Publication,
                  clock: "_Clock") -> BuildResult:
    """The part of :func:`build` that runs under the project's lock, into ``pub.new_site``."""
    work = root / "build"
    cache = Cache(work / "cache")
    entries, todo = lookup(targets, cache, progress)
    when = source_date(project.months)
    outputs = [rel for t in targets for rel in t.outputs]
    state_file = work / "published.json"
    where = site_dir.relative_to(root).as_posix() if site_dir.is_relative_to(root) else str(site_dir)
    staging = pub.new_site

    def site_part(engine_out: Path) -> tuple[dict, bool]:
        """Runs in a thread while the workers render, once the engine has run (:func:`engine_job`):
        the new site's HTML, its search index."""
        lap = _Clock()
        state = {"site": where, "engine": (engine_out.parent / "engine-key").read_text(),
                 "targets": sorted(t.key for t in targets),
                 "after-engine": file_digest(Path(notfound.__file__)),  # what changes the engine's pages after it
                 "offline": file_digest(Path(offline.__file__))}  # sw.js and the offline page change with it
        if not todo and site_dir.is_dir() and state_file.is_file() and json.loads(state_file.read_text()) == state:
            return state, False  # the live site is this very build: nothing to publish
        copy_site(engine_out, staging, skip=set(outputs))
        notfound.fix_404(staging, project.organisation.site_url)  # 404.html works at any base path
        lap.lap("（同时）复制网页")
        if len(todo) > HEAVY:
            # the index of a large site takes Pagefind about 0.5 GB (a ten-year archive): wait until the
            # PDF workers have exited rather than add it to theirs; cut the pages for it meanwhile
            cut_for_search(staging, cache)
            lap.lap("（同时）搜索用的页面切分")
            rendered_all.wait()
            lap.lap("（同时）等待 PDF 全部生成")
        _release_memory()  # what the engine held, before Pagefind's turn
        add_search_index(staging, cache)  # reads the pages only, so it need not wait for the PDFs
        lap.lap("（同时）搜索索引")
        offline_warnings.extend(offline.add_offline(staging, project.organisation, root, " ".join(state["targets"]),
                                                    frozenset(outputs)))
        return state, True

    rendered_all = threading.Event()
    offline_warnings: list[str] = []  # service worker, manifest, offline page: generator.site.offline
    with _source_date_epoch(when):  # the engine dates the sitemap by it
        engine_args = (root, project, derived, site_engine, outputs, when, static_files(project))
        if len(todo) > HEAVY:  # the engine in a worker: its memory gone before Pagefind runs
            rendered_entries, (state, changed) = render(
                todo, cache, jobs or jobs_default(), progress, alongside=site_part, finished=rendered_all,
                first=(engine_job, engine_args))
        else:  # a small build (the edit loop): the engine at once, in a thread, beside the workers
            rendered_entries, (state, changed) = render(
                todo, cache, jobs or jobs_default(), progress, alongside=lambda: site_part(engine_job(*engine_args)),
                finished=rendered_all)
    entries.update(rendered_entries)
    clock.lap(f"生成 {len(todo)} 项（共 {len(targets)} 项），网站页面和搜索索引")
    warnings: list[str] = [*offline_warnings]
    for entry in entries.values():
        warnings += [w for w in entry.warnings if w not in warnings]
    pdfs = sorted(rel for rel in outputs if rel.endswith(".pdf"))
    result = BuildResult(project, site_dir, pdfs, warnings, [t.name for t in todo], len(targets) - len(todo))
    if not changed:
        result.published = False
        return result

    progress.current("组装网站")
    link_outputs({t.key: entries[t.key] for t in targets}, staging)
    clock.lap("组装网站")
    progress.current("检查网站")
    site.check_site(staging, memo=work / "site-check.json")  # pages checked before are not scanned again
    clock.lap("检查网站")
    state_file.unlink(missing_ok=True)
    pub.commit()
    state_file.write_text(json.dumps(state))
    cache.prune()
    return result


def engine_job(root: Path, project: Project, derived: Derived, engine: engines.Engine, outputs: list[str],
               when: dt.datetime, statics: dict[str, Path]) -> Path:
    """The site's pages (:func:`generator.render.pages.site_sources`) and the engine's run on them
    (:func:`run_engine`). A large build (more than :data:`HEAVY` targets) gives it to the first
    free worker: the engine's imports and garbage (MkDocs, Material, Markdown: about 20 MiB) leave
    with the worker, so the build process stays small while Pagefind runs (the build's peak of
    memory). A small build runs it in a thread beside the workers, as before: there Pagefind
    does not wait for the workers, and a worker that had run the engine kept MkDocs' memory beside
    them and Pagefind (one-month edit of the 120-month archive: peak 767 MiB against 625).
    Returns the engine's output folder.

    Raises:
        generator.site.engines.EngineError: the engine failed.
    """
    lap = _Clock()
    from . import sharetexts  # the share descriptions' readings kept from the last build

    memo = sharetexts.load(root / "build")
    with _source_date_epoch(when):  # a worker from a forkserver does not have the build's environment
        sources = site_sources(project, derived, memo)
        sharetexts.save(root / "build", memo)
        out = run_engine(root, sources, project, engine, outputs, when, statics)
    lap.lap("（同时）网站页面和引擎")
    return out


@contextlib.contextmanager
def _source_date_epoch(when: dt.datetime):
    """Sets ``SOURCE_DATE_EPOCH`` for the site engine (MkDocs dates the sitemap by it) unless already set."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(int(when.timestamp()))
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


class _Clock:
    """Logs (at INFO, shown with ``-v``) how long each stage of the build took, wall and CPU."""

    def __init__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self, what: str) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        log.info("%s：%.2f 秒（本进程 CPU %.2f 秒）", what, wall - self.wall, cpu - self.cpu)
        self.wall, self.cpu = wall, cpu
