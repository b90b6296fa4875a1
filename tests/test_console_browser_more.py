"""The console's document and account screens in headless Chromium (issue 17, the part after the workflow).

A clerk (拟稿) opens a shared document from the list, edits its body in the Markdown editor (Vditor, served by
the console itself), saves and sees the commit in its history; every request the browser makes stays on the
console's origin and the page reports no CSP violation. An administrator (管理) adds a user in the 账号 page
(a weak password is refused in Chinese first), and that user logs in. Screenshots of each new screen at
1366 × 768 and 390 × 844 go where test_console_browser puts its own (``CONSOLE_SCREENSHOTS=docs``: docs/console-img/).
"""

from __future__ import annotations

import subprocess
import time
from urllib.parse import quote, urlsplit

import pytest

from test_console_browser import PASSWORD, SHOTS, SIZES, run_console, shoot

pytestmark = pytest.mark.browser

DOC = "西北政法大学机关党委-两学一做实施方案.md"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``(base_url, root)``: the console on a git copy of the project, with users 王拟稿 (拟稿), 赵管理 (管理) and
    李签发 (签发)."""
    yield from run_console(tmp_path_factory, "console-more", {"王拟稿": "拟稿", "赵管理": "管理", "李签发": "签发"})


def shoot_at(page, name: str, selector: str, ready: str) -> None:
    """As :func:`test_console_browser.shoot`, the page loaded anew at each size (the editor lays itself out when it
    starts) and ``selector`` scrolled to the top of the window."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for label, viewport in [*SIZES.items(), ("", size)]:
        page.set_viewport_size(viewport)
        page.reload()
        page.wait_for_selector(ready)
        page.wait_for_function("""() => { const p = document.querySelector('#body-editor .vditor-preview');
                                           return !p || p.offsetParent === null || p.textContent.trim() !== ''; }""")
        if label:
            page.locator(selector).evaluate("e => e.scrollIntoView({block: 'start'})")
            page.screenshot(path=str(SHOTS / f"{name}-{label}.png"))


class Watch:
    """Every request a browser context makes and every CSP complaint its pages log."""

    def __init__(self, context):
        self.urls: list[str] = []
        self.csp: list[str] = []
        context.on("request", lambda r: self.urls.append(r.url))
        context.on("console", self._console)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.csp.append(f"{message.text} ({message.location['url']})")

    def outside(self, base: str) -> list[str]:
        origin = urlsplit(base)[:2]
        return [u for u in self.urls if urlsplit(u)[:2] != origin and not u.startswith(("data:", "blob:", "about:"))]


def login(browser, base: str, name: str, password: str = PASSWORD):
    context = browser.new_context(viewport=SIZES["wide"], locale="zh-CN")
    context.set_default_timeout(60_000)
    watch = Watch(context)
    page = context.new_page()
    page.goto(base + "/login/")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_url(base + "/")
    return page, watch


def test_clerk_edits_a_document_body_in_the_markdown_editor(server, browser):
    base, root = server
    page, watch = login(browser, base, "王拟稿")
    page.click("text=共用文件和各月附件")
    page.wait_for_url(base + "/documents/")
    shoot(page, "10-documents")
    page.click(f"a:text-is('{DOC}')")
    page.wait_for_selector("#body-editor[data-ready]")
    page.wait_for_selector("#editor[data-ready]")
    toolbar = page.locator("#body-editor .vditor-toolbar")
    assert toolbar.locator('[data-type="bold"]').get_attribute("aria-label").startswith("粗体")   # Chinese interface
    assert page.locator('[data-schemapath="root.title"] input').input_value().startswith("关于深入推进")
    shoot(page, "11-document")
    shoot_at(page, "11-document-body", "#body-title", "#body-editor[data-ready]")

    before = (root / "content/documents" / DOC).read_bytes()
    page.click("#save")                                   # nothing changed: the file keeps its bytes
    page.locator("#status", has_text="已保存").wait_for()
    assert (root / "content/documents" / DOC).read_bytes() == before

    source = page.locator("#body-editor .vditor-sv")
    source.click()
    page.keyboard.press("Control+End")
    debris = "\n\n[bookmark: _GoBack]"                # Word debris in the body: the check's error stands at the body
    page.keyboard.type(debris)
    page.click("#save")
    page.locator("#status", has_text="已保存").wait_for()
    assert "Word 残留" in page.locator('.field-error[data-path="body"]').text_content()
    assert "[bookmark: _GoBack]" in (root / "content/documents" / DOC).read_text(encoding="utf-8")
    shoot_at(page, "11-document-error", "#body-title", "#body-editor[data-ready]")
    assert page.locator('.field-error[data-path="body"]').count() == 1     # shown again when the page is opened
    source.click()
    page.keyboard.press("Control+End")
    for _ in debris:
        page.keyboard.press("Backspace")
    page.keyboard.type("\n\n各支部于每月底前报送学习情况。")
    page.click("#save")
    page.locator("#status", has_text="已保存").wait_for()
    assert "检查通过" in page.text_content("#status"), page.text_content("#problems")
    assert page.locator(".field-error").count() == 0
    text = (root / "content/documents" / DOC).read_text(encoding="utf-8")
    assert text.rstrip().endswith("各支部于每月底前报送学习情况。")
    assert text.startswith(before.decode("utf-8").rstrip())      # the rest as it was: the editor reformats nothing
    log = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%an", "--", f"content/documents/{DOC}"],
                         capture_output=True, text=True).stdout.strip()
    assert log == "王拟稿"
    page.goto(base + f"/doc/documents/{quote(DOC)}/history/")
    assert "王拟稿" in page.text_content("table") and f"修改 content/documents/{DOC}" in page.text_content("table")
    shoot(page, "12-document-history")

    assert watch.outside(base) == [], watch.outside(base)
    assert any("/static/npm/vditor/dist/js/lute/lute.min.js" in u for u in watch.urls)   # the editor's own parts, here
    assert watch.csp == []


def test_admin_adds_a_user_who_then_logs_in(server, browser):
    base, _ = server
    page, watch = login(browser, base, "赵管理")
    page.click("header >> text=账号")
    page.wait_for_url(base + "/accounts/")
    assert "王拟稿" in page.text_content("table") and "管理" in page.text_content("table")
    shoot(page, "13-accounts")
    page.click("text=添加账号")
    page.fill("input[name=username]", "孙拟稿")
    page.select_option("select[name=role]", "拟稿")
    page.fill("input[name=password1]", "12345678901")
    page.fill("input[name=password2]", "12345678901")
    page.click("main button[type=submit]")
    assert "密码不能全是数字" in " ".join(page.locator(".field-error").all_text_contents())
    shoot(page, "14-account-add-refused")
    new = "孙拟稿-组织部-2026"
    page.fill("input[name=password1]", new)
    page.fill("input[name=password2]", new)
    page.click("main button[type=submit]")
    page.wait_for_url(base + "/accounts/?ok=added")
    row = page.locator("tr", has_text="孙拟稿")
    assert "拟稿" in row.text_content() and "在用" in row.text_content()
    row.locator("a", has_text="修改").click()
    page.wait_for_selector("text=设置新密码")
    shoot(page, "15-account")
    assert watch.outside(base) == [] and watch.csp == []

    newcomer, _ = login(browser, base, "孙拟稿", new)
    assert "孙拟稿（拟稿）" in newcomer.text_content("header")
    assert newcomer.goto(base + "/accounts/").status == 403


def test_leader_approves_a_shared_document(server, browser):
    """After the clerk's edit above: the public site's page is the preview's of that version (as if published);
    the clerk adds a line and submits on the document page; the leader sees that line added and approves."""
    base, root = server
    served = sorted((root / "build/preview-console").glob("served-*"), key=lambda p: int(p.name.split("-")[1]))
    page_html = f"documents/{DOC.removesuffix('.md')}/index.html"
    for _ in range(600):
        if served and "各支部于每月底前报送学习情况" in (served[-1] / page_html).read_text(encoding="utf-8"):
            break
        time.sleep(0.2)
        served = sorted((root / "build/preview-console").glob("served-*"), key=lambda p: int(p.name.split("-")[1]))
    (root / "site" / page_html).parent.mkdir(parents=True)
    (root / "site" / page_html).write_bytes((served[-1] / page_html).read_bytes())

    clerk, _ = login(browser, base, "王拟稿")
    clerk.goto(base + f"/doc/documents/{quote(DOC)}/")
    clerk.wait_for_selector("#body-editor[data-ready]")
    assert "状态：草稿" in clerk.text_content(".tabs")
    clerk.locator("#body-editor .vditor-sv").click()
    clerk.keyboard.press("Control+End")
    clerk.keyboard.type("\n\n学习情况报送党委组织部。")
    clerk.click("#save")
    clerk.locator("#status", has_text="检查通过").wait_for()
    clerk.click("button:has-text('提交签发')")
    clerk.wait_for_url("**/review/")
    assert "状态：待签发" in clerk.text_content(".tabs")

    leader, watch = login(browser, base, "李签发")
    leader.click("text=共用文件和各月附件")
    assert "待签发" in leader.locator("tr", has_text=DOC).text_content()
    leader.locator("tr", has_text=DOC).locator("a", has_text="签发与发布").click()
    leader.wait_for_selector(".diff")
    assert leader.locator(".diff .added").all_text_contents() == ["＋ 学习情况报送党委组织部。"]
    assert "未改动的" in leader.locator(".diff .skip").first.text_content()   # the rest folded
    assert "新增 1 段，删去 0 段" in leader.text_content("main")
    shoot(leader, "16-document-review")
    leader.click("button:text-is('签发')")
    assert "状态：已签发" in leader.text_content(".tabs")
    assert leader.locator("button", has_text="发布到网站").count() == 1
    assert "李签发" in leader.text_content(".events") and "王拟稿" in leader.text_content(".events")
    assert watch.outside(base) == [] and watch.csp == []
