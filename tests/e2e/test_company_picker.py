"""Acceptance 3 of issue 10: the founding-member picker finds a company by part of its name among
3,000 and tells same-named companies apart (city, postcode, WZ); the chosen one is saved."""

import datetime as dt
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from tests.factories.companies import wz
from tests.factories.competitions import CompetitionFactory
from verbund.companies.models import Company
from verbund.competitions.models import Submission

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.timeout(900)]


def _register() -> tuple[Company, Company, Company]:
    metal = wz("25.62.0")
    Company.objects.bulk_create(
        [
            Company(
                name=f"Registerfirma {i:04d} GmbH",
                postcode=f"04{i % 400:03d}",
                city="Leipzig",
                main_wz=metal,
                match_key=f"picker-{i}",
            )
            for i in range(2997)
        ]
    )
    wood = wz("16.23.0")
    leipzig = Company.objects.create(
        name="Tischlerei Sommer GmbH", postcode="04229", city="Leipzig", main_wz=wood
    )
    halle = Company.objects.create(
        name="Tischlerei Sommer GmbH", postcode="06108", city="Halle (Saale)", main_wz=wood
    )
    other = Company.objects.create(
        name="Glaserei Morgenrot KG", postcode="04177", city="Leipzig", main_wz=wood
    )
    assert Company.objects.count() == 3000
    return leipzig, halle, other


def test_founding_members_are_found_among_3000_and_told_apart(page, live_server, make_user):
    leipzig, halle, other = _register()
    competition = CompetitionFactory(deadline=timezone.now() + dt.timedelta(days=7))
    make_user("applicant", username="anna")
    sign_in(page, live_server, username="anna")
    page.goto(f"{live_server.url}/competitions/{competition.pk}/")
    page.get_by_role("button", name="Netzwerkidee einreichen").click()
    page.fill("input[name=title]", "Netzwerk Holz")

    # the page does not carry the register: only the picker's search box
    expect(page.locator("#id_founding_members_search")).to_be_visible()
    assert page.content().count("Registerfirma") == 0

    expect(page.locator("#id_founding_members_picker")).to_have_attribute("data-ready", "1")
    search = page.locator("#id_founding_members_search")
    search.fill("somm")
    options = page.locator("#id_founding_members_results [role=option]")
    expect(options).to_have_count(2)
    expect(options.nth(0)).to_contain_text("06108 Halle (Saale)")
    expect(options.nth(1)).to_contain_text("04229 Leipzig")
    expect(options.nth(0)).to_contain_text("WZ 16.23.0")
    options.filter(has_text="Halle").click()
    chosen = page.locator("#id_founding_members_picker [data-item]")
    expect(chosen).to_have_count(1)
    expect(chosen.first).to_contain_text("Halle (Saale)")

    search.fill("Morgenrot")
    expect(options).to_have_count(1)
    search.press("Enter")  # picks the first match, does not submit the form
    expect(chosen).to_have_count(2)

    search.fill("Registerfirma 2")
    expect(options).to_have_count(20)  # at most 20 answers, never the whole register

    page.click("main form button[type=submit]")
    expect(page.locator("p[role=status].message-success")).to_contain_text("Entwurf gespeichert")
    idea = Submission.objects.get(title="Netzwerk Holz")
    assert set(idea.founding_members.all()) == {halle, other}
    assert leipzig not in idea.founding_members.all()

    # editing again shows the chosen companies with their places, and removing one keeps the other
    page.goto(f"{live_server.url}/competitions/ideas/{idea.pk}/edit/")
    chosen = page.locator("#id_founding_members_picker [data-item]")
    expect(chosen).to_have_count(2)
    expect(chosen.filter(has_text="Tischlerei Sommer")).to_contain_text("06108 Halle (Saale)")
    chosen.filter(has_text="Morgenrot").get_by_role("button").click()
    expect(chosen).to_have_count(1)
    page.click("main form button[type=submit]")
    expect(page.locator("p[role=status].message-success")).to_contain_text("Gespeichert")
    assert list(idea.founding_members.all()) == [halle]
