"""账号 (accounts) in the browser, for the 管理 role: list users with their role (拟稿 / 签发 / 管理) and whether
active, add a user, change a role, deactivate or reactivate (never delete: the approval record names them),
set a new password, unlock an account that django-axes locked after wrong passwords.

Everything comes from the framework: the user model, :class:`~django.contrib.auth.forms.UserCreationForm`
and :class:`~django.contrib.auth.forms.SetPasswordForm` (Django's password validators, ``AUTH_PASSWORD_VALIDATORS``;
Argon2 hashing, ``PASSWORD_HASHERS``), :func:`axes.utils.reset` (django-axes 8). A 管理 user cannot deactivate
themself, and the last active 管理 can be neither deactivated nor given another role.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordForm, UserCreationForm
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from .apps import ROLES, ensure_roles
from .views import _refuse, need

User = get_user_model()

CHINESE = {
    "password_too_short": "密码太短，至少要 {min} 个字符。",
    "password_mismatch": "两次输入的密码不一致。",
    "password_too_common": "这个密码太常见，容易被猜中，请换一个。",
    "password_entirely_numeric": "密码不能全是数字。",
    "password_too_similar": "密码与用户名太相似，请换一个。",
    "unique": "这个用户名已经有人用了，请换一个。",
    "required": "这一项必须填写。",
    "invalid": "用户名只能包含文字、数字和 @ . + - _。",
}
"""Chinese wording of the framework's error codes (Django's zh-hans catalogue lacks some current messages)."""

DONE = {"added": "已创建账号。", "role": "已修改角色。", "off": "已停用账号。", "on": "已恢复账号。",
        "password": "已设置新密码。", "unlock": "已解除锁定。"}


def _chinese(form: forms.Form) -> None:
    """Replaces each error with a code in :data:`CHINESE` by its Chinese wording, in place."""
    low = next((v["OPTIONS"]["min_length"] for v in settings.AUTH_PASSWORD_VALIDATORS
                if v["NAME"].endswith("MinimumLengthValidator")), 8)
    for field, errors in list(form.errors.as_data().items()):
        form.errors[field] = form.error_class(
            [CHINESE[e.code].format(min=low) if e.code in CHINESE else " ".join(e.messages) for e in errors])


class AddForm(UserCreationForm):
    """User name, password twice (validated by Django), and the role."""

    role = forms.ChoiceField(label="角色", choices=[(r, r) for r in ROLES],
                             help_text="拟稿：导入、编辑、提交；签发：审核、退回、签发、发布；管理：全部，另管账号和单位设置。")
    field_order = ["username", "role", "password1", "password2"]

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username",)
        labels = {"username": "用户名"}
        help_texts = {"username": "登录时填写的名字，例如 张三；不超过 150 个字符。"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = "密码"
        self.fields["password1"].help_text = "至少 10 个字符，不能全是数字，不能是常见密码。"
        self.fields["password2"].label = "再输入一次密码"
        self.fields["password2"].help_text = ""


class PasswordForm(SetPasswordForm):
    """A new password, twice (Django's validators)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password1"].help_text = "至少 10 个字符，不能全是数字，不能是常见密码。"
        self.fields["new_password2"].label = "再输入一次新密码"


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="角色", choices=[(r, r) for r in ROLES])


def role_of(user) -> str:
    """The user's role: the first of 拟稿 / 签发 / 管理 among their groups, or ``""``."""
    held = {g.name for g in user.groups.all()}
    return next((r for r in ROLES if r in held), "")


def locked(username: str) -> bool:
    """Whether django-axes holds the account locked now (the failure limit reached within the cool-off)."""
    from axes.models import AccessAttempt

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(username=username, failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
                                        attempt_time__gte=since).exists()


def _admins(exclude=None) -> int:
    """Active users with the 管理 role, but ``exclude``."""
    qs = User.objects.filter(is_active=True, groups__name="管理")
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.distinct().count()


def _user(uid) -> User:
    try:
        return User.objects.get(pk=int(uid))
    except (User.DoesNotExist, ValueError):
        raise Http404 from None


@need("manage_console")
@require_GET
def account_list(request):
    rows = [{"user": u, "role": role_of(u), "locked": locked(u.username)}
            for u in User.objects.order_by("-is_active", "username").prefetch_related("groups")]
    return render(request, "console/accounts.html", {"rows": rows, "done": DONE.get(request.GET.get("ok", ""))})


@need("manage_console")
def account_add(request):
    form = AddForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            ensure_roles()
            with transaction.atomic():
                user = form.save()
                user.groups.set([Group.objects.get(name=form.cleaned_data["role"])])
            return redirect("/accounts/?ok=added")
        _chinese(form)
    return render(request, "console/account_add.html", {"form": form}, status=400 if form.errors else 200)


def _edit_page(request, user, status=200, **forms_):
    return render(request, "console/account.html", {
        "account": user, "role": role_of(user), "locked": locked(user.username), "me": user.pk == request.user.pk,
        "role_form": forms_.get("role_form") or RoleForm(initial={"role": role_of(user)}),
        "password_form": forms_.get("password_form") or PasswordForm(user),
        "done": DONE.get(request.GET.get("ok", "")), "error": forms_.get("error")}, status=status)


@need("manage_console")
@require_GET
def account_edit(request, uid):
    return _edit_page(request, _user(uid))


@need("manage_console")
@require_POST
def account_change(request, uid, action):
    user = _user(uid)
    done = action
    if action == "role":
        form = RoleForm(request.POST)
        if not form.is_valid():
            _chinese(form)
            return _edit_page(request, user, 400, role_form=form)
        role = form.cleaned_data["role"]
        if role != "管理" and role_of(user) == "管理" and user.is_active and not _admins(exclude=user):
            return _edit_page(request, user, 409, role_form=form,
                              error="这是唯一在用的管理账号，不能改为其他角色；请先给另一个账号管理角色。")
        ensure_roles()
        user.groups.set([Group.objects.get(name=role)])
    elif action == "active":
        if user.is_active:
            if user.pk == request.user.pk:
                return _edit_page(request, user, 409, error="不能停用自己正在使用的账号。")
            if role_of(user) == "管理" and not _admins(exclude=user):
                return _edit_page(request, user, 409, error="这是唯一在用的管理账号，不能停用。")
        user.is_active = not user.is_active
        user.save(update_fields=["is_active"])
        done = "on" if user.is_active else "off"
    elif action == "password":
        form = PasswordForm(user, request.POST)
        if not form.is_valid():
            _chinese(form)
            return _edit_page(request, user, 400, password_form=form)
        form.save()
    elif action == "unlock":
        from axes.utils import reset

        reset(username=user.username)
    else:   # the URL pattern admits no other action
        return _refuse(request, "没有这项操作。", status=404)
    return redirect(f"/accounts/{user.pk}/?ok={done}")
