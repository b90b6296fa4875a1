"""Stage 5, build: the whole pipeline, incrementally.

:mod:`.pipeline` runs read → derive → render → site → publish (:func:`build`);
:mod:`.targets` lists every output file as a target with declared inputs;
:mod:`.cache` keeps each target's bytes under the digest of its inputs, so only
what changed is redone; :mod:`.progress` shows a long build in the terminal.
"""

from .pipeline import build

__all__ = ["build"]
