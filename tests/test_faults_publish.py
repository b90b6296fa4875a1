"""Faults of issue 20 in building, caching, previewing and hosting; each test failed before its fix.

The build writes only where it may (``--site-dir``, links under ``build/``, permissions under any
umask); a cache entry proves what it is (key and seal, content digests, no special files); the
environment is named when it is at fault (``SOURCE_DATE_EPOCH``, a full ``TMPDIR``, the full
disk while publishing, the lock after ``make clean``); the preview serves its folder and
nothing else and answers bad requests with a status; ``404.html`` works at any base path.
See ``docs/safety.md``, "第三轮故障：构建、缓存、预览和发布".
"""

from __future__ import annotations

import fcntl
import functools
import http.client
import http.server
import os
import pickle
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from test_bad_input import NOTICE, tree_digest
from test_faults import FAULTRUN, _tiny, faultrun, project, state, versions  # noqa: F401  (fixtures)

OLD = time.time() - 40 * 86400
"""A modification time older than every cache's keeping time (14 days)."""


def _fake(versions) -> tuple[str, str]:
    return ("--fake-site", str(versions[2][0]))


# -- 1. the build writes only where it may ------------------------------------------------------------------

def _refused(run, *words: str) -> None:
    assert run.returncode == 2, run.stderr
    for word in words:
        assert word in run.stderr, run.stderr
    assert "Traceback" not in run.stderr


def test_a_site_dir_holding_someone_elses_files_is_refused_and_untouched(project, versions, tmp_path):
    other = tmp_path / "www"
    (other / "backup").mkdir(parents=True)
    (other / "index.html").write_text("另一个系统的首页", encoding="utf-8")
    (other / "backup" / "db.sql").write_text("备份", encoding="utf-8")
    before = tree_digest(other)
    run = faultrun(project, *_fake(versions), site_dir=other)
    _refused(run, str(other), "不是本工具发布的网站", ".zuzhishenghuo-site")
    assert tree_digest(other) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "www"]  # no .www.new-… either


@pytest.mark.parametrize("where", [".", "content", "data/months", "content/new-site", ".."])
def test_a_site_dir_that_is_or_holds_or_lies_in_the_sources_is_refused(project, versions, where):
    before = tree_digest(project / "content"), tree_digest(project / "data")
    run = faultrun(project, *_fake(versions), site_dir=(project / where).resolve())
    _refused(run, "构建没有开始")
    assert (tree_digest(project / "content"), tree_digest(project / "data")) == before
    assert not (project / "content" / "new-site").exists()


def test_an_empty_site_dir_is_used_and_marked_then_replaced_again(project, versions, tmp_path):
    site = tmp_path / "www"
    site.mkdir()
    first = faultrun(project, *_fake(versions), site_dir=site)
    assert first.returncode == 0, first.stderr
    assert (site / ".zuzhishenghuo-site").is_file() and (site / "index.html").is_file()
    (project / "build" / "published.json").unlink()  # publish again although nothing changed
    again = faultrun(project, *_fake(versions), site_dir=site)
    assert again.returncode == 0, again.stderr
    assert (site / ".zuzhishenghuo-site").is_file()


def _outside(tmp_path: Path) -> Path:
    """A folder outside the project with old files and an old cache-entry-like folder."""
    outside = tmp_path / "outside"
    (outside / "entry").mkdir(parents=True)
    for path in (outside / "old.txt", outside / "entry" / "manifest.json", outside / "entry" / "0", outside / "x.md"):
        path.write_text("不能删", encoding="utf-8")
        os.utime(path, (OLD, OLD))
    os.utime(outside / "entry", (OLD, OLD))
    return outside


def test_links_under_build_are_removed_as_links_never_followed(project, versions, tmp_path):
    first = faultrun(project, *_fake(versions))
    assert first.returncode == 0, first.stderr
    outside = _outside(tmp_path)
    before = tree_digest(outside)
    build = project / "build"
    links = [build / "cache" / "zz", build / "read-cache" / "zz", build / "pagefind-pages", build / "engine-mkdocs" / "docs" / "zz"]
    for link in links:
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.exists():
            shutil.rmtree(link)
        link.symlink_to(outside, target_is_directory=True)
    (project / "build" / "published.json").unlink()  # a build that publishes and prunes
    run = faultrun(project, *_fake(versions))
    assert run.returncode == 0, run.stderr
    assert tree_digest(outside) == before, "a file outside the project was deleted through a link under build/"
    assert not any(link.is_symlink() for link in links)


def test_a_cache_shard_linked_outside_is_not_read_or_pruned(tmp_path):
    from generator.builder.cache import Cache

    outside = _outside(tmp_path)
    cache = Cache(tmp_path / "build" / "cache")
    cache.folder.mkdir(parents=True)
    (cache.folder / "ab").symlink_to(outside, target_is_directory=True)
    assert cache.get("ab" + "0" * 62) is None
    cache.prune()
    assert (outside / "entry" / "manifest.json").is_file() and (outside / "old.txt").is_file()
    assert not (cache.folder / "ab").is_symlink()


def test_published_files_are_readable_by_the_web_server_under_umask_077(project, versions, tmp_path):
    site = tmp_path / "www"
    run = faultrun(project, *_fake(versions), site_dir=site, preexec=lambda: os.umask(0o077))
    assert run.returncode == 0, run.stderr
    modes = {p.relative_to(site).as_posix(): p.stat().st_mode & 0o777 for p in site.rglob("*")}
    assert site.stat().st_mode & 0o777 == 0o755
    wrong = {rel: oct(mode) for rel, mode in modes.items()
             if mode != (0o755 if (site / rel).is_dir() else 0o644)}
    assert wrong == {}


# -- 2. a cache entry proves what it is ----------------------------------------------------------------------

def test_a_cache_entry_swapped_for_another_is_rendered_again(tmp_path):
    from generator.builder.cache import Cache

    cache = Cache(tmp_path / "cache")
    old_key, new_key = "a1" + "0" * 62, "b2" + "0" * 62
    cache.put(old_key, {"2019-10/x.pdf": b"old booklet"})
    cache.put(new_key, {"2019-10/x.pdf": b"new booklet"})
    shutil.rmtree(cache.folder / new_key[:2] / new_key)
    shutil.copytree(cache.folder / old_key[:2] / old_key, cache.folder / new_key[:2] / new_key)  # complete, self-consistent
    assert cache.get(new_key) is None
    assert cache.stats.damaged == 1
    assert cache.get(old_key).files["2019-10/x.pdf"].read_bytes() == b"old booklet"


@pytest.mark.parametrize("kind", ["link to an identical file outside", "named pipe"])
def test_a_cache_file_that_is_no_regular_file_is_damage(tmp_path, kind):
    """The link failed before (read through, outside the project); the pipe was already damage (its size)."""
    from generator.builder.cache import Cache

    cache = Cache(tmp_path / "cache")
    key = "c3" + "0" * 62
    entry = cache.put(key, {"2019-10/x.pdf": b"booklet"})
    path = entry.files["2019-10/x.pdf"]
    path.unlink()
    if kind == "named pipe":
        os.mkfifo(path)
    else:
        outside = tmp_path / "outside.pdf"
        outside.write_bytes(b"booklet")
        path.symlink_to(outside)
    assert cache.get(key) is None
    assert not path.is_symlink() and (tmp_path / "outside.pdf").exists() == (kind != "named pipe")


def _read_cache_script(folder: Path, body: str) -> subprocess.CompletedProcess:
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from pathlib import Path; "
            "from generator.read.readcache import ReadCache; rc = ReadCache(Path(sys.argv[2])); " + body)
    return subprocess.run([sys.executable, "-c", code, str(ROOT), str(folder)], capture_output=True, text=True,
                          timeout=60)


def test_a_read_cache_entry_replaced_by_an_earlier_parse_is_not_taken(tmp_path):
    from generator.read.readcache import ReadCache

    folder = tmp_path / "read-cache"
    rc = ReadCache(folder)
    source = tmp_path / "2019-10.yml"
    assert rc.get("yaml", source, b"theme: v1", lambda: "parse of v1") == "parse of v1"
    assert rc.get("yaml", source, b"theme: v2", lambda: "parse of v2") == "parse of v2"
    entries = sorted(p for p in folder.glob("*/*"))
    assert len(entries) == 2
    v1 = next(p for p in entries if b"v1" in p.read_bytes())
    v2 = next(p for p in entries if p != v1)
    shutil.copyfile(v1, v2)  # the edit's entry now holds the earlier parse
    assert ReadCache(folder).get("yaml", source, b"theme: v2", lambda: "parse of v2") == "parse of v2"


def test_a_named_pipe_in_the_read_cache_does_not_hang_the_read(tmp_path):
    from generator.read.readcache import ReadCache

    folder = tmp_path / "read-cache"
    ReadCache(folder).get("yaml", tmp_path / "a.yml", b"x: 1", lambda: "parsed")
    (entry,) = folder.glob("*/*")
    entry.unlink()
    os.mkfifo(entry)
    try:
        run = _read_cache_script(folder, f"print(rc.get('yaml', Path({str(tmp_path / 'a.yml')!r}), b'x: 1', "
                                         "lambda: 'parsed again'))")
    except subprocess.TimeoutExpired:
        pytest.fail("reading the read cache waited for ever on a named pipe")
    assert run.returncode == 0 and run.stdout.strip() == "parsed again", run.stderr


PNG_1PX = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                        "0000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")


def test_an_image_replaced_with_the_same_size_and_time_is_checked_again(project_copy):
    notice = project_copy / NOTICE
    image = notice.parent / "ok.png"
    image.write_bytes(PNG_1PX)
    with notice.open("a", encoding="utf-8") as f:
        f.write("\n\n![示意图](ok.png)\n")
    first = run_cli(project_copy, "check")
    assert first.returncode == 0, first.stderr
    st = image.stat()
    fake = b"<html><script>alert(1)</script>"
    image.write_bytes(fake + b" " * (len(PNG_1PX) - len(fake)))
    os.utime(image, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert image.stat().st_size == st.st_size and image.stat().st_mtime_ns == st.st_mtime_ns
    again = run_cli(project_copy, "check")
    assert again.returncode == 1, again.stdout + again.stderr
    assert "ok.png" in again.stderr


# -- the environment named ----------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["garbage", "-1", "99999999999"])
def test_a_wrong_source_date_epoch_is_named(project, versions, value):
    env = {**os.environ, "SOURCE_DATE_EPOCH": value, "ZZSH_JOBS": "1"}
    run = subprocess.run([sys.executable, str(FAULTRUN), *_fake(versions), "--", "--root", str(project), "build"],
                         capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    _refused(run, "SOURCE_DATE_EPOCH", value, "unset SOURCE_DATE_EPOCH")
    assert state(project / "site", versions) == "v1"


def _tmpfs(mount: Path, kib: int) -> None:
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={kib}k", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")


def test_a_full_tmpdir_is_named_not_build(project, versions, tmp_path):
    mount = tmp_path / "tmp"
    _tmpfs(mount, 64)
    try:
        (mount / "fill").write_bytes(b"\0" * (56 * 1024))  # room for tempfile's probe, not for Pagefind's pages
        env = {**os.environ, "TMPDIR": str(mount), "ZZSH_JOBS": "1"}
        run = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "build"],
                             capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)
    _refused(run, "TMPDIR", str(mount))
    assert "/build" not in run.stderr, run.stderr
    assert state(project / "site", versions) == "v1"


def test_a_full_disk_while_publishing_names_the_sites_disk(project, versions, tmp_path):
    mount = tmp_path / "disk"
    size = sum(p.stat().st_size for p in versions[1][0].rglob("*") if p.is_file())
    _tmpfs(mount, size // 1024 + 2048)  # the old site and 2 MB: the new site's pages do not fit
    try:
        site = mount / "site"
        shutil.copytree(versions[1][0], site)
        (site / ".zuzhishenghuo-site").touch()
        before = tree_digest(site)
        run = faultrun(project, site_dir=site)
        _refused(run, "磁盘空间不足", str(mount))
        assert str(project / "build") not in run.stderr, run.stderr
        assert tree_digest(site) == before
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_the_previews_lock_outlives_make_clean(project, versions):
    from generator.site.publish import ProjectLock

    with ProjectLock(project, "serve", wait=0):
        shutil.rmtree(project / "build", ignore_errors=True)  # make clean, while the preview runs
        run = faultrun(project, *_fake(versions), args=("build", "--wait", "0.5"))
    _refused(run, "本地预览", "Ctrl+C")
    assert state(project / "site", versions) == "v1"


def test_a_lock_file_deleted_under_the_preview_still_keeps_builds_out(project, versions):
    from generator.site.publish import LOCK_FILE, ProjectLock

    with ProjectLock(project, "serve", wait=0):
        (project / LOCK_FILE).unlink()  # rm -f .build.lock, or git clean -fdx
        run = faultrun(project, *_fake(versions), args=("build", "--wait", "0.5"))
    _refused(run, "另一个构建或本地预览正在运行")
    assert state(project / "site", versions) == "v1"


# -- 5. the preview serves its folder and nothing else --------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def preview_server(tmp_path, monkeypatch):
    """An in-process preview server on a free port, its state, and the project folder it runs in (the cwd)."""
    from generator.commands import serve

    project = tmp_path / "project"
    project.mkdir()
    (project / "secret.yml").write_text("x" * 1234, encoding="utf-8")
    monkeypatch.chdir(project)
    state = serve._State()
    server = serve._bind(f"127.0.0.1:{_free_port()}", state)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], state, project
    server.shutdown()
    server.server_close()


def _request(port: int, method: str, path: str) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    conn.putrequest(method, path, skip_accept_encoding=True)
    conn.endheaders()
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), body


def test_the_preview_before_its_first_build_shows_nothing_of_the_project(preview_server):
    port, state, project = preview_server
    for method in ("HEAD", "GET"):
        for path in ("/secret.yml", "/", "/.git/config"):
            status, headers, body = _request(port, method, path)
            assert headers.get("Content-Length") != "1234", (method, path)
            assert headers.get("Content-Type", "").startswith("text/html"), (method, path, headers)
            if method == "GET":
                assert "正在生成预览".encode() in body and b"xxxx" not in body


def test_the_preview_answers_bad_requests_with_a_status_and_no_traceback(preview_server, tmp_path, capfd):
    port, state, project = preview_server
    site = tmp_path / "served"
    site.mkdir()
    (site / "index.html").write_text("<html><body>首页</body></html>", encoding="utf-8")
    (site / "big.pdf").write_bytes(b"%PDF" + b"\0" * (8 << 20))
    state.publish(site_dir=site)
    for method in ("HEAD", "GET"):
        status, _, _ = _request(port, method, "/%00")
        assert 400 <= status < 500
    status, _, _ = _request(port, "GET", "/..%2f..%2fsecret.yml")
    assert status == 404
    assert _request(port, "HEAD", "/")[0] == 200
    for _ in range(3):  # clients that go away in the middle of a download
        with socket.create_connection(("127.0.0.1", port)) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.sendall(b"GET /big.pdf HTTP/1.1\r\nHost: x\r\n\r\n")
            s.recv(100)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # reset, not close
    time.sleep(1)
    assert _request(port, "GET", "/")[0] == 200  # still serving
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Exception" not in err, err


def test_an_idle_event_stream_ends(preview_server, monkeypatch):
    from generator.commands import serve

    port, state, _ = preview_server
    monkeypatch.setattr(serve._Handler, "stream_seconds", 1, raising=False)
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(f"GET {serve.EVENTS} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        data, deadline = b"", time.monotonic() + 40  # keep-alive lines come every 15 s: a deadline, not a timeout
        while True:
            try:
                chunk = s.recv(4096)
            except socket.timeout:
                chunk = None
            if chunk == b"":
                break
            data += chunk or b""
            if time.monotonic() > deadline:
                pytest.fail("the idle event stream was still open after 40 s")
    assert b"text/event-stream" in data and b"data: 0" in data


def test_serve_host_listens_beyond_this_machine_and_says_so(project_copy, tmp_path):
    port = _free_port()
    log = tmp_path / "out.txt"
    with log.open("w") as out:
        preview = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(project_copy), "serve",
                                    "--host", "0.0.0.0", "--addr", f"127.0.0.1:{port}"],
                                   cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, text=True)
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and "注意" not in log.read_text(encoding="utf-8"):
                assert preview.poll() is None, log.read_text(encoding="utf-8")
                time.sleep(0.3)
            listening = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True).stdout
        finally:
            preview.terminate()
            preview.wait(timeout=60)
    text = log.read_text(encoding="utf-8")
    assert "注意" in text and "同一网络" in text and "手机" in text, text
    if listening:
        assert f"0.0.0.0:{port}" in listening, listening


def test_make_serve_passes_host():
    dry = subprocess.run(["make", "-n", "serve", "HOST=0.0.0.0"], capture_output=True, text=True, cwd=ROOT)
    assert "serve --host '0.0.0.0'" in dry.stdout, dry.stdout + dry.stderr
    plain = subprocess.run(["make", "-n", "serve"], capture_output=True, text=True, cwd=ROOT)
    assert "--host" not in plain.stdout


# -- 9. 404.html at any base path ---------------------------------------------------------------------------

class _Hosting(http.server.SimpleHTTPRequestHandler):
    """A static host that answers a missing address with the site's 404.html (status 404), as nginx's
    ``error_page 404`` and GitHub Pages do; ``base`` is where the site lies under the served root."""

    base = "/"

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.exists():
            return super().send_head()
        page = Path(self.directory) / self.base.strip("/") / "404.html"
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io
        return io.BytesIO(body)


@pytest.mark.parametrize("base", ["/", "/zuzhishenghuo/", "/x/y/"])
def test_the_404_page_works_at_any_base_path(versions, browser, tmp_path, base):
    served = tmp_path / "www"
    site = served / base.strip("/") if base != "/" else served
    shutil.copytree(versions[2][0], site)
    handler = type("Host", (_Hosting,), {"base": base})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(served)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    page = browser.new_page()
    failed = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and r.request.resource_type != "document" else None)
    try:
        for missing in ("nope", "no/such/page/"):
            response = page.goto(f"{origin}{base}{missing}")
            assert response.status == 404
            page.wait_for_load_state("networkidle")
            styled = page.evaluate("""() => [...document.styleSheets].filter(s => s.href && s.href.includes('main')
                                             && s.cssRules.length > 0).length""")
            assert styled == 1, f"the theme's style sheet did not load at {base}{missing}"
            icon = page.evaluate("() => { const i = document.querySelector('.md-header svg, .md-logo img, .md-logo svg');"
                                 " return i ? i.getBoundingClientRect().width : 0; }")
            assert icon < 100, f"a giant icon ({icon}px) at {base}{missing}"
            home = page.evaluate("() => document.querySelector('a.md-header__button.md-logo, a.md-logo').href")
            assert home == f"{origin}{base}", home
            # every style sheet and script of the page from the site's own folder, and loaded
            sources = page.evaluate("""() => [...document.querySelectorAll('link[rel=stylesheet], script[src]')]
                                       .map(e => e.href || e.src)""")
            assert sources and all(url.startswith(f"{origin}{base}assets/") for url in sources), sources
            loaded = page.evaluate("() => performance.getEntriesByType('resource').map(e => [e.name, e.responseStatus])")
            for url in sources:
                assert [url, 200] in [list(e) for e in loaded], (url, loaded)
        # what failed: only the probes for 404.html and the browser's look-ahead fetches relative to the
        # address asked (made before the page declares its base; superseded by the loads above)
        stray = [u for u in failed if not u.endswith("/404.html") and not u.startswith(f"{origin}{base}no/")]
        assert stray == [], stray
    finally:
        page.close()
        server.shutdown()


def test_the_404_page_has_no_link_left_to_the_configured_path(tmp_path):
    """Both engines' forms: ``/zuzhishenghuo/…`` (MkDocs) and ``/zuzhishenghuo`` (Zensical's logo link)."""
    import re

    from generator.site.notfound import fix_404

    (tmp_path / "404.html").write_text(
        '<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/zuzhishenghuo/assets/a.css">'
        '</head><body><a href="/zuzhishenghuo">首页</a><a href="/zuzhishenghuo/">首页</a>'
        '<a href="/zuzhishenghuo/2019-10/">十月</a><script src="/zuzhishenghuo/assets/b.js"></script></body></html>',
        encoding="utf-8")
    assert fix_404(tmp_path, "https://dangjian.example.edu.cn/zuzhishenghuo/")
    text = (tmp_path / "404.html").read_text(encoding="utf-8")
    links = re.findall(r'\s(?:href|src)="([^"]*)"', text)
    assert links == ["assets/a.css", "./", "./", "2019-10/", "assets/b.js"], links
    assert text.index("<script>") < text.index("<link")  # the base is declared before any link is read
