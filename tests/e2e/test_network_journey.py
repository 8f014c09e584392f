"""Acceptance 3 of the networks issue, in a real browser (Debian's Chromium): the office turns a
selected idea into a network; the carrier adds a member and a measure and submits the catalogue;
the office approves it and publishes the network; the public network page shows it."""

import os

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in, sign_out
from tests.factories.companies import CompanyFactory
from tests.factories.networks import selected_idea
from tests.factories.portal import consenting
from verbund.companies.models import Company
from verbund.networks.models import Network

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
LONG = 30_000


def test_idea_to_public_network(page, live_server, make_user):
    make_user("office", username="petra")
    klaus = make_user("carrier", username="klaus")
    idea = selected_idea(applicant=klaus, title="Netzwerk Holz und Design")
    CompanyFactory(name="Neue Tischlerei GmbH", city="Leipzig", placement="inside")

    # the office turns the selected idea into a network
    sign_in(page, live_server, username="petra")
    page.goto(f"{live_server.url}/networks/office/")
    page.locator("#ideas li", has_text=idea.title).locator("button").click()
    expect(page.locator("h1")).to_have_text("Netzwerk Holz und Design", timeout=LONG)
    slug = Network.objects.get(source_submission=idea).slug
    sign_out(page)

    # the carrier adds a member and a measure, then submits the catalogue
    sign_in(page, live_server, username="klaus")
    page.goto(f"{live_server.url}/networks/{slug}/members/")
    expect(page.locator("#member-form [data-search-select]")).to_have_attribute("data-ready", "1")
    page.fill("#member-form #id_company_search", "Neue Tischlerei")  # the company picker
    page.locator("#member-form [role=option]", has_text="Neue Tischlerei GmbH").click()
    page.fill("#member-form input[name=joined]", "2003-02-01")
    page.click("#member-form button[type=submit]")
    expect(page.locator("#members")).to_contain_text("Neue Tischlerei GmbH", timeout=LONG)
    page.goto(f"{live_server.url}/networks/{slug}/catalogue/new/")
    page.fill("#measure-form input[name=title]", "Gemeinsamer Messestand")
    page.select_option("#measure-form select[name=type]", "marketing")
    page.select_option("#measure-form select[name=responsible]", label="Neue Tischlerei GmbH")
    page.fill("#measure-form input[name=planned_start]", "2003-03-01")
    page.fill("#measure-form input[name=planned_end]", "2003-06-30")
    page.fill("#measure-form input[name=progress]", "10")
    page.click("#measure-form button[type=submit]")
    expect(page.locator("#measures")).to_contain_text("Gemeinsamer Messestand", timeout=LONG)
    page.click("#submit-catalogue")
    expect(page.locator("#catalogue-state")).to_have_text("Eingereicht", timeout=LONG)
    sign_out(page)

    # the office approves the catalogue and publishes the network
    sign_in(page, live_server, username="petra")
    page.goto(f"{live_server.url}/networks/{slug}/catalogue/")
    page.click("#approve-catalogue")
    expect(page.locator("#catalogue-state")).to_have_text("Genehmigt", timeout=LONG)
    page.goto(f"{live_server.url}/networks/{slug}/")
    page.check("#office-actions input[name=is_public]")
    page.locator("#office-actions form").nth(1).locator("button").click()
    expect(page.locator("p[role=status].message-success")).to_be_visible(timeout=LONG)
    sign_out(page)

    # the public sees the network with its approved measure; the member is named only in the
    # portal's members directory, and only once the company has consented
    page.goto(f"{live_server.url}/networks/")
    page.get_by_role("link", name="Netzwerk Holz und Design").click()
    expect(page.locator("#public-catalogue")).to_contain_text("Gemeinsamer Messestand")
    expect(page.locator("#members-directory")).not_to_contain_text("Neue Tischlerei GmbH")
    consenting(Company.objects.get(name="Neue Tischlerei GmbH"), fields={"name", "city"})
    page.locator("#members-directory").get_by_role("link").click()
    expect(page.locator("#members-directory")).to_contain_text("Neue Tischlerei GmbH", timeout=LONG)
