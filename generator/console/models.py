"""The approval record: each month's and each shared document's state and every step taken on it (who, what, when)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class MonthRecord(models.Model):
    """A month's place in the workflow: 草稿 → 已提交 → 已退回 / 已签发 → 已发布.

    Attributes:
        month: ``YYYY-MM``, the file ``data/months/YYYY-MM.yml``.
        state: one of :attr:`STATES`.
        approved_commit: the git commit a 签发 user approved (what publishing builds from).
        published_commit: the commit last published.
    """

    DRAFT, SUBMITTED, RETURNED, APPROVED, PUBLISHED = "draft", "submitted", "returned", "approved", "published"
    STATES = [(DRAFT, "草稿"), (SUBMITTED, "待签发"), (RETURNED, "已退回"), (APPROVED, "已签发"), (PUBLISHED, "已发布")]

    month = models.CharField("月份", max_length=7, unique=True)
    state = models.CharField("状态", max_length=10, choices=STATES, default=DRAFT)
    approved_commit = models.CharField(max_length=40, blank=True)
    published_commit = models.CharField(max_length=40, blank=True)

    class Meta:
        permissions = [("draft_month", "拟稿：导入、编辑、提交"), ("review_month", "签发：审核、退回、签发"),
                       ("publish_month", "发布"), ("manage_console", "管理：用户和单位设置")]


class Event(models.Model):
    """One step: who did what to which month (or shared document), when, with the commit and comment."""

    ACTIONS = [("import", "导入"), ("save", "保存"), ("restore", "恢复旧版本"), ("submit", "提交签发"),
               ("return", "退回修改"), ("approve", "签发"), ("publish", "发布")]

    month = models.CharField("月份", max_length=7, db_index=True)
    document = models.CharField("共用文件", max_length=255, blank=True, db_index=True)
    """The file name of a shared document (``content/documents/<name>``) the step was on; then ``month`` is empty."""
    action = models.CharField("操作", max_length=10, choices=ACTIONS)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    when = models.DateTimeField("时间", auto_now_add=True)
    commit = models.CharField(max_length=40, blank=True)
    comment = models.TextField("意见", blank=True)

    class Meta:
        ordering = ["-when", "-id"]


class DocumentRecord(models.Model):
    """A shared document's place in the same workflow as a month's (签发, sign-off): 草稿 → 待签发 → 已退回 /
    已签发 → 已发布.

    Attributes:
        name: the file name in ``content/documents/`` (``x.md``).
        state: one of :attr:`MonthRecord.STATES`.
        approved_commit: the git commit a 签发 user approved last.
        published_commit: the commit last published; for a document the console found already in the
            repository, the commit it was at then (see :class:`DocumentBaseline`).
    """

    name = models.CharField("文件名", max_length=255, unique=True)
    state = models.CharField("状态", max_length=10, choices=MonthRecord.STATES, default=MonthRecord.DRAFT)
    approved_commit = models.CharField(max_length=40, blank=True)
    published_commit = models.CharField(max_length=40, blank=True)


class DocumentBaseline(models.Model):
    """The commit at which the console first took stock of the content (one row): a shared document or a month
    in the repository then counts as published at its last commit up to it (the bundled content and what was
    written by hand before the console was used); one added later reaches the site only once approved."""

    commit = models.CharField(max_length=40, blank=True)
    when = models.DateTimeField(auto_now_add=True)
