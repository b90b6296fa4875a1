"""Loaded first by the workers' forkserver (:data:`generator.builder.pipeline.FORKSERVER_PRELOAD`), never by
the build itself: in that server and the workers it forks, an uncaught EOFError, KeyboardInterrupt or broken
connection ends the process without Python's English traceback. They happen only when the build or the
preview goes away (Ctrl+C) while a worker is being started; the build reports that in Chinese. Any other
error is printed as Python prints it."""

from __future__ import annotations

import sys

_default = sys.excepthook


def _quiet(kind, value, tb) -> None:
    if issubclass(kind, (EOFError, KeyboardInterrupt, BrokenPipeError, ConnectionResetError)):
        return
    _default(kind, value, tb)


sys.excepthook = _quiet
