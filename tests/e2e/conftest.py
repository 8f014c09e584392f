"""Browser journeys: Playwright drives the Chromium of Debian's `chromium` package (never a download)."""

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


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        pytest.skip("Debian's chromium is not on the PATH (apt-get install chromium)")
    return path


@pytest.fixture
def page(chromium_path, live_server):
    """A fresh browser page; Django's ORM may be used from the test while Playwright runs."""
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True
        )
        context = browser.new_context(locale="de-DE")
        context.set_default_timeout(15_000)
        page = context.new_page()
        yield page
        context.close()
        browser.close()


def sign_in(page, live_server, *, username: str, password: str = "secret-pass-123") -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def sign_out(page) -> None:
    page.click("text=Abmelden")
    page.wait_for_load_state()
