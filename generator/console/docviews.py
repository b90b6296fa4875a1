"""The console's pages for Markdown documents: the shared documents (``content/documents/``) and each month's
attachments (``content/YYYY-MM/``), edited as a form generated from ``schema/document.schema.json`` (the front
matter) plus a Markdown editor (the body).

A document is named in the URL by its folder (``documents`` or ``YYYY-MM``, by pattern) and its file name,
which :func:`generator.console.documents.resolve` accepts only when it is a file listed in that folder
(404 otherwise: no separators, no ``..``). Viewing needs a session; saving and restoring need 拟稿 (or 管理).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from . import content, documents, history, preview, signoff
from .models import Event, MonthRecord
from .views import _log, _record, _refuse, conflict_response, need, saved_response

ROOT = settings.ROOT
FOLDER_TITLES = {"documents": "共用文件（content/documents/）"}


def _path(folder: str, name: str):
    try:
        return documents.resolve(ROOT, folder, name)
    except LookupError:
        raise Http404 from None


def _locked(folder: str, name: str) -> str | None:
    """Why the document cannot change now (a shared document, or an attachment's month, submitted or approved),
    or None. A shared document's record is made here if new, before any change (:func:`signoff.records`)."""
    if folder == "documents":
        rec = signoff.record(ROOT, name)
        if rec.state in (MonthRecord.SUBMITTED, MonthRecord.APPROVED):
            return f"这个共用文件{rec.get_state_display()}，不能修改；待签发时可请签发人退回，已签发的发布后再改。"
        return None
    rec = _record(folder)
    if rec.state in (MonthRecord.SUBMITTED, MonthRecord.APPROVED):
        return f"{folder} 的材料{rec.get_state_display()}，其附件不能修改；如需修改请签发人退回。"
    return None


def _saved(request, folder: str, name: str, action: str, message: str) -> str:
    """Commits the document with the user as author and logs it on the shared document or on the attachment's
    month; a published one goes back to draft, as a save of a month does."""
    sha = history.commit(ROOT, "", request.user.get_username(), message, files=[documents.rel(folder, name)])
    if folder == "documents":
        signoff.log(request.user, name, action, sha)
        rec = signoff.record(ROOT, name)
    else:
        _log(request, folder, action, sha, name)
        rec = _record(folder)
    if rec.state == MonthRecord.PUBLISHED:
        rec.state = MonthRecord.DRAFT
        rec.save()
    return sha


@login_required
@require_GET
def doc_list(request):
    shared = signoff.records(ROOT)
    months = {r.month: r.get_state_display() for r in MonthRecord.objects.all()}
    groups = [{"folder": f, "title": FOLDER_TITLES.get(f, f"{f} 的附件"),
               "rows": [{"name": n, "state": shared[n].get_state_display() if f == "documents" and n in shared
                         else f"随本月签发（{months.get(f, '未进入审核')}）"} for n in documents.names(ROOT, f)]}
              for f in documents.folders(ROOT)]
    return render(request, "console/documents.html", {"groups": groups})


@login_required
@require_GET
def doc_edit(request, folder, name):
    _path(folder, name)
    shared = folder == "documents"
    return render(request, "console/document.html", {
        "folder": folder, "name": name, "shared": shared, "locked": _locked(folder, name),
        "can_edit": request.user.has_perm("console.draft_month"),
        "record": signoff.record(ROOT, name) if shared else None,
        "events": Event.objects.filter(document=name).select_related("user")[:50] if shared else ()})


@login_required
@require_GET
def doc_data(request, folder, name):
    path = _path(folder, name)
    try:
        loaded = documents.load(path)
    except Exception:   # no front matter or bad YAML: the check's message says where
        loaded = None
    errors, warnings = content.check(ROOT)
    text = path.read_text(encoding="utf-8")
    listed = documents.errors_for(ROOT, folder, name, errors, text)
    if loaded is None:
        return JsonResponse({"message": "这个文件的文件信息（front matter）无法读取，表单不能打开：" +
                             "；".join(f"第 {e['line']} 行 {e['message']}" for e in listed
                                      if e["file"] == documents.rel(folder, name)), "errors": listed}, status=422)
    schema = json.loads((ROOT / "schema" / "document.schema.json").read_text(encoding="utf-8"))
    schema = content.form_schema(ROOT, schema)
    return JsonResponse({"data": loaded.data, "body": loaded.body, "digest": loaded.digest, "schema": schema,
                         "errors": listed, "remarks": documents.remarks_for(text), "warnings": warnings})


@need("draft_month")
@require_POST
def doc_save(request, folder, name):
    path = _path(folder, name)
    why = _locked(folder, name)
    if why:
        return JsonResponse({"message": why}, status=409)
    try:
        body = json.loads(request.body.decode("utf-8"))
        data, base, text_body = body["data"], str(body["digest"]), body["body"]
        if not isinstance(data, dict) or not isinstance(text_body, str):
            raise ValueError
    except (ValueError, KeyError, UnicodeDecodeError):
        return JsonResponse({"message": "提交的内容格式不对，请刷新页面后重试。"}, status=400)
    try:
        text = documents.render(path, data, text_body, base)
    except content.Conflict as conflict:
        return conflict_response(conflict, "这个文件")
    content.write(path, text)
    errors, warnings = content.check(ROOT)
    _saved(request, folder, name, "save", f"修改 {documents.rel(folder, name)}")
    if not errors:
        preview.refresh_later(ROOT)
    return saved_response(text, documents.errors_for(ROOT, folder, name, errors, text), warnings, bool(errors))


@login_required
@require_GET
def doc_history(request, folder, name):
    _path(folder, name)
    return render(request, "console/doc_history.html", {
        "folder": folder, "name": name, "commits": history.log(ROOT, "", documents.rel(folder, name))})


def _version(folder: str, name: str, sha: str) -> str:
    rel = documents.rel(folder, name)
    if not any(c["id"].startswith(sha) for c in history.log(ROOT, "", rel)):
        raise Http404
    text = history.show(ROOT, sha, rel)
    if text is None:
        raise Http404
    return text


@login_required
@require_GET
def doc_version(request, folder, name, sha):
    _path(folder, name)
    return render(request, "console/doc_version.html", {
        "folder": folder, "name": name, "sha": sha, "text": _version(folder, name, sha),
        "can_edit": request.user.has_perm("console.draft_month")})


@need("draft_month")
@require_POST
def doc_restore(request, folder, name, sha):
    path = _path(folder, name)
    why = _locked(folder, name)
    if why:
        return _refuse(request, why)
    content.write(path, _version(folder, name, sha))
    _saved(request, folder, name, "restore", f"恢复 {documents.rel(folder, name)} 到 {sha[:8]} 的版本")
    preview.refresh_later(ROOT)
    return redirect("doc_edit", folder=folder, name=name)
