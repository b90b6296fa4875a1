"""Content errors: what went wrong, where, and how to fix it, in Simplified Chinese.

Every stage that reads author input (YAML, front matter, Markdown references)
reports problems as :class:`ContentError` values and collects them, so one run
names every problem, not only the first. A stage that found any raises
:class:`ContentErrors` at its end; the CLI prints them and exits with status 1.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path


@dataclass(frozen=True)
class ContentError:
    """One problem in the author's content.

    Attributes:
        path: the file, relative to the project root where possible.
        line: 1-based line number, or ``None`` when the problem is the file as a whole.
        column: 1-based column, or ``None``.
        message: what is wrong, in Simplified Chinese.
        fix: what to write instead, in Simplified Chinese; may be empty.
    """

    path: Path
    line: int | None
    column: int | None
    message: str
    fix: str = ""

    def location(self) -> str:
        """``文件:行:列`` as an editor's jump-to-location understands it."""
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def __str__(self) -> str:
        text = f"{self.location()}: {self.message}"
        if self.fix:
            text += f"\n    修改建议：{self.fix}"
        return text


class ContentErrors(Exception):
    """Raised at the end of a stage when the content has one or more problems.

    Attributes:
        errors: every problem found, in file and line order.
    """

    def __init__(self, errors: list[ContentError]):
        unique = list(dict.fromkeys(errors))  # the same problem reached twice is reported once
        self.errors = sorted(unique, key=lambda e: (str(e.path), e.line or 0, e.column or 0))
        super().__init__(self.report())

    def __reduce__(self):
        # rebuilt from its errors, not its message, when it crosses from a worker process (pickle)
        return (type(self), (self.errors,))

    def report(self) -> str:
        """All errors as one Chinese text block, ready to print."""
        lines = [str(e) for e in self.errors]
        lines.append(f"共发现 {len(self.errors)} 处问题，未生成任何输出；上一次成功构建的结果保持不变。")
        return "\n".join(lines)


class ErrorCollector:
    """Accumulates :class:`ContentError` values across a stage.

    Use :meth:`add` while reading, then :meth:`raise_if_any` at the end of the stage.
    """

    def __init__(self, root: Path):
        self.root = root
        self.errors: list[ContentError] = []

    def rel(self, path: Path) -> Path:
        """``path`` relative to the project root when it lies inside it."""
        try:
            return path.resolve().relative_to(self.root.resolve())
        except ValueError:
            return path

    def add(self, path: Path, line: int | None, column: int | None, message: str, fix: str = "") -> None:
        self.errors.append(ContentError(self.rel(path), line, column, message, fix))

    def extend(self, errors: list[ContentError]) -> None:
        """Adds errors found elsewhere, their paths made relative to the project root."""
        self.errors.extend(replace(e, path=self.rel(Path(e.path))) for e in errors)

    def raise_if_any(self) -> None:
        """Raises :class:`ContentErrors` if anything was added."""
        if self.errors:
            raise ContentErrors(self.errors)
