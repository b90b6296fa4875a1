"""Build only what changed: targets with declared inputs, a content-addressed cache, a pool of workers.

Each test builds a copy of the project (with its own empty ``build/cache``) and reads what the
build says it rendered (:attr:`generator.builder.pipeline.BuildResult.rendered`) and what it wrote.
None of these tests measures time (``bench/archive_build.py`` does).
"""

from __future__ import annotations

import hashlib
import shutil

import pytest

from generator.builder.pipeline import build


def tree(folder):
    """Every file under ``folder`` → SHA-256 of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def first(tmp_path_factory):
    """A project copy built once (serially): ``(root, result, files of the site)``."""
    from conftest import ROOT, PROJECT_PARTS

    root = tmp_path_factory.mktemp("incremental")
    for part in PROJECT_PARTS:
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, root / part)
    result = build(root, jobs=1)
    return root, result, tree(root / "site")


def fresh_copy(first, tmp_path):
    """A copy of the built project, cache and site included, to change."""
    root, _, _ = first
    copy = tmp_path / "p"
    shutil.copytree(root, copy, symlinks=True)
    return copy


def test_a_first_build_renders_every_target(first):
    _, result, _ = first
    assert result.reused == 0 and len(result.rendered) == 21   # 11 PDF/calendar targets + 5 Word copies + 5 公众号版 (分享图: with the booklets)
    assert any(name.endswith("小册子") for name in result.rendered)


def test_no_change_renders_nothing_and_leaves_the_site_byte_identical(first, tmp_path):
    root = fresh_copy(first, tmp_path)
    before = tree(root / "site")
    result = build(root, jobs=1)
    assert result.rendered == [] and result.reused == 21
    assert result.published is False
    assert tree(root / "site") == before == first[2]


def test_editing_one_month_renders_that_month_and_its_year_only(first, tmp_path):
    root = fresh_copy(first, tmp_path)
    path = root / "data/months/2019-10.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("登录途径：", "登录方式："), encoding="utf-8")
    result = build(root, jobs=1)
    # the year plan does not show this sentence: its PDF is kept (it is keyed by what it lays out)
    assert sorted(result.rendered) == sorted([
        "2019年10月党支部组织生活指导材料 小册子", "2019年10月党支部组织生活指导材料 日历",
        "2019年10月党支部组织生活指导材料 Word 版", "2019年日历",
        "2019年10月党支部组织生活指导材料 公众号版"])
    after = tree(root / "site")
    changed = {p for p in after if after[p] != first[2].get(p)}
    assert any(p.startswith("2019-10/") and p.endswith(".pdf") for p in changed)
    assert not any(p.startswith(("2017-05/", "documents/")) and p.endswith(".pdf") for p in changed), \
        "the other month's and the shared documents' PDFs were not touched"
    assert "2019-10/index.html" in changed
    assert "登录方式" in (root / "site/2019-10/index.html").read_text(encoding="utf-8")


def test_editing_what_the_year_plan_shows_renders_the_year_plan_again(first, tmp_path):
    import pypdf

    root = fresh_copy(first, tmp_path)
    path = root / "data/months/2019-10.yml"
    text = path.read_text(encoding="utf-8")
    assert "“四个一”主题党日活动\n" in text
    path.write_text(text.replace("“四个一”主题党日活动\n", "“四个一”主题党日系列活动\n", 1), encoding="utf-8")
    result = build(root, jobs=1)
    assert "2019年度安排表" in result.rendered
    plan_pdf = next((root / "site/plan").rglob("2019*.pdf"))
    shown = "".join(page.extract_text() for page in pypdf.PdfReader(plan_pdf).pages).replace("\n", "")
    assert "主题党日系列活动" in shown


def test_a_changed_booklet_template_renders_every_booklet_again(first, tmp_path):
    root = fresh_copy(first, tmp_path)
    css = __import__("generator.builder.targets", fromlist=["PACKAGE"]).PACKAGE / "render/templates/booklet/booklet.css.j2"
    original = css.read_text(encoding="utf-8")
    try:
        css.write_text(original + "\n/* test: a changed stylesheet */\n", encoding="utf-8")
        from generator.builder import targets
        targets.code_digest.cache_clear()
        result = build(root, jobs=1)
    finally:
        css.write_text(original, encoding="utf-8")
        targets.code_digest.cache_clear()
    booklets = [n for n in result.rendered if n.endswith("小册子")]
    documents = [n for n in result.rendered if n.startswith("《")]
    assert len(booklets) == 2 and len(documents) == 3
    assert not any(n.endswith("日历") for n in result.rendered), "calendars do not depend on the stylesheet"


def test_a_damaged_cache_entry_is_rendered_again_and_never_published(first, tmp_path):
    root = fresh_copy(first, tmp_path)
    entries = sorted((root / "build/cache").glob("*/*/manifest.json"))
    victim = next(m.parent for m in entries if '.pdf"' in m.read_text(encoding="utf-8")   # a booklet's entry, not the
                  and any(f.stat().st_size > 10000 for f in m.parent.glob("[0-9]*")))           # search index's
    data_file = next(f for f in victim.glob("[0-9]*") if f.stat().st_size > 10000)
    data_file.write_bytes(data_file.read_bytes()[:-100] + b"\0" * 100)   # a disk error in the middle of a PDF
    shutil.rmtree(root / "site")                                         # so the site is assembled again
    result = build(root, jobs=1)
    assert len(result.rendered) == 1
    assert tree(root / "site") == first[2], "the re-rendered file equals the original"


def test_a_parallel_build_equals_a_serial_build_byte_for_byte(first, tmp_path):
    root = fresh_copy(first, tmp_path)
    shutil.rmtree(root / "build")
    shutil.rmtree(root / "site")
    result = build(root, jobs=2)
    assert len(result.rendered) == 21
    # Material's own search index (search/, not loaded by any page) varies between MkDocs runs
    drop = lambda t: {k: v for k, v in t.items() if not k.startswith("search/")}  # noqa: E731
    assert drop(tree(root / "site")) == drop(first[2])


def test_the_summary_says_what_was_rebuilt_and_no_progress_bar_off_a_terminal(first, tmp_path):
    from conftest import run_cli

    root = fresh_copy(first, tmp_path)
    path = root / "data/months/2017-05.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("不得请假", "一律不得请假"), encoding="utf-8")
    run = run_cli(root, "build")
    assert run.returncode == 0, run.stderr
    assert "重新生成 5 项，沿用 16 项" in run.stdout, run.stdout  # not the year plan: it does not show this sentence
    assert "\x1b[" not in run.stdout + run.stderr, "no progress display when the output is not a terminal (CI)"
    again = run_cli(root, "build")
    assert "没有变化（重新生成 0 项，沿用 21 项）" in again.stdout, again.stdout


def test_progress_is_shown_on_a_terminal_after_two_seconds():
    from generator.builder.progress import Progress

    shown = Progress(10, enabled=True)
    shown.enabled = True  # as on a terminal
    shown.started -= Progress.DELAY
    shown.advance("2019年10月 小册子")
    assert shown._bar is not None
    shown.close()
    quiet = Progress(10, enabled=False)
    quiet.started -= Progress.DELAY
    quiet.advance("2019年10月 小册子")
    assert quiet._bar is None


def test_a_large_parallel_build_cuts_pages_for_search_early_and_equals_a_serial_build(first, tmp_path, monkeypatch):
    """The path a ten-year archive takes (more than HEAVY targets): the engine as the pool's first job,
    the pages cut for search while the workers render, Pagefind after them."""
    import importlib

    build_module = importlib.import_module("generator.builder.pipeline")  # the package's `build` is the function
    monkeypatch.setattr(build_module, "HEAVY", 0)
    cut = []
    monkeypatch.setattr(build_module, "cut_for_search",
                        lambda staging, cache, real=build_module.cut_for_search: cut.append(1) or real(staging, cache))
    root = fresh_copy(first, tmp_path)
    shutil.rmtree(root / "build")
    shutil.rmtree(root / "site")
    result = build(root, jobs=2)
    assert len(result.rendered) == 21 and cut == [1]
    drop = lambda t: {k: v for k, v in t.items() if not k.startswith("search/")}  # noqa: E731
    assert drop(tree(root / "site")) == drop(first[2])


def test_targets_go_to_the_workers_longest_first(first):
    from generator.builder.pipeline import by_cost
    from generator.derive import derive
    from generator.builder.targets import plan

    targets = plan(first[1].project, derive(first[1].project))
    ordered = by_cost(targets)
    assert sorted(t.key for t in ordered) == sorted(t.key for t in targets), "the same work, only reordered"
    kinds = [t.kind for t in ordered]
    assert kinds.index("booklet") < min(kinds.index("docx"), kinds.index("calendar"))
    assert max(i for i, k in enumerate(kinds) if k in ("document", "year-plan")) < kinds.index("booklet")
    booklets = [len(t.job[1][0].attachments) for t in ordered if t.kind == "booklet"]
    assert booklets == sorted(booklets, reverse=True), "booklets with more attachments first"


def test_renders_of_one_thread_share_one_font_configuration():
    import threading

    from generator.render.booklet import font_configuration

    here = font_configuration()
    assert font_configuration() is here
    other = []
    thread = threading.Thread(target=lambda: other.append(font_configuration()))
    thread.start()
    thread.join()
    assert other[0] is not here, "Pango's font map is not shared between threads"


def test_keys_are_the_same_with_the_plan_s_fingerprint_memo(first, monkeypatch):
    """The plan fingerprints each month and the organisation once (``cache.key(…, memo=)``): every
    target's key must equal the key made without the memo, and the SHA-256 of the JSON of the whole
    list of fingerprints (the key as it was first written), or a build after the change would render
    everything again (or, worse, reuse a stale output)."""
    import hashlib
    import json

    from generator.builder import cache, targets
    from generator.derive import derive
    from generator.read.readers import read_project

    root, _, _ = first
    project = read_project(root)
    real, compared = cache.key, []

    def both(*parts, root=None, memo=None):
        with_memo = real(*parts, root=root, memo=memo)
        assert with_memo == real(*parts, root=root)
        whole = json.dumps([cache.FORMAT, *(cache.fingerprint(p, root) for p in parts)], ensure_ascii=False,
                           sort_keys=True, separators=(",", ":"))
        assert with_memo == hashlib.sha256(whole.encode("utf-8")).hexdigest()
        compared.append(with_memo)
        return with_memo

    monkeypatch.setattr(cache, "key", both)
    planned = targets.plan(project, derive(project))
    assert len(compared) == len(planned) > 20
