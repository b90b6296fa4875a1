"""Publishing: the new site replaces ``site/`` in one atomic switch, one build at a time, leaving no litter.

Stage four's last step. Whatever happens at any instant of a build (``kill -9``,
a full disk, a read-only or immutable ``site/``, a second build started at the
same time), the folder members are served is always complete: either the last
good site or the new one, never a mix and never missing.

How (:class:`Publication`, used by :func:`generator.build.pipeline.build`):

1. **Lock.** ``build/.lock`` in the project is held with ``fcntl.flock`` for
   the whole build (and for the whole of ``serve``): a second build waits for
   the first (at most ``wait`` seconds, then says so in Chinese); a build never
   waits for the live preview, which does not end by itself. The kernel drops a
   dead process's lock, so a killed build never leaves a stale one.
2. **Leftovers.** Under the lock, what killed or failed builds left is removed:
   ``build/staging-*`` and the siblings ``.site.new-*`` / ``.site.old-*`` of the
   target (and ``site.new`` of the old copy-based swap). If ``site/`` itself is
   missing and an ``.site.old-*`` exists (a kill inside the fallback switch
   below), that old site is renamed back first.
3. **Preflight.** ``site/`` and its parent must be writable: a read-only or
   immutable (``chattr +i``) one is refused before anything is rendered, with
   the path and the fix; the site stays untouched.
4. **Build** into a fresh sibling ``<parent>/.site.new-XXXX`` (same parent, so
   the switch is a rename on one filesystem), with the pages and PDFs in
   ``build/staging-XXXX``.
5. **Switch** (:func:`switch`): ``renameat2(RENAME_EXCHANGE)`` swaps the two
   folders in one system call, so ``site/`` stays a real directory and is never
   absent. Where the filesystem or kernel refuses the exchange (``EINVAL``,
   ``ENOSYS``, ``EOPNOTSUPP``) it falls back to two renames (``site`` →
   ``.site.old-XXXX``, new → ``site``); a kill between them leaves ``site/``
   missing for that instant only, and the next build renames the old site back
   (step 2). Never delete-then-copy. The old site is then removed.

Environment problems are :class:`PublishError` (message in Chinese naming the
path and the fix); the command line exits 2 on them.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import logging
import os
import secrets
import shutil
import stat
import tempfile
import time
from pathlib import Path

log = logging.getLogger(__name__)

LOCK_FILE = Path("build") / ".lock"
"""The project's build lock, relative to the project root."""

DEFAULT_WAIT = 300
"""Seconds a build waits for another build of the same project before giving up."""

DISK_NEARLY_FULL = 1 << 20
"""Free bytes below which a failed build is reported as a full disk."""

_FALLBACK_ERRNOS = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTTY}
"""``renameat2(RENAME_EXCHANGE)`` errors that mean "not supported here": use two renames instead."""


class PublishError(Exception):
    """The site cannot be published here and was left as it was (message in Chinese, with the path and the fix)."""


class BuildRunning(PublishError):
    """Another build or the live preview holds the project's lock."""


# -- the lock -------------------------------------------------------------------------------

class ProjectLock:
    """``flock`` on ``<root>/build/.lock``: one build or preview per project at a time.

    Args:
        root: the project directory.
        purpose: ``"build"`` or ``"serve"``, written into the lock file for the other side's message.
        wait: seconds to wait for another build; a preview holding the lock is reported at once.

    Raises (on entering):
        BuildRunning: the lock is held by the preview, or by a build for longer than ``wait``.
        PublishError: the lock file cannot be created (read-only project folder).
    """

    def __init__(self, root: Path, purpose: str = "build", wait: float = DEFAULT_WAIT):
        self.path = root / LOCK_FILE
        self.purpose = purpose
        self.wait = wait
        self._fd: int | None = None

    def __enter__(self) -> ProjectLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise PublishError(f"无法创建构建锁文件 {self.path}（{_reason(exc)}）。"
                               f"修改建议：确认项目文件夹 {self.path.parent} 可写（chmod u+w），磁盘未满") from exc
        deadline = time.monotonic() + self.wait
        said = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = _holder(fd)
                if holder.get("purpose") == "serve":
                    os.close(fd)
                    raise BuildRunning(f"本地预览（make serve，进程 {holder.get('pid', '?')}）正在运行，构建没有开始。"
                                       "修改建议：在运行预览的终端按 Ctrl+C 结束预览，再构建") from None
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise BuildRunning(f"另一个构建（进程 {holder.get('pid', '?')}，{holder.get('started', '?')} 开始）"
                                       f"正在运行，等待 {self.wait:g} 秒后仍未结束，本次构建没有开始，网站保持不变。"
                                       "修改建议：等它结束后再构建；若那个进程已卡住，结束它（kill 进程号）后再构建，"
                                       "不必删除任何文件") from None
                if not said:
                    log.warning("另一个构建（进程 %s）正在运行，等待它结束（最多 %g 秒）……", holder.get("pid", "?"), self.wait)
                    said = True
                time.sleep(0.2)
        self._fd = fd
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"pid={os.getpid()}\npurpose={self.purpose}\nstarted={time.strftime('%H:%M:%S')}\n".encode(), 0)
        except OSError:
            pass  # the note is for messages only; a full disk must not stop a build here
        return self

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the flock
            self._fd = None


def _holder(fd: int) -> dict[str, str]:
    """What the lock holder wrote into the lock file (pid, purpose, started), as far as readable."""
    try:
        text = os.pread(fd, 4096, 0).decode("utf-8", "replace")
    except OSError:
        return {}
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


# -- the atomic switch ----------------------------------------------------------------------

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _load_renameat2():
    try:
        func = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    func.restype = ctypes.c_int
    return func


_renameat2 = _load_renameat2()


def exchange(a: Path, b: Path) -> None:
    """Swaps the directory entries ``a`` and ``b`` atomically (Linux ``renameat2`` with ``RENAME_EXCHANGE``).

    Raises:
        OSError: ``ENOSYS`` without the call (older C library, not Linux); ``EINVAL`` when the
            filesystem does not support it; any other error of the call, naming both paths.
    """
    if _renameat2 is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available", str(a))
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(a), None, str(b))


def switch(new: Path, target: Path) -> Path | None:
    """Puts the folder ``new`` in place of ``target`` atomically.

    Args:
        new: the finished site, a sibling of ``target``.
        target: the live site; may not exist yet (first build).

    Returns:
        Where the previous site now is (to be removed), or ``None`` on a first build.

    Raises:
        PublishError: the target is a mount point or on another filesystem, or not writable;
            the live site is unchanged.
    """
    try:
        if not target.exists() and not target.is_symlink():
            os.rename(new, target)
            return None
        try:
            exchange(new, target)
            return new  # after the exchange ``new`` holds the previous site
        except OSError as exc:
            if exc.errno not in _FALLBACK_ERRNOS:
                raise
            log.info("此文件系统不支持原子交换（%s），改用两次改名", exc.strerror)
        old = _sibling(target, "old")
        os.rename(target, old)
        try:
            os.rename(new, target)
        except OSError:
            os.rename(old, target)  # put the previous site back at once
            raise
        return old
    except OSError as exc:
        if exc.errno in (errno.EXDEV, errno.EBUSY):
            raise PublishError(f"网站文件夹 {target} 是挂载点或与 {target.parent} 不在同一文件系统上，无法整体替换，"
                               "网站保持不变。修改建议：用 --site-dir 指向挂载点里面的一个子文件夹") from exc
        raise PublishError(f"无法替换网站文件夹 {target}（{_reason(exc)}），网站保持不变。"
                           f"修改建议：确认 {target} 和 {target.parent} 可写、未设置不可修改属性（chattr -i）") from exc


def _sibling(target: Path, kind: str) -> Path:
    """A fresh unused name ``.<site>.<kind>-XXXXXXXX`` next to ``target`` (not created; we hold the lock)."""
    while True:
        path = target.parent / f".{target.name}.{kind}-{secrets.token_hex(4)}"
        if not path.exists():
            return path


# -- leftovers and checks -------------------------------------------------------------------

def clean_leftovers(root: Path, target: Path) -> list[str]:
    """Removes what killed or failed builds left; restores the old site if a kill left none.

    Call only while holding the project's lock. Returns Chinese warnings for
    leftovers that could not be removed (they are tried again next time).
    """
    warnings = []
    parent = target.parent
    olds = sorted(parent.glob(f".{target.name}.old-*"), key=lambda p: p.lstat().st_mtime, reverse=True)
    if olds and not target.exists() and not target.is_symlink():
        log.warning("上一次构建在替换网站时中断，恢复原来的网站 %s", target)
        os.rename(olds.pop(0), target)
    leftovers = [*olds, *parent.glob(f".{target.name}.new-*"), *(root / "build").glob("staging-*")]
    legacy = parent / f"{target.name}.new"  # the copy-based swap before this module
    if legacy.is_dir() and not legacy.is_symlink():
        leftovers.append(legacy)
    for path in leftovers:
        try:
            remove_tree(path)
        except OSError as exc:
            warnings.append(f"无法删除上次构建留下的 {path}（{_reason(exc)}）。修改建议：手动删除它（rm -rf）")
    return warnings


def remove_tree(path: Path) -> None:
    """Deletes ``path`` (a folder or a file) entirely; it is gone already if it does not exist."""
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.exists():
        shutil.rmtree(path)


def _immutable(path: Path) -> bool:
    """True if ``path`` has the immutable or append-only attribute (``chattr +i`` / ``+a``)."""
    flags = getattr(os.lstat(path), "st_flags", None)  # BSD; Linux has no st_flags
    if flags is not None:
        return bool(flags & (stat.UF_IMMUTABLE | stat.SF_IMMUTABLE | stat.UF_APPEND | stat.SF_APPEND))
    try:
        import array

        buf = array.array("l", [0])
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        try:
            fcntl.ioctl(fd, 0x80086601, buf)  # FS_IOC_GETFLAGS
        finally:
            os.close(fd)
        return bool(buf[0] & (0x10 | 0x20))  # FS_IMMUTABLE_FL | FS_APPEND_FL
    except OSError:
        return False


def preflight(target: Path) -> None:
    """Refuses, before anything is rendered, a target the switch could not replace cleanly.

    Raises:
        PublishError: ``target`` or its parent is missing and cannot be created, read-only,
            immutable, or ``target`` is not a folder.
    """
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PublishError(f"无法创建网站所在的文件夹 {parent}（{_reason(exc)}）。"
                           "修改建议：确认上级文件夹可写，或用 --site-dir 指定另一个位置") from exc
    if not os.access(parent, os.W_OK | os.X_OK) or _immutable(parent):
        raise PublishError(f"网站所在的文件夹 {parent} 不可写（只读，或设置了不可修改属性），无法放入新网站，"
                           f"{target} 保持不变。修改建议：恢复写权限（chmod u+w {parent}；若设置了不可修改属性，"
                           f"chattr -i {parent}）后再构建，或用 --site-dir 指定另一个文件夹")
    if target.is_symlink() or not target.exists():
        return
    if not target.is_dir():
        raise PublishError(f"{target} 不是文件夹，不能用作网站文件夹，构建没有改动它。"
                           "修改建议：移走这个文件，或用 --site-dir 指定另一个文件夹")
    if not os.access(target, os.W_OK | os.X_OK) or _immutable(target):
        raise PublishError(f"网站文件夹 {target} 不可写（只读，或设置了不可修改属性 chattr +i），构建没有改动它。"
                           f"修改建议：恢复写权限（chmod u+w {target}；若设置了不可修改属性，chattr -i {target}）"
                           "后再构建，或用 --site-dir 指定另一个文件夹")


def _reason(exc: OSError) -> str:
    """A short Chinese reason for an OS error."""
    return {
        errno.ENOSPC: "磁盘已满", errno.EDQUOT: "超出磁盘配额", errno.EACCES: "没有权限",
        errno.EPERM: "不允许修改（只读或设置了不可修改属性）", errno.EROFS: "文件系统只读",
        errno.ENOENT: "不存在", errno.EEXIST: "已存在", errno.ENOTEMPTY: "文件夹非空",
        errno.EBUSY: "正在使用", errno.EXDEV: "不在同一文件系统", errno.EIO: "读写错误",
    }.get(exc.errno, exc.strerror or str(exc))


def describe_os_error(exc: OSError) -> str:
    """The Chinese message for an environment error met while building: what, where, and what to do."""
    where = exc.filename or "（未知位置）"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (f"磁盘空间不足，写入 {where} 时失败（{_reason(exc)}）。构建已停止，网站保持不变，临时文件已删除。"
                "修改建议：清理该磁盘（df -h 查看剩余空间）后重新构建")
    if exc.errno == errno.EFBIG:
        import resource

        blocks = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
        limit = "不限" if blocks == resource.RLIM_INFINITY else f"{blocks // 1024} KB"
        target = f"写入 {exc.filename} 时" if exc.filename else "写入文件时"
        return (f"要写的文件超过了系统允许的单个文件大小（ulimit -f，当前 {limit}），{target}失败。"
                "构建已停止，网站保持不变。修改建议：在终端执行 ulimit -f unlimited（或请管理员放宽限制）后重新构建")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"没有权限写入 {where}（{_reason(exc)}）。构建已停止，网站保持不变。"
                "修改建议：确认运行构建的用户对项目文件夹和网站文件夹有写权限（ls -ld 查看），"
                "未设置不可修改属性（lsattr / chattr -i），文件系统不是只读挂载")
    return (f"读写文件 {where} 时出错（{_reason(exc)}）。构建已停止，网站保持不变。"
            "修改建议：检查磁盘和文件夹权限后重新构建；用 -v 运行可看到详细信息")


def _disk_full(*paths: Path) -> Path | None:
    for path in paths:
        try:
            if shutil.disk_usage(path).free < DISK_NEARLY_FULL:
                return path
        except OSError:
            continue
    return None


# -- one publication ------------------------------------------------------------------------

class Publication:
    """One build's way from a fresh staging folder to the live site (see the module docstring).

    Use as a context manager::

        with Publication(root, site_dir) as pub:
            ...render into pub.scratch, build the site into pub.new_site...
            pub.commit()

    Attributes (valid inside the ``with`` block):
        scratch: an empty folder under ``build/`` for pages and PDFs; removed at the end.
        new_site: an empty folder next to ``target`` for the new site.
        warnings: Chinese warnings (leftovers that could not be removed).

    Raises:
        BuildRunning, PublishError: see :class:`ProjectLock` and :func:`preflight`; the site is untouched.
        OSError: ``ENOSPC`` when the build failed because a disk it writes to is full.
    """

    def __init__(self, root: Path, target: Path, wait: float = DEFAULT_WAIT):
        self.root = root
        self.target = target
        self.wait = wait
        self.warnings: list[str] = []
        self.scratch: Path | None = None
        self.new_site: Path | None = None
        self._lock: ProjectLock | None = None
        self._committed = False

    def __enter__(self) -> Publication:
        self._lock = ProjectLock(self.root, "build", self.wait).__enter__()
        try:
            self.warnings += clean_leftovers(self.root, self.target)
            preflight(self.target)
            self.scratch = Path(tempfile.mkdtemp(prefix="staging-", dir=self.root / "build"))
            self.new_site = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.new-", dir=self.target.parent))
            self.new_site.chmod(self._mode())
        except BaseException:
            self._cleanup()
            raise
        return self

    def _mode(self) -> int:
        """Permission bits for the new site: the old site's, else the umask's default (mkdtemp makes 0700)."""
        try:
            return stat.S_IMODE(self.target.stat().st_mode)
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            return 0o777 & ~umask

    def commit(self) -> None:
        """Switches the finished ``new_site`` into place and removes the previous site."""
        old = switch(self.new_site, self.target)
        self._committed = True
        if old is not None:
            try:
                remove_tree(old)
            except OSError as exc:
                self.warnings.append(f"新网站已发布，但无法删除旧网站 {old}（{_reason(exc)}）；下次构建会再试。"
                                     "修改建议：手动删除它")

    def _cleanup(self) -> None:
        for path in (self.scratch, None if self._committed else self.new_site):
            if path is not None:
                try:
                    remove_tree(path)
                except OSError:
                    pass  # the next build removes it (clean_leftovers)
        if self._lock is not None:
            self._lock.__exit__(None, None, None)
            self._lock = None

    def __exit__(self, exc_type, exc, tb) -> None:
        full = None
        if exc is not None and not isinstance(exc, (OSError, PublishError)):
            full = _disk_full(*(p for p in (self.scratch, self.target.parent) if p is not None))
        unnamed = isinstance(exc, OSError) and not exc.filename and exc.errno in (errno.ENOSPC, errno.EDQUOT)
        if unnamed:  # a write deep in a library (the cache, a PDF) names no file: name the disk that is full
            full = _disk_full(self.root / "build", self.target.parent) or self.root / "build"  # scratch is in build/
        self._cleanup()
        if unnamed:
            raise OSError(exc.errno, os.strerror(exc.errno), str(full)) from exc
        if full is not None and not _is_content_error(exc):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(full)) from exc


def _is_content_error(exc: BaseException) -> bool:
    from ..read.errors import ContentErrors

    return isinstance(exc, ContentErrors)
