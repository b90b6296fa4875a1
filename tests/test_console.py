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
    """A copy of the project's content (:data:`conftest.PROJECT_PARTS` and ``schema/``) at ``target``, committed
    in a new git repository, as a department's project is: the console commits every save there."""
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


# -- shared documents and attachments (front matter form + Markdown body) -------------------------------------

DOC = "西北政法大学机关党委-两学一做实施方案.md"


def _doc_url(name: str = DOC, folder: str = "documents") -> str:
    from urllib.parse import quote

    return f"/doc/{folder}/{quote(name)}/"


def test_documents_are_listed_and_a_leader_may_view_but_not_save(console):
    page = client("签发人").get("/documents/").content.decode()
    assert DOC in page and "附件1-后进党支部排查和整顿工作的通知.md" in page
    assert "共用文件和各月附件" in client("签发人").get("/").content.decode()
    page = client("签发人").get(_doc_url()).content.decode()
    assert 'data-can-edit="0"' in page and 'id="save"' not in page       # the form and the editor read-only
    assert 'id="save"' in client("拟稿人").get(_doc_url()).content.decode()
    loaded = client("签发人").get(_doc_url() + "data").json()
    assert loaded["data"]["title"] and loaded["body"].strip()
    refused = client("签发人").post(_doc_url() + "save", json.dumps({**loaded}), content_type="application/json")
    assert refused.status_code == 403


def test_an_unchanged_document_save_writes_the_same_bytes_and_an_edit_is_a_commit_by_the_user(console):
    root, _ = console
    path = root / "content/documents" / DOC
    before = path.read_bytes()
    c = client("拟稿人")
    loaded = c.get(_doc_url() + "data").json()
    same = c.post(_doc_url() + "save", json.dumps({"data": loaded["data"], "body": loaded["body"] + "\n",
                                                   "digest": loaded["digest"]}), content_type="application/json")
    assert same.status_code == 200 and same.json()["errors"] == []
    assert path.read_bytes() == before
    data = dict(loaded["data"], signature="中共西北政法大学机关委员会")
    edited = loaded["body"].replace("\n", "\n\n新加的一段话。\n", 1)
    answer = c.post(_doc_url() + "save", json.dumps({"data": data, "body": edited, "digest": same.json()["digest"]}),
                    content_type="application/json")
    assert answer.status_code == 200 and answer.json()["errors"] == [], answer.content.decode()
    after = path.read_text(encoding="utf-8")
    old = before.decode("utf-8")
    head_old, head_new = old.split("\n---\n", 1)[0], after.split("\n---\n", 1)[0]
    changed = [(x, y) for x, y in zip(head_old.splitlines(), head_new.splitlines()) if x != y]
    assert len(head_old.splitlines()) == len(head_new.splitlines())            # key order and the rest kept
    assert changed == [("signature: 机关党委", "signature: 中共西北政法大学机关委员会")]
    assert "新加的一段话。" in after and after.endswith(old[-40:])
    log = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%an%x1f%s", "--", f"content/documents/{DOC}"],
                         capture_output=True, text=True).stdout.strip()
    assert log == f"拟稿人\x1f修改 content/documents/{DOC}"
    assert "修改 content/documents/" in c.get(_doc_url() + "history/").content.decode()


def test_a_document_error_is_shown_at_its_field_and_two_saves_conflict(console):
    root, _ = console
    c, other = client("拟稿人"), client("拟稿人")
    loaded, stale = c.get(_doc_url() + "data").json(), other.get(_doc_url() + "data").json()
    bad = dict(loaded["data"], doc_number="西北政法2016-3号")
    body = c.post(_doc_url() + "save", json.dumps({"data": bad, "body": loaded["body"] + "\n[image: 图1]\n",
                                                   "digest": loaded["digest"]}),
                  content_type="application/json").json()
    paths = {e["path"] for e in body["errors"]}
    assert {"root.doc_number", "body"} <= paths, body["errors"]
    assert all(re.search(r"[\u4e00-\u9fff]", e["message"]) for e in body["errors"])
    clash = other.post(_doc_url() + "save", json.dumps(stale), content_type="application/json")
    assert clash.status_code == 409 and "别人已经修改" in clash.json()["message"]
    commits = re.findall(r"/history/([0-9a-f]{40})/", c.get(_doc_url() + "history/").content.decode())
    assert c.post(_doc_url() + f"history/{commits[-1]}/restore").status_code == 302
    assert "[image:" not in (root / "content/documents" / DOC).read_text(encoding="utf-8")
    assert c.get(_doc_url() + "data").json()["errors"] == []


def test_a_month_attachment_opens_in_the_document_form_and_is_logged_on_the_month(console):
    name = "附件1-后进党支部排查和整顿工作的通知.md"
    c = client("拟稿人")
    assert name in c.get("/month/2019-10/").content.decode()
    loaded = c.get(_doc_url(name, "2019-10") + "data").json()
    assert loaded["data"]["doc_number"] == "校党组发〔2019〕14号"
    answer = c.post(_doc_url(name, "2019-10") + "save", json.dumps(loaded), content_type="application/json")
    assert answer.status_code == 200


def test_the_importers_remarks_in_a_document_stand_at_their_fields(console):
    root, _ = console
    name = "导入提示测试.md"
    (root / "content/documents" / name).write_text(
        "---\n# 导入提示：标题取自第一段，请核对\ntitle: 关于开展主题党日活动的通知\nissuer: 党委组织部\n"
        "# 导入提示：文号的年份请核对\ndoc_number: 党组发〔2019〕3号\n---\n各党支部：\n\n请按时开展。\n", encoding="utf-8")
    try:
        loaded = client("拟稿人").get(_doc_url(name) + "data").json()
        assert [(r["path"], r["line"]) for r in loaded["remarks"]] == [("root.title", 2), ("root.doc_number", 5)]
        assert loaded["remarks"][1]["message"] == "导入提示：文号的年份请核对"
    finally:
        (root / "content/documents" / name).unlink()


@pytest.mark.parametrize("url", [
    "/doc/documents/..%2f..%2fdata%2fmonths%2f2019-10.yml/", "/doc/documents/../../data/months/2019-10.yml/data",
    "/doc/documents/%2e%2e%2f2019-10%2f附件1-后进党支部排查和整顿工作的通知.md/data",
    "/doc/documents/..%5c..%5cdata%5corganisation.md/data", "/doc/etc/passwd.md/data",
    "/doc/2019-10/../documents/x.md/",
    "/doc/documents/不存在.md/data", "/doc/documents/.hidden.md/data", "/doc/2019-13/a.md/data",
    "/doc/documents/%2fetc%2fpasswd%00.md/data",
])
def test_a_document_url_names_only_a_listed_file(console, url):
    for who in ("拟稿人", "签发人"):
        response = client(who).get(url)
        assert response.status_code == 404, url
        assert b"root:" not in response.content and b"month: 2019-10" not in response.content
    response = client("拟稿人").post(url.replace("/data", "/save"), "{}", content_type="application/json")
    assert response.status_code == 404


def test_documents_resolve_refuses_traversal_and_unlisted_names(console):
    from generator.console import documents

    root, _ = console
    for folder, name in [("documents", "../2019-10/附件1-后进党支部排查和整顿工作的通知.md"), ("documents", "..\\x.md"),
                         ("..", DOC), ("documents", "a/../" + DOC), ("documents", ""), ("documents", ".." + DOC)]:
        with pytest.raises(LookupError):
            documents.resolve(root, folder, name)
    assert documents.resolve(root, "documents", DOC).is_file()


# -- sign-off of shared documents (签发) ------------------------------------------------------------------------

SIGNED = "北京市委教育工委-党支部规范化建设实施方案.md"


@pytest.mark.parametrize("step", ["approve", "publish", "return"])
def test_a_clerk_cannot_approve_return_or_publish_a_document(console, step):
    response = client("拟稿人").post(_doc_url(SIGNED) + step, {"comment": "x"})
    assert response.status_code == 403 and "没有权限" in response.content.decode()


def _save_doc(c, name: str, add: str) -> None:
    loaded = c.get(_doc_url(name) + "data").json()
    body = loaded["body"].replace("\n", f"\n\n{add}\n", 1)
    answer = c.post(_doc_url(name) + "save", json.dumps({"data": loaded["data"], "body": body,
                                                         "digest": loaded["digest"]}), content_type="application/json")
    assert answer.status_code == 200 and answer.json()["errors"] == [], answer.content.decode()


def test_a_shared_document_reaches_the_site_only_when_submitted_approved_and_published(console):
    root, _ = console
    clerk, leader = client("拟稿人"), client("签发人")
    # a document written by hand after the console's first look at the shared documents: never approved
    assert SIGNED in client("签发人").get("/documents/").content.decode()   # the console has looked
    (root / "content/documents/后来加的文件.md").write_text("---\ntitle: 后来加的文件\n---\n未经签发的新文件。\n",
                                                         encoding="utf-8")
    subprocess.run(["git", "-C", str(root), "add", "content/documents/后来加的文件.md"], check=True)
    subprocess.run(["git", "-C", str(root), "-c", "user.name=手工", "-c", "user.email=h@h", "commit", "-qm", "手工加"],
                   check=True)
    rows = {r: s for r, s in re.findall(r'<td><a href="/doc/documents/[^"]+">([^<]+)</a></td><td>([^<]+)</td>',
                                        leader.get("/documents/").content.decode())}
    assert rows["后来加的文件.md"] == "草稿" and rows["中矿京党字2012-14-基层组织建设年工作方案.md"] == "已发布"

    _save_doc(clerk, DOC, "尚未提交的草稿段落。")                    # a clerk's edit, never submitted
    _save_doc(clerk, SIGNED, "签发前的第一稿。")
    page = clerk.get(_doc_url(SIGNED)).content.decode()
    assert "状态：草稿" in page and "提交签发" in page
    assert clerk.post(_doc_url(SIGNED) + "submit").status_code == 302
    review = leader.get(_doc_url(SIGNED) + "review/").content.decode()
    assert "状态：待签发" in review and "签发前的第一稿。" in " ".join(re.findall(r'<p class="added">([^<]*)', review))
    assert leader.post(_doc_url(SIGNED) + "return", {"comment": "请写明完成时限。"}).status_code == 302
    page = clerk.get(_doc_url(SIGNED)).content.decode()
    assert "状态：已退回" in page and "请写明完成时限。" in page and "退回修改" in page
    _save_doc(clerk, SIGNED, "签发后的定稿，完成时限：2018年6月。")
    assert clerk.post(_doc_url(SIGNED) + "submit").status_code == 302
    locked = clerk.post(_doc_url(SIGNED) + "save", json.dumps(clerk.get(_doc_url(SIGNED) + "data").json()),
                        content_type="application/json")
    assert locked.status_code == 409 and "待签发" in locked.json()["message"]
    assert leader.post(_doc_url(SIGNED) + "approve").status_code == 302
    published = leader.post(_doc_url(SIGNED) + "publish")               # the normal build and atomic publish
    assert published.status_code == 302, published.content.decode()

    site = root / "site" / "documents"
    text = (site / SIGNED.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
    assert "签发后的定稿，完成时限：2018年6月。" in text
    other = (site / DOC.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
    assert "尚未提交的草稿段落" not in other                          # on the site as first seen, without the draft
    assert (site / "中矿京党字2012-14-基层组织建设年工作方案" / "index.html").is_file()   # bundled, untouched: kept
    assert not (site / "后来加的文件").exists()
    month = (root / "site" / "2017-05" / "index.html").read_text(encoding="utf-8")   # a month opened and saved, never
    assert "（甲）" not in month                                     # approved: on the site as first seen, no draft
    page = leader.get(_doc_url(SIGNED)).content.decode()
    assert "状态：已发布" in page
    for step in ("保存", "提交签发", "退回修改", "签发", "发布"):
        assert f"<td>{step}</td>" in page
    assert "拟稿人" in page and "签发人" in page

    _save_doc(clerk, SIGNED, "发布以后的新草稿。")                     # a save after publishing: back to draft
    assert "状态：草稿" in clerk.get(_doc_url(SIGNED)).content.decode()


# -- accounts (管理) ---------------------------------------------------------------------------------------------

def _admin():
    from django.contrib.auth.models import Group, User

    admin, made = User.objects.get_or_create(username="账号管理员")
    if made:
        admin.set_password(PASSWORD)
        admin.save()
        admin.groups.add(Group.objects.get(name="管理"))
    return admin


@pytest.mark.parametrize("who", ["拟稿人", "签发人"])
def test_only_the_admin_role_reaches_accounts(console, who):
    from django.contrib.auth.models import User

    uid = User.objects.get(username="签发人").pk
    for url in ("/accounts/", "/accounts/add", f"/accounts/{uid}/"):
        assert client(who).get(url).status_code == 403
    for url in ("/accounts/add", f"/accounts/{uid}/active", f"/accounts/{uid}/role", f"/accounts/{uid}/password",
                f"/accounts/{uid}/unlock"):
        assert client(who).post(url, {"role": "管理"}).status_code == 403
    assert User.objects.get(username="签发人").is_active


def test_adding_a_user_refuses_a_weak_password_in_chinese_and_needs_csrf(console):
    from django.contrib.auth.models import User

    _admin()
    c = client("账号管理员")
    for weak, said in (("1234567890123", "不能全是数字"), ("abc", "至少要 10 个字符"), ("password123", "太常见")):
        page = c.post("/accounts/add", {"username": "新人", "password1": weak, "password2": weak, "role": "拟稿"})
        assert page.status_code == 400 and said in page.content.decode()
    differ = c.post("/accounts/add", {"username": "新人", "password1": PASSWORD, "password2": PASSWORD + "x",
                                      "role": "拟稿"})
    assert "两次输入的密码不一致" in differ.content.decode()
    assert not User.objects.filter(username="新人").exists()
    empty = c.post("/accounts/add", {}).content.decode()
    shown = re.sub(r"<[^>]+>", " ", empty.split("<main>")[1].split("</main>")[0])
    assert "这一项必须填写" in shown and not re.search(r"[A-Za-z]{4,}", shown), shown   # no English on the page
    taken = c.post("/accounts/add", {"username": "拟稿人", "password1": PASSWORD, "password2": PASSWORD, "role": "签发"})
    assert taken.status_code == 400 and "已经有人用了" in taken.content.decode()
    assert User.objects.get(username="拟稿人").groups.get().name == "拟稿"
    strict = client("账号管理员", enforce_csrf_checks=True)
    refused = strict.post("/accounts/add", {"username": "新人", "password1": PASSWORD, "password2": PASSWORD,
                                            "role": "拟稿"})
    assert refused.status_code == 403 and not User.objects.filter(username="新人").exists()


def test_a_new_user_logs_in_with_argon2_and_a_deactivated_one_cannot(console):
    from django.contrib.auth.models import User

    _admin()
    c = client("账号管理员")
    made = c.post("/accounts/add", {"username": "新拟稿人", "password1": PASSWORD, "password2": PASSWORD, "role": "拟稿"})
    assert made.status_code == 302
    user = User.objects.get(username="新拟稿人")
    assert user.password.startswith("argon2") and user.groups.get().name == "拟稿"
    assert "新拟稿人" in c.get("/accounts/?ok=added").content.decode()
    assert client().post("/login/", {"username": "新拟稿人", "password": PASSWORD}).status_code == 302
    session = client()
    session.post("/login/", {"username": "新拟稿人", "password": PASSWORD})
    assert c.post(f"/accounts/{user.pk}/role", {"role": "签发"}).status_code == 302
    assert User.objects.get(pk=user.pk).groups.get().name == "签发"
    assert c.post(f"/accounts/{user.pk}/active").status_code == 302
    assert not User.objects.get(pk=user.pk).is_active
    refused = client().post("/login/", {"username": "新拟稿人", "password": PASSWORD})
    assert refused.status_code == 200 and "用户名或密码不对" in refused.content.decode()
    assert session.get("/").status_code == 302          # a session opened before is gone too
    assert c.post(f"/accounts/{user.pk}/active").status_code == 302
    new = "另一个密码-很长-2026"
    assert c.post(f"/accounts/{user.pk}/password", {"new_password1": new, "new_password2": new}).status_code == 302
    assert client().post("/login/", {"username": "新拟稿人", "password": new}).status_code == 302


def test_the_admin_cannot_deactivate_themself_or_demote_the_last_admin(console):
    from django.contrib.auth.models import User

    admin = _admin()
    c = client("账号管理员")
    others = User.objects.filter(groups__name="管理", is_active=True).exclude(pk=admin.pk)
    for u in others:   # the other admins of this module's tests stand aside
        u.is_active = False
        u.save()
    try:
        self_off = c.post(f"/accounts/{admin.pk}/active")
        assert self_off.status_code == 409 and "不能停用自己" in self_off.content.decode()
        demote = c.post(f"/accounts/{admin.pk}/role", {"role": "拟稿"})
        assert demote.status_code == 409 and "唯一在用的管理账号" in demote.content.decode()
        assert User.objects.get(pk=admin.pk).is_active and User.objects.get(pk=admin.pk).groups.get().name == "管理"
    finally:
        others.model.objects.filter(pk__in=[u.pk for u in others]).update(is_active=True)


def test_the_admin_unlocks_an_account_axes_locked(console):
    from django.contrib.auth.models import Group, User

    _admin()
    u = User.objects.create_user("被锁的人", password=PASSWORD)
    u.groups.add(Group.objects.get(name="拟稿"))
    for _ in range(10):
        client().post("/login/", {"username": "被锁的人", "password": "错误的密码"})
    assert client().post("/login/", {"username": "被锁的人", "password": PASSWORD}).status_code == 429
    c = client("账号管理员")
    assert "已锁定" in c.get("/accounts/").content.decode()
    assert c.post(f"/accounts/{u.pk}/unlock").status_code == 302
    assert client().post("/login/", {"username": "被锁的人", "password": PASSWORD}).status_code == 302


def test_review_folds_unchanged_paragraphs_around_the_changes():
    """A month's or a document's review (``_diff.html``) lists each change with one unchanged paragraph before
    and after it, the rest folded into a line that counts them; with nothing published, everything is shown."""
    from generator.console import preview

    diff = [("same", f"第{i}段") for i in range(10)] + [("removed", "旧句"), ("added", "新句")] + \
           [("same", f"第{i}段") for i in range(10, 20)]
    shown = preview.review_context(diff, had_public=True)
    assert shown["changes"] == {"added": 1, "removed": 1}
    assert shown["diff"] == [("skip", "……（未改动的 9 段）……"), ("same", "第9段"), ("removed", "旧句"),
                             ("added", "新句"), ("same", "第10段"), ("skip", "……（未改动的 9 段）……")]
    assert preview.review_context(diff, had_public=False)["diff"] == diff
