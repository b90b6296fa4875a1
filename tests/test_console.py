"""The web console (generator/console/) through Django's test client: sessions, roles, CSRF, lockout,
upload limits, path traversal, save conflicts, round-trip saving, history and the workflow.

The console runs on a copy of the project in a temporary git repository (CONSOLE_ROOT); its database is
SQLite in a temporary folder (CONSOLE_DATA).
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import PROJECT_PARTS, ROOT

PASSWORD = "蓝天白云-2019-十月"


def _git_project(target: Path) -> Path:
    for part in [*PROJECT_PARTS, "schema"]:
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, target / part)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t"}
    subprocess.run(["git", "init", "-q", str(target)], check=True)
    subprocess.run(["git", "-C", str(target), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(target), "commit", "-qm", "start"], check=True, env=env)
    return target


@pytest.fixture(scope="module")
def console(tmp_path_factory):
    """``(root, data_dir)`` of a console set up in this process, with users 拟稿人 (拟稿), 签发人 (签发)."""
    root = _git_project(tmp_path_factory.mktemp("console-project"))
    data = tmp_path_factory.mktemp("console-data")
    os.environ["CONSOLE_ROOT"], os.environ["CONSOLE_DATA"] = str(root), str(data)
    # Playwright's sync API (the browser tests before this module, in the same process) leaves an event loop
    # in this thread, and Django then refuses its ORM here (SynchronousOnlyOperation); these tests are sync
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from generator.console import setup

    setup(root)
    from django.conf import settings
    if Path(settings.ROOT) != root.resolve():
        pytest.skip("Django is already set up for another project in this process")
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    for name, role in (("拟稿人", "拟稿"), ("签发人", "签发"), ("锁定测试", "拟稿")):
        u = User.objects.create_user(name, password=PASSWORD)
        u.groups.add(Group.objects.get(name=role))
    yield root, data
    from generator.console import preview
    while preview.finishing(root):   # the background preview's workers end before the process does
        time.sleep(0.1)


def client(name: str | None = None, **kwargs):
    from django.test import Client

    c = Client(**kwargs)
    if name:
        c.force_login(__import__("django.contrib.auth.models", fromlist=["User"]).User.objects.get(username=name))
    return c


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for part in ("data", "content")
            for p in sorted((root / part).rglob("*")) if p.is_file()}


URLS = ["/", "/import/", "/month/2019-10/", "/month/2019-10/data", "/month/2019-10/preview/",
        "/month/2019-10/review/", "/month/2019-10/history/", "/month/2019-10/pdf/", "/preview/2019-10/"]


@pytest.mark.parametrize("url", URLS)
def test_every_page_without_a_session_redirects_to_login(console, url):
    response = client().get(url)
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=")


def test_every_response_has_the_security_headers(console):
    for response in (client().get("/login/"), client("拟稿人").get("/")):
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
    page = client().get("/login/").content.decode()
    assert "<script>" not in page and "登录" in page


def test_session_cookie_is_httponly_and_samesite(console):
    from django.conf import settings

    response = client().post("/login/", {"username": "拟稿人", "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


@pytest.mark.parametrize("url", ["/month/2019-10/approve", "/month/2019-10/publish", "/month/2019-10/return"])
def test_a_clerk_cannot_approve_or_publish(console, url):
    response = client("拟稿人").post(url, {"comment": "x"})
    assert response.status_code == 403
    assert "没有权限" in response.content.decode()


def test_a_leader_cannot_edit(console):
    response = client("签发人").post("/month/2019-10/save", "{}", content_type="application/json")
    assert response.status_code == 403


def test_a_post_without_the_csrf_token_is_refused(console):
    root, _ = console
    before = _tree(root)
    c = client("拟稿人", enforce_csrf_checks=True)
    loaded = c.get("/month/2019-10/data").json()
    response = c.post("/month/2019-10/save", json.dumps({"data": loaded["data"], "digest": loaded["digest"]}),
                      content_type="application/json")
    assert response.status_code == 403
    assert "安全令牌" in response.content.decode()
    assert _tree(root) == before


def test_the_tenth_wrong_password_locks_the_account(console):
    c = client()
    for n in range(9):
        response = c.post("/login/", {"username": "锁定测试", "password": "错误的密码"})
        assert response.status_code == 200 and "用户名或密码不对" in response.content.decode()
    response = c.post("/login/", {"username": "锁定测试", "password": "错误的密码"})
    assert response.status_code == 429 and "锁定" in response.content.decode()
    response = client().post("/login/", {"username": "锁定测试", "password": PASSWORD})  # right password, still locked
    assert response.status_code == 429
    assert "_auth_user_id" not in client().session


def _docx_bytes(text: str = "2019年11月党支部组织生活指导材料") -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph(text)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (300 * 1024 * 1024))
    return out.getvalue()


def _xxe_docx() -> bytes:
    src = zipfile.ZipFile(io.BytesIO(_docx_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1)
                data = data.replace(b"2019", b"&x;2019", 1)
            z.writestr(item, data)
    return out.getvalue()


@pytest.mark.parametrize("name,make,expect", [
    ("炸弹.docx", _zip_bomb, "压缩炸弹"),
    ("外部实体.docx", _xxe_docx, "DOCTYPE"),
    ("太大.txt", lambda: b"x" * (60 * 1024 * 1024), "太大"),
    ("通知.docx", lambda: b"MZ\x90\x00" + b"\x00" * 4096, "可执行程序"),
    ("通知.exe", lambda: b"MZ\x90\x00" + b"\x00" * 4096, "只能导入"),
    ("假的.docx", lambda: b"just text pretending", "不是有效的 Word 文档"),
])
def test_a_bad_upload_is_refused_in_chinese_and_nothing_is_written(console, name, make, expect):
    from django.core.files.uploadedfile import SimpleUploadedFile

    root, data = console
    before, originals = _tree(root), sorted((data).rglob("*"))
    response = client("拟稿人").post("/import/", {"file": SimpleUploadedFile(name, make()), "month": "2019-11"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "未导入" in page and expect in page
    assert _tree(root) == before
    assert sorted(data.rglob("*")) == originals


@pytest.mark.parametrize("url", [
    "/month/../../etc/passwd/", "/month/2019-10/../../../etc/passwd", "/preview/../../../etc/passwd",
    "/preview/..%2f..%2f..%2fetc%2fpasswd", "/preview/%2e%2e/%2e%2e/data/months/2019-10.yml",
    "/month/2019-13/", "/month/2019-10/history/..%2f..%2fHEAD/", "/static/../data/months/2019-10.yml",
])
def test_path_traversal_is_refused(console, url):
    response = client("拟稿人").get(url)
    assert response.status_code == 404
    assert b"month: 2019-10" not in response.content and b"root:" not in response.content


def test_two_saves_from_the_same_version_conflict(console):
    root, _ = console
    a, b = client("拟稿人"), client("拟稿人")
    first, second = a.get("/month/2017-05/data").json(), b.get("/month/2017-05/data").json()
    first["data"]["title"] = first["data"]["title"] + "（甲）"
    second["data"]["title"] = second["data"]["title"] + "（乙）"
    ok = a.post("/month/2017-05/save", json.dumps(first), content_type="application/json")
    assert ok.status_code == 200, ok.content.decode()
    clash = b.post("/month/2017-05/save", json.dumps(second), content_type="application/json")
    assert clash.status_code == 409
    body = clash.json()
    assert "（甲）" in body["theirs"] and "（乙）" in body["mine"] and "别人已经修改" in body["message"]
    text = (root / "data/months/2017-05.yml").read_text(encoding="utf-8")
    assert "（甲）" in text and "（乙）" not in text


def test_a_save_keeps_comments_order_and_quoting_and_is_a_commit_by_the_user(console):
    root, _ = console
    path = root / "data/months/2019-10.yml"
    before = path.read_text(encoding="utf-8")
    c = client("拟稿人")
    loaded = c.get("/month/2019-10/data").json()
    loaded["data"]["sections"][0]["blocks"][0]["meeting"]["place"] = "各支部党员活动室"
    response = c.post("/month/2019-10/save", json.dumps(loaded), content_type="application/json")
    assert response.status_code == 200 and response.json()["errors"] == []
    after = path.read_text(encoding="utf-8")
    changed = [(x, y) for x, y in zip(before.splitlines(), after.splitlines()) if x != y]
    assert len(before.splitlines()) == len(after.splitlines())
    assert changed == [("          place: 各支部根据实际自行安排", "          place: 各支部党员活动室")]
    author = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%an"], capture_output=True, text=True).stdout
    assert author.strip() == "拟稿人"


def test_an_error_is_shown_at_its_field_and_nothing_with_an_error_can_be_submitted(console):
    c = client("拟稿人")
    loaded = c.get("/month/2019-10/data").json()
    loaded["data"]["sections"][0]["blocks"][0]["meeting"]["date"] = "2019-02-30"
    body = c.post("/month/2019-10/save", json.dumps(loaded), content_type="application/json").json()
    assert body["errors"], body
    paths = [e["path"] for e in body["errors"]]
    assert "root.sections.0.blocks.0.meeting.date" in paths
    assert all(re.search(r"[\u4e00-\u9fff]", e["message"]) for e in body["errors"])
    refused = c.post("/month/2019-10/submit")
    assert refused.status_code == 409 and "改好后才能提交" in refused.content.decode()
    loaded = c.get("/month/2019-10/data").json()
    loaded["data"]["sections"][0]["blocks"][0]["meeting"]["date"] = "2019-10-31"
    assert c.post("/month/2019-10/save", json.dumps(loaded), content_type="application/json").json()["errors"] == []


def test_history_lists_views_and_restores_an_earlier_version(console):
    root, _ = console
    c = client("拟稿人")
    commits = re.findall(r"/month/2019-10/history/([0-9a-f]{40})/", c.get("/month/2019-10/history/").content.decode())
    assert len(commits) >= 2
    oldest = commits[-1]
    shown = c.get(f"/month/2019-10/history/{oldest}/").content.decode()
    assert "各支部根据实际自行安排" in shown
    assert c.post(f"/month/2019-10/history/{oldest}/restore").status_code == 302
    assert "各支部根据实际自行安排" in (root / "data/months/2019-10.yml").read_text(encoding="utf-8")


def test_organisation_settings_need_the_admin_role_and_save_round_trip(console):
    from django.contrib.auth.models import Group, User

    root, _ = console
    admin = User.objects.create_user("管理员", password=PASSWORD)
    admin.groups.add(Group.objects.get(name="管理"))
    assert client("拟稿人").get("/settings/").status_code == 403
    assert client("签发人").post("/settings/save", "{}", content_type="application/json").status_code == 403
    c = client("管理员")
    assert "单位设置" in c.get("/settings/").content.decode()
    loaded = c.get("/settings/data").json()
    before = (root / "data/organisation.yml").read_text(encoding="utf-8")
    answer = c.post("/settings/save", json.dumps(loaded), content_type="application/json")
    assert answer.status_code == 200 and answer.json()["errors"] == []
    assert (root / "data/organisation.yml").read_text(encoding="utf-8") == before


@pytest.mark.parametrize("command", [["console"], ["user"], ["user", "add"]])
def test_console_commands_help_is_chinese(command):
    from test_cli_messages import ENGLISH, run

    done = run(*command, "--help")
    assert done.returncode == 0 and done.stdout.startswith("用法：")
    assert not ENGLISH.search(done.stdout) and not re.search(r"\b(TEXT|INTEGER|RANGE|required)\b", done.stdout), done.stdout


def test_user_add_asks_the_password_twice_and_refuses_a_weak_or_missing_one(console, tmp_path):
    env = {**os.environ, "CONSOLE_DATA": str(tmp_path)}
    env.pop("CONSOLE_ROOT", None)
    base = [sys.executable, "-m", "generator", "--root", str(console[0]), "user", "add"]
    weak = subprocess.run([*base, "甲", "--role", "拟稿"], input="12345678\n12345678\n", capture_output=True, text=True,
                          env=env, cwd=ROOT)
    assert weak.returncode == 1 and "密码不符合要求" in weak.stderr and "password" not in weak.stderr.split("密码:")[-1]
    common = subprocess.run([*base, "丁", "--role", "拟稿"], input="password123\npassword123\n", capture_output=True,
                            text=True, env=env, cwd=ROOT)
    assert common.returncode == 1 and "密码不符合要求：这个密码太常见了" in common.stderr
    differ = subprocess.run([*base, "乙", "--role", "拟稿"], input=f"{PASSWORD}\n不一样的密码-123\n", capture_output=True,
                            text=True, env=env, cwd=ROOT)
    assert differ.returncode != 0 and "已创建" not in differ.stdout
    missing = subprocess.run([*base, "丙"], capture_output=True, text=True, env=env, cwd=ROOT)
    assert missing.returncode == 2 and "--role" in missing.stderr
