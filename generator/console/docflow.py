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

from . import history, preview, signoff
from .docviews import _path
from .models import Event
from .views import Subject, approve_step, need, publish_step, return_step, submit_step

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


def _document(folder: str, name: str) -> Subject:
    _path(folder, name)
    rel = signoff.rel(name)
    return Subject(record=signoff.record(ROOT, name), last=lambda: history.last_of(ROOT, rel),
                   commit=lambda user, message: history.commit(ROOT, "", user, message, files=[rel]),
                   log=lambda user, action, sha, comment: signoff.log(user, name, action, sha, comment),
                   review=lambda: redirect("doc_review", folder=folder, name=name), title=rel,
                   noun="这个共用文件", kind="文件", publish={"name": name}, label=f"随共用文件 {name} 一起发布")


@need("draft_month")
@require_POST
def doc_submit(request, folder, name):
    return submit_step(request, _document(folder, name))


@need("review_month")
@require_POST
def doc_return(request, folder, name):
    return return_step(request, _document(folder, name))


@need("review_month")
@require_POST
def doc_approve(request, folder, name):
    return approve_step(request, _document(folder, name))


@need("publish_month")
@require_POST
def doc_publish(request, folder, name):
    return publish_step(request, _document(folder, name))
