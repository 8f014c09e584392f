"""Acceptance 1 of the portal issue, in a real browser (Debian's Chromium): a visitor finds a
network, searches a competence and sees a company with the reason it was found; a company claims
its profile, edits it, gives its consent and asks to join the network; the carrier accepts; the
company then appears in the public members directory."""

import os

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in, sign_out
from tests.factories.companies import CompanyFactory
from tests.factories.networks import MembershipFactory, NetworkFactory, carrier_of
from tests.factories.portal import consenting

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
LONG = 30_000


def test_visitor_search_and_company_joins(page, live_server, make_user):
    make_user("office", username="petra")
    klaus = make_user("carrier", username="klaus")
    make_user("member", username="anna")
    network = NetworkFactory(name="Netzwerk Kunststoff", name_en="Plastics network",
                             slug="kunststoff")  # fmt: skip
    carrier_of(network, klaus)
    member = MembershipFactory(
        network=network,
        company=CompanyFactory(name="Formteil GmbH", city="Leipzig",
                               competences="Kunststofftechnik, Spritzguss"),
    )  # fmt: skip
    consenting(member.company, fields={"name", "city", "competences"},
               competences="Kunststofftechnik, Spritzguss")  # fmt: skip
    CompanyFactory(name="Neue Gießerei GmbH", city="Markkleeberg")

    # a visitor finds the network and searches a competence
    page.goto(f"{live_server.url}/portal/")
    page.get_by_role("link", name="Netzwerk Kunststoff").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Netzwerk Kunststoff")
    expect(page.locator("#members-directory")).to_contain_text("Formteil GmbH")
    page.get_by_role("navigation", name="Portal").get_by_role("link", name="Partnersuche").click()
    page.fill("#search-q", "Kunststoff")
    page.locator("form.partner-search button[type=submit]").click()
    hit = page.locator(".search-hit", has_text="Formteil GmbH")
    expect(hit).to_be_visible(timeout=LONG)
    expect(hit.locator(".search-reasons")).to_contain_text("Kompetenzen")

    # a company claims its register entry
    sign_in(page, live_server, username="anna")
    page.goto(f"{live_server.url}/portal/claim/")
    page.fill("#claim-q", "Gießerei")
    page.locator("main form[role=search] button").click()
    page.locator("#claim-results li", has_text="Neue Gießerei GmbH").get_by_role("link").click()
    page.fill("textarea[name=message]", "Ich bin die Geschäftsführerin.")
    page.click("#claim-submit")
    expect(page.locator("p[role=status].message-success")).to_be_visible(timeout=LONG)
    sign_out(page)

    # the office confirms the claim
    sign_in(page, live_server, username="petra")
    page.goto(f"{live_server.url}/portal/office/claims/")
    page.locator("li.claim", has_text="Neue Gießerei GmbH").get_by_role(
        "button", name="Bestätigen"
    ).click()
    expect(page.locator("p[role=status].message-success")).to_be_visible(timeout=LONG)
    sign_out(page)

    # the company edits its profile, gives its consent and asks to join
    sign_in(page, live_server, username="anna")
    page.goto(f"{live_server.url}/portal/my/")
    page.locator("#my-companies li", has_text="Neue Gießerei GmbH").get_by_role(
        "link", name="Profil"
    ).click()
    page.fill("textarea[name=description]", "Aluminiumguss für Kleinserien.")
    page.fill("textarea[name=competences]", "Aluminiumguss, Kunststoffspritzguss-Werkzeuge")
    page.locator("#profile-form button[type=submit]").click()
    expect(page.locator("p[role=status].message-success")).to_be_visible(timeout=LONG)
    page.get_by_role("link", name="Einwilligung", exact=True).click()
    for field in ("name", "city", "competences", "description"):
        page.check(f"#consent-form input[name=public][value={field}]")
    page.locator("#consent-form button[type=submit]").click()
    expect(page.locator("p[role=status].message-success")).to_be_visible(timeout=LONG)
    page.get_by_role("link", name="Einem Netzwerk beitreten").first.click()
    page.select_option("#join-form select[name=network]", label="Netzwerk Kunststoff")
    page.fill("#join-form textarea[name=message]", "Wir liefern Werkzeuge.")
    page.locator("#join-form button[type=submit]").click()
    expect(page.locator("p[role=status].message-success")).to_be_visible(timeout=LONG)
    sign_out(page)

    # before the carrier decides, the company is not in the public directory
    page.goto(f"{live_server.url}/portal/networks/kunststoff/")
    expect(page.locator("#members-directory")).not_to_contain_text("Neue Gießerei GmbH")

    # the carrier accepts with a message
    sign_in(page, live_server, username="klaus")
    page.goto(f"{live_server.url}/portal/moderation/")
    request = page.locator("li.join-request", has_text="Neue Gießerei GmbH")
    request.locator("textarea").fill("Willkommen im Netzwerk!")
    request.get_by_role("button", name="Annehmen").click()
    expect(page.locator("p[role=status].message-success")).to_be_visible(timeout=LONG)
    sign_out(page)

    # the company now appears in the public members directory, with its consented fields
    page.goto(f"{live_server.url}/portal/networks/kunststoff/")
    directory = page.locator("#members-directory")
    expect(directory).to_contain_text("Neue Gießerei GmbH", timeout=LONG)
    expect(directory).to_contain_text("Markkleeberg")
    directory.get_by_role("link", name="Neue Gießerei GmbH").click()
    expect(page.locator("#company-profile")).to_contain_text("Aluminiumguss für Kleinserien.")
