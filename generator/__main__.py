"""``python -m generator``: see :mod:`generator.commands.cli`."""

from .commands.cli import run

run()
