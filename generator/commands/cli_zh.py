"""Click's own messages in Simplified Chinese (usage, help headings, usage errors).

Click (8.x) marks every message it prints with :func:`gettext.gettext` / ``ngettext``
(``from gettext import gettext as _`` in each of its modules) but ships no Chinese
catalogue, and the global gettext domain is the process's, not click's. So :func:`install`
puts a translating ``_`` and ``ngettext`` into click's modules, backed by :data:`CATALOG`,
before the commands are declared (``--help``'s own help text is taken at declaration).
A message missing from the catalogue (a newer click) stays in English: nothing breaks.
"""

from __future__ import annotations

import importlib

CATALOG: dict[str, str] = {
    # help pages (click.formatting, click.core, click.decorators)
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "deprecated": "已弃用",
    "(dynamic)": "（动态）",
    "Aborted!": "已中止。",
    # usage errors (click.exceptions, click.core, click.parser)
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "输入“{command} {option}”查看帮助。",
    "No such command {name!r}.": "没有“{name}”这个命令。",
    "No such option {name!r}.": "没有“{name}”这个选项。",
    "Did you mean {possibility}?": "是不是要用 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是不是要用其中之一：{possibilities}？）",
    "Missing command.": "缺少命令：请在后面写上 build、check、serve、new、import 或 schema。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值不对：{message}",
    "Invalid value: {message}": "值不对：{message}",
    "Got unexpected extra argument ({args})": "多出了参数（{args}）",
    "Got unexpected extra arguments ({args})": "多出了参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name} 后面要写一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name} 后面要写 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name} 后面不写值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name} 要写 {nargs} 个值。",
    "Could not open file {filename!r}: {message}": "打不开文件“{filename}”：{message}",
    "unknown error": "未知错误",
    # parameter types (click.types)
    "{value!r} is not {choice}.": "“{value}”不是 {choice}。",
    "{value!r} is not one of {choices}.": "“{value}”不在可选值 {choices} 之中。",
    "{value!r} is not a valid {number_type}.": "“{value}”不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在允许的范围 {range} 内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "“{value}”不是是非值，可用：{states}",
    "{name} {filename!r} does not exist.": "{name}“{filename}”不存在。",
    "{name} {filename!r} is a file.": "{name}“{filename}”是文件，这里要文件夹。",
    "{name} {filename!r} is a directory.": "{name}“{filename}”是文件夹，这里要文件。",
    "{name} {filename!r} is not readable.": "{name}“{filename}”没有读取权限。",
    "{name} {filename!r} is not writable.": "{name}“{filename}”没有写入权限。",
    "{name} {filename!r} is not executable.": "{name}“{filename}”不能执行。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
}
"""Click's English message ids → Chinese. The ``{…}`` fields are click's own and must be kept;
``!r`` is dropped where the Chinese quotes the value itself."""

_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils")


def gettext(message: str) -> str:
    """``message`` in Chinese when the catalogue has it, else as given."""
    return CATALOG.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form (by ``n``), in Chinese when the catalogue has it."""
    return gettext(singular if n == 1 else plural)


def install() -> None:
    """Makes click print its messages through :data:`CATALOG`. Idempotent; call before declaring commands."""
    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
