"""Acceptance 3: the whole ideas-competition journey in a real browser (Debian's Chromium).

An applicant submits an idea, the office assigns reviewers, two reviewers score, the office ranks
and records the decision, the applicant sees the decision letter.
"""

import datetime as dt
import io
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.conftest import sign_in, sign_out
from tests.factories.competitions import CompetitionFactory, ReviewerFactory
from verbund.competitions.models import Competition, Submission

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _review(page, live_server, username: str, scores: tuple[str, str]) -> None:
    sign_in(page, live_server, username=username)
    page.goto(f"{live_server.url}/competitions/reviews/")
    page.click("#assignments a")
    inputs = page.locator("input[name^=score_]")
    expect(inputs).to_have_count(2)
    inputs.nth(0).fill(scores[0])
    inputs.nth(1).fill(scores[1])
    page.select_option("select[name=recommendation]", "fund")
    page.click("button[name=submit]")
    expect(page.locator("p[role=status].message-success")).to_contain_text("Gutachten abgegeben")
    sign_out(page)


def test_applicant_to_decision_letter(page, live_server, make_user):
    competition = CompetitionFactory(
        title="Ideenwettbewerb Netzwerke",
        deadline=timezone.now() + dt.timedelta(days=7),
        reviewers_per_idea=2,
    )
    make_user("applicant", username="anna", first_name="Anna", last_name="Antrag")
    make_user("office", username="petra")
    for name in ("gustav", "greta"):
        ReviewerFactory(competition=competition, user=make_user("reviewer", username=name))

    # the applicant writes and submits an idea
    sign_in(page, live_server, username="anna")
    page.goto(f"{live_server.url}/competitions/{competition.pk}/")
    page.get_by_role("button", name="Netzwerkidee einreichen").click()
    page.fill("input[name=title]", "Netzwerk Holz und Design")
    page.fill("textarea[name=goals]", "Gemeinsame Produkte aus Holz")
    page.fill("input[name=requested_budget]", "120000,50")
    page.click("main form button[type=submit]")
    expect(page.locator("p[role=status].message-success")).to_contain_text("Entwurf gespeichert")
    page.get_by_role("button", name="Idee einreichen").click()
    expect(page.locator("p[role=status].message-success")).to_contain_text("eingereicht")
    expect(page.locator("#status")).to_have_text("Eingereicht")
    sign_out(page)
    idea = Submission.objects.get(title="Netzwerk Holz und Design")
    assert str(idea.requested_budget) == "120000.50"

    # the office closes the call, starts the review and assigns reviewers automatically
    sign_in(page, live_server, username="petra")
    page.goto(f"{live_server.url}/competitions/{competition.pk}/")
    page.get_by_role("button", name="Weiter zu „Geschlossen“").click()
    page.get_by_role("button", name="Weiter zu „In Begutachtung“").click()
    expect(page.locator("p[role=status].message-success")).to_contain_text("Phase geändert")
    page.goto(f"{live_server.url}/competitions/{competition.pk}/reviewers/")
    page.get_by_role("button", name="Automatisch zuweisen").click()
    expect(page.locator("p[role=status].message-success")).to_contain_text("2 Zuweisungen angelegt")
    page.goto(f"{live_server.url}/competitions/{competition.pk}/progress/")
    expect(page.locator("#progress")).to_contain_text("0 von 2 Gutachten erledigt")
    sign_out(page)

    # two reviewers score (German decimals)
    _review(page, live_server, "gustav", ("8", "7,5"))
    _review(page, live_server, "greta", ("6", "9"))

    # the office ranks and records the decision
    sign_in(page, live_server, username="petra")
    page.goto(f"{live_server.url}/competitions/{competition.pk}/progress/")
    expect(page.locator("#progress")).to_contain_text("2 von 2 Gutachten erledigt")
    page.goto(f"{live_server.url}/competitions/{competition.pk}/ranking/")
    expect(page.locator("#ranking tbody tr")).to_have_count(1)
    expect(page.locator("#ranking")).to_contain_text("Netzwerk Holz und Design")
    # gustav (2*0.8 + 0.75)/3 = 78.33, greta (2*0.6 + 0.9)/3 = 70.0 points: mean 74.2
    expect(page.locator("#ranking")).to_contain_text("74,2")
    page.goto(f"{live_server.url}/competitions/{competition.pk}/decision/")
    expect(page.locator(f"input[name=select_{idea.pk}]")).to_be_checked()
    page.get_by_role("button", name="Entscheidung erfassen").click()
    expect(page.locator("p[role=status].message-success")).to_contain_text(
        "Die Entscheidung wurde erfasst"
    )
    sign_out(page)
    assert Competition.objects.get(pk=competition.pk).phase == "decided"

    # the applicant sees the outcome and opens the decision letter
    sign_in(page, live_server, username="anna")
    page.goto(f"{live_server.url}/competitions/mine/")
    page.get_by_role("link", name="Netzwerk Holz und Design").click()
    expect(page.locator("main")).to_contain_text("Ausgewählt")
    letter = page.get_by_role("button", name="Bescheid (deutsch)")
    expect(letter).to_be_visible()
    response = page.request.get(live_server.url + letter.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "Netzwerk Holz und Design" in " ".join(text.split())
    assert "ausgewählt" in text
