"""Real Chromium (Debian's package) driven by Playwright; screenshots go to artifacts/."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    assert shutil.which(CHROMIUM) or Path(CHROMIUM).exists(), (
        f"{CHROMIUM} is missing: `make browser` installs Debian's chromium"
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


def _page(browser, live_server, request, **context_options):
    context = browser.new_context(base_url=live_server.url, locale="id-ID", **context_options)
    page = context.new_page()
    # Generous: on a 2-core CI machine a page can wait behind the other xdist worker's browser and
    # server (a sign-out then sign-in once took over 15 s there); a real hang still fails.
    page.set_default_timeout(30_000)
    blocked: list[str] = []  # the Content-Security-Policy must block nothing the portal itself needs
    page.on(
        "console",
        lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None,
    )
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not blocked, f"blocked by the Content-Security-Policy: {blocked}"


@pytest.fixture
def page(browser, live_server, request):
    """A desktop browser tab on the live server; a screenshot is kept after the test."""
    yield from _page(browser, live_server, request, viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone(browser, live_server, request):
    """A phone-sized touch screen (375 px wide)."""
    yield from _page(
        browser, live_server, request, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )


def open_dropdown(page, test_id: str) -> None:
    """Open a navbar dropdown (its toggle's test id). Bootstrap's script runs after the page's text is
    visible; a click before it does nothing, so wait for the page's load first, and check it opened."""
    _open_toggle(page, page.get_by_test_id(test_id))


def open_navbar(page, name: str = "Buka menu") -> None:
    """Open the collapsed navbar on a phone (its toggler's accessible name), as `open_dropdown` does."""
    _open_toggle(page, page.get_by_role("button", name=name))


def _open_toggle(page, toggle) -> None:
    from playwright.sync_api import expect

    page.wait_for_load_state("load")
    # On a loaded machine the click can still land before the script listens (seen in CI):
    # click again while it has not opened, never when it has (a second click would close it).
    for attempt in range(3):
        toggle.click()
        try:
            expect(toggle).to_have_attribute("aria-expanded", "true", timeout=10_000)
            return
        except AssertionError:
            if attempt == 2:
                raise
