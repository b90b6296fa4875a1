"""Progress of a long build in the terminal (rich), quiet when not on a terminal or under ``-q``."""

from __future__ import annotations

import sys
import time


class Progress:
    """Targets done of the total, the current step and the time left.

    Shown only when ``enabled`` and standard error is a terminal, and only once the build has
    run for :data:`DELAY` seconds (a quick build prints nothing but its summary). Never
    raises: a display problem must not fail a build.
    """

    DELAY = 2.0
    """Seconds before the display appears."""

    def __init__(self, total: int, enabled: bool = True):
        self.total, self.done, self.rendered = total, 0, 0
        self.started = time.monotonic()
        self.enabled = enabled and sys.stderr.isatty()
        self._bar = None
        self._task = None
        self._label = ""

    def _show(self) -> None:
        if not self.enabled or self._bar is not None or time.monotonic() - self.started < self.DELAY:
            return
        try:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeRemainingColumn

            self._bar = Bar(TextColumn("[bold]构建[/]"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("剩余"), TimeRemainingColumn(), TextColumn("{task.description}"),
                            console=Console(stderr=True), transient=True)
            self._bar.start()
            self._task = self._bar.add_task(self._label, total=self.total, completed=self.done)
        except Exception:  # noqa: BLE001 (a display problem never fails a build)
            self.enabled = False

    def current(self, label: str) -> None:
        """Names what is being done now (a target, or a step such as 网站页面)."""
        self._label = label
        self._show()
        if self._bar is not None:
            self._bar.update(self._task, description=label)

    def advance(self, label: str, reused: bool = False) -> None:
        """One target finished (``reused``: taken from the cache)."""
        self.done += 1
        self.rendered += not reused
        self.current(label)
        if self._bar is not None:
            self._bar.update(self._task, completed=self.done)

    def close(self) -> None:
        """Removes the display."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
