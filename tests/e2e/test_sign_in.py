import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in, sign_out

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_office_signs_in_switches_to_english_and_signs_out(page, live_server, make_user):
    make_user("office", username="petra", first_name="Petra", last_name="Scheibler")
    sign_in(page, live_server, username="petra")
    expect(page.locator(".who")).to_have_text("Petra Scheibler")
    page.click("button[name=language][value=en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.click("button[name=language][value=de]")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    sign_out(page)
    expect(page.get_by_role("button", name="Anmelden").first).to_be_visible()
    expect(page.locator(".who")).to_have_count(0)
