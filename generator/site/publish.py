"""Publishing: the new site replaces ``site/`` in one atomic switch, one build at a time, leaving no litter.

Stage four's last step. Whatever happens at any instant of a build (``kill -9``,
a full disk, a read-only or immutable ``site/``, a second build started at the
same time), the folder members are served is always complete: either the last
good site or the new one, never a mix and never missing.

How (:class:`Publication`, used by :func:`generator.build.pipeline.build`):

1. **Lock.** ``.build.lock`` at the project's root (outside ``build/``, so that
   ``make clean`` removing ``build/`` during a preview cannot drop it), and the
   project folder itself, are held with ``fcntl.flock`` for
   the whole build (and for the whole of ``serve``): a second build waits for
   the first (at most ``wait`` seconds, then says so in Chinese); a build never
   waits for the live preview, which does not end by itself. The kernel drops a
   dead process's lock, so a killed build never leaves a stale one.
2. **Leftovers.** Under the lock, what killed or failed builds left is removed:
   ``build/staging-*`` and the siblings ``.site.new-*`` / ``.site.old-*`` of the
   target (and ``site.new`` of the old copy-based swap). If ``site/`` itself is
   missing and an ``.site.old-*`` exists (a kill inside the fallback switch
   below), that old site is renamed back first.
0. **Destination** (:func:`check_destination`, before the lock and before a byte is written):
   a ``--site-dir`` must be missing, empty, or a site this tool published (:data:`SITE_MARKER`),
   and never the project, its parent, or inside its sources. Under the lock, links and special
   files under ``build/`` are removed as links (:func:`scrub_links`), never followed.
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
   (step 2). Never delete-then-copy. Before it, the new site gets :data:`SITE_MARKER` and fixed
   permissions (:func:`fix_modes`: 0644 files, 0755 folders, whatever the umask). The old site
   is then removed.

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

LOCK_FILE = Path(".build.lock")
"""The project's build lock, relative to the project root (not under ``build/``: ``make clean`` removes that)."""

SITE_MARKER = ".zuzhishenghuo-site"
"""The file every site this tool publishes carries; ``--site-dir`` replaces only an empty folder or one holding it."""

SOURCE_PARTS = ("data", "content", "overrides", "docs", "generator", "schema", "tests", "bench", "build", ".git",
                ".venv", ".cache", ".stamps", ".ci", "mkdocs.yml", "Makefile", "README.md")
"""What a site folder may not be or lie inside, relative to the project root (the sources and the workspace)."""

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
    """``flock`` on ``<root>/.build.lock`` and on the project folder: one build or preview per project at a time.

    The second lock (on the folder, which no ``rm -rf`` of a file removes) still excludes a second
    build when the lock file was deleted under a running preview.

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
        self._dir_fd: int | None = None

    def __enter__(self) -> ProjectLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o644)
        except OSError as exc:
            raise PublishError(f"无法创建构建锁文件 {self.path}（{_reason(exc)}）。"
                               f"修改建议：确认项目文件夹 {self.path.parent} 可写（chmod u+w），磁盘未满") from exc
        deadline = time.monotonic() + self.wait
        said = False
        dir_fd = None
        try:
            dir_fd = os.open(self.path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        except OSError:
            pass  # the file lock alone still holds
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                if dir_fd is not None:
                    try:
                        fcntl.flock(dir_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    except BlockingIOError:
                        fcntl.flock(fd, fcntl.LOCK_UN)  # the lock file was replaced under its holder
                        raise
                    except OSError:
                        pass  # a filesystem without flock on folders: the file lock alone
                break
            except BlockingIOError:
                holder = _holder(fd) or {"purpose": "unknown"}
                if holder.get("purpose") == "unknown" and time.monotonic() >= deadline:
                    for f in (fd, dir_fd):
                        if f is not None:
                            os.close(f)
                    raise BuildRunning(f"另一个构建或本地预览正在运行（它的锁文件 {self.path} 被删除过，看不出是哪个进程），"
                                       f"{'预览' if self.purpose == 'serve' else '本次构建'}没有开始，网站保持不变。"
                                       "修改建议：结束那个构建或预览（在它的终端按 Ctrl+C）后再运行") from None
                if holder.get("purpose") == "serve":
                    os.close(fd)
                    if dir_fd is not None:
                        os.close(dir_fd)
                    raise BuildRunning(f"本地预览（make serve，进程 {holder.get('pid', '?')}）正在运行，构建没有开始。"
                                       "修改建议：在运行预览的终端按 Ctrl+C 结束预览，再构建") from None
                if time.monotonic() >= deadline:
                    os.close(fd)
                    if dir_fd is not None:
                        os.close(dir_fd)
                    raise BuildRunning(f"另一个构建（进程 {holder.get('pid', '?')}，{holder.get('started', '?')} 开始）"
                                       f"正在运行，等待 {self.wait:g} 秒后仍未结束，本次构建没有开始，网站保持不变。"
                                       "修改建议：等它结束后再构建；若那个进程已卡住，结束它（kill 进程号）后再构建，"
                                       "不必删除任何文件") from None
                if not said:
                    log.warning("另一个构建（进程 %s）正在运行，等待它结束（最多 %g 秒）……", holder.get("pid", "?"), self.wait)
                    said = True
                time.sleep(0.2)
        self._fd, self._dir_fd = fd, dir_fd
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
        if self._dir_fd is not None:
            os.close(self._dir_fd)
            self._dir_fd = None


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

def check_destination(root: Path, target: Path) -> None:
    """Refuses, before a byte is written, a site folder that is not the build's to replace.

    The default ``<root>/site`` is always the build's. Any other (``--site-dir``) must not be the
    project, hold it, or lie inside its sources or workspace (:data:`SOURCE_PARTS`), and must be
    missing, empty, or a site this tool published (it holds :data:`SITE_MARKER`).

    Raises:
        PublishError: in Chinese, naming the folder and the fix; nothing was written.
    """
    root, target = Path(os.path.abspath(root)), Path(os.path.abspath(target))
    real_root, real_target = root.resolve(), target.resolve()
    if real_target == (real_root / "site").resolve():
        return  # the default (also when site/ is a link to where the web server reads)
    if real_root == real_target or real_root.is_relative_to(real_target):
        raise PublishError(f"网站文件夹 {target} 是项目文件夹本身或它的上级，发布会删除项目的源文件，构建没有开始，"
                           "什么也没有改动。修改建议：--site-dir 写一个项目以外的新文件夹（例如 /srv/www/zuzhishenghuo），"
                           "或不写 --site-dir（默认 site/）")
    if real_target.is_relative_to(real_root):
        first = real_target.relative_to(real_root).parts[0]
        if first in SOURCE_PARTS:
            raise PublishError(f"网站文件夹 {target} 在项目的 {first} 里面，发布会改动项目的源文件或工作文件，构建没有开始，"
                               "什么也没有改动。修改建议：--site-dir 写一个项目以外的新文件夹，或不写 --site-dir（默认 site/）")
    if not target.is_dir() or target.is_symlink() and not real_target.is_dir():
        return  # missing (made by the build) or not a folder (preflight says so)
    try:
        names = os.listdir(real_target)
    except OSError as exc:
        raise PublishError(f"无法读取网站文件夹 {target}（{_reason(exc)}），构建没有开始。"
                           "修改建议：确认它可读，或用 --site-dir 指定另一个文件夹") from exc
    if names and SITE_MARKER not in names:
        shown = "、".join(sorted(names)[:5]) + ("等" if len(names) > 5 else "")
        raise PublishError(f"网站文件夹 {target} 不是空的，也不是本工具发布的网站（里面有 {shown}，没有标记文件 "
                           f"{SITE_MARKER}），发布会删除这些文件，构建没有开始，什么也没有改动。"
                           "修改建议：--site-dir 写一个新的或空的文件夹；若它确是本工具以前发布的网站，"
                           f"先确认里面没有别的文件，再执行 touch {target / SITE_MARKER}")


def scrub_links(folder: Path) -> int:
    """Removes every symbolic link, named pipe, socket or device under ``folder`` (and ``folder`` itself if it
    is one), as the entry it is: never followed, so nothing outside the project is read or deleted through it.

    The build's workspace (``build/``) holds only regular files and folders it made; anything else
    there is damage. Returns how many entries were removed.
    """
    removed = 0
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        return 0
    if not stat.S_ISDIR(st.st_mode):
        if not stat.S_ISREG(st.st_mode):
            os.unlink(folder)
            return 1
        return 0
    for here, dirs, files in os.walk(folder, followlinks=False):
        for name in [*dirs, *files]:
            path = os.path.join(here, name)
            try:
                mode = os.lstat(path).st_mode
            except OSError:
                continue
            if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
                os.unlink(path)
                removed += 1
        dirs[:] = [d for d in dirs if os.path.isdir(os.path.join(here, d)) and not os.path.islink(os.path.join(here, d))]
    if removed:
        log.warning("build/ 中有 %d 个符号链接或特殊文件（损坏），已作为链接删除，没有跟随", removed)
    return removed


FILE_MODE, DIR_MODE = 0o644, 0o755
"""Permissions of every published file and folder, whatever the umask (the web server is another user)."""


def fix_modes(folder: Path) -> None:
    """Sets :data:`FILE_MODE` on every file and :data:`DIR_MODE` on every folder under ``folder`` (not ``folder``
    itself: it keeps the previous site's bits). Links are not followed."""
    for here, dirs, files in os.walk(folder, followlinks=False):
        for name, mode in [*((d, DIR_MODE) for d in dirs), *((f, FILE_MODE) for f in files)]:
            path = os.path.join(here, name)
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                continue
            if stat.S_IMODE(st.st_mode) != mode:
                os.chmod(path, mode)


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


SOURCE_DATE_EPOCH_MAX = 4102444799
"""2099-12-31 23:59:59 UTC, the last second of the years content may name (:mod:`generator.read.limits`)."""


def check_source_date_epoch() -> None:
    """Refuses a ``SOURCE_DATE_EPOCH`` that is set but not whole seconds from 0 to :data:`SOURCE_DATE_EPOCH_MAX`.

    The variable dates the calendars and the sitemap (:func:`generator.builder.targets.source_date`); the
    site engine's gzip header takes it as an unsigned 32-bit number, so ``-1`` or ``garbage`` would stop
    the build deep inside the engine.

    Raises:
        PublishError: in Chinese, naming the variable, its value and the fix.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None or not value.strip():
        return
    text = value.strip()
    if text.isascii() and text.isdigit() and int(text) <= SOURCE_DATE_EPOCH_MAX:
        return
    shown = value if len(value) <= 40 else value[:40] + "…"
    raise PublishError(f"环境变量 SOURCE_DATE_EPOCH 的值“{shown}”不对：它应是从 1970-01-01 起的秒数（0 到 "
                       f"{SOURCE_DATE_EPOCH_MAX} 之间的整数，例如 1700000000），什么也没有生成，网站保持不变。"
                       "修改建议：改正它（export SOURCE_DATE_EPOCH=1700000000），或取消它（unset SOURCE_DATE_EPOCH），"
                       "此时日期取自内容")


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
    temp = str(temp_folder() or "\0")
    if exc.filename and TMPDIR_NOTE not in str(where) and (str(where) + "/").startswith(temp.rstrip("/") + "/"):
        where = f"{where}{TMPDIR_NOTE}"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        hint = (f"修改建议：清理临时文件夹所在的磁盘，或把环境变量 TMPDIR 改为有空间的文件夹"
                f"（例如 export TMPDIR=$HOME/tmp，先 mkdir -p $HOME/tmp），再重新构建" if TMPDIR_NOTE in str(where)
                else "修改建议：清理该磁盘（df -h 查看剩余空间）后重新构建")
        return f"磁盘空间不足，写入 {where} 时失败（{_reason(exc)}）。构建已停止，网站保持不变，临时文件已删除。" + hint
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


TMPDIR_NOTE = "（临时文件夹，环境变量 TMPDIR）"
"""Written after a path that is the temporary folder, so the message names the variable that chose it."""


def temp_folder() -> Path | None:
    """The temporary folder the environment variable ``TMPDIR`` names (Python's :mod:`tempfile`, finding it
    full, may have fallen back to another), or ``None`` when it is not set."""
    value = os.environ.get("TMPDIR", "").strip()
    return Path(value) if value else None


def fullest_disk(*paths: Path) -> str:
    """Which of ``paths`` (the folders a build writes to) is on the full disk, for a write that named no file:
    one nearly full (:data:`DISK_NEARLY_FULL`), else the one with the least free space; the temporary
    folder is named as such (:data:`TMPDIR_NOTE`)."""
    temp = temp_folder()
    free = {}
    for path in [*paths, *([temp] if temp else [])]:
        probe = path
        while not probe.exists() and probe != probe.parent:
            probe = probe.parent
        try:
            free[path] = shutil.disk_usage(probe).free
        except OSError:
            continue
    if not free:
        return str(paths[0])
    nearly = [p for p in free if free[p] < DISK_NEARLY_FULL]
    chosen = nearly[0] if nearly else min(free, key=free.get)
    return f"{chosen}{TMPDIR_NOTE}" if chosen == temp else str(chosen)


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
        check_destination(self.root, self.target)
        self._lock = ProjectLock(self.root, "build", self.wait).__enter__()
        try:
            scrub_links(self.root / "build")
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
        """Permission bits for the new site's folder: the old site's, else :data:`DIR_MODE` (mkdtemp makes 0700)."""
        try:
            return stat.S_IMODE(self.target.stat().st_mode)
        except OSError:
            return DIR_MODE

    def commit(self) -> None:
        """Marks the finished ``new_site`` as this tool's (:data:`SITE_MARKER`), gives every file and folder
        fixed permissions (:func:`fix_modes`), switches it into place and removes the previous site."""
        (self.new_site / SITE_MARKER).write_text("本文件夹是“党支部组织生活指导材料”生成器发布的网站，"
                                                 "每次构建整体替换。请勿在此存放其他文件。\n", encoding="utf-8")
        fix_modes(self.new_site)
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
            full = _disk_full(*(p for p in (self.scratch, self.target.parent, temp_folder()) if p is not None))
            if full is not None and full == temp_folder():
                full = f"{full}{TMPDIR_NOTE}"
        space = isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)
        # a write deep in a library (the cache, a PDF, Pagefind) names no file, and shutil.copy2 names the file it
        # copied from (build/, which may have room): name the disk that is full
        unnamed = space and (not exc.filename or _disk_full(Path(str(exc.filename))) is None)
        if unnamed:
            full = fullest_disk(self.root / "build", self.target.parent)  # scratch is in build/
        self._cleanup()
        if unnamed:
            raise OSError(exc.errno, os.strerror(exc.errno), str(full)) from exc
        if full is not None and not _is_content_error(exc):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(full)) from exc


def _is_content_error(exc: BaseException) -> bool:
    from ..read.errors import ContentErrors

    return isinstance(exc, ContentErrors)
