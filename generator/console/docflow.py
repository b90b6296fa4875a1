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


@login_required
@require_GET
def doc_review(request, folder, name):
    _path(folder, name)
    diff, had = _diff(name)
    return render(request, "console/doc_review.html", {
        "folder": folder, "name": name, "record": signoff.record(ROOT, name), **preview.review_context(diff, had),
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
