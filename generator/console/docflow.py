"""The sign-off (签发) pages of a shared document (``content/documents/<name>``), as a month's: the clerk (拟稿)
submits it (提交签发); a 签发 user sees the page text's changes since the last published version, returns it with
a comment (退回修改) or approves it (签发), and publishes (发布). Each step is an
:class:`~generator.console.models.Event` on the document; what publishing takes is
:func:`generator.console.signoff.approved_documents`.

The document is named in the URL by the folder ``documents`` and a file name listed there
(:func:`generator.console.documents.resolve`; 404 otherwise).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from . import content, history, preview, signoff
from .docviews import _path
from .models import Event, MonthRecord
from .views import _refuse, need, publish_site

ROOT = settings.ROOT


def _diff(name: str):
    """The page text's changes (:func:`generator.console.preview.text_diff`): the public site's page of the
    document (``site/documents/<stem>/``) against the preview's; and whether the public site has it."""
    if preview.served(ROOT) is None:
        preview.refresh(ROOT)
    preview.wait_pages(ROOT)
    served = preview.served(ROOT)
    page = f"documents/{name.removesuffix('.md')}/index.html"
    now = served / page if served else None
    public = ROOT / "site" / page
    after = preview.page_text(now.read_text(encoding="utf-8")) if now and now.is_file() else []
    before = preview.page_text(public.read_text(encoding="utf-8")) if public.is_file() else []
    return preview.text_diff(before, after), public.is_file()


def compact(diff: list[tuple[str, str]], context: int = 1) -> list[tuple[str, str]]:
    """``diff`` with each run of unchanged paragraphs farther than ``context`` from a change folded into one
    ``("skip", "……（未改动的 N 段）……")`` line, so a long document's few changes are seen at once."""
    near = {i + d for i, (kind, _) in enumerate(diff) if kind != "same" for d in range(-context, context + 1)}
    out: list[tuple[str, str]] = []
    run = 0
    for i, item in enumerate(diff):
        if item[0] == "same" and i not in near:
            run += 1
            continue
        if run:
            out.append(("skip", f"……（未改动的 {run} 段）……"))
            run = 0
        out.append(item)
    if run:
        out.append(("skip", f"……（未改动的 {run} 段）……"))
    return out


@login_required
@require_GET
def doc_review(request, folder, name):
    _path(folder, name)
    diff, had = _diff(name)
    changes = {k: sum(1 for kind, _ in diff if kind == k) for k in ("added", "removed")}
    return render(request, "console/doc_review.html", {
        "folder": folder, "name": name, "record": signoff.record(ROOT, name), "had_public": had,
        "diff": compact(diff) if had else diff, "changes": changes,
        "events": Event.objects.filter(document=name).select_related("user")[:50],
        "can_review": request.user.has_perm("console.review_month"),
        "can_publish": request.user.has_perm("console.publish_month"),
        "can_submit": request.user.has_perm("console.draft_month"),
    })


def _transition(request, folder: str, name: str, action: str, allowed: tuple[str, ...], refusal: str, step):
    """As :func:`generator.console.views._transition`, on the shared document ``name``."""
    _path(folder, name)
    rec = signoff.record(ROOT, name)
    if rec.state not in allowed:
        return _refuse(request, refusal.format(state=rec.get_state_display()))
    outcome = step(rec)
    if not isinstance(outcome, tuple):
        return outcome
    state, sha, comment = outcome
    rec.state = state
    rec.save()
    signoff.log(request.user, name, action, sha, comment)
    return redirect("doc_review", folder=folder, name=name)


@need("draft_month")
@require_POST
def doc_submit(request, folder, name):
    def step(rec):
        errors, _ = content.check(ROOT)
        if errors:
            return _refuse(request, f"内容还有 {len(errors)} 处问题，改好后才能提交签发。")
        sha = history.commit(ROOT, "", request.user.get_username(), f"提交签发 {signoff.rel(name)}",
                             files=[signoff.rel(name)])
        return MonthRecord.SUBMITTED, sha, ""
    return _transition(request, folder, name, "submit",
                       (MonthRecord.DRAFT, MonthRecord.RETURNED, MonthRecord.PUBLISHED),
                       "这个共用文件{state}，不能再次提交。", step)


@need("review_month")
@require_POST
def doc_return(request, folder, name):
    def step(rec):
        comment = request.POST.get("comment", "").strip()
        if not comment:
            return _refuse(request, "退回时请写明修改意见。", status=400)
        return MonthRecord.RETURNED, history.last_of(ROOT, signoff.rel(name)) or "", comment[:2000]
    return _transition(request, folder, name, "return", (MonthRecord.SUBMITTED,), "只有待签发的文件可以退回。", step)


@need("review_month")
@require_POST
def doc_approve(request, folder, name):
    def step(rec):
        rec.approved_commit = history.last_of(ROOT, signoff.rel(name)) or ""
        return MonthRecord.APPROVED, rec.approved_commit, request.POST.get("comment", "").strip()[:2000]
    return _transition(request, folder, name, "approve", (MonthRecord.SUBMITTED,), "只有待签发的文件可以签发。", step)


@need("publish_month")
@require_POST
def doc_publish(request, folder, name):
    def step(rec):
        refused = publish_site(request, f"随共用文件 {name} 一起发布", name=name)
        if refused:
            return refused
        rec.published_commit = rec.approved_commit
        return MonthRecord.PUBLISHED, rec.published_commit, ""
    return _transition(request, folder, name, "publish", (MonthRecord.APPROVED,), "只有已签发的文件可以发布。", step)
