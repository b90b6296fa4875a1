"""Runs ``python -m generator`` with a fault injected at a chosen point (for tests/test_faults.py).

Usage::

    python tests/faultrun.py [--fake-site DIR] [--kill SPEC | --fail SPEC=ERRNO | --bug SPEC | --no-exchange]... -- ARGS

``SPEC`` is ``module:attribute:when:n`` with ``when`` ``before`` or ``after`` the
``n``-th call (1-based), optionally ``@module:attribute``: count only calls made
while that other function is running (``os.unlink:after:3@generator.site.publish.Publication.commit``
is the third file removed from the previous site after the switch).

* ``--kill``: the process sends itself SIGKILL there (as ``kill -9`` would).
* ``--fail``: raises ``OSError(ERRNO)`` there instead (``ENOSPC``, ``EACCES`` …).
* ``--bug``: raises ``RuntimeError`` there (a programming error, not the machine).
* ``--no-exchange``: ``renameat2(RENAME_EXCHANGE)`` answers ``EINVAL``, as on a
  filesystem without it, so the two-rename fallback runs.
* ``--fake-site DIR``: the expensive part of a build (PDFs, the site engine,
  Pagefind) is replaced by copies of the finished site ``DIR``'s files; everything
  else (reading, the cache, the lock, leftovers, assembling, checks, the switch) is real.

Rendering runs in this process (``ZZSH_JOBS=1``), where the faults are injected.
"""

from __future__ import annotations

import errno
import functools
import importlib
import os
import shutil
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _resolve(dotted: str):
    """(owner, attribute name) for ``package.module.Class.attr`` or ``package.module.attr``."""
    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            owner = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:-1]:
            owner = getattr(owner, name)
        return owner, parts[-1]
    raise SystemExit(f"cannot resolve {dotted}")


_armed: dict[str, int] = {}


def _arming(dotted: str) -> None:
    """Wraps ``dotted`` so that ``_armed[dotted]`` counts how many calls of it are running."""
    if dotted in _armed:
        return
    _armed[dotted] = 0
    owner, name = _resolve(dotted)
    original = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        _armed[dotted] += 1
        try:
            return original(*args, **kwargs)
        finally:
            _armed[dotted] -= 1

    setattr(owner, name, wrapper)


def _inject(spec: str, action) -> None:
    spec, _, arm = spec.partition("@")
    dotted, when, n = spec.rsplit(":", 2)
    dotted = dotted.replace(":", ".")
    n = int(n)
    owner, name = _resolve(dotted)
    original = getattr(owner, name)
    calls = [0]

    def wrapper(*args, **kwargs):
        if arm and not _armed.get(arm):
            return original(*args, **kwargs)
        calls[0] += 1
        if when == "before" and calls[0] == n:
            action()
        result = original(*args, **kwargs)
        if when == "after" and calls[0] == n:
            action()
        return result

    setattr(owner, name, wrapper)
    if arm:
        _arming(arm)


def _kill() -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os.kill(os.getpid(), signal.SIGKILL)


AFTER_ENGINE = {"sw.js", "manifest.webmanifest", "offline", ".zuzhishenghuo-site"}


def _fake(site: Path) -> None:
    """Replaces rendering (PDFs, calendars, Word copies), the site engine and Pagefind by copies of ``site``'s files.

    Each target's outputs are read from ``site``; the engine copies ``site`` file by file
    into its work folder (``shutil.copy2``); the search index is the one ``site`` holds.
    Reading, the cache, the lock, leftovers, assembling, checks and the switch are real.
    """
    build = importlib.import_module("generator.builder.pipeline")  # not `from generator import build`: that is the function
    targets = importlib.import_module("generator.builder.targets")
    mkdocs_engine = importlib.import_module("generator.site.engines.mkdocs")
    search = importlib.import_module("generator.site.search")

    def run_target(target):
        return target.key, targets.Rendered({rel: (site / rel).read_bytes() for rel in target.outputs}, [])

    def engine_build(self, work_dir, dirty=False):
        out = work_dir / "site"
        shutil.rmtree(out, ignore_errors=True)
        for src in sorted(site.rglob("*")):
            if src.relative_to(site).parts[0] in AFTER_ENGINE or src.relative_to(site).parts[0].startswith("workbox-"):
                continue  # what the build adds after the engine (generator.site.offline): never the engine's
            dst = out / src.relative_to(site)
            if src.is_dir():
                dst.mkdir(parents=True, exist_ok=True)
            else:
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dst)
        return out

    build.run_target = run_target
    mkdocs_engine.MkDocsEngine.build = engine_build
    search.index_site = lambda site_dir, *args, **kwargs: {}


def main(argv: list[str]) -> None:
    os.environ["ZZSH_JOBS"] = "1"  # render in this process, where the faults are injected
    split = argv.index("--")
    options, args = argv[:split], argv[split + 1:]
    i = 0
    while i < len(options):
        option = options[i]
        if option == "--fake-site":
            _fake(Path(options[i + 1]))
            i += 2
        elif option == "--kill":
            _inject(options[i + 1], _kill)
            i += 2
        elif option == "--fail":
            spec, _, code = options[i + 1].rpartition("=")
            number = getattr(errno, code)

            def fail(number=number):
                raise OSError(number, os.strerror(number), "（注入的故障）")

            _inject(spec, fail)
            i += 2
        elif option == "--bug":
            def bug():
                raise RuntimeError("injected bug")

            _inject(options[i + 1], bug)
            i += 2
        elif option == "--no-exchange":
            import generator.site.publish as publish

            def refuse(a, b):
                raise OSError(errno.EINVAL, os.strerror(errno.EINVAL), str(a))

            publish.exchange = refuse
            i += 1
        else:
            raise SystemExit(f"unknown option {option}")
    from generator.commands.cli import run as cli

    cli(args, prog_name="generator")


if __name__ == "__main__":
    main(sys.argv[1:])
