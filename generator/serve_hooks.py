"""MkDocs hooks used only by ``make serve``: regenerate the pages on every reload.

MkDocs calls :func:`on_config` each time ``content/`` or ``data/`` changes. The
pages are rendered again from the content (PDFs included) into the serve docs
folder; if the content has errors they are printed in Chinese and the last good
pages stay in place, so the preview never goes blank while an author types.
:func:`on_post_build` indexes the preview with Pagefind, so search works there too.
"""

from __future__ import annotations

import logging
from pathlib import Path

from generator.build import render_sources
from generator.errors import ContentErrors
from generator.readers import read_project
from generator.search import SearchIndexError, index_site

log = logging.getLogger("mkdocs.generator")
_last_nav: list = []


def on_config(config):
    global _last_nav
    root = Path(config.config_file_path).parent
    docs = Path(config.docs_dir)
    try:
        project = read_project(root)
        warnings: list[str] = []
        sources, _ = render_sources(project, docs, warnings=warnings)
        _last_nav = sources.nav
        for warning in warnings:
            log.warning("警告：%s", warning)
    except ContentErrors as errors:
        log.error("内容有误，预览保留上一次正确的版本：\n%s", errors.report())
    config.nav = _last_nav or None
    return config


def on_post_build(config):
    try:
        index_site(Path(config.site_dir))
    except SearchIndexError as exc:
        log.warning("预览站点的搜索索引未能生成，搜索暂不可用：%s", exc)
