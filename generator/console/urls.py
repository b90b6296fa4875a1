"""URLs. A month is ``YYYY-MM`` and a commit 7–40 hex digits by pattern; a document is a folder (``documents`` or
``YYYY-MM``) and a file name listed in it (:func:`generator.console.documents.resolve`); nothing else reaches a path."""

from django.contrib.auth import views as auth
from django.urls import path, re_path

from . import accounts, docflow, docviews, views

M = r"(?P<month>\d{4}-(?:0[1-9]|1[0-2]))"
D = r"(?P<folder>documents|\d{4}-(?:0[1-9]|1[0-2]))/(?P<name>[^/\\]+\.md)"
"""A document: its folder and a file name without separators (the view also requires it to be listed there)."""
S = r"(?P<folder>documents)/(?P<name>[^/\\]+\.md)"
"""A shared document (its sign-off pages)."""

urlpatterns = [
    path("login/", auth.LoginView.as_view(template_name="console/login.html"), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("", views.index, name="index"),
    path("import/", views.import_view, name="import"),
    path("settings/", views.settings_view, name="settings"),
    path("settings/data", views.settings_data, name="settings_data"),
    path("settings/save", views.settings_save, name="settings_save"),
    re_path(rf"^month/{M}/$", views.edit, name="edit"),
    re_path(rf"^month/{M}/data$", views.month_data, name="data"),
    re_path(rf"^month/{M}/save$", views.save, name="save"),
    re_path(rf"^month/{M}/preview/$", views.preview_page, name="preview"),
    re_path(rf"^month/{M}/pdf/$", views.pdf_view, name="pdf"),
    re_path(rf"^month/{M}/review/$", views.review, name="review"),
    re_path(rf"^month/{M}/submit$", views.submit, name="submit"),
    re_path(rf"^month/{M}/return$", views.return_, name="return"),
    re_path(rf"^month/{M}/approve$", views.approve, name="approve"),
    re_path(rf"^month/{M}/publish$", views.publish, name="publish"),
    re_path(rf"^month/{M}/history/$", views.history_view, name="history"),
    re_path(rf"^month/{M}/history/(?P<sha>[0-9a-f]{{7,40}})/$", views.version, name="version"),
    re_path(rf"^month/{M}/history/(?P<sha>[0-9a-f]{{7,40}})/restore$", views.restore, name="restore"),
    path("documents/", docviews.doc_list, name="documents"),
    re_path(rf"^doc/{D}/$", docviews.doc_edit, name="doc_edit"),
    re_path(rf"^doc/{D}/data$", docviews.doc_data, name="doc_data"),
    re_path(rf"^doc/{D}/save$", docviews.doc_save, name="doc_save"),
    re_path(rf"^doc/{D}/history/$", docviews.doc_history, name="doc_history"),
    re_path(rf"^doc/{D}/history/(?P<sha>[0-9a-f]{{7,40}})/$", docviews.doc_version, name="doc_version"),
    re_path(rf"^doc/{D}/history/(?P<sha>[0-9a-f]{{7,40}})/restore$", docviews.doc_restore, name="doc_restore"),
    re_path(rf"^doc/{S}/review/$", docflow.doc_review, name="doc_review"),
    re_path(rf"^doc/{S}/submit$", docflow.doc_submit, name="doc_submit"),
    re_path(rf"^doc/{S}/return$", docflow.doc_return, name="doc_return"),
    re_path(rf"^doc/{S}/approve$", docflow.doc_approve, name="doc_approve"),
    re_path(rf"^doc/{S}/publish$", docflow.doc_publish, name="doc_publish"),
    path("accounts/", accounts.account_list, name="accounts"),
    path("accounts/add", accounts.account_add, name="account_add"),
    re_path(r"^accounts/(?P<uid>\d{1,9})/$", accounts.account_edit, name="account_edit"),
    re_path(r"^accounts/(?P<uid>\d{1,9})/(?P<action>role|active|password|unlock)$", accounts.account_change,
            name="account_change"),
    re_path(r"^preview/(?P<path>.+)$", views.preview_file, name="preview_file"),
]
