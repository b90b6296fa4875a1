"""Where a command may write inside the project: never through a link that leads out of it.

The reader refuses symbolic links under ``data/`` and ``content/`` that lead out of the project
(:func:`generator.read.readers.foreign_links`); the commands that *write* there (``import``,
``new``, the console to come) must refuse them too, or ``content/2019-11 → /home/other`` would
have the importer write a colleague's folder, and ``new --from latest`` would copy an outside
file (``data/months/2019-10.yml → /etc/passwd``) into the project.

:func:`refuse_outside` is the one check: call it with every path about to be written or read
from, before anything is written. It raises :class:`OutsideProject` (a Chinese message naming
the link, where it leads and the fix).
"""

from __future__ import annotations

import os
from pathlib import Path


class OutsideProject(Exception):
    """A path to write or copy leads out of the project through a link; ``str(exc)`` is the Chinese message."""


def _first_link(root: Path, path: Path) -> Path | None:
    """The first component of ``path`` (below ``root``) that is a symbolic link, or ``None``."""
    rel = path.relative_to(root)
    current = root
    for part in rel.parts:
        current = current / part
        if current.is_symlink():
            return current
    return None


def refuse_outside(root: Path, path: Path, what: str = "写入") -> Path:
    """Checks that ``path`` (under ``root``) stays inside the project when every link on the way is followed.

    Args:
        root: the project folder.
        path: a file or folder under ``root`` (it need not exist yet).
        what: the action, for the message (``写入``, ``复制``).

    Returns:
        ``path`` unchanged.

    Raises:
        OutsideProject: ``path`` is not under ``root``, or a link on the way (``content/2019-11``,
            ``data/months/2019-10.yml``) leads outside the project or loops.
    """
    project = root.resolve()
    path = Path(os.path.abspath(path))
    root = Path(os.path.abspath(root))
    if not path.is_relative_to(root):
        raise OutsideProject(f"{path} 不在项目文件夹 {root} 之内，未{what}。")
    link = _first_link(root, path)
    if link is None:
        return path
    rel = link.relative_to(root).as_posix()
    try:
        target = path.resolve(strict=False)
    except (OSError, RuntimeError):
        raise OutsideProject(f"{rel} 是一个循环的符号链接，未{what}任何文件。"
                             f"修改建议：删去这个链接（rm {rel}）后重新运行") from None
    if target.is_relative_to(project):
        return path
    outside = link.resolve(strict=False)
    raise OutsideProject(f"{rel} 是指向项目以外的符号链接（{outside}），为免改动项目以外的文件，未{what}任何文件。"
                         f"修改建议：删去这个链接（rm {rel}），需要时把内容复制进项目后重新运行")
