"""The console's Django app: makes the three role groups after ``migrate``."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


ROLES = {
    "拟稿": ["draft_month"],
    "签发": ["review_month", "publish_month"],
    "管理": ["draft_month", "review_month", "publish_month", "manage_console"],
}
"""Role (Django group) → the permissions of :class:`generator.console.models.MonthRecord` it holds.
拟稿 drafts, imports, edits and submits; 签发 reviews, returns, approves and publishes; 管理 does all of it
and manages users and the organisation settings."""


def ensure_roles(**_kwargs) -> None:
    from django.contrib.auth.models import Group, Permission

    for role, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(Permission.objects.filter(codename__in=codenames, content_type__app_label="console"))


class ConsoleConfig(AppConfig):
    name = "generator.console"
    label = "console"
    verbose_name = "管理控制台"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(ensure_roles, sender=self)
