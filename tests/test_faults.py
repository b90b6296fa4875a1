"""Faults at any instant of a build: the live site is never lost, half-replaced or littered.

Every test starts from a tiny project (one month) whose last good site was built
from an older version of the content (``v1``); the build under test builds the
current content (``v2``). After each fault the site must be complete and equal,
byte for byte, to either ``v1`` or ``v2``, and the next build must succeed and
leave no leftovers. Faults are injected by ``tests/faultrun.py`` in a real
subprocess: ``kill -9`` at 25 points (inside the switch too), injected and real
full disks, read-only and immutable folders, two builds at once.

Most kill points use ``--fake-site`` (PDFs, MkDocs and Pagefind replaced by a
file-by-file copy of the v2 site; the lock, leftovers, checks and switch are
the real code), so the whole file runs in about a minute; five kill points and
the environment faults run the real build.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from test_bad_input import tree_digest
from generator.site.publish import LOCK_FILE

FAULTRUN = ROOT / "tests" / "faultrun.py"
MONTH = Path("data/months/2019-10.yml")
V1_THEME, V2_THEME = "学习习近平新时代中国特色社会主义思想", "学习贯彻习近平新时代中国特色社会主义思想"


def _tiny(target: Path, version: int) -> Path:
    """A one-month project (2019-10 and its attachment) at content version 1 or 2."""
    (target / "data" / "months").mkdir(parents=True)
    for rel in ("data/organisation.yml", "data/rules.yml", MONTH.as_posix()):
        shutil.copy2(ROOT / rel, target / rel)
    shutil.copytree(ROOT / "content" / "2019-10", target / "content" / "2019-10")
    for part in ("docs", "overrides"):
        shutil.copytree(ROOT / part, target / part)
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    if version == 1:
        text = (target / MONTH).read_text(encoding="utf-8")
        assert V2_THEME not in text and V1_THEME in text
    else:
        text = (target / MONTH).read_text(encoding="utf-8").replace(V1_THEME, V2_THEME, 1)
    (target / MONTH).write_text(text, encoding="utf-8")
    return target


def faultrun(root: Path, *options: str, args: tuple = ("build",), site_dir: Path | None = None,
             preexec=None, timeout: int = 300) -> subprocess.CompletedProcess:
    extra = ("--site-dir", str(site_dir)) if site_dir else ()
    return subprocess.run([sys.executable, str(FAULTRUN), *options, "--", "--root", str(root), *args, *extra],
                          capture_output=True, text=True, cwd=ROOT, timeout=timeout, preexec_fn=preexec)


@pytest.fixture(scope="session")
def versions(tmp_path_factory):
    """Real builds of the tiny project at v1 and v2: ``{1: (site, digest), 2: (site, digest)}``."""
    out = {}
    for version in (1, 2):
        root = _tiny(tmp_path_factory.mktemp(f"tiny-v{version}"), version)
        run = faultrun(root)
        assert run.returncode == 0, run.stderr
        out[version] = (root / "site", tree_digest(root / "site"))
    assert out[1][1] != out[2][1]
    return out


@pytest.fixture
def project(tmp_path, versions):
    """The tiny project at v2 with the v1 site as its last good site."""
    root = _tiny(tmp_path / "project", 2)
    shutil.copytree(versions[1][0], root / "site", symlinks=True)
    return root


def leftovers(root: Path, site: Path | None = None) -> list[str]:
    site = site or root / "site"
    found = [p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}.") or p.name == f"{site.name}.new"]
    build = root / "build"
    found += [p.name for p in build.iterdir() if p.name.startswith("staging-")] if build.is_dir() else []
    return found


def state(site: Path, versions) -> str:
    """Which build ``site`` is: ``v1``, ``v2``, ``absent``, or ``broken``."""
    if not site.exists():
        return "absent"
    digest = tree_digest(site)
    return {versions[1][1]: "v1", versions[2][1]: "v2"}.get(digest, "broken")


def plant_leftovers(root: Path) -> None:
    """What killed builds of older versions left: staging folders and new/old site folders with files in them."""
    for folder in (root / ".site.new-dead1234", root / ".site.old-dead5678", root / "site.new",
                   root / "build" / "staging-dead9999" / "docs"):
        folder.mkdir(parents=True)
        for i in range(5):
            (folder / f"f{i}.html").write_text("leftover", encoding="utf-8")


def next_build_succeeds(root: Path, versions, fake: bool) -> None:
    run = faultrun(root, *(("--fake-site", str(versions[2][0])) if fake else ()))
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert state(root / "site", versions) == "v2"
    assert leftovers(root) == []


FAKE_KILLS = [
    ("lock taken", "generator.site.publish.ProjectLock.__enter__:after:1", ()),
    ("cleanup starts", "generator.site.publish.clean_leftovers:before:1", ("plant",)),
    ("one leftover removed", "generator.site.publish.remove_tree:after:1@generator.site.publish.clean_leftovers", ("plant",)),
    ("leftover half removed", "os.unlink:after:2@generator.site.publish.clean_leftovers", ("plant",)),
    ("preflight passed", "generator.site.publish.preflight:after:1", ()),
    ("new site folder made", "tempfile.mkdtemp:after:2", ()),
    ("outputs rendered", "generator.builder.pipeline.render:after:1", ()),
    ("engine half done", "shutil.copy2:after:20@generator.site.engines.mkdocs.MkDocsEngine.build", ()),
    ("new site half written", "shutil.copy2:after:20@generator.builder.pipeline.copy_site", ()),
    ("rendered files half linked", "os.link:after:3@generator.builder.pipeline.link_outputs", ()),
    ("before the site check", "generator.site.checks.check_site:before:1", ()),
    ("switch starts", "generator.site.publish.switch:before:1", ()),
    ("exchanged, old site not yet removed", "generator.site.publish.exchange:after:1", ()),
    ("old site half removed", "os.unlink:after:5@generator.site.publish.Publication.commit", ()),
    ("committed", "generator.site.publish.Publication.commit:after:1", ()),
    ("before the lock is released", "generator.site.publish.ProjectLock.__exit__:before:1", ()),
    ("fallback: old site moved away, new not yet in place", "os.rename:after:1@generator.site.publish.switch", ("no-exchange",)),
    ("fallback: new site in place", "os.rename:after:2@generator.site.publish.switch", ("no-exchange",)),
    ("fallback: old site half removed", "os.unlink:after:5@generator.site.publish.Publication.commit", ("no-exchange",)),
    ("recovery of a missing site", "os.rename:after:1@generator.site.publish.clean_leftovers", ("no-exchange", "site-missing")),
    ("first build, before the rename", "os.rename:before:1@generator.site.publish.switch", ("first",)),
    ("first build, after the rename", "os.rename:after:1@generator.site.publish.switch", ("first",)),
]


@pytest.mark.parametrize("what,spec,setup", FAKE_KILLS, ids=[k[0] for k in FAKE_KILLS])
def test_kill_9_anywhere_in_publishing_keeps_a_whole_site(project, versions, what, spec, setup):
    fake = ("--fake-site", str(versions[2][0]))
    mode = ("--no-exchange",) if "no-exchange" in setup else ()
    if "plant" in setup:
        plant_leftovers(project)
    if "first" in setup:
        shutil.rmtree(project / "site")
    if "site-missing" in setup:  # a build killed between the fallback's two renames
        killed = faultrun(project, *fake, *mode, "--kill", "os.rename:after:1@generator.site.publish.switch")
        assert killed.returncode == -9, killed.stderr
        assert not (project / "site").exists()
    run = faultrun(project, *fake, *mode, "--kill", spec)
    assert run.returncode == -9, f"the fault point was not reached: {run.stderr}"
    allowed = {"v1", "v2"} if "first" not in setup else {"absent", "v2"}
    if "site-missing" not in setup and "no-exchange" in setup and "after:1@generator.site.publish.switch" in spec:
        allowed.add("absent")  # the fallback's one instant without site/, repaired by the next build (next test step)
    assert state(project / "site", versions) in allowed
    next_build_succeeds(project, versions, fake=True)


REAL_KILLS = [
    ("booklet written", "generator.render.booklet.pdf_bytes:after:1"),
    ("MkDocs copying theme files", "shutil.copyfile:after:30@generator.site.engines.mkdocs.MkDocsEngine.build"),
    ("before Pagefind", "generator.site.search.index_site:before:1"),
    ("exchanged, old site not yet removed", "generator.site.publish.exchange:after:1"),
    ("old site half removed", "os.unlink:after:10@generator.site.publish.Publication.commit"),
]


@pytest.mark.parametrize("what,spec", REAL_KILLS, ids=[k[0] for k in REAL_KILLS])
def test_kill_9_in_a_real_build_keeps_a_whole_site(project, versions, what, spec):
    run = faultrun(project, "--kill", spec)
    assert run.returncode == -9, f"the fault point was not reached: {run.stderr}"
    assert state(project / "site", versions) in {"v1", "v2"}
    next_build_succeeds(project, versions, fake=False)


def test_a_failed_second_rename_of_the_fallback_puts_the_old_site_back(project, versions):
    run = faultrun(project, "--fake-site", str(versions[2][0]), "--no-exchange",
                   "--fail", "os.rename:before:2@generator.site.publish.switch=EACCES")
    _environment_fault(run, project / "site", versions[1][1], "无法替换网站文件夹", "chattr -i")
    assert leftovers(project) == []
    next_build_succeeds(project, versions, fake=True)


def _environment_fault(run, site: Path, digest: str, *words: str) -> None:
    assert run.returncode == 2, run.stderr
    for word in words:
        assert word in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
    assert tree_digest(site) == digest


def test_a_full_disk_injected_while_writing_the_new_site(project, versions):
    run = faultrun(project, "--fake-site", str(versions[2][0]),
                   "--fail", "shutil.copy2:before:10@generator.builder.pipeline.copy_site=ENOSPC")
    _environment_fault(run, project / "site", versions[1][1], "磁盘空间不足", "清理")
    assert leftovers(project) == []
    next_build_succeeds(project, versions, fake=True)


def test_a_real_full_disk(project, versions, tmp_path):
    """The site on a small tmpfs that holds the old site but not a second one."""
    mount = tmp_path / "disk"
    mount.mkdir()
    size = sum(p.stat().st_size for p in versions[1][0].rglob("*") if p.is_file())
    blocks = size // 1024 + 1024
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={blocks}k", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here; the injected ENOSPC test covers the path")
    try:
        site = mount / "site"
        shutil.copytree(versions[1][0], site)
        run = faultrun(project, site_dir=site)
        _environment_fault(run, site, versions[1][1], "磁盘空间不足")
        assert leftovers(project, site) == []
        subprocess.run(["mount", "-o", f"remount,size={blocks * 3}k", str(mount)], check=True)
        run = faultrun(project, site_dir=site)
        assert run.returncode == 0, run.stderr
        assert state(site, versions) == "v2" and leftovers(project, site) == []
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _can_drop_capabilities() -> bool:
    """True unless we are root without CAP_SETPCAP (then read-only cannot be made to bind us)."""
    if os.geteuid() != 0:
        return True
    status = Path("/proc/self/status").read_text(encoding="utf-8")
    effective = int(next(line.split()[1] for line in status.splitlines() if line.startswith("CapEff:")), 16)
    return bool(effective & (1 << 8))


def _without_override():
    """preexec_fn: drop root's override capabilities, so read-only means read-only as for any user."""
    if os.geteuid() != 0:
        return None
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2, 3, 9):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_LINUX_IMMUTABLE
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP: gone after exec
            raise OSError(ctypes.get_errno(), "PR_CAPBSET_DROP")
    return None


@pytest.mark.parametrize("which", ["site", "parent"])
def test_a_read_only_site_or_parent_is_refused_and_untouched(project, versions, which):
    if not _can_drop_capabilities():
        pytest.skip("root without CAP_SETPCAP: a read-only folder cannot be made to bind this process")
    folder = project / "site" if which == "site" else project
    (project / "build").mkdir(exist_ok=True)  # the workspace and the lock exist; only the site's folder is read-only
    (project / LOCK_FILE).touch()
    before = tree_digest(project / "site")
    folder.chmod(0o555)
    try:
        run = faultrun(project, "--fake-site", str(versions[2][0]), preexec=_without_override)
    finally:
        folder.chmod(0o755)
    _environment_fault(run, project / "site", before, str(folder), "chmod u+w")
    assert leftovers(project) == []
    next_build_succeeds(project, versions, fake=True)


@pytest.mark.parametrize("which", ["site", "parent"])
def test_an_immutable_site_or_parent_is_refused_and_untouched(project, versions, which):
    folder = project / "site" if which == "site" else project
    (project / "build").mkdir(exist_ok=True)
    (project / LOCK_FILE).touch()
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i does not work here (no CAP_LINUX_IMMUTABLE or filesystem without it)")
    try:
        run = faultrun(project)
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    _environment_fault(run, project / "site", versions[1][1], str(folder), "chattr -i")
    assert leftovers(project) == []
    next_build_succeeds(project, versions, fake=True)


def test_a_bug_keeps_the_site_and_shows_its_traceback_only_with_v(project, versions):
    fake = ("--fake-site", str(versions[2][0]), "--bug", "generator.site.checks.check_site:before:1")
    quiet = faultrun(project, *fake)
    _environment_fault(quiet, project / "site", versions[1][1], "不是内容问题", "-v")
    verbose = subprocess.run([sys.executable, str(FAULTRUN), *fake, "--", "-v", "--root", str(project), "build"],
                             capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert verbose.returncode == 2 and "Traceback" in verbose.stderr and "RuntimeError: injected bug" in verbose.stderr
    assert state(project / "site", versions) == "v1" and leftovers(project) == []


def test_a_site_path_that_is_a_file_is_refused(project, versions, tmp_path):
    target = tmp_path / "not-a-folder"
    target.write_text("x", encoding="utf-8")
    run = faultrun(project, "--fake-site", str(versions[2][0]), site_dir=target)
    assert run.returncode == 2 and "不是文件夹" in run.stderr and "Traceback" not in run.stderr
    assert target.read_text(encoding="utf-8") == "x"


def test_two_builds_started_together_both_succeed_one_after_the_other(project, versions):
    command = [sys.executable, str(FAULTRUN), "--", "--root", str(project), "build"]
    first, second = (subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
                     for _ in range(2))
    outs = [p.communicate(timeout=300) for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, outs
    assert any("另一个构建" in err for _, err in outs), "the second build should have waited for the first"
    assert state(project / "site", versions) == "v2"
    assert leftovers(project) == []


def _hold_lock(root: Path, purpose: str) -> int:
    (root / "build").mkdir(exist_ok=True)
    fd = os.open(root / LOCK_FILE, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.ftruncate(fd, 0)
    os.write(fd, f"pid=4242\npurpose={purpose}\nstarted=09:00:00\n".encode())
    return fd


@pytest.mark.parametrize("holder,words", [("serve", ["本地预览", "Ctrl+C"]), ("build", ["另一个构建", "4242", "等待 0.5 秒"])])
def test_a_build_says_in_chinese_that_another_is_running(project, versions, holder, words):
    fd = _hold_lock(project, holder)
    try:
        run = faultrun(project, "--fake-site", str(versions[2][0]), args=("build", "--wait", "0.5"))
    finally:
        os.close(fd)
    _environment_fault(run, project / "site", versions[1][1], *words)
    next_build_succeeds(project, versions, fake=True)


def test_a_waiting_build_goes_ahead_when_the_other_finishes(project, versions):
    fd = _hold_lock(project, "build")
    waiting = subprocess.Popen([sys.executable, str(FAULTRUN), "--fake-site", str(versions[2][0]), "--",
                                "--root", str(project), "build"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        said = ""
        while "等待它结束" not in said:  # the build says it waits, and waits
            line = waiting.stderr.readline()
            assert line, f"the build ended without waiting: {said}"
            said += line
        assert waiting.poll() is None
    finally:
        os.close(fd)  # the other build ends
    out, err = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, err
    assert state(project / "site", versions) == "v2"


def test_serve_refuses_to_start_while_a_build_holds_the_lock(project):
    fd = _hold_lock(project, "build")
    try:
        run = faultrun(project, args=("serve", "--addr", "127.0.0.1:0"), timeout=60)
    finally:
        os.close(fd)
    assert run.returncode == 2, run.stderr
    assert "另一个构建" in run.stderr and "预览没有开始" in run.stderr and "Traceback" not in run.stderr


def test_exchange_really_swaps_on_this_filesystem(tmp_path):
    """The atomic switch the build relies on works here (renameat2 with RENAME_EXCHANGE)."""
    from generator.site.publish import exchange

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x").write_text("a", encoding="utf-8")
    (tmp_path / "b" / "x").write_text("b", encoding="utf-8")
    try:
        exchange(tmp_path / "a", tmp_path / "b")
    except OSError as exc:
        if exc.errno in (errno.EINVAL, errno.ENOSYS):
            pytest.skip(f"this filesystem has no RENAME_EXCHANGE ({exc.strerror}); the fallback is tested above")
        raise
    assert (tmp_path / "a" / "x").read_text(encoding="utf-8") == "b"
    assert (tmp_path / "b" / "x").read_text(encoding="utf-8") == "a"


def test_the_new_site_keeps_the_old_sites_permissions(project, versions):
    (project / "site").chmod(0o751)
    run = faultrun(project, "--fake-site", str(versions[2][0]))
    assert run.returncode == 0, run.stderr
    assert (project / "site").stat().st_mode & 0o777 == 0o751


def test_two_builds_with_different_clocks_are_byte_identical(tmp_path):
    """Every file, the calendars' DTSTAMP and the sitemap's lastmod included: nothing comes from the wall clock."""
    faketime = shutil.which("faketime")
    if faketime is None:
        pytest.skip("faketime is not installed (make setup-test installs it)")
    root = _tiny(tmp_path / "project", 2)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    sites = []
    for clock in (None, "2031-06-01 12:34:56"):
        site = tmp_path / f"site-{clock is None}"
        prefix = [faketime, clock] if clock else []
        run = subprocess.run([*prefix, sys.executable, "-m", "generator", "--root", str(root), "build",
                              "--site-dir", str(site)], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
        assert run.returncode == 0, run.stderr
        sites.append(site)
    if clock:
        probe = subprocess.run([faketime, clock, sys.executable, "-c", "import time; print(time.gmtime().tm_year)"],
                               capture_output=True, text=True)
        assert probe.stdout.strip() == "2031", "faketime did not change the clock"
    files = sorted(p.relative_to(sites[0]) for p in sites[0].rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(sites[1]) for p in sites[1].rglob("*") if p.is_file())
    differ = [str(f) for f in files if (sites[0] / f).read_bytes() != (sites[1] / f).read_bytes()]
    assert differ == []
    ics = (sites[0] / "2019-10" / "2019-10.ics").read_text(encoding="utf-8")
    assert "DTSTAMP:20191001T000000Z" in ics  # the month's first day: 2019-10 has no 印发日期
    assert "<lastmod>2019-10-01</lastmod>" in (sites[0] / "sitemap.xml").read_text(encoding="utf-8")


def test_source_date_epoch_sets_the_calendar_and_sitemap_dates(tmp_path):
    root = _tiny(tmp_path / "project", 2)
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(time.mktime((2024, 3, 5, 12, 0, 0, 0, 0, -1))))}
    run = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build"],
                         capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "DTSTAMP:20240305" in (root / "site" / "2019-10" / "2019-10.ics").read_text(encoding="utf-8")
    assert "<lastmod>2024-03-05</lastmod>" in (root / "site" / "sitemap.xml").read_text(encoding="utf-8")
