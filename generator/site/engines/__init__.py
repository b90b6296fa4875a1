"""Site engines: the only code that knows MkDocs or Zensical.

Everything before this point produces plain Markdown pages and a navigation
list (:class:`generator.render.pages.SiteSources`); everything after it (the search
index, :func:`generator.site.checks.check_site`) reads finished HTML. An engine turns
the one into the other and nothing more. Two implement :class:`Engine`:

* ``mkdocs`` (:mod:`generator.site.engines.mkdocs`): MkDocs 1.6 with mkdocs-material 9,
  the default. Both are stable releases the site has been checked against;
  mkdocs-material 9 reaches end of life in May 2027.
* ``zensical`` (:mod:`generator.site.engines.zensical`): Zensical, Material's
  successor by the same authors. It reads ``mkdocs.yml`` but runs no MkDocs
  plugins or hooks, which is why this project uses none.

Both read the same configuration: the project's hand-written ``mkdocs.yml``
plus what the generator knows (where the pages are, where the site goes, the
navigation, the published address), written by :func:`write_config` as a real
file into the engine's work folder, with ``docs/`` and ``site/`` beside it
(Zensical reads only a config file, and only folders under it). The theme is
the same for both: ``overrides/`` (own header with the project's search box,
feed link, styles) over Material's templates in the ``classic`` look.

The work folder is always under ``build/``, never the project root: Zensical
keeps its cache in ``.cache/`` beside the config file and ``zensical build -c``
empties it, while the project's own ``.cache/`` holds axe-core for the tests.

Choosing: ``ENGINE=zensical make build``, or ``python -m generator build
--engine zensical``; :func:`get_engine` resolves the name.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import yaml

DEFAULT = "mkdocs"
"""The engine ``make build`` uses when ``ENGINE`` is not set (see the module docstring for why)."""

NAMES = ("mkdocs", "zensical")

CONFIG_NAME = "mkdocs.yml"
"""The config file both engines read, written into the work folder."""


class EngineError(Exception):
    """The site engine failed (message in Chinese, the engine's own output appended)."""


class Engine(Protocol):
    """What the generator needs from a site engine.

    Attributes:
        name: ``mkdocs`` or ``zensical``.
        label: human name with version, for messages and benchmarks (e.g. ``MkDocs 1.6.1 + Material 9.8.1``).
    """

    name: str
    label: str

    def build(self, work_dir: Path, dirty: bool = False) -> Path:
        """Builds ``work_dir/mkdocs.yml`` (pages in ``work_dir/docs``) into ``work_dir/site``; returns that folder.

        ``dirty``: the navigation and settings are those of the last build in ``work_dir``, so an
        engine may rebuild only the pages whose source is newer than their HTML (MkDocs' dirty
        build); an engine with its own cache (Zensical) may ignore it.

        Raises:
            EngineError: the engine reported a failure.
        """


@dataclass(frozen=True)
class SiteConfig:
    """What the generator adds to the project's ``mkdocs.yml`` for one build.

    Attributes:
        nav: navigation in MkDocs' ``nav`` shape (list of ``{title: path or list}``).
        site_url: the published address (canonical links, sitemap, the 404 page's home link), or ``None``.
        site_name: the site's name in every page's header and title (``organisation.yml`` ``site_name``),
            or ``None`` to keep the one in ``mkdocs.yml``.
    """

    nav: list
    site_url: str | None = None
    site_name: str | None = None


def get_engine(name: str | None = None) -> Engine:
    """The engine called ``name``; default: the ``ENGINE`` environment variable, else :data:`DEFAULT`.

    Raises:
        ValueError: an unknown name (message in Chinese, listing the known ones).
    """
    name = (name or os.environ.get("ENGINE") or DEFAULT).strip().lower()
    if name == "mkdocs":
        from .mkdocs import MkDocsEngine
        return MkDocsEngine()
    if name == "zensical":
        from .zensical import ZensicalEngine
        return ZensicalEngine()
    raise ValueError(f"未知的网站引擎“{name}”。可选：{'、'.join(NAMES)}（例如 ENGINE=zensical make build）")


def check_work_dir(root: Path, work_dir: Path) -> None:
    """Refuses a work folder that is not strictly inside ``root/build``.

    Zensical treats the config file's folder as its project: it writes ``.cache/``
    there and ``-c`` empties it. The project's ``.cache/`` (axe-core for the
    tests) must never be that folder.

    Raises:
        EngineError: ``work_dir`` is the project root, outside ``build/``, or ``build/`` itself.
    """
    build = (root / "build").resolve()
    work = work_dir.resolve()
    if work == build or not work.is_relative_to(build):
        raise EngineError(f"网站引擎的工作文件夹必须在 {build} 之下（当前：{work}），"
                          "以免引擎清理项目自己的 .cache/。这是程序错误，请报告维护人员。")


def write_config(root: Path, work_dir: Path, config: SiteConfig) -> Path:
    """Writes the engine's config file ``work_dir/mkdocs.yml``; returns its path.

    It is the project's ``mkdocs.yml`` with: ``docs_dir: docs`` and ``site_dir:
    site`` (relative, beside the file), the theme's ``custom_dir`` as an absolute
    path to the project's ``overrides/``, the generated ``nav``, ``site_url`` and ``site_name`` (from ``organisation.yml``).

    Raises:
        EngineError: ``work_dir`` is not under ``root/build`` (:func:`check_work_dir`).
        yaml.YAMLError: the project's ``mkdocs.yml`` is not YAML.
    """
    check_work_dir(root, work_dir)
    base = yaml.safe_load((root / CONFIG_NAME).read_text(encoding="utf-8")) or {}
    base["docs_dir"] = "docs"
    base["site_dir"] = "site"
    theme = base.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((root / theme["custom_dir"]).resolve())
    base["nav"] = config.nav
    if config.site_url:
        base["site_url"] = config.site_url
    if config.site_name:
        base["site_name"] = config.site_name
    work_dir.mkdir(parents=True, exist_ok=True)
    (work_dir / "docs").mkdir(exist_ok=True)
    target = work_dir / CONFIG_NAME
    target.write_text("# 由 generator 生成，每次构建重写；请修改项目根目录的 mkdocs.yml。\n"
                      + yaml.safe_dump(base, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def build_site(root: Path, work_dir: Path, config: SiteConfig, engine: Engine | None = None) -> Path:
    """Turns the pages in ``work_dir/docs`` into a searchable site in ``work_dir/site``.

    Writes the config (:func:`write_config`), runs the engine, then builds the
    Pagefind index the search box queries (:func:`generator.site.search.index_site`).
    This is the one step ``build`` and ``serve`` share.

    Returns:
        The site folder.

    Raises:
        EngineError: the engine failed, or the work folder is not under ``build/``.
        generator.site.search.SearchIndexError: Pagefind failed.
    """
    from ..search import index_site

    engine = engine or get_engine()
    write_config(root, work_dir, config)
    site_dir = engine.build(work_dir)
    index_site(site_dir)
    return site_dir
