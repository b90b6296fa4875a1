"""Command line: ``python -m generator build | check | serve | schema | import``.

Every message is in Simplified Chinese. Exit status: 0 success, 1 content
errors (each printed with file, line, column and fix; outputs untouched),
2 anything else: another build running, a read-only or full disk (the path and
the fix are named), or a bug (the traceback is shown with ``-v``). In every
case the last good ``site/`` is left as it was.
"""

from __future__ import annotations

import json
import logging
import sys
import traceback
from pathlib import Path

import click

from . import cli_zh

cli_zh.install()   # click's own usage lines and errors in Chinese, before the commands are declared

from ..site import engines  # noqa: E402
from ..read import schema as schema_module  # noqa: E402
from ..builder.pipeline import build as run_build  # noqa: E402
from ..read.errors import ContentErrors  # noqa: E402
from ..site.publish import DEFAULT_WAIT, ProjectLock, PublishError, describe_os_error  # noqa: E402
from ..read.readers import read_project  # noqa: E402
from ..site.checks import SiteCheckError  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]

_GLOBAL_FLAGS = ("-v", "--verbose")


def hoist_global_flags(args: list[str]) -> list[str]:
    """``args`` with ``-v``/``--verbose`` moved in front of the command, wherever it was written.

    Click takes a group's options only before the command (``-v check``); clerks write ``check -v``.
    Nothing after ``--`` is moved (a file named ``-v`` stays an argument).
    """
    end = args.index("--") if "--" in args else len(args)
    flags = [a for a in args[:end] if a in _GLOBAL_FLAGS]
    return flags + [a for a in args[:end] if a not in _GLOBAL_FLAGS] + args[end:]


def run(args: list[str] | None = None, prog_name: str | None = None) -> None:
    """The command line's entry point (``python -m generator``, ``bin/generator``): :func:`main` after
    :func:`hoist_global_flags`. ``args`` defaults to ``sys.argv[1:]``."""
    main(hoist_global_flags(list(sys.argv[1:] if args is None else args)), prog_name=prog_name)


def _fail(message: str, code: int) -> None:
    click.secho(message, fg="red", err=True)
    sys.exit(code)


def _verbose() -> bool:
    return bool(click.get_current_context().find_root().params.get("verbose"))


@click.group(options_metavar="[选项]", subcommand_metavar="命令 [参数]...", help="党支部组织生活指导材料：由 YAML 和 Markdown 生成网站、PDF 小册子和工作清单。")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=ROOT, show_default=False,
              help="项目文件夹（默认为本程序所在的项目）")
@click.option("-v", "--verbose", is_flag=True, help="显示每一步的进度")
@click.pass_context
def main(ctx: click.Context, root: Path, verbose: bool) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s")
    for noisy in ("weasyprint", "fontTools", "mkdocs"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    if not verbose:   # their warnings are English (".notdef glyph rendered for …"); the build says it in Chinese
        for library in ("weasyprint", "fontTools"):
            logging.getLogger(library).setLevel(logging.ERROR)
    ctx.obj = root.resolve()


@main.command(options_metavar="[选项]", help="检查全部内容，列出所有问题，不生成任何文件。")
@click.pass_obj
def check(root: Path) -> None:
    try:
        project = read_project(root)
    except ContentErrors as errors:
        _fail(errors.report().replace("未生成任何输出；上一次成功构建的结果保持不变。", "请逐条修改后再检查。"), 1)
    except Exception:  # a bug, not the content: Chinese message, the traceback with -v
        if _verbose():
            traceback.print_exc()
        _fail("检查中断（程序或运行环境出错，不是内容问题）。请用 -v 重新运行，把显示的错误信息发给维护人员。", 2)
    for warning in project.warnings:
        click.secho(f"警告：{warning}", fg="yellow", err=True)
    for issue in sorted(project.months, key=lambda m: m.key):  # what stands in for a standing rule (one row each)
        for line in issue.replacements:
            click.echo(f"{issue.key}：{line}")
    n_docs = len(project.documents)
    click.echo(f"检查通过：{len(project.months)} 个月份，{n_docs} 份附件和文件。")


@main.command(options_metavar="[选项]", help="新建一个月份：写出 data/months/YYYY-MM.yml 和空的 content/YYYY-MM/ 文件夹。")
@click.argument("month", metavar="年月")
@click.option("--from", "source", type=click.Choice(["template", "latest"]), default="template", show_default=True,
              help="template：按默认的“一、时间及地点 二、内容 三、要求”结构，需填写处标为【待填写】；"
                   "latest：复制最近一个月的文件（去掉附件，期次加一），再逐项修改")
@click.option("--force", is_flag=True, help="该月份已存在时覆盖它的数据文件")
@click.pass_obj
def new(root: Path, month: str, source: str, force: bool) -> None:
    from .newmonth import NewMonthError, new_month
    try:
        path = new_month(root, month, source=source, force=force)
    except NewMonthError as exc:
        _fail(str(exc), 1)
    click.echo(f"已写入 {path.relative_to(root)}，附件放在 content/{month}/ 中。"
               "填写【待填写】处后运行 make check 检查。" if source == "template" else
               f"已写入 {path.relative_to(root)}（复制自最近一个月），请逐项修改后运行 make check 检查。")


ENGINE_OPTION = click.option(
    "--engine", type=click.Choice(engines.NAMES), default=None,
    help=f"网站引擎：mkdocs（MkDocs + Material）或 zensical；默认取环境变量 ENGINE，未设置时为 {engines.DEFAULT}")


@main.command(options_metavar="[选项]", help="生成网站（site/）和每月的 PDF 小册子；只重新生成有改动的部分。")
@click.option("--site-dir", type=click.Path(path_type=Path), default=None,  # a file there: Chinese message from publish
              help="网站输出文件夹（默认 site/）")
@ENGINE_OPTION
@click.option("-j", "--jobs", metavar="进程数", type=click.IntRange(min=1), default=None,
              help="同时生成 PDF 的进程数（默认等于本机 CPU 核数）")
@click.option("-q", "--quiet", is_flag=True, help="不显示进度条")
@click.option("--wait", metavar="秒", type=click.FloatRange(min=0), default=DEFAULT_WAIT, show_default=True,
              help="另一个构建正在运行时最多等待的秒数")
@click.pass_obj
def build(root: Path, site_dir: Path | None, engine: str | None, jobs: int | None, quiet: bool, wait: float) -> None:
    try:
        engines.get_engine(engine)
    except ValueError as exc:  # ENGINE=… names no engine
        _fail(str(exc), 2)
    try:
        result = run_build(root, site_dir, engine=engine, jobs=jobs, quiet=quiet, wait=wait)
    except ContentErrors as errors:
        _fail(errors.report(), 1)
    except SiteCheckError as exc:
        _fail(f"网站检查未通过，上一次成功构建的结果保持不变：\n{exc}", 1)
    except PublishError as exc:
        _fail(str(exc), 2)
    except OSError as exc:  # disk full, no permission: the machine, not the content
        if _verbose():
            traceback.print_exc()
        _fail(describe_os_error(exc), 2)
    except Exception:  # a bug: say so in Chinese; the traceback is for whoever fixes it (-v)
        if _verbose():
            traceback.print_exc()
        _fail("构建中断（程序或运行环境出错，不是内容问题），上一次成功构建的结果保持不变。"
              "请用 -v 重新运行，把显示的错误信息发给维护人员。", 2)
    for warning in result.warnings:
        click.secho(f"警告：{warning}", fg="yellow", err=True)
    summary = f"重新生成 {len(result.rendered)} 项，沿用 {result.reused} 项"
    if not result.published:
        click.echo(f"没有变化（{summary}），网站 {result.site_dir} 保持不变。")
    else:
        click.echo(f"构建完成：{len(result.project.months)} 个月份，{len(result.pdfs)} 个 PDF（{summary}），"
                   f"网站在 {result.site_dir}")


@main.command(options_metavar="[选项]", help="本地预览网站，修改内容后自动刷新。")
@click.option("--addr", metavar="地址:端口", default="127.0.0.1:8000", show_default=True, help="预览地址")
@click.option("--host", metavar="地址", default=None,
              help="在这个地址上监听（例如 0.0.0.0：同一网络中的手机也能打开预览；端口取 --addr 的）")
@ENGINE_OPTION
@click.pass_obj
def serve(root: Path, addr: str, host: str | None, engine: str | None) -> None:
    from .serve import serve as run_serve
    if host:  # make serve HOST=…
        addr = f"[{host}]:{addr.rpartition(':')[2]}" if ":" in host else f"{host}:{addr.rpartition(':')[2]}"
    try:
        site_engine = engines.get_engine(engine)
    except ValueError as exc:
        _fail(str(exc), 2)
    try:
        with ProjectLock(root, "serve", wait=0):  # no build switches the site or clears build/ meanwhile
            run_serve(root, addr, site_engine)
    except PublishError as exc:
        _fail(str(exc).replace("本次构建没有开始", "预览没有开始"), 2)


@main.command(options_metavar="[选项]", help="把内容的 JSON Schema 写入 schema/，供编辑器自动补全和检查。")
@click.pass_obj
def schema(root: Path) -> None:
    from ..read.destination import OutsideProject, refuse_outside

    out = root / "schema"
    try:
        for name in schema_module.SCHEMAS:
            refuse_outside(root, out / f"{name}.schema.json", "写入")
        out.mkdir(exist_ok=True)
        for name in schema_module.SCHEMAS:
            text = json.dumps(schema_module.export(name), ensure_ascii=False, indent=2) + "\n"
            (out / f"{name}.schema.json").write_text(text, encoding="utf-8")
            click.echo(f"已写入 schema/{name}.schema.json")
    except OutsideProject as exc:
        _fail(str(exc), 1)
    except OSError as exc:
        _fail(describe_os_error(exc), 2)


@main.command(options_metavar="[选项]", name="import", help="从 Word 文档（.docx）或文本文件（.txt）导入一期通知，生成月份数据或文件的草稿，并列出需要核对之处。")
@click.argument("file", metavar="文件", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--month", "month", default=None, metavar="YYYY-MM",
              help="导入为哪个月份（文件中没有写明月份时必须给出）")
@click.option("--force", is_flag=True, help="覆盖已有的月份数据或文件（默认不覆盖）")
@click.option("--document", "as_document", is_flag=True,
              help="作为共用文件导入到 content/documents/（默认：月度材料导入为月份，其他导入为文件）")
@click.pass_obj
def import_(root: Path, file: Path, month: str | None, force: bool, as_document: bool) -> None:
    from ..importer import ImportRefused, import_file

    try:
        result = import_file(file, root, month=month, force=force, as_document=as_document)
    except ImportRefused as exc:
        _fail(f"未导入：{exc}", 1)
    click.echo(result.report())


# the web console (generator/console/): `console` serves it, `user add` makes its accounts
from .console_cli import console as _console, user as _user  # noqa: E402

main.add_command(_console)
main.add_command(_user)
