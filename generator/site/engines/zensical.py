"""Zensical, Material's successor, run as a child process on the written ``mkdocs.yml``.

Pinned at 0.0.73 (``requirements.txt``): from 0.0.74 on, Zensical needs the
separate ``zensical-ui`` package, which the package registry this project
installs from does not carry; 0.0.73 is the newest release with its templates
inside. The config file sits in the engine's work folder under ``build/``, so
the ``.cache/`` Zensical keeps beside it is never the project's own
(:func:`generator.site.engines.check_work_dir`); the build never passes ``-c``.
"""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from . import CONFIG_NAME, EngineError

TIMEOUT = 1800
"""Seconds a Zensical build may take before it is stopped."""


class ZensicalEngine:
    """Builds with ``python -m zensical build -f work_dir/mkdocs.yml``."""

    name = "zensical"

    @property
    def label(self) -> str:
        return f"Zensical {version('zensical')}"

    def build(self, work_dir: Path, dirty: bool = False) -> Path:
        """Runs Zensical on ``work_dir/mkdocs.yml``; returns ``work_dir/site``.

        ``dirty`` is ignored: Zensical keeps its own cache beside the config and rebuilds only
        what changed. A child process keeps Zensical's global state (it parses the config into
        a module global) out of a long-running ``serve``, and its output out of
        ours unless it fails.

        Raises:
            EngineError: Zensical exited with an error (its output included).
        """
        cmd = [sys.executable, "-m", "zensical", "build", "-f", str(work_dir / CONFIG_NAME)]
        try:
            proc = subprocess.run(cmd, cwd=work_dir, capture_output=True, text=True, timeout=TIMEOUT)
        except FileNotFoundError as exc:
            raise EngineError("未安装 Zensical。修改建议：运行 make build 安装依赖") from exc
        out = (proc.stdout + proc.stderr).strip()
        if proc.returncode != 0 or "No module named zensical" in out:
            raise EngineError("Zensical 生成网站失败：\n" + out[-3000:])
        site = work_dir / "site"
        if not (site / "index.html").is_file():
            raise EngineError("Zensical 没有生成首页 index.html：\n" + out[-3000:])
        return site
