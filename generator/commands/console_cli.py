"""``python -m generator console`` and ``python -m generator user add``: the web console (:mod:`generator.console`)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

ROLES = ("拟稿", "签发", "管理")


def _django(root: Path) -> None:
    from django.core.management import call_command
    from django.utils import translation

    from ..console import setup

    setup(root)
    translation.activate("zh-hans")
    call_command("migrate", verbosity=0, interactive=False)


@click.command(options_metavar="[选项]", help="启动管理控制台（网页）：导入、编辑、检查、预览、签发和发布。")
@click.option("--host", metavar="地址", default="127.0.0.1", show_default=True, help="监听地址（在 nginx 之后时保持 127.0.0.1）")
@click.option("--port", metavar="端口", default=8010, show_default=True, type=click.IntRange(1, 65535), help="端口")
@click.option("--threads", metavar="个数", default=8, show_default=True, type=click.IntRange(1, 64), help="同时处理的请求数")
@click.pass_obj
def console(root: Path, host: str, port: int, threads: int) -> None:
    import waitress

    _django(root)
    from django.contrib.auth import get_user_model

    if not get_user_model().objects.exists():
        click.secho("还没有任何账号。请先创建，例如：python -m generator user add 张三 --role 管理", fg="yellow", err=True)
    from ..console.wsgi import application

    click.echo(f"管理控制台：http://{host}:{port}/  （按 Ctrl+C 结束）")
    try:
        waitress.serve(application, host=host, port=port, threads=threads, ident="console", _quiet=True)
    except OSError as exc:
        click.secho(f"无法在 {host}:{port} 上启动控制台（端口被占用或地址不对）：{exc.strerror}。"
                    f"修改建议：换一个端口，例如 --port {port + 1}", fg="red", err=True)
        sys.exit(2)


@click.group(options_metavar="[选项]", subcommand_metavar="命令 [参数]...", help="管理控制台的账号。")
def user() -> None:
    pass


@user.command(name="add", options_metavar="[选项]", help="新建账号（密码在提示后输入两次，不写在命令行上）。")
@click.argument("name", metavar="用户名")
@click.option("--role", type=click.Choice(ROLES), default=None, help="角色（必须写）：拟稿、签发 或 管理")
@click.pass_obj
def user_add(root: Path, name: str, role: str | None) -> None:
    if role is None:
        click.secho("请用 --role 写明角色：拟稿、签发 或 管理，例如 --role 拟稿", fg="red", err=True)
        sys.exit(2)
    _django(root)
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from ..console.apps import ensure_roles

    users = get_user_model()
    if users.objects.filter(username=name).exists():
        click.secho(f"账号“{name}”已存在，未做修改。", fg="red", err=True)
        sys.exit(1)
    password = click.prompt("密码", hide_input=True, confirmation_prompt="再输入一次密码", err=True)
    account = users(username=name)
    if len(password) < 10:   # said here: Django's Chinese catalogue lacks this message's current wording
        click.secho("密码不符合要求：太短，至少要 10 个字符。", fg="red", err=True)
        sys.exit(1)
    try:
        validate_password(password, account)
    except ValidationError as exc:
        click.secho("密码不符合要求：" + " ".join(exc.messages), fg="red", err=True)
        sys.exit(1)
    ensure_roles()
    account.set_password(password)
    account.save()
    account.groups.add(Group.objects.get(name=role))
    click.echo(f"已创建账号“{name}”，角色：{role}。")
