"""The engine seam: one config file for either engine, never in the project root, and the same look under both."""

from __future__ import annotations

import pytest
import yaml

from conftest import ROOT, run_cli
from generator.site import engines

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_engine_by_name_environment_and_default(monkeypatch):
    monkeypatch.delenv("ENGINE", raising=False)
    assert engines.get_engine().name == engines.DEFAULT == "mkdocs"
    monkeypatch.setenv("ENGINE", "zensical")
    assert engines.get_engine().name == "zensical"
    assert engines.get_engine("mkdocs").name == "mkdocs"
    with pytest.raises(ValueError, match="未知的网站引擎"):
        engines.get_engine("hugo")


def test_unknown_engine_is_refused_in_chinese(project_copy):
    run = run_cli(project_copy, "build", "--engine", "hugo")
    assert run.returncode == 2 and "hugo" in run.stderr


@pytest.mark.parametrize("where", [".", "build", "../elsewhere"])
def test_work_folder_is_never_the_project_or_outside_build(tmp_path, where):
    with pytest.raises(engines.EngineError, match=r"\.cache"):
        engines.check_work_dir(tmp_path, tmp_path / where)
    engines.check_work_dir(tmp_path, tmp_path / "build" / "staging-x")  # fine


def test_config_is_a_real_file_beside_docs_and_site(tmp_path):
    work = ROOT / "build" / "test-engine-config"
    try:
        path = engines.write_config(ROOT, work, engines.SiteConfig([{"首页": "index.md"}], "https://example.cn/x/"))
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert path.parent == work and (work / "docs").is_dir()
        assert config["docs_dir"] == "docs" and config["site_dir"] == "site"
        assert config["theme"]["custom_dir"] == str(ROOT / "overrides")
        assert config["nav"] == [{"首页": "index.md"}] and config["site_url"] == "https://example.cn/x/"
        assert config["plugins"] == [{"search": {"enabled": False}}], "an engine's own search index would be built"
        assert config["theme"]["variant"] == "classic"
    finally:
        import shutil
        shutil.rmtree(work, ignore_errors=True)


LOOK = """() => {
  const css = (sel, prop) => getComputedStyle(document.querySelector(sel))[prop];
  return {
    header: css('.md-header', 'backgroundColor'), headerText: css('.md-header', 'color'),
    link: css('article a:not(.md-button)', 'color'), body: css('article p', 'fontSize'),
    h1: css('article h1', 'fontSize'), font: css('article p', 'fontFamily').split(',')[0],
    search: css('.zz-search-open', 'display'), width: document.querySelector('.md-main__inner').getBoundingClientRect().width,
  };
}"""


def test_same_look_under_both_engines(browser, served, site):
    """The red header, link colour, type sizes and the search button, as the browser computes them."""
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, locale="zh-CN")
    page = context.new_page()
    page.goto(served + "2019-10/", wait_until="networkidle")
    look = page.evaluate(LOOK)
    context.close()
    assert look == {"header": "rgb(183, 28, 28)", "headerText": "rgb(255, 255, 255)", "link": "rgb(183, 28, 28)",
                    "body": "17px", "h1": "40px", "font": "_", "search": "block", "width": 375}, (site[0], look)
