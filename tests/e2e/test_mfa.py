"""Two-factor sign-in in a browser (issue 17, acceptance 3): an office user sets up an authenticator
app on django-allauth's MFA pages, signs out, and signs in again with a TOTP code computed here from
the secret the page shows (allauth's own RFC 6238 helpers)."""

import time

import pytest
from allauth.mfa.totp.internal import auth as totp
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in, sign_out

PASSWORD = "secret-pass-123"  # tests.factories.core.UserFactory's
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def code_for(secret: str, *, step: int = 0) -> str:
    """The six digits an authenticator app shows now (`step` periods of 30 s later)."""
    return totp.format_hotp_value(totp.hotp_value(secret, int(time.time()) // 30 + step))


def test_set_up_totp_sign_out_and_sign_in_with_a_code(page, live_server, make_user, settings):
    # A code counts once; the sign-in uses the next period's code, which the tolerance accepts.
    settings.MFA_TOTP_TOLERANCE = 1
    make_user("office", username="petra", first_name="Petra", last_name="Scheibler")
    sign_in(page, live_server, username="petra")
    expect(page.locator(".who")).to_have_text("Petra Scheibler")

    page.goto(f"{live_server.url}/accounts/2fa/totp/activate/")
    if "/reauthenticate/" in page.url:  # allauth asks for the password again before MFA changes
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.click("main form button[type=submit]")
    secret_field = page.locator("#authenticator_secret")
    expect(secret_field).not_to_have_value("")
    secret = secret_field.input_value()
    page.fill("input[name=code]", code_for(secret))
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    expect(page).not_to_have_url(f"{live_server.url}/accounts/2fa/totp/activate/")
    page.goto(f"{live_server.url}/accounts/2fa/")
    expect(page.locator("main")).to_contain_text("Authenticator")

    sign_out(page)
    expect(page.locator(".who")).to_have_count(0)

    sign_in(page, live_server, username="petra")
    expect(page).to_have_url(f"{live_server.url}/accounts/2fa/authenticate/")
    expect(page.locator(".who")).to_have_count(0)  # not signed in before the code
    page.fill("input[name=code]", code_for(secret, step=1))
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Meine Aufgaben")
    expect(page.locator(".who")).to_have_text("Petra Scheibler")
