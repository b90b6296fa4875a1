"""What reading a file found, kept by the file's bytes, so an unchanged file is not parsed and checked again.

Reading a ten-year archive parses about 430 YAML documents (ruamel.yaml, pure Python, with
positions for error messages) and holds every Markdown body against the HTML allow-list
(:mod:`generator.read.sanitize`): about 2.5 s of the 3 s :func:`generator.read.readers.read_project`
takes. Between two builds almost no file changes, so :class:`ReadCache` keeps each file's
result under ``build/read-cache/``, keyed by a SHA-256 of the file's bytes, its path and the
source of the modules that produce the result (a change of the reader invalidates everything).

Entries are pickles written by the build itself into the project's own ``build/`` folder
(the same trust as the project's code and virtual environment). Each holds the key it was made
for beside the result, checked on every read, so an entry copied over another (an earlier
parse of the same file) is not taken for it. Only a regular file in real folders is read: a
symbolic link anywhere from ``build/`` down, a named pipe or any other special file is damage,
removed as it is (never followed, never opened: a pipe would block). A damaged or unreadable
entry is ignored and recomputed. Entries unused for :data:`KEEP_DAYS` days are removed.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
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
        if real_folders(self.folder.parent, entry.parent):
            try:
                fd = os.open(entry, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
            except OSError:
                fd = None
                if os.path.lexists(entry) and not os.path.isdir(entry):
                    _unlink(entry)  # a link (ELOOP) or unreadable: damage
            if fd is not None:
                with os.fdopen(fd, "rb") as f:
                    if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):  # a named pipe, a device: damage
                        _unlink(entry)
                    else:
                        try:
                            made_for, value = pickle.load(f)
                            if made_for == key:
                                os.utime(entry)
                                self.hits += 1
                                return value
                        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, IndexError,
                                TypeError, ValueError):
                            pass
        self.misses += 1
        value = compute()
        try:
            if real_folders(self.folder.parent, entry.parent):
                entry.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")
                with os.fdopen(fd, "wb") as f:
                    pickle.dump((key, value), f, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, entry)
        except (OSError, IsADirectoryError):
            pass  # a read-only or full disk: the result is still right, only not kept
        self._prune()
        return value

    def _prune(self) -> None:
        if self._pruned or self.folder is None:
            return
        self._pruned = True
        cutoff = time.time() - KEEP_DAYS * 86400
        if not real_folders(self.folder.parent, self.folder):
            return
        try:
            shards = list(os.scandir(self.folder))
        except OSError:
            return
        for shard in shards:
            if not shard.is_dir(follow_symlinks=False):
                _unlink(Path(shard.path))  # a link is removed as a link: what it points at is never touched
                continue
            try:
                entries = list(os.scandir(shard.path))
            except OSError:
                continue
            for path in entries:
                try:
                    if not path.is_file(follow_symlinks=False) or path.stat(follow_symlinks=False).st_mtime < cutoff:
                        _unlink(Path(path.path))
                except OSError:
                    pass


def real_folders(base: Path, folder: Path, removed: Callable[[], None] | None = None) -> bool:
    """Whether ``base`` and every folder from it down to ``folder`` may be used: each is a real folder, or
    the walk reached one that is absent. A symbolic link or other non-folder on the way is removed as it
    is (never followed; ``removed`` is called) and the walk ends there, the path now absent: True. False if
    ``folder`` is not under ``base``, or a path on the way could not be examined or removed."""
    try:
        parts = folder.relative_to(base).parts
    except ValueError:
        return False
    path = base
    for part in ("", *parts):
        path = path / part if part else path
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            return True
        except OSError:
            return False
        if not stat.S_ISDIR(mode):
            try:
                os.unlink(path)
            except OSError:
                return False
            if removed:
                removed()
            return True
    return True


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
