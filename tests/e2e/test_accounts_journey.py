"""A new applicant signs up, confirms the address from the mail in the outbox, signs in; later forgets
the password and resets it from the link in the next mail. The mails are read from the outbox folder
the way `verbund outbox` reads them."""

import re

import pytest
from playwright.sync_api import expect

from verbund.core.management.commands.outbox import body_text, outbox_messages

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _last_link(live_server) -> str:
    body = body_text(outbox_messages()[-1])
    link = re.search(r"https?://\S+", body).group(0)
    return re.sub(r"^https?://[^/]+", live_server.url, link)


@pytest.fixture
def file_outbox(settings, tmp_path):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(tmp_path)},
        }
    }
    return tmp_path


def test_sign_up_confirm_sign_in_and_reset_the_password(page, live_server, file_outbox):
    page.goto(f"{live_server.url}/accounts/login/")
    page.click("text=Registrieren")
    page.fill("input[name=email]", "lena@kunststoff.example")
    page.fill("input[name=username]", "lena")
    page.fill("input[name=first_name]", "Lena")
    page.fill("input[name=last_name]", "Kunz")
    page.select_option("select[name=form_of_address]", "ms")
    page.select_option("select[name=role]", "applicant")
    page.fill("input[name=password1]", "a-long-unusual-passphrase-42")
    page.fill("input[name=password2]", "a-long-unusual-passphrase-42")
    page.click("main form button[type=submit]")
    expect(page.locator("main h1")).to_be_visible()
    assert len(outbox_messages()) == 1

    page.goto(_last_link(live_server))
    page.click("main form button[type=submit]")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "lena@kunststoff.example")
    page.fill("input[name=password]", "a-long-unusual-passphrase-42")
    page.click("main form button[type=submit]")
    expect(page.locator(".who")).to_have_text("Lena Kunz")
    page.click("text=Abmelden")

    page.goto(f"{live_server.url}/accounts/login/")
    page.click("text=Passwort vergessen?")
    page.fill("input[name=email]", "lena@kunststoff.example")
    page.click("main form button[type=submit]")
    expect(page.locator("main h1")).to_be_visible()
    page.goto(_last_link(live_server))
    page.fill("input[name=password1]", "another-long-passphrase-7")
    page.fill("input[name=password2]", "another-long-passphrase-7")
    page.click("main form button[type=submit]")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "lena")
    page.fill("input[name=password]", "another-long-passphrase-7")
    page.click("main form button[type=submit]")
    expect(page.locator(".who")).to_have_text("Lena Kunz")
