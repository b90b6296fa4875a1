"""The preview's two steps, shared by ``make serve`` (:mod:`generator.commands.serve`) and the web console.

:func:`rebuild` makes the preview's pages from the project (unchanged files from the read cache, only
changed pages written, the engine's dirty build) into ``<work_dir>/served-<n>/`` with every rendered
file the cache already holds; :meth:`Preview.finish` then renders what the change touched (booklets,
calendars, Word copies …) and the search index into it. Moved here from ``commands/serve.py`` so that
the console (:mod:`generator.console`) rebuilds its preview by the same code.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..site import engines


@dataclass
class Preview:
    """A preview whose pages are ready (``site_dir``), and what is still to render into it.

    Attributes:
        site_dir: the folder served.
        warnings: content warnings (Chinese).
        todo: targets the cache does not hold yet (:mod:`generator.builder.targets`).
    """

    site_dir: Path
    warnings: list[str]
    todo: list
    _targets: list = field(default_factory=list)
    _entries: dict = field(default_factory=dict)
    _root: Path | None = None

    def finish(self, jobs: int | None = None) -> int:
        """Renders :attr:`todo` into the cache, links every rendered file and the search index into
        :attr:`site_dir`; returns the number of targets rendered.

        Raises:
            generator.read.errors.ContentErrors: a rendered file refers to something it may not (see
                :func:`generator.render.booklet.pdf_bytes`).
            generator.site.search.SearchIndexError: Pagefind failed.
        """
        import importlib

        from .cache import Cache

        build_module = importlib.import_module("generator.builder.pipeline")  # generator.builder.pipeline is also the function's name
        cache = Cache(self._root / "build" / "cache")
        # the preview serves pages from threads: workers start from a forkserver, never fork this process
        rendered, _ = build_module.render(self.todo, cache, jobs or build_module.jobs_default(),
                                          start_method="forkserver")
        self._entries.update(rendered)
        build_module.link_outputs({t.key: self._entries[t.key] for t in self._targets}, self.site_dir)
        build_module.add_search_index(self.site_dir, cache)
        for entry in rendered.values():
            self.warnings += [w for w in entry.warnings if w not in self.warnings]
        return len(self.todo)


def rebuild(root: Path, work_dir: Path, engine: engines.Engine, changed: set[Path] | None = None) -> Preview:
    """Makes the preview's pages from the project (step 1 in the module docstring).

    Args:
        root: the project.
        work_dir: the preview's folder under ``root/build`` (``served-<n>/`` are made in it).
        engine: the site engine.
        changed: the files saved since the last rebuild (``None``: at start). Not needed to
            decide what to redo: pages, targets and the engine compare what they are made
            from, so a file saved without a change redoes nothing.

    Returns:
        The :class:`Preview`; its rendered files and search index come with :meth:`Preview.finish`.

    Raises:
        generator.read.errors.ContentErrors: the content has errors; nothing was changed.
        generator.site.engines.EngineError: the engine failed.
    """
    import importlib

    from .cache import Cache
    from ..derive import derive
    from ..render.pages import site_sources
    from ..read.readers import read_project
    from .targets import plan, source_date, static_files

    build_module = importlib.import_module("generator.builder.pipeline")  # generator.builder.pipeline is also the function's name
    project = read_project(root)
    derived = derive(project)
    targets = plan(project, derived)
    cache = Cache(root / "build" / "cache")
    entries, todo = build_module.lookup(targets, cache)
    outputs = [rel for t in targets for rel in t.outputs]
    when = source_date(project.months)
    with build_module._source_date_epoch(when):
        engine_out = build_module.run_engine(root, site_sources(project, derived), project, engine, outputs, when,
                                             static_files(project))
    existing = sorted(work_dir.glob("served-*"), key=lambda p: int(p.name.split("-")[1]))
    served = work_dir / f"served-{int(existing[-1].name.split('-')[1]) + 1 if existing else 1}"
    served.mkdir(parents=True)
    build_module.copy_site(engine_out, served, skip=set(outputs))
    from ..site.notfound import fix_404

    fix_404(served, project.organisation.site_url)  # the preview is served at /, not at site_url's path
    build_module.link_outputs(entries, served)
    index = _last_search_index(existing)
    if index is not None:  # the last preview's index, until finish() makes the new one
        shutil.copytree(index, served / index.name)
    return Preview(served, list(project.warnings), todo, targets, entries, root)


def _last_search_index(previews: list[Path]) -> Path | None:
    from ..site.search import PAGEFIND_DIR

    for folder in reversed(previews):
        if (folder / PAGEFIND_DIR / "pagefind-entry.json").is_file():
            return folder / PAGEFIND_DIR
    return None
