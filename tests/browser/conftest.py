"""Real-browser tests: Debian's Chromium driven by Playwright, axe-core injected on every page.

On a developer machine without Chromium these tests skip with a message; in CI (CI set) they fail instead.
Screenshots of every step go to test-artifacts/screenshots/ (printed at the end of the run); BROWSER_SCREENSHOTS=0
skips them (CI's PostgreSQL pass: the SQLite pass already took the same pages, and they are a fifth of these tests'
time).
"""

import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE_SOURCE = next((Path(__file__).parent / "vendor").glob("axe-*.min.js"))
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
TAKE_SCREENSHOTS = os.environ.get("BROWSER_SCREENSHOTS", "1") != "0"
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


@pytest.fixture(autouse=True)
def close_browser_contexts(request):
    """Close every context a test opened, when it ends: an open context keeps its keep-alive connections to the live
    server, and each of them a server thread with its database connection, until the end of the run."""
    yield
    if "browser" in request.fixturenames:
        for context in request.getfixturevalue("browser").contexts:
            context.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORTS["laptop"], locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


SERIOUS = ("serious", "critical")


def axe_violations(page, impacts=None):
    """axe-core's default rules on the page (WCAG 2 A/AA and best practices): each violation with up to three of
    its elements; only the given impacts, or all of them."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text())
    return page.evaluate(
        """async impacts => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.filter(v => !impacts || impacts.includes(v.impact))
                .map(v => ({id: v.id, impact: v.impact, help: v.help,
                            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }""",
        list(impacts) if impacts else None,
    )


def check_accessibility(page, label):
    """Fail on any serious or critical axe violation (`check_patient_page` fails on any violation)."""
    result = axe_violations(page, SERIOUS)
    assert result == [], f"axe violations on {label}: {result}"


def screenshot(page, name):
    """Full-page screenshots at phone and laptop sizes, then back to laptop size."""
    if not TAKE_SCREENSHOTS:
        return
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        save_screenshot(page, screenshot_file(name, size))
    page.set_viewport_size(VIEWPORTS["laptop"])


def save_screenshot(page, file_name):
    """The whole page as it is now, into test-artifacts/screenshots/ (unless BROWSER_SCREENSHOTS=0)."""
    if TAKE_SCREENSHOTS:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / file_name), full_page=True)


def screenshot_file(name, size):
    return f"{re.sub(r'[^a-z0-9_-]+', '-', name.lower())}-{size}.png"


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
    """Every step of a walk: check accessibility, the narrowest phone width, and keep screenshots. Every patient page
    is also measured in full by `check_patient_page` (tests/browser/test_every_patient_page.py)."""
    check_accessibility(page, name)
    check_fits_narrow_phone(page, name)
    screenshot(page, name)


# Every radio and checkbox: its size, its border's contrast against what is behind it, the height of its row and
# label, and the contrast of its label's text. WCAG relative luminance; transparent backgrounds are looked up.
MEASURE_CHOICES = """() => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= .03928 ? v / 12.92 : ((v + .055) / 1.055) ** 2.4; })
      .reduce((sum, v, i) => sum + v * [.2126, .7152, .0722][i], 0);
  const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + .05) / (y + .05); };
  const background = el => { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || c[3] > 0) return c.slice(0, 3); } return [255, 255, 255]; };
  return [...document.querySelectorAll('input[type=radio], input[type=checkbox]')].filter(i => i.offsetParent)
    .map(input => {
      const box = input.getBoundingClientRect(), row = input.closest('.form-check') || input.parentElement;
      const label = input.labels[0] || row, style = getComputedStyle(input);
      return {id: input.id, width: box.width, height: box.height,
        border: contrast(rgb(style.borderTopColor).slice(0, 3), background(row)),
        borderWidth: parseFloat(style.borderTopWidth),
        row: row.getBoundingClientRect().height, label: label.getBoundingClientRect().height,
        text: contrast(rgb(getComputedStyle(label).color).slice(0, 3), background(label))};
    });
}"""

# Sideways scrolling (the page wider than the window) and the page's height in screens.
MEASURE_PAGE = """() => ({
  scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
  screens: document.documentElement.scrollHeight / window.innerHeight,
})"""

# Words a page title must not carry: the browser tab, history and bookmarks are seen by whoever holds the phone.
TITLE_MUST_NOT_SAY = ("depress", "psychiatr", "mental", "anxi", "worry", "suicid", "harm", "crisis", "alcohol",
                      "drug", "medicine", "medication", "antidepressant", "therapy", "treatment", "mood", "sleep")


def small_choices(page):
    """The radios and checkboxes under 24 px, with a border under 3:1, or whose option is not a 44 px tap target."""
    return [
        choice for choice in page.evaluate(MEASURE_CHOICES)
        if choice["width"] < 24 or choice["height"] < 24 or choice["border"] < 3 or choice["borderWidth"] < 1
        or choice["row"] < 44 or choice["label"] < 44
    ]


def check_patient_page(page, name):
    """Point 7 of issue 15 on one patient page, at 390x844 and at 1280x800: no axe-core violation of any impact
    (default rules, none switched off), no sideways scrolling, every radio and checkbox 24 px with a 3:1 border on
    a 44 px tap target; a title that names no health matter; also fits 360 px. Screenshots at both sizes.

    Returns the page's height in screens at each size."""
    problems, screens, original = [], {}, page.viewport_size
    title = page.title()
    problems += [f"the title {title!r} says {word!r}" for word in TITLE_MUST_NOT_SAY if word in title.lower()]
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        measured = page.evaluate(MEASURE_PAGE)
        screens[size] = measured["screens"]
        if measured["scrollWidth"] > measured["innerWidth"]:
            problems.append(f"{size}: {measured['scrollWidth']}px wide in a {measured['innerWidth']}px window: "
                            f"{page.evaluate(WIDEST_ELEMENTS, viewport['width'])}")
        problems += [f"{size}: axe {violation}" for violation in axe_violations(page)]
        problems += [f"{size}: small choice {choice}" for choice in small_choices(page)]
        save_screenshot(page, screenshot_file(name, size))
    check_fits_narrow_phone(page, name)
    page.set_viewport_size(original)
    assert problems == [], f"{name}:\n" + "\n".join(problems)
    return screens
