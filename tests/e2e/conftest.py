"""Browser journeys: Playwright drives the Chromium of Debian's `chromium` package (never a download).

Waits are on the page's state (an element, a URL, a finished navigation), never on a fixed time; the
timeouts below only bound how long a state may take to arrive on a busy 2-core machine, and are
generous for that reason (a test that needs longer passes `timeout=` to its one `expect`).
"""

import os
import shutil

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGE_TIMEOUT_MS = 60_000  # clicks, fills, navigations
EXPECT_TIMEOUT_MS = 30_000  # `expect(...)` assertions (Playwright's own default is 5 s)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        pytest.skip("Debian's chromium is not on the PATH (apt-get install chromium)")
    return path


@pytest.fixture
def page(chromium_path, live_server):
    """A fresh browser page; Django's ORM may be used from the test while Playwright runs."""
    from playwright.sync_api import expect, sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True
        )
        context = browser.new_context(locale="de-DE")
        context.set_default_timeout(PAGE_TIMEOUT_MS)
        context.set_default_navigation_timeout(PAGE_TIMEOUT_MS)
        page = context.new_page()
        try:
            yield page
        finally:
            context.close()
            browser.close()
            expect.set_options(timeout=None)


def sign_in(page, live_server, *, username: str, password: str = "secret-pass-123") -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():  # the page the form's POST leads to, not the login page itself
        page.click("main form button[type=submit]")


def sign_out(page) -> None:
    with page.expect_navigation():
        page.click("text=Abmelden")
