"""The share descriptions' Markdown readings (:class:`generator.render.share.TextMemo`) kept between builds
in ``build/share-texts.json``, so that an edit renders only the Markdown that changed to describe its pages.

The file holds the readings the last build used and the digest of the code and libraries that made them
(:func:`code_key`); with other code, or damaged, it is ignored and every text is read again.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib import metadata
from pathlib import Path

from ..read import markdown, sanitize
from ..render import share

FILE = "share-texts.json"


def code_key() -> str:
    """Digest of what makes a reading: share.py, the Markdown reader and sanitiser, and their libraries' versions."""
    h = hashlib.sha256()
    for module in (share, markdown, sanitize):
        h.update(Path(module.__file__).read_bytes())
    for dist in ("Markdown", "nh3", "lxml"):
        try:
            h.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            h.update(dist.encode())
    return h.hexdigest()


def load(work: Path) -> share.TextMemo:
    """The readings kept in ``work`` (the project's ``build/``); an empty memo if none are usable."""
    try:
        data = json.loads((work / FILE).read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("code") == code_key() and isinstance(data.get("texts"), dict):
            return share.TextMemo(data["texts"])
    except (OSError, ValueError):
        pass
    return share.TextMemo()


def save(work: Path, memo: share.TextMemo) -> None:
    """Keeps the readings this build used in ``work`` (written whole, then moved into place); unchanged: not written."""
    if memo.used == memo.known:
        return
    work.mkdir(parents=True, exist_ok=True)
    tmp = work / f"{FILE}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps({"code": code_key(), "texts": memo.used}, ensure_ascii=False), encoding="utf-8")
    tmp.replace(work / FILE)
