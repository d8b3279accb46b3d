"""Real-browser tests: Debian's Chromium driven by Playwright, axe-core injected on every page.

On a developer machine without Chromium these tests skip with a message; in CI (CI set) they fail instead.
Screenshots of every step go to test-artifacts/screenshots/ (printed at the end of the run).
"""

import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE_SOURCE = next((Path(__file__).parent / "vendor").glob("axe-*.min.js"))
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 800}}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def pytest_terminal_summary(terminalreporter):
    if SCREENSHOTS.exists() and any(SCREENSHOTS.iterdir()):
        terminalreporter.write_line(f"browser screenshots: {SCREENSHOTS}")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = "Chromium not found (apt-get install chromium): browser tests need it"
        if os.environ.get("CI"):
            pytest.fail(message + " and CI is set")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORTS["laptop"], locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def check_accessibility(page, label):
    """Run axe-core on the page; fail on any serious or critical violation."""
    page.evaluate(AXE_SOURCE.read_text())
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
                .map(v => ({id: v.id, impact: v.impact, help: v.help,
                            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }"""
    )
    assert result == [], f"axe violations on {label}: {result}"


def screenshot(page, name):
    """Full-page screenshots at phone and laptop sizes, then back to laptop size."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^a-z0-9_-]+", "-", name.lower())
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.screenshot(path=str(SCREENSHOTS / f"{safe}-{size}.png"), full_page=True)
    page.set_viewport_size(VIEWPORTS["laptop"])


def check_fits_narrow_phone(page, label, width=360):
    """Usable at 360 px: nothing makes the page itself scroll sideways (wide tables scroll in their own box)."""
    page.set_viewport_size({"width": width, "height": 740})
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    culprits = page.evaluate(WIDEST_ELEMENTS, width) if overflow > 0 else []
    page.set_viewport_size(VIEWPORTS["laptop"])
    assert overflow <= 0, f"{label} is {overflow}px wider than a {width}px screen: {culprits}"


# The innermost elements that stick out of the screen, to name in the failure message.
WIDEST_ELEMENTS = """width => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1 && ![...e.children].some(
        c => c.getBoundingClientRect().right > width + 1))
    .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '')
        + ' ' + Math.round(e.getBoundingClientRect().right) + 'px')"""


def look(page, name):
    """Every step of a walk: check accessibility, the narrowest phone width, and keep screenshots."""
    check_accessibility(page, name)
    check_fits_narrow_phone(page, name)
    screenshot(page, name)
