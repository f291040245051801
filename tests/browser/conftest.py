"""A real server on 127.0.0.1 and headless Debian Chromium driven by Playwright."""

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("TRACKER_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--disable-quic"]


def _browser_required() -> bool:
    return os.environ.get("TRACKER_REQUIRE_BROWSER") == "1" or os.environ.get("CI") == "true"


@pytest.fixture(scope="session")
def chromium():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        if _browser_required():
            pytest.fail(f"Chromium is required under CI but {CHROMIUM} is missing")
        pytest.skip(f"browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_server(app):
    """The test's app served for real on a free port, in a thread of its own."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def new_page(chromium):
    """new_page() -> a page in a fresh browser context (its own cookies), Vietnamese, laptop-sized."""
    contexts = []

    def _new(width: int = 1366, height: int = 900):
        context = chromium.new_context(locale="vi-VN", viewport={"width": width, "height": height},
                                       timezone_id="Asia/Ho_Chi_Minh")
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield _new
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    """Keep a full-page screenshot for a person to look at (kept out of git)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sideways_scroll(page) -> int:
    """How far ``page`` scrolls sideways once its stylesheets have applied (0 when it fits the screen).

    Measured after the load event: a layout taken while a stylesheet is still arriving is wider than the page.
    """
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def confirmed(page, done) -> None:
    """After clicking a button that asks first: the script's dialog (accept it with ``page.on("dialog", ...)``)
    confirms on the same page; without the script yet, the server's confirmation page asks once more. Waits for
    either, confirms on that page if it came, then waits for ``done`` (a locator of the result)."""
    from playwright.sync_api import expect

    asked = page.get_by_role("heading", name="Xác nhận thao tác")
    expect(done.or_(asked).first).to_be_visible()
    if asked.is_visible():
        page.locator("form:has(input[name=confirmed]) button[type=submit]").click()
    expect(done).to_be_visible()


def login(page, base: str, username: str, password: str = "") -> None:
    """Log in through the login page as a person would (the factories' password unless another is given)."""
    from tests.factories import PASSWORD

    page.goto(f"{base}/dang-nhap")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password or PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 levels A and AA, the brief's bar; axe's "best-practice" rules are advice, not the bar.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[dict]:
    """Run axe-core on what ``page`` shows now; its WCAG 2.1 A/AA violations (empty when the page passes)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern;
        # a <script> tag would be refused (script-src 'self'), and loosening the policy would test another site.
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))})))",
        AXE_TAGS)


def describe_violations(url: str, violations: list[dict]) -> str:
    """One readable paragraph per broken rule: what, how bad, and the first few elements that break it."""
    lines = [f"{url}: {len(violations)} WCAG 2.1 A/AA rule(s) broken"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} element(s)")
        for node in v["nodes"][:5]:
            summary = " ".join(node["summary"].split())[:220]
            lines.append(f"    {node['target']}: {summary}")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def axe_available():
    if not AXE_SCRIPT.exists():
        if _browser_required():
            pytest.fail(f"axe-core is required under CI but {AXE_SCRIPT} is missing (run `make node_modules`)")
        pytest.skip("accessibility checks skipped: axe-core is not installed (run `make node_modules`)")


@pytest.fixture
def check_a11y(axe_available):
    """check_a11y(page) fails the test with a readable list when the page breaks a WCAG 2.1 A/AA rule."""

    def _check(page) -> None:
        page.wait_for_load_state("load")
        violations = axe_violations(page)
        assert not violations, describe_violations(page.url, violations)

    return _check
