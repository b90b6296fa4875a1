"""What reading a file found, kept by the file's bytes, so an unchanged file is not parsed and checked again.

Reading a ten-year archive parses about 430 YAML documents (ruamel.yaml, pure Python, with
positions for error messages) and holds every Markdown body against the HTML allow-list
(:mod:`generator.read.sanitize`): about 2.5 s of the 3 s :func:`generator.read.readers.read_project`
takes. Between two builds almost no file changes, so :class:`ReadCache` keeps each file's
result under ``build/read-cache/``, keyed by a SHA-256 of the file's bytes, its path and the
source of the modules that produce the result (a change of the reader invalidates everything).

Entries are pickles written by the build itself into the project's own ``build/`` folder
(the same trust as the project's code and virtual environment); a damaged or unreadable
entry is ignored and recomputed. Entries unused for :data:`KEEP_DAYS` days are removed.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

KEEP_DAYS = 14
"""Days an unused entry is kept."""

MODULES = ("yamlio.py", "limits.py", "sanitize.py", "markdown.py", "errors.py", "readcache.py")
"""The modules whose source is part of every key."""


@lru_cache(maxsize=1)
def _code() -> bytes:
    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for name in MODULES:
        h.update(name.encode() + b"\0" + (here / name).read_bytes())
    from importlib.metadata import version

    for dist in ("ruamel.yaml", "nh3", "markdown"):
        h.update(f"{dist}=={version(dist)}".encode())
    return h.digest()


class ReadCache:
    """Results of reading files, under ``folder``; ``folder=None`` keeps nothing (computes every time)."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.hits = self.misses = 0
        self._pruned = False

    def get(self, kind: str, path: Path, data: bytes, compute: Callable[[], Any]) -> Any:
        """``compute()``'s result for the file ``path`` whose bytes are ``data``, from the cache when present.

        Args:
            kind: what the result is (``yaml``, ``front-matter`` …), part of the key.
            path: the file (its path is part of the key: messages name it).
            data: the file's bytes as just read.
            compute: makes the result; it must be picklable.
        """
        if self.folder is None:
            return compute()
        key = hashlib.sha256(_code() + kind.encode() + b"\0" + str(path).encode() + b"\0" + data).hexdigest()
        entry = self.folder / key[:2] / key
        try:
            with entry.open("rb") as f:
                value = pickle.load(f)
            os.utime(entry)
            self.hits += 1
            return value
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, IndexError, TypeError):
            pass
        self.misses += 1
        value = compute()
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, entry)
        except OSError:
            pass  # a read-only or full disk: the result is still right, only not kept
        self._prune()
        return value

    def _prune(self) -> None:
        if self._pruned or self.folder is None:
            return
        self._pruned = True
        cutoff = time.time() - KEEP_DAYS * 86400
        for path in self.folder.glob("*/*"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
            except OSError:
                pass
