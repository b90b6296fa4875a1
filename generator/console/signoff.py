"""Sign-off (签发) of the shared documents (``content/documents/*.md``): which version of each may reach the site.

A shared document has a :class:`~generator.console.models.DocumentRecord` as a month has its ``MonthRecord``
(草稿 → 待签发 → 已退回 / 已签发 → 已发布). Publishing exports each shared document at its approved commit, or
at its last published commit when a later draft is not approved, and leaves it out when it has neither.

The console's first look at the shared documents (:func:`records`, called before any console change to one)
stores the commit checked out then (:class:`~generator.console.models.DocumentBaseline`): a document present
in that commit counts as published at its last commit up to it, so the bundled documents and those written by
hand before the console was used stay on the site; a document added later reaches it only once approved.
A month's attachments go with their month's approved commit (:func:`generator.console.history.month_paths`);
a month's record is made with the same baseline (:func:`month_record`).
"""

from __future__ import annotations

from pathlib import Path

from . import documents, history
from .models import DocumentBaseline, DocumentRecord, Event, MonthRecord

FOLDER = "documents"


def rel(name: str) -> str:
    """``content/documents/<name>``: the document's path from the project root."""
    return documents.rel(FOLDER, name)


def baseline(root: Path) -> str:
    """The commit of the console's first look at the content ("" in a repository without commits); stored the
    first time it is asked for, which is before the console's first commit (the month list, an import, a save)."""
    row = DocumentBaseline.objects.order_by("id").first()
    if row is None:
        row = DocumentBaseline.objects.create(commit=history.head(root) or "")
    return row.commit


def records(root: Path) -> dict[str, DocumentRecord]:
    """File name → record of every shared document in ``content/documents/`` (sorted by name), each made on
    first sight: published at its last commit up to :func:`baseline` if it was in that commit, else a draft."""
    names = documents.names(root, FOLDER)
    have = {r.name: r for r in DocumentRecord.objects.filter(name__in=names)}
    missing = [n for n in names if n not in have]
    if missing:
        base = baseline(root)
        for name in missing:
            sha = history.last_of(root, rel(name), base) if base and history.show(root, base, rel(name)) is not None \
                else None
            defaults = {"state": MonthRecord.PUBLISHED, "published_commit": sha} if sha else {}
            have[name] = DocumentRecord.objects.get_or_create(name=name, defaults=defaults)[0]
    return {n: have[n] for n in names}


def record(root: Path, name: str) -> DocumentRecord:
    """The record of the shared document ``name`` (a name :func:`generator.console.documents.resolve` accepted)."""
    return records(root).get(name) or DocumentRecord.objects.get_or_create(name=name)[0]


def month_record(root: Path, month: str) -> MonthRecord:
    """The record of ``month`` (``YYYY-MM``), made on first sight as :func:`records` makes a document's: a month
    whose file was in the :func:`baseline` commit counts as published at its last commit up to it (its file and
    folder, :func:`generator.console.history.month_paths`), so opening a month in the console does not take it
    off the site at the next publish; any other month starts as a draft."""
    rec = MonthRecord.objects.filter(month=month).first()
    if rec is None:
        base = baseline(root)
        sha = history.last_of(root, history.month_paths(month), base) \
            if base and history.show(root, base, f"data/months/{month}.yml") is not None else None
        defaults = {"state": MonthRecord.PUBLISHED, "published_commit": sha} if sha else {}
        rec = MonthRecord.objects.get_or_create(month=month, defaults=defaults)[0]
    return rec


def log(user, name: str, action: str, commit: str = "", comment: str = "") -> None:
    """Records one step on the shared document ``name``."""
    Event.objects.create(month="", document=name, action=action, user=user, commit=commit, comment=comment)


def approved_documents(root: Path) -> dict[str, str | None]:
    """File name → the commit publishing takes of each shared document (approved, else last published), or
    None (left out of the site)."""
    return {n: (r.approved_commit or r.published_commit or None) for n, r in records(root).items()}


def mark_published(user, label: str, month: str | None = None, name: str | None = None) -> None:
    """After a publish: every month and shared document that was 已签发 went out at its approved commit, so it is
    now 已发布, logged with ``label`` (``随 2019-11 一起发布``) as the comment; ``month`` or ``name`` (the one
    whose own publish step is logged by its view) is left to that view."""
    for rec in DocumentRecord.objects.filter(state=MonthRecord.APPROVED).exclude(name=name or ""):
        rec.state, rec.published_commit = MonthRecord.PUBLISHED, rec.approved_commit
        rec.save()
        log(user, rec.name, "publish", rec.approved_commit, label)
    for rec in MonthRecord.objects.filter(state=MonthRecord.APPROVED).exclude(month=month or ""):
        rec.state, rec.published_commit = MonthRecord.PUBLISHED, rec.approved_commit
        rec.save()
        Event.objects.create(month=rec.month, action="publish", user=user, commit=rec.approved_commit, comment=label)
