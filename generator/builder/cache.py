"""A content-addressed cache of rendered outputs, under ``build/cache/``.

Every output of the build (a month's booklet with its A5 copy and checklist, a calendar,
a year plan, a shared document's PDF, the search index) is a :class:`~generator.builder.targets.Target`
whose key is a SHA-256 digest of everything it is made from (:func:`key`): the content it
shows, the code and templates that lay it out, the library versions and the fonts. A build
looks the key up here first and renders only what is missing, so a build with no change
renders nothing and a one-word edit renders only the month that holds the word.

An entry is a folder ``<key[:2]>/<key>/`` holding the output files under numbered names and
``manifest.json`` (the key it was made for, each file's output path, size and SHA-256, the
warnings rendering it gave, and a seal: the SHA-256 of all of these). An entry is written into
a temporary folder and renamed into place, so it is complete or absent; on every read the key
and the seal are checked and each file against its digest, and a damaged entry (a disk error,
a half-copied cache, a hand edit, another entry copied in its place, a symbolic link or a named
pipe where a file or folder should be) is removed as it is (a link is never followed) and
rendered again, never published.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import shutil
import stat
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..read.readcache import real_folders

FORMAT = 1
"""Version of the entry layout; part of every key."""


def fingerprint(value: Any, root: Path | None = None, memo: dict[Any, tuple[Any, Any]] | None = None) -> Any:
    """``value`` as plain JSON data that names everything it holds, for hashing.

    Dataclasses become ``{"__type__": name, field: …}``, dates ISO strings, tuples and lists
    lists, sets sorted lists; paths are written relative to ``root`` (so moving the project
    does not invalidate the cache). A path is a name only: the bytes of files an output
    includes are hashed by the target that includes them (:func:`file_digest`).

    ``memo``: the fingerprints of dataclass instances made so far, by ``id`` (each kept beside its
    object, so the ``id`` cannot be reused while the memo lives). A build plans some 600 targets whose
    keys share the organisation and each month (a month's booklet, Word copy, calendar, 公众号 copy and
    its year's plan all hold it); with a memo each is walked once (the plan of a ten-year archive:
    0.7 → 0.3 s). Only for values that do not change while the memo is in use.

    Raises:
        TypeError: for a value of a type it does not know (a bug: every input must be data).
    """
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return repr(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        held = memo.get(id(value)) if memo is not None else None
        if held is not None and held[0] is value:
            return held[1]
        out = {"__type__": type(value).__name__}
        for f in dataclasses.fields(value):
            out[f.name] = fingerprint(getattr(value, f.name), root, memo)
        if memo is not None:
            memo[id(value)] = (value, out)
        return out
    if isinstance(value, (list, tuple)):
        return [fingerprint(v, root, memo) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(fingerprint(v, root, memo) for v in value)
    if isinstance(value, dict):
        return {str(k): fingerprint(v, root, memo) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (dt.date, dt.time, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Path):
        if root is not None:
            try:
                return value.resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                pass
        return value.as_posix()
    raise TypeError(f"cannot fingerprint {type(value).__name__}")


def key(*parts: Any, root: Path | None = None, memo: dict[Any, tuple[Any, Any]] | None = None) -> str:
    """The SHA-256 (hex) of ``parts`` after :func:`fingerprint`: a target's cache key. ``memo``: as
    :func:`fingerprint`'s (the same key with or without it)."""
    texts = []  # the JSON of the list of parts, a part at a time: a dataclass part (the organisation, a month) is written once
    for part in [FORMAT, *parts]:
        remembered = memo is not None and dataclasses.is_dataclass(part)
        held = memo.get(("json", id(part))) if remembered else None
        if held is None or held[0] is not part:
            held = (part, json.dumps(fingerprint(part, root, memo), ensure_ascii=False, sort_keys=True, separators=(",", ":")))
            if remembered:
                memo[("json", id(part))] = held
        texts.append(held[1])
    data = "[" + ",".join(texts) + "]"
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def file_digest(path: Path) -> str:
    """SHA-256 (hex) of a file's bytes."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class Entry:
    """A cache entry as read back: each output path (relative to the site root) → the file holding it."""

    key: str
    files: dict[str, Path]
    warnings: list[str] = field(default_factory=list)


@dataclass
class Stats:
    """What a build did with the cache: entries reused, rendered, and found damaged (then rendered)."""

    hits: int = 0
    misses: int = 0
    damaged: int = 0


class Cache:
    """The store under ``folder`` (normally ``build/cache/``). Not shared between machines."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.stats = Stats()
        self.used: set[str] = set()

    def _dir(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def _real_folders(self, key: str) -> bool:
        """Makes sure the cache folder and ``key``'s shard are real folders (or absent): a symbolic link or any
        other non-folder there is removed as it is, never followed, and counted as damage. False if one could
        not be removed (:func:`generator.read.readcache.real_folders`)."""
        def damaged() -> None:
            self.stats.damaged += 1
        return real_folders(self.folder.parent, self.folder / key[:2], damaged)

    @staticmethod
    def _remove(folder: Path) -> None:
        """Removes an entry as it is: a link or a file by unlinking, a folder with what it holds."""
        if os.path.islink(folder) or os.path.lexists(folder) and not os.path.isdir(folder):
            os.unlink(folder)
        else:
            shutil.rmtree(folder, ignore_errors=True)

    def get(self, key: str) -> Entry | None:
        """The verified entry for ``key``, or ``None`` (absent, or damaged and now removed)."""
        folder = self._dir(key)
        manifest = folder / "manifest.json"
        if not self._real_folders(key):
            self.stats.misses += 1
            return None
        try:
            whole = stat.S_ISDIR(os.lstat(folder).st_mode) and stat.S_ISREG(os.lstat(manifest).st_mode)
        except OSError:
            whole = False
        if not whole:
            if os.path.lexists(folder):  # damaged (a link, a file, or no manifest): put() must find the place free
                self._remove(folder)
                self.stats.damaged += 1
            self.stats.misses += 1
            return None
        try:
            meta = json.loads(manifest.read_text(encoding="utf-8"))
            if meta.get("key") != key or meta.get("seal") != _seal(key, meta["files"], meta.get("warnings", [])):
                raise ValueError(f"{folder} was made for another key")
            files = {}
            for n, item in enumerate(meta["files"]):
                path = folder / str(n)
                st = os.lstat(path)
                if not stat.S_ISREG(st.st_mode):  # a link or a named pipe: never read through
                    raise ValueError(f"{path} is not a regular file")
                if st.st_size != item["size"] or file_digest(path) != item["sha256"]:
                    raise ValueError(f"{path} does not match its digest")
                files[item["path"]] = path
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self._remove(folder)
            self.stats.damaged += 1
            self.stats.misses += 1
            return None
        self.stats.hits += 1
        self.used.add(key)
        os.utime(manifest)  # last use, for pruning
        return Entry(key, files, list(meta.get("warnings", [])))

    def put(self, key: str, files: dict[str, bytes], warnings: list[str] | None = None) -> Entry:
        """Stores ``files`` (output path → bytes) under ``key`` atomically and returns the entry.

        Raises:
            OSError: the cache folder cannot be written (disk full, permissions).
        """
        final = self._dir(key)
        self._real_folders(key)
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{key[:8]}-", dir=final.parent))
        try:
            items = []
            for n, (rel, data) in enumerate(files.items()):
                (tmp / str(n)).write_bytes(data)
                items.append({"path": rel, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
            meta = {"key": key, "files": items, "warnings": warnings or [],
                    "seal": _seal(key, items, warnings or [])}
            (tmp / "manifest.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
            try:
                tmp.rename(final)
            except OSError:  # another build stored the same entry meanwhile: keep that one
                if not (final / "manifest.json").is_file():
                    raise
                shutil.rmtree(tmp, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        self.used.add(key)
        return Entry(key, {item["path"]: final / str(n) for n, item in enumerate(items)}, list(warnings or []))

    def prune(self, keep_days: float = 14) -> int:
        """Removes entries this build did not use and nobody used for ``keep_days``; returns how many.

        Half-written temporary folders of interrupted builds are removed too.
        """
        if os.path.islink(self.folder) or not self.folder.is_dir():
            return 0
        cutoff = time.time() - keep_days * 86400
        removed = 0
        for shard in self.folder.iterdir():
            if shard.is_symlink() or not shard.is_dir():  # a link is removed as a link, never followed
                if shard.is_symlink():
                    shard.unlink()
                continue
            for entry in shard.iterdir():
                if entry.is_symlink():
                    entry.unlink()
                    removed += 1
                    continue
                if entry.name.startswith("."):
                    if entry.lstat().st_mtime < time.time() - 3600:
                        self._remove(entry)
                    continue
                if entry.name in self.used:
                    continue
                manifest = entry / "manifest.json"
                try:
                    old = manifest.lstat().st_mtime < cutoff
                except OSError:
                    old = True
                if old:
                    self._remove(entry)
                    removed += 1
        return removed


def _seal(key: str, files: list, warnings: list) -> str:
    """SHA-256 (hex) of an entry's key, its files' paths, sizes and digests, and its warnings."""
    data = json.dumps([key, files, warnings], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()
