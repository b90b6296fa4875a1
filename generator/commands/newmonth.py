"""A new month's data file: ``python -m generator new YYYY-MM`` (and ``make new MONTH=YYYY-MM``).

Two starting points:

* ``template``: the default shape (一、组织生活时间及地点 二、组织生活内容 三、组织生活要求), with
  :data:`generator.read.readers.PLACEHOLDER` wherever the month's own text must go. ``check`` refuses
  a month that still holds a placeholder, so a template is never published as it stands;
* ``latest``: the newest month's file, its comments kept, with the new ``month``, the
  ``ordinal`` counted on, and no attachments (they belong to their month). Its dates still
  name the old month, so ``check`` points at each one to change.

The content folder ``content/YYYY-MM/`` is created empty for the month's 附件.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from ruamel.yaml import YAML

from ..model import DEFAULT_TITLE
from ..read.destination import OutsideProject, refuse_outside
from ..read.readers import PLACEHOLDER
from ..read.schema import YEARS, clerk_month


class NewMonthError(Exception):
    """The month cannot be created (message in Chinese, with what to do)."""


TEMPLATE = """\
# {year}年{month}月 {title}
# 字段说明见 docs/content-guide.md；编辑器可用 schema/month.schema.json 自动补全和检查。
# 把每一处 {ph} 换成本月的内容；本月没有的项目（例如学习材料、附件）整项删去。
month: {key}
title: {title}
# ordinal: 7                 # 期次（封面显示“第七次”），可省略
# published: {key}-05        # 印发日期，可省略

sections:
  - heading: 组织生活时间及地点
    blocks:
      - meeting:
          # 固定时段写 date（日期）、start、end（24 小时制，加引号）；只有截止日期时写 deadline
          # date: {key}-28
          # start: "15:00"
          # end: "16:30"
          place: {ph}
  - heading: 组织生活内容
    blocks:
      - heading: {month}月活动主题
        theme: {ph}
      - heading: {month}月工作安排
        work_items:
          - text: {ph}
            # summary: 清单上显示的要点，可省略（默认取第一句）
            # responsible: 全体党员   # 支部书记、支委会、全体党员
            # deadline: {key}-20     # 完成期限，可省略
  - heading: 组织生活要求
    blocks:
      - requirements:
          - {ph}

# attachments:                # 附件：content/{key}/ 中的 .md 文件，按顺序为附件1、附件2……
#   - 附件1-……通知.md
"""


def new_month(root: Path, key: str, source: str = "template", force: bool = False) -> Path:
    """Writes ``data/months/<key>.yml`` and creates ``content/<key>/``.

    Args:
        root: the project directory.
        key: the month, ``YYYY-MM``.
        source: ``template`` or ``latest`` (see the module docstring).
        force: overwrite an existing month file.

    Returns:
        The path of the month file written.

    Raises:
        NewMonthError: a malformed month, an existing month without ``force``, or ``latest``
            with no month to copy.
    """
    match = re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])", key)
    if not match:
        better = clerk_month(key)
        fix = f"写成 {better}" if better else "写成 年-月，月份补足两位，例如 2019-11"
        raise NewMonthError(f"月份写法不对：“{key}”。修改建议：{fix}")
    if not YEARS[0] <= int(match[1]) <= YEARS[1]:   # what check refuses, new refuses
        raise NewMonthError(f"月份 {key} 的年份 {int(match[1])} 不在 {YEARS[0]}–{YEARS[1]} 年之间，未做任何改动。"
                            "修改建议：检查年份是否写错（例如把 2019 写成了 0019 或 9019）")
    months = root / "data" / "months"
    target = months / f"{key}.yml"
    folder = root / "content" / key
    try:
        for path in (target, folder):
            refuse_outside(root, path, "写入")
    except OutsideProject as exc:
        raise NewMonthError(str(exc)) from None
    if (target.exists() or (months / f"{key}.yaml").exists()) and not force:
        raise NewMonthError(f"data/months/{key}.yml 已经存在，未做任何改动。修改建议：直接编辑它；确要重新生成请加 --force")
    if folder.exists() and not folder.is_dir():
        raise NewMonthError(f"content/{key} 已经存在，但它是一个文件而不是文件夹，未做任何改动。"
                            f"修改建议：把它改名或移走（mv content/{key} content/{key}.bak）后重新运行")
    if source == "latest":
        text = _from_latest(root, months, key)
    else:
        text = TEMPLATE.format(year=match[1], month=int(match[2]), key=key, title=DEFAULT_TITLE, ph=PLACEHOLDER)
    try:
        months.mkdir(parents=True, exist_ok=True)
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        place = exc.filename or months
        try:
            place = Path(place).relative_to(root)
        except ValueError:
            pass
        why = ("没有写入权限" if isinstance(exc, PermissionError) else
               "磁盘已满" if exc.errno == 28 else f"无法写入（{exc.strerror}）")
        raise NewMonthError(f"{place} {why}，未新建月份 {key}。修改建议：检查该文件夹的权限"
                            f"（例如 chmod u+w {place}）和磁盘空间后重新运行") from None
    return target


def _from_latest(root: Path, months: Path, key: str) -> str:
    existing = sorted(p for p in [*months.glob("*.yml"), *months.glob("*.yaml")]
                      if re.fullmatch(r"\d{4}-\d{2}", p.stem) and p.stem != key)
    if not existing:
        raise NewMonthError("还没有任何月份可以复制。修改建议：去掉 --from latest，按默认模板新建")
    latest = existing[-1]
    rel = latest.relative_to(root).as_posix()
    try:
        refuse_outside(root, latest, "复制")
    except OutsideProject as exc:
        raise NewMonthError(str(exc)) from None
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)   # the bundled months' layout: "  - heading:"
    yaml.width = 4096                              # never fold a long Chinese line
    fix = f"先运行 make check 按提示改好 {rel}，或去掉 --from latest，按默认模板新建"
    try:
        data = yaml.load(latest.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise NewMonthError(f"{rel} 不是 UTF-8 编码，无法复制，未做任何改动。修改建议：用编辑器把它另存为 UTF-8 编码；"
                            "或去掉 --from latest，按默认模板新建") from None
    except OSError as exc:
        raise NewMonthError(f"无法读取 {rel}（{exc.strerror}），未做任何改动。修改建议：{fix}") from None
    except Exception as exc:  # ruamel's scanner and parser errors: a tab, a bad indent …
        mark = getattr(exc, "problem_mark", None)
        at = f" 第 {mark.line + 1} 行" if mark is not None else ""
        raise NewMonthError(f"{rel}{at} 的 YAML 写法有误，无法复制，未做任何改动。修改建议：{fix}") from None
    if not isinstance(data, dict):
        raise NewMonthError(f"{rel} 的内容不是“键: 值”的形式（应以 month:、title: 等开头），无法复制，未做任何改动。"
                            f"修改建议：{fix}")
    data["month"] = key
    if isinstance(data.get("ordinal"), int):
        data["ordinal"] = data["ordinal"] + 1
    if "attachments" in data:
        del data["attachments"]
    out = io.StringIO()
    yaml.dump(data, out)
    header = f"# 复制自 {latest.name}：日期、主题、工作安排等请逐项改为本月内容，make check 会指出仍早于本月的日期。\n"
    return header + out.getvalue()
