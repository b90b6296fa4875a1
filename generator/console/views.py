"""The console's pages. Every view but login needs a session (``login_required``); every change needs
the permission of its role (403 otherwise). Month keys come only through the URL pattern ``YYYY-MM``
and commit ids through ``[0-9a-f]{7,40}``; no parameter names a file."""

from __future__ import annotations

import json
import mimetypes
import re
import tempfile
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any, Callable

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ..importer import ImportRefused, import_file, plan_import
from . import content, documents, history, preview, signoff
from .models import Event, MonthRecord
from .uploads import check_upload

ROOT: Path = settings.ROOT


def need(perm: str):
    """The view needs a session and the permission ``console.<perm>`` (403 otherwise)."""
    def wrap(view):
        @login_required
        @wraps(view)
        def inner(request, *args, **kwargs):
            if not request.user.has_perm(f"console.{perm}"):
                raise PermissionDenied
            return view(request, *args, **kwargs)
        return inner
    return wrap


def csrf_failure(request, reason=""):
    return render(request, "console/error.html", {"title": "请求被拒绝",
                  "message": "页面已过期或请求来源不对（缺少安全令牌）。请刷新页面后重试。"}, status=403)


def _record(month: str) -> MonthRecord:
    return signoff.month_record(ROOT, month)


def _log(request, month: str, action: str, commit: str = "", comment: str = "") -> None:
    Event.objects.create(month=month, action=action, user=request.user, commit=commit, comment=comment)


def conflict_response(conflict: "content.Conflict", what: str) -> JsonResponse:
    """409 for a save made from a version someone else has since changed: both versions, for the page to show
    side by side; ``what`` names the item (本月材料, 这个文件)."""
    return JsonResponse({"message": f"保存被拒绝：在您打开本页之后，别人已经修改并保存了{what}。"
                         "下面列出两个版本；请刷新页面载入最新版本，再把您的修改补上。",
                         "theirs": conflict.theirs, "mine": conflict.mine}, status=409)


def saved_response(text: str, listed: list, warnings: list, failed: bool) -> JsonResponse:
    """A save's answer: the new text's digest (the next save's base), the check's errors ``listed`` at their
    fields and its warnings, and whether the preview is being remade (not when the check ``failed``, anywhere)."""
    return JsonResponse({"digest": content.digest(text), "errors": listed, "warnings": warnings,
                         "preview": "内容有误，预览未更新。" if failed else "预览正在更新。"})


def _exists(month: str) -> None:
    if not content.month_path(ROOT, month).is_file():
        raise Http404


@login_required
@require_GET
def index(request):
    signoff.baseline(ROOT)   # the console's first look, before any of its commits
    records = {r.month: r for r in MonthRecord.objects.all()}
    rows = [{"month": m, "state": records[m].get_state_display() if m in records else "未进入审核"}
            for m in content.months(ROOT)]
    return render(request, "console/index.html", {"rows": rows})


@need("draft_month")
def import_view(request):
    if request.method != "POST":
        return render(request, "console/import.html")
    signoff.baseline(ROOT)   # before the import's commit
    files = request.FILES.getlist("file")
    month = request.POST.get("month", "").strip() or None
    if len(files) != 1:
        return render(request, "console/import.html", {"error": "请选择一个文件（.docx 或 .txt）。"}, status=400)
    upload = files[0]
    name = Path(upload.name or "").name[-80:] or "上传文件"
    try:
        if month and not content.MONTH.match(month):
            raise ImportRefused(f"月份的格式应为 YYYY-MM（例如 2019-10），现在是“{month}”")
        if upload.size > content.MAX_UPLOAD:
            raise ImportRefused(f"{name} 太大（{upload.size / 1048576:.0f} MB），最多 {content.MAX_UPLOAD // 1048576} MB。"
                                "请删去文档中的大图片后再上传")
        data = upload.read(content.MAX_UPLOAD + 1)
        suffix = check_upload(name, data)
        with tempfile.TemporaryDirectory(dir=settings.DATA_DIR) as tmp:
            path = Path(tmp) / (re.sub(r"[^\w（）()\-]", "_", Path(name).stem)[:60] + suffix)
            path.write_bytes(data)
            planned = plan_import(path, ROOT, month=month)
            if planned.kind != "month":
                raise ImportRefused(f"{name} 不是月度指导材料（没有识别出月份）。若它是某个月的材料，请在“月份”中填写后重新上传")
            result = import_file(path, ROOT, month=month)
    except ImportRefused as exc:
        return render(request, "console/import.html", {"error": f"未导入：{exc}"},
                      status=400)
    key = result.key
    originals = settings.DATA_DIR / "originals"
    content.write(originals / f"{key}{suffix}", data)
    content.write(originals / f"{key}.html", _original_html(data, suffix))
    sha = history.commit(ROOT, key, request.user.get_username(), f"导入 {key}（{name}）")
    with transaction.atomic():
        rec = _record(key)
        rec.state = MonthRecord.DRAFT
        rec.save()
        _log(request, key, "import", sha, name)
    preview.refresh_later(ROOT)
    return redirect("edit", month=key)


def _original_html(data: bytes, suffix: str) -> str:
    """The original as the clerk wrote it: mammoth's HTML of a .docx, or the text, made safe with nh3."""
    import html

    import nh3

    if suffix == ".docx":
        import io

        import mammoth

        body = mammoth.convert_to_html(io.BytesIO(data), convert_image=lambda image: {}).value
        return nh3.clean(body, tags={"p", "h1", "h2", "h3", "h4", "strong", "em", "table", "tr", "td", "th",
                                     "tbody", "thead", "ul", "ol", "li", "br"}, attributes={})
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = data.decode("utf-8", "replace")
    return "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())


@login_required
@require_GET
def edit(request, month):
    _exists(month)
    rec = _record(month)
    original = settings.DATA_DIR / "originals" / f"{month}.html"
    return render(request, "console/edit.html", {
        "month": month, "record": rec, "can_edit": request.user.has_perm("console.draft_month"),
        "original": original.read_text(encoding="utf-8") if original.is_file() else None,
        "attachments": documents.names(ROOT, month),
        "events": Event.objects.filter(month=month).select_related("user")[:50],
    })


@login_required
@require_GET
def month_data(request, month):
    _exists(month)
    loaded = content.load(ROOT, month)
    errors, warnings = content.check(ROOT)
    schema = content.form_schema(ROOT, json.loads((ROOT / "schema" / "month.schema.json").read_text(encoding="utf-8")))
    return JsonResponse({"data": loaded.data, "digest": loaded.digest, "schema": schema,
                         "errors": content.errors_for(ROOT, month, errors, loaded.text),
                         "remarks": content.remarks_for(loaded.text), "warnings": warnings})


@need("draft_month")
@require_POST
def save(request, month):
    _exists(month)
    rec = _record(month)
    if rec.state in (MonthRecord.SUBMITTED, MonthRecord.APPROVED):
        return JsonResponse({"message": f"本月材料{rec.get_state_display()}，不能修改；如需修改请签发人退回。"}, status=409)
    try:
        body = json.loads(request.body.decode("utf-8"))
        data, base = body["data"], str(body["digest"])
        if not isinstance(data, dict):
            raise ValueError
    except (ValueError, KeyError, UnicodeDecodeError):
        return JsonResponse({"message": "提交的内容格式不对，请刷新页面后重试。"}, status=400)
    path = content.month_path(ROOT, month)
    try:
        text, _ = content.render(ROOT, month, data, base)
    except content.Conflict as conflict:
        return conflict_response(conflict, "本月材料")
    content.write(path, text)
    errors, warnings = content.check(ROOT)
    sha = history.commit(ROOT, month, request.user.get_username(), f"修改 {month}")
    _log(request, month, "save", sha)
    if rec.state == MonthRecord.PUBLISHED:
        rec.state = MonthRecord.DRAFT
        rec.save()
    if not errors:
        preview.refresh_later(ROOT)
    return saved_response(text, content.errors_for(ROOT, month, errors, text), warnings, bool(errors))


@login_required
@require_GET
def preview_page(request, month):
    _exists(month)
    site = preview.served(ROOT)
    if site is None:
        preview.refresh(ROOT)
        site = preview.served(ROOT)
    preview.wait_pages(ROOT)
    site = preview.served(ROOT)
    return render(request, "console/preview.html", {"month": month, "files": preview.month_files(site, month),
                                                    "record": _record(month),
                                                    "finishing": preview.finishing(ROOT)})


@login_required
@require_GET
def preview_file(request, path):
    site = preview.served(ROOT)
    if site is None:
        raise Http404
    target = (site / path).resolve()
    if not target.is_relative_to(site.resolve()):
        raise Http404
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        raise Http404
    kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    response = FileResponse(open(target, "rb"), content_type=kind)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def pdf_view(request, month):
    _exists(month)
    files = preview.month_files(preview.served(ROOT), month)
    which = request.GET.get("f", "booklet")
    if which not in ("booklet", "checklist") or which not in files:
        raise Http404
    return render(request, "console/pdf.html", {"month": month, "pdf": f"/preview/{files[which]}"})


def _diff(month: str):
    preview.wait_pages(ROOT)   # the page text of the last save, not of the one before
    served = preview.served(ROOT)
    now = served / month / "index.html" if served else None
    public = ROOT / "site" / month / "index.html"
    after = preview.page_text(now.read_text(encoding="utf-8")) if now and now.is_file() else []
    before = preview.page_text(public.read_text(encoding="utf-8")) if public.is_file() else []
    return preview.text_diff(before, after), public.is_file()


@login_required
@require_GET
def review(request, month):
    _exists(month)
    rec = _record(month)
    diff, had = _diff(month)
    return render(request, "console/review.html", {
        "month": month, "record": rec, **preview.review_context(diff, had),
        "events": Event.objects.filter(month=month).select_related("user")[:50],
        "can_review": request.user.has_perm("console.review_month"),
        "can_publish": request.user.has_perm("console.publish_month"),
        "can_submit": request.user.has_perm("console.draft_month"),
    })


def _refuse(request, message: str, status: int = 409):
    return render(request, "console/error.html", {"title": "无法完成", "message": message}, status=status)


@dataclass(frozen=True)
class Subject:
    """What a sign-off step acts on: a month or a shared document (签发 is the same for both).

    Attributes:
        record: its :class:`~generator.console.models.MonthRecord` or ``DocumentRecord`` (``state``,
            ``approved_commit``, ``published_commit``).
        last: the last commit of its files, or None.
        commit: commits its files as ``commit(user name, message)``; returns the commit id.
        log: records a step as ``log(user, action, commit, comment)``.
        review: its review page (the response every step ends with).
        title: how a commit message names it (``2019-10``, ``content/documents/<name>``).
        noun: how a refusal names it (本月材料, 这个共用文件).
        kind: the same, short (材料, 文件).
        publish: what :func:`publish_site` is told of it (``{"month": …}`` or ``{"name": …}``) and the label of the
            other items published with it (随 … 一起发布).
    """

    record: Any
    last: Callable[[], str | None]
    commit: Callable[[str, str], str]
    log: Callable[[Any, str, str, str], None]
    review: Callable[[], HttpResponse]
    title: str
    noun: str
    kind: str
    publish: dict
    label: str


def _month(month: str) -> Subject:
    _exists(month)
    return Subject(record=_record(month), last=lambda: history.last(ROOT, month),
                   commit=lambda user, message: history.commit(ROOT, month, user, message),
                   log=lambda user, action, sha, comment: Event.objects.create(
                       month=month, action=action, user=user, commit=sha, comment=comment),
                   review=lambda: redirect("review", month=month), title=month, noun="本月材料", kind="材料",
                   publish={"month": month}, label=f"随 {month} 一起发布")


def _transition(request, subject: Subject, action: str, allowed: tuple[str, ...], refusal: str, step):
    """One step of the workflow (submit, return, approve, publish) on ``subject``: refused (409, ``refusal`` with
    ``{state}`` its state in Chinese) unless its state is in ``allowed``; then ``step(record)`` does the step's own
    work and gives ``(new_state, commit, comment)``, or a response that refuses it; the new state is saved, the
    step logged as ``action``, and the review page shown."""
    rec = subject.record
    if rec.state not in allowed:
        return _refuse(request, refusal.format(state=rec.get_state_display()))
    outcome = step(rec)
    if isinstance(outcome, HttpResponse):
        return outcome
    state, sha, comment = outcome
    rec.state = state
    rec.save()
    subject.log(request.user, action, sha, comment)
    return subject.review()


def submit_step(request, subject: Subject):
    """提交签发: only with no check error; commits its files and makes it 待签发."""
    def step(rec):
        errors, _ = content.check(ROOT)
        if errors:
            return _refuse(request, f"内容还有 {len(errors)} 处问题，改好后才能提交签发。")
        return MonthRecord.SUBMITTED, subject.commit(request.user.get_username(), f"提交签发 {subject.title}"), ""
    return _transition(request, subject, "submit", (MonthRecord.DRAFT, MonthRecord.RETURNED, MonthRecord.PUBLISHED),
                       subject.noun + "{state}，不能再次提交。", step)


def return_step(request, subject: Subject):
    """退回修改: a 待签发 item goes back to the clerk with a comment (required)."""
    def step(rec):
        comment = request.POST.get("comment", "").strip()
        if not comment:
            return _refuse(request, "退回时请写明修改意见。", status=400)
        return MonthRecord.RETURNED, subject.last() or "", comment[:2000]
    return _transition(request, subject, "return", (MonthRecord.SUBMITTED,), f"只有待签发的{subject.kind}可以退回。", step)


def approve_step(request, subject: Subject):
    """签发: a 待签发 item is approved at its last commit (what publishing will take)."""
    def step(rec):
        rec.approved_commit = subject.last() or ""
        return MonthRecord.APPROVED, rec.approved_commit, request.POST.get("comment", "").strip()[:2000]
    return _transition(request, subject, "approve", (MonthRecord.SUBMITTED,), f"只有待签发的{subject.kind}可以签发。", step)


def publish_step(request, subject: Subject):
    """发布: builds and publishes the site from what was approved (:func:`publish_site`)."""
    def step(rec):
        refused = publish_site(request, subject.label, **subject.publish)
        if refused:
            return refused
        rec.published_commit = rec.approved_commit
        return MonthRecord.PUBLISHED, rec.published_commit, ""
    return _transition(request, subject, "publish", (MonthRecord.APPROVED,), f"只有已签发的{subject.kind}可以发布。", step)


@need("draft_month")
@require_POST
def submit(request, month):
    return submit_step(request, _month(month))


@need("review_month")
@require_POST
def return_(request, month):
    return return_step(request, _month(month))


@need("review_month")
@require_POST
def approve(request, month):
    return approve_step(request, _month(month))


@need("publish_month")
@require_POST
def publish(request, month):
    return publish_step(request, _month(month))


def publish_site(request, label: str, month: str | None = None, name: str | None = None):
    """Builds and publishes the site from what was approved (months and shared documents,
    :func:`generator.console.preview.publish`); None when done, with every other 已签发 month or shared document
    marked 已发布 (``label`` the comment; ``month`` / ``name``, the one being published, left to its view), or the
    response that refuses it (the public site unchanged)."""
    approved = {r.month: (r.approved_commit or r.published_commit or None) for r in MonthRecord.objects.all()}
    from ..read.errors import ContentErrors
    try:
        preview.publish(ROOT, approved, signoff.approved_documents(ROOT))
    except ContentErrors as errors:
        return _refuse(request, "发布失败，网站保持不变：\n" + errors.report())
    except Exception as exc:  # the site check, a running build, the disk: the public site is unchanged
        return _refuse(request, f"发布失败，网站保持不变：{exc}", status=500)
    signoff.mark_published(request.user, label, month=month, name=name)
    return None


@login_required
@require_GET
def history_view(request, month):
    _exists(month)
    return render(request, "console/history.html", {"month": month, "commits": history.log(ROOT, month),
                                                    "record": _record(month),
                                                    "can_edit": request.user.has_perm("console.draft_month")})


def _version(month: str, sha: str) -> str:
    if not any(c["id"].startswith(sha) for c in history.log(ROOT, month)):
        raise Http404
    text = history.show(ROOT, sha, f"data/months/{month}.yml")
    if text is None:
        raise Http404
    return text


@login_required
@require_GET
def version(request, month, sha):
    _exists(month)
    return render(request, "console/version.html", {"month": month, "sha": sha, "text": _version(month, sha),
                                                    "can_edit": request.user.has_perm("console.draft_month")})


@need("draft_month")
@require_POST
def restore(request, month, sha):
    _exists(month)
    rec = _record(month)
    if rec.state in (MonthRecord.SUBMITTED, MonthRecord.APPROVED):
        return _refuse(request, f"本月材料{rec.get_state_display()}，不能修改。")
    text = _version(month, sha)
    content.write(content.month_path(ROOT, month), text)
    new = history.commit(ROOT, month, request.user.get_username(), f"恢复 {month} 到 {sha[:8]} 的版本")
    _log(request, month, "restore", new)
    preview.refresh_later(ROOT)
    return redirect("edit", month=month)


ORGANISATION = "data/organisation.yml"


@need("manage_console")
@require_GET
def settings_view(request):
    return render(request, "console/settings.html")


@need("manage_console")
@require_GET
def settings_data(request):
    loaded = content.load(ROOT, "", ROOT / ORGANISATION)
    errors, warnings = content.check(ROOT)
    schema = content.form_schema(ROOT, json.loads((ROOT / "schema" / "organisation.schema.json").read_text(encoding="utf-8")))
    listed = content.errors_for(ROOT, "", errors, loaded.text)
    for e in listed:
        e["path"] = content.field_at(content._line_paths(loaded.text), e["line"]) if e["file"] == ORGANISATION else None
    return JsonResponse({"data": loaded.data, "digest": loaded.digest, "schema": schema, "errors": listed,
                         "remarks": [], "warnings": warnings})


@need("manage_console")
@require_POST
def settings_save(request):
    try:
        body = json.loads(request.body.decode("utf-8"))
        data, base = body["data"], str(body["digest"])
        if not isinstance(data, dict):
            raise ValueError
    except (ValueError, KeyError, UnicodeDecodeError):
        return JsonResponse({"message": "提交的内容格式不对，请刷新页面后重试。"}, status=400)
    path = ROOT / ORGANISATION
    try:
        text, _ = content.render(ROOT, "", data, base, path)
    except content.Conflict as conflict:
        return JsonResponse({"message": "保存被拒绝：在您打开本页之后，别人已经修改并保存了单位设置。"
                             "下面列出两个版本；请刷新页面载入最新版本，再把您的修改补上。",
                             "theirs": conflict.theirs, "mine": conflict.mine}, status=409)
    content.write(path, text)
    errors, warnings = content.check(ROOT)
    history.commit(ROOT, "", request.user.get_username(), "修改单位设置", files=[ORGANISATION])
    listed = content.errors_for(ROOT, "", errors, text)
    for e in listed:
        e["path"] = content.field_at(content._line_paths(text), e["line"]) if e["file"] == ORGANISATION else None
    if not errors:
        preview.refresh_later(ROOT)
    return JsonResponse({"digest": content.digest(text), "errors": listed, "warnings": warnings,
                         "preview": "内容有误，预览未更新。" if errors else "预览正在更新。"})
