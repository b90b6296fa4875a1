"""MkDocs 1.6 with mkdocs-material 9 (the default engine), run in-process."""

from __future__ import annotations

import logging
from importlib.metadata import version
from pathlib import Path

from . import CONFIG_NAME


class MkDocsEngine:
    """Builds with MkDocs' own ``build`` command on the written ``mkdocs.yml`` (no plugins or hooks of ours)."""

    name = "mkdocs"

    @property
    def label(self) -> str:
        return f"MkDocs {version('mkdocs')} + Material {version('mkdocs-material')}"

    def build(self, work_dir: Path, dirty: bool = False) -> Path:
        """Runs ``mkdocs build`` on ``work_dir/mkdocs.yml``; returns ``work_dir/site``.

        ``dirty``: MkDocs' dirty build (only pages whose source is newer than their HTML are
        read and written; the site folder is not emptied first). Only valid when the navigation
        and settings did not change since the last build there (the caller knows).

        Raises:
            mkdocs.exceptions.MkDocsException: configuration or theme problems (a broken installation).
        """
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        config = load_config(str(work_dir / CONFIG_NAME))
        config.plugins.on_startup(command="build", dirty=dirty)
        quiet = _NoDirtyWarning()
        logging.getLogger("mkdocs.commands.build").addFilter(quiet)
        try:
            build(config, dirty=dirty)
        finally:
            logging.getLogger("mkdocs.commands.build").removeFilter(quiet)
            config.plugins.on_shutdown()
        return Path(config.site_dir)


class _NoDirtyWarning(logging.Filter):
    """Drops MkDocs' warning that a dirty build may leave navigation stale: the generator asks for
    one only when the navigation and settings are those of the last build (see ``build``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()
