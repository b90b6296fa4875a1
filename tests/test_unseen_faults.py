"""Faults of the second round (issue 8): links out of the project, files a browser would run, escapes
in YAML strings, invisible direction marks, pathological tables and nesting, the machine itself.

Each case is one a clerk or an attacker can produce and the first round did not try; each
failed before its fix (``docs/safety.md``, "第二轮故障"). Like the corpus of
``tests/test_bad_input.py``: exit 1, one Chinese error at the right file and line, no
English, the last good site byte-identical, no litter.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import run_cli
from test_bad_input import (ENGLISH, ERROR_LINE, MONTH, NOTICE, ORG, _append_body, _replace,  # noqa: F401
                            assert_one_error_site_untouched, line_of, shared_site, tree_digest)

IMAGE_DIR = NOTICE.parent


def _symlink(target):
    """Replaces the file by a symbolic link to ``target``."""
    def change(path: Path):
        path.unlink()
        path.symlink_to(target)
    return change


def _beside(name: str, data: bytes, text: str):
    """Writes ``data`` as ``name`` beside the changed Markdown file and appends ``text`` to its body."""
    def change(path: Path):
        (path.parent / name).write_bytes(data)
        _append_body(text)(path)
    return change


SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)">'
       b'<script>alert(1)</script><rect width="10" height="10"/></svg>')
PNG_1PX = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                        "0000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")

# (what, file, change, line marker (None: the file as a whole), words the message must hold)
CASES = [
    # links out of the project: nothing outside is read, not even to check it
    ("attachment that is a symlink to a file outside", NOTICE, _symlink("/etc/passwd"), None, ["符号链接", "/etc/passwd"]),
    ("month file that is a symlink outside", MONTH, _symlink("/etc/hostname"), None, ["符号链接", "/etc/hostname"]),
    ("organisation file that is a symlink to /etc/passwd", ORG, _symlink("/etc/passwd"), None, ["符号链接"]),
    ("a symlink that points at itself", Path("content/2019-10/循环.md"), lambda p: p.symlink_to(p.name), None, ["循环"]),
    ("a symlinked folder to / inside content", Path("content/2019-10/根"), lambda p: p.symlink_to("/"), None,
     ["符号链接", "cp -r"]),
    # escapes in YAML strings write what the file's text cannot hold
    ("lone surrogate written as an escape", MONTH, _replace("title: 党支部组织生活指导材料", 'title: "党支部组织生活指导材料\\ud800"'),
     "title:", ["代理码", "转义"]),
    ("NUL written as an escape", MONTH, _replace("title: 党支部组织生活指导材料", 'title: "党支部组织生活指导材料\\x00"'),
     "title:", ["U+0000", "转义"]),
    ("Word soft break written as an escape in a body's front matter", NOTICE,
     _replace("signature: 党委组织部", 'signature: "党委\\v组织部"'), "signature:", ["U+000B"]),
    # invisible characters that change what a reader sees or finds
    ("right-to-left override in a title", MONTH, _replace("title: 党支部组织生活指导材料", "title: 党支部组织生活\u202e料材导指"),
     "\u202e", ["U+202E", "倒着"]),
    ("right-to-left override in an attachment body", NOTICE, _append_body("附件\u202ecod.exe"), "\u202e", ["U+202E"]),
    ("zero-width space in a theme", MONTH, _replace("学习习近平新时代", "学习\u200b习近平新时代"), "\u200b", ["U+200B", "搜索"]),
]


@pytest.mark.parametrize("what,rel,change,marker,words", CASES, ids=[c[0] for c in CASES])
def test_unseen_fault_one_chinese_error_and_the_site_untouched(project_copy, shared_site, what, rel, change, marker,
                                                                words):
    site, digest = shared_site
    change(project_copy / rel)
    assert_one_error_site_untouched(project_copy, site, digest, rel, marker, words)


def test_a_month_file_linked_from_outside_never_reaches_the_site(project_copy, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "elsewhere.yml"
    outside.write_text((project_copy / MONTH).read_text(encoding="utf-8").replace("学习习近平新时代", "OUTSIDE-7731学习习近平新时代", 1),
                       encoding="utf-8")
    (project_copy / MONTH).unlink()
    (project_copy / MONTH).symlink_to(outside)
    run = run_cli(project_copy, "build")
    assert run.returncode == 1, run.stderr
    assert not (project_copy / "site").exists()
    assert "OUTSIDE-7731" not in run.stderr


def test_a_content_folder_linked_from_outside_is_refused_not_a_crash(project_copy, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("outside") / "content"
    shutil.move(project_copy / "content", elsewhere)
    (project_copy / "content").symlink_to(elsewhere)
    run = run_cli(project_copy, "check")
    assert run.returncode == 1, run.stderr
    assert run.stderr.startswith("content: 这是指向项目以外的符号链接"), run.stderr
    assert "不是内容问题" not in run.stderr


def test_links_inside_the_project_are_allowed(project_copy):
    (project_copy / "content/2019-10/同一个通知.md").symlink_to("附件1-后进党支部排查和整顿工作的通知.md")
    run = run_cli(project_copy, "check")
    assert run.returncode == 0, run.stderr


def _huge_png() -> bytes:
    """A PNG that declares 20 000 × 20 000 pixels (1.6 GB decoded) in about 400 KB."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = zlib.compress(b"\x00" * (20_001 * 20_000), 9)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 20_000, 20_000, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


CASES_FILES = [
    # files a browser runs: the site carried them as they were
    ("SVG image with script", NOTICE, _beside("图.svg", SVG, "\n\n![图](图.svg)\n"), "图.svg", [".svg", "PNG"]),
    ("HTML file renamed .png", NOTICE, _beside("图.png", b"<html><script>alert(1)</script></html>", "\n\n![图](图.png)\n"),
     "图.png", ["不是图片"]),
    ("link to an HTML page beside the attachment", NOTICE,
     _beside("页.html", b"<script>alert(1)</script>", "\n\n[详见](页.html)\n"), "页.html", [".html", "PDF"]),
    ("link to a JavaScript file", NOTICE, _beside("a.js", b"alert(1)", "\n\n[脚本](a.js)\n"), "a.js", [".js"]),
    ("link to an SVG file", NOTICE, _beside("图.svg", SVG, "\n\n[图](图.svg)\n"), "图.svg", [".svg"]),
    ("image with a huge picture in a small file", NOTICE, None, "big.png", ["太大", "百万像素"]),
    ("image that is a text file", NOTICE, _beside("坏.png", b"not an image", "\n\n![图](坏.png)\n"), "坏.png", ["不是图片"]),
    ("JPEG named .png", NOTICE, None, "假.png", ["JPEG", ".png"]),
    ("image symlinked to a file outside", IMAGE_DIR / "x.png",
     lambda p: (p.symlink_to("/etc/passwd"), _append_body("\n\n![图](x.png)\n")(p.parent / NOTICE.name)), None, ["符号链接"]),
    # links that leave the site
    ("link to an absolute path", NOTICE, _append_body("\n\n[附表](/etc/passwd)\n"), "/etc/passwd", ["以 / 或 \\ 开头"]),
    ("protocol-relative link", NOTICE, _append_body('\n\n<a href="//evil.example/x">x</a>\n'), "//evil.example", ["以 / 或 \\ 开头"]),
]


def _jpeg_named_png(path: Path):
    from PIL import Image

    Image.new("RGB", (4, 4)).save(path.parent / "假.png", format="JPEG")
    _append_body("\n\n![图](假.png)\n")(path)


CASES_FILES[5] = (*CASES_FILES[5][:2], _beside("big.png", _huge_png(), "\n\n![图](big.png)\n"), *CASES_FILES[5][3:])
CASES_FILES[7] = (*CASES_FILES[7][:2], _jpeg_named_png, *CASES_FILES[7][3:])


@pytest.mark.parametrize("what,rel,change,marker,words", CASES_FILES, ids=[c[0] for c in CASES_FILES])
def test_unseen_file_fault_one_chinese_error_and_the_site_untouched(project_copy, shared_site, what, rel, change, marker,
                                                                     words):
    test_unseen_fault_one_chinese_error_and_the_site_untouched(project_copy, shared_site, what, rel, change, marker, words)


def test_an_image_replaced_after_a_good_check_is_checked_again(project_copy):
    """The read cache keeps a body's check by its bytes; swapping the picture beside it must not pass."""
    (project_copy / IMAGE_DIR / "图.png").write_bytes(PNG_1PX)
    _append_body("\n\n![图](图.png)\n")(project_copy / NOTICE)
    assert run_cli(project_copy, "check").returncode == 0
    (project_copy / IMAGE_DIR / "图.png").write_bytes(SVG)
    run = run_cli(project_copy, "check")
    assert run.returncode == 1 and "不是图片" in run.stderr, run.stderr


CASES_LAYOUT = [
    # inputs that kept the booklet busy for ever, or crashed it
    ("a row of 3000 cells", NOTICE, _append_body("\n\n|" + "a|" * 3000 + "\n|" + "-|" * 3000 + "\n|" + "x|" * 3000 + "\n"),
     "|a|a|", ["3000 格", "60 列"]),
    ("colspan of 100000", NOTICE, _append_body('\n\n<table><tr><td colspan="100000">x</td></tr></table>\n'), "colspan",
     ["colspan", "1 到 60"]),
    ("col span of 100000", NOTICE, _append_body('\n\n<table><colgroup><col span="100000"></colgroup><tr><td>x</td></tr></table>\n'),
     "span=", ["span"]),
    ("rowspan that is no number", NOTICE, _append_body('\n\n<table><tr><td rowspan="1e9">x</td></tr></table>\n'), "rowspan",
     ["rowspan"]),
    ("2000 quote marks on one line", NOTICE, _append_body("\n\n" + ">" * 2000 + " 引用\n"), ">>>>", ["嵌套层次太深"]),
    ("200 nested div elements", NOTICE, _append_body("\n\n" + "<div>\n" * 200 + "x\n" + "</div>\n" * 200),
     None, ["嵌套层次太深"]),
]
CASES_LAYOUT[-1] = (*CASES_LAYOUT[-1][:3], 18 + 2 + 50, CASES_LAYOUT[-1][4])  # the 51st <div>: body line 18, two blank lines


@pytest.mark.parametrize("what,rel,change,marker,words", CASES_LAYOUT, ids=[c[0] for c in CASES_LAYOUT])
def test_unseen_layout_fault_is_refused_before_the_booklet(project_copy, shared_site, what, rel, change, marker, words):
    test_unseen_fault_one_chinese_error_and_the_site_untouched(project_copy, shared_site, what, rel, change, marker, words)


# -- the machine ------------------------------------------------------------------------------------

def test_a_damaged_cache_entry_is_rendered_again_not_a_failed_build(project_copy):
    """Entries whose manifest became a folder (a bad restore, a copy tool) are damaged, not a reason to stop."""
    assert run_cli(project_copy, "build").returncode == 0
    entries = [e for shard in (project_copy / "build/cache").iterdir() if shard.is_dir() for e in shard.iterdir()]
    for entry in entries:
        shutil.rmtree(entry)
        (entry / "manifest.json" / "x").mkdir(parents=True)
    _replace("学习习近平新时代", "学习贯彻习近平新时代")(project_copy / MONTH)
    run = run_cli(project_copy, "build")
    assert run.returncode == 0, run.stderr
    assert "贯彻" in (project_copy / "site/2019-10/index.html").read_text(encoding="utf-8")


def test_a_file_size_limit_is_named_in_chinese(project_copy, built):
    import resource
    import subprocess
    import sys

    from conftest import ROOT

    shutil.copytree(built[1], project_copy / "site")
    digest = tree_digest(project_copy / "site")
    _replace("学习习近平新时代", "学习贯彻习近平新时代")(project_copy / MONTH)
    limit = 200 * 1024  # a booklet is larger
    run = subprocess.run([sys.executable, "-m", "generator", "--root", str(project_copy), "build"], capture_output=True,
                         text=True, cwd=ROOT, timeout=600,
                         preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)))
    assert run.returncode == 2, run.stderr
    assert "ulimit -f" in run.stderr and "200 KB" in run.stderr, run.stderr
    assert "未知位置" not in run.stderr and not ENGLISH.search(run.stderr), run.stderr
    assert tree_digest(project_copy / "site") == digest


@pytest.mark.parametrize("addr,words", [("busy", ["已被其他程序占用", "--addr 127.0.0.1:"]), ("abc", ["写法不对"]),
                                        ("127.0.0.1:99999", ["写法不对"]), ("nohost.invalid:8001", ["没有这个地址"])])
def test_a_preview_that_cannot_listen_says_why_in_chinese(project_copy, addr, words):
    import socket

    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        if addr == "busy":
            addr = f"127.0.0.1:{holder.getsockname()[1]}"
        run = run_cli(project_copy, "serve", "--addr", addr)
    assert run.returncode == 2, run.stderr
    for word in words:
        assert word in run.stderr, run.stderr
    assert "Traceback" not in run.stderr and not ENGLISH.search(run.stderr), run.stderr


def test_a_preview_ended_by_kill_says_so_in_chinese_only(project_copy, tmp_path_factory):
    import signal
    import socket
    import subprocess
    import sys
    import time

    from conftest import ROOT

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path_factory.mktemp("preview") / "out.txt"
    with log.open("w") as out:
        preview = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(project_copy), "serve", "--addr",
                                    f"127.0.0.1:{port}"], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, text=True)
        try:
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline and "已更新" not in log.read_text(encoding="utf-8"):
                time.sleep(0.5)
            time.sleep(1)  # idle, watching files
        finally:
            preview.send_signal(signal.SIGTERM)
            preview.wait(timeout=60)
    text = log.read_text(encoding="utf-8")
    assert "已更新" in text and "预览已结束" in text, text
    assert "KeyboardInterrupt" not in text and "Traceback" not in text, text


NEW_MONTH = Path("data/months/2019-11.yml")
CASES_TYPING = [
    # what a Chinese input method and an empty new file produce
    ("full-width digits in a deadline date", NOTICE, _replace("date: 2019-08-26", "date: ２０１９-０８-２６"), "date: ２０１９",
     ["全角", "2019-08-26"]),
    ("full-width digits in the month (no false file-name error)", MONTH, _replace("month: 2019-10", "month: ２０１９-１０"),
     "month:", ["全角", "2019-10"]),
    ("full-width digit as a number", MONTH, _replace("ordinal: 6", "ordinal: ６"), "ordinal:", ["全角", "写成 6"]),
    ("full-width colon in a time", MONTH, _replace('end: "16:50"', 'end: "16：50"'), "16：50", ["全角", "16:50"]),
    ("empty month file", NEW_MONTH, lambda p: p.write_bytes(b""), 1, ["文件是空的", "new 2019-11"]),
    ("month file with only a comment", NEW_MONTH, lambda p: p.write_text("# 待填写\n", encoding="utf-8"), 1, ["文件是空的"]),
]


@pytest.mark.parametrize("what,rel,change,marker,words", CASES_TYPING, ids=[c[0] for c in CASES_TYPING])
def test_unseen_typing_fault_one_clear_error(project_copy, shared_site, what, rel, change, marker, words):
    test_unseen_fault_one_chinese_error_and_the_site_untouched(project_copy, shared_site, what, rel, change, marker, words)


CASES_YEARS = [
    ("a deadline in year 19", NOTICE, _replace("date: 2019-08-26", "date: 0019-08-26"), "date: 0019", ["年份 19", "1921–2099"]),
    ("a meeting in year 9999", MONTH, _replace("date: 2019-10-31", "date: 9999-10-31"), "date: 9999", ["年份 9999"]),
]


@pytest.mark.parametrize("what,rel,change,marker,words", CASES_YEARS, ids=[c[0] for c in CASES_YEARS])
def test_unseen_year_fault_one_clear_error(project_copy, shared_site, what, rel, change, marker, words):
    test_unseen_fault_one_chinese_error_and_the_site_untouched(project_copy, shared_site, what, rel, change, marker, words)


def test_a_month_in_year_9999_is_refused_not_a_crash(project_copy):
    text = (project_copy / MONTH).read_text(encoding="utf-8").replace("2019-", "9999-")
    (project_copy / MONTH).unlink()
    (project_copy / "data/months/9999-10.yml").write_text(text, encoding="utf-8")
    shutil.move(project_copy / "content/2019-10", project_copy / "content/9999-10")
    run = run_cli(project_copy, "build")
    assert run.returncode == 1, run.stderr
    assert "data/months/9999-10.yml:3:1: month（月份） 的年份 9999" in run.stderr, run.stderr


def test_a_very_long_title_builds_its_word_copy(project_copy):
    """python-docx refuses document properties over 255 characters; the copy is made all the same."""
    _replace("title: 党支部组织生活指导材料", "title: 党支部组织生活指导材料" + "长" * 300)(project_copy / MONTH)
    run = run_cli(project_copy, "build")
    assert run.returncode == 0, run.stderr
    from docx import Document

    docx_files = sorted((project_copy / "site/2019-10").glob("*.docx"))
    assert docx_files, sorted(p.name for p in (project_copy / "site/2019-10").iterdir())
    document = Document(docx_files[0])
    assert len(document.core_properties.title) == 255
    assert "长" * 300 in "".join(p.text for p in document.paragraphs)


def test_a_file_name_in_another_unicode_form_is_named_as_such(project_copy):
    import unicodedata

    name = "附件2-é通知.md"
    shutil.copy(project_copy / NOTICE, project_copy / IMAGE_DIR / unicodedata.normalize("NFD", name))
    _replace("  - 附件1-后进党支部排查和整顿工作的通知.md",
             "  - 附件1-后进党支部排查和整顿工作的通知.md\n  - " + unicodedata.normalize("NFC", name))(project_copy / MONTH)
    run = run_cli(project_copy, "check")
    assert run.returncode == 1
    assert "编码方式不同（NFC/NFD" in run.stderr, run.stderr


def test_a_full_disk_under_build_names_the_folder(project_copy, built):
    """build/ on its own small filesystem (a tmpfs) that fills up while the cache is written."""
    import subprocess

    shutil.copytree(built[1], project_copy / "site")
    digest = tree_digest(project_copy / "site")
    (project_copy / "build").mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(project_copy / "build")]).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        run = run_cli(project_copy, "build")
    finally:
        subprocess.run(["umount", str(project_copy / "build")])
    assert run.returncode == 2, run.stderr
    assert f"磁盘空间不足，写入 {project_copy / 'build'} 时失败" in run.stderr, run.stderr
    assert "未知位置" not in run.stderr
    assert tree_digest(project_copy / "site") == digest


def _index_attachment(path: Path):
    """Puts a copy of the notice beside it as ``index.md`` and lists it as the month's second attachment."""
    shutil.copy(path.parent / NOTICE.name, path)
    month = path.parents[2] / MONTH
    _replace("  - 附件1-后进党支部排查和整顿工作的通知.md", "  - 附件1-后进党支部排查和整顿工作的通知.md\n  - index.md")(month)


CASES_NAMES = [
    ("attachment named index.md (replaced the month's page)", IMAGE_DIR / "index.md", _index_attachment, None,
     ["index.md", "目录页"]),
    ("shared document named README.md", Path("content/documents/README.md"),
     lambda p: shutil.copy(p.parent / "中矿京党字2012-14-附件3-整改汇总表.md", p), None, ["README.md", "目录页"]),
]


@pytest.mark.parametrize("what,rel,change,marker,words", CASES_NAMES, ids=[c[0] for c in CASES_NAMES])
def test_unseen_name_fault_one_clear_error(project_copy, shared_site, what, rel, change, marker, words):
    test_unseen_fault_one_chinese_error_and_the_site_untouched(project_copy, shared_site, what, rel, change, marker, words)


def test_pasted_html_without_end_tags_is_not_taken_for_deep_nesting(project_copy):
    """HTML may leave out </li>, </td>, </tr>, </p>; 300 such rows are a long table, not 600 levels."""
    rows = "".join(f"<tr><td>{i}<td>第{i}党支部\n" for i in range(300))
    _append_body("\n\n<table><thead><tr><th>序号<th>支部\n<tbody>\n" + rows + "</table>\n\n<ul><li>一<li>二<li>三</ul>\n")(
        project_copy / NOTICE)
    run = run_cli(project_copy, "check")
    assert run.returncode == 0, run.stderr


CASES_SPECIAL = [
    ("a named pipe as a month file (reading it blocked for ever)", NEW_MONTH, lambda p: os.mkfifo(p), None, ["不是普通文件"]),
    ("a named pipe as a Markdown file", IMAGE_DIR / "管道.md", lambda p: os.mkfifo(p), None, ["不是普通文件"]),
    ("a folder named like a month file", NEW_MONTH, lambda p: p.mkdir(), None, ["文件夹"]),
]


@pytest.mark.parametrize("what,rel,change,marker,words", CASES_SPECIAL, ids=[c[0] for c in CASES_SPECIAL])
def test_unseen_special_file_one_clear_error(project_copy, shared_site, what, rel, change, marker, words):
    test_unseen_fault_one_chinese_error_and_the_site_untouched(project_copy, shared_site, what, rel, change, marker, words)


def test_an_html_image_in_a_body_is_named_at_its_line(project_copy, shared_site):
    """Written as <img src="图.png">, the picture was missing on the site and the site check named the page."""
    def change(path: Path):
        (path.parent / "图.png").write_bytes(PNG_1PX)
        _append_body('\n\n<p><img src="图.png" alt="图"></p>\n')(path)
    test_unseen_fault_one_chinese_error_and_the_site_untouched(project_copy, shared_site, "html image", NOTICE, change,
                                                                '<img src="图.png"', ["![说明](图.png)"])


def test_a_markdown_image_in_a_body_is_shown_on_the_site(project_copy):
    (project_copy / IMAGE_DIR / "图.png").write_bytes(PNG_1PX)
    _append_body("\n\n![图](图.png)\n")(project_copy / NOTICE)
    run = run_cli(project_copy, "build")
    assert run.returncode == 0, run.stderr
    assert (project_copy / "site" / IMAGE_DIR.relative_to("content") / "图.png").read_bytes() == PNG_1PX
