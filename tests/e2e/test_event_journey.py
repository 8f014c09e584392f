"""Acceptance 3 of the events issue, in a real browser (Debian's Chromium): a visitor registers for
an event and gets the confirmation with an .ics; two participants request and accept a meeting; the
organiser runs the scheduler; both see the same slot on their agendas."""

import datetime as dt
import os

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in, sign_out
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.networks import carrier_of
from verbund.events.domain.events import set_slots

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
LONG = 30_000


def test_register_request_accept_schedule_agenda(page, live_server, make_user):
    cache.clear()  # rate limits of earlier tests
    start = (timezone.now() + dt.timedelta(days=14)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    organiser = make_user("carrier", username="olga")
    anna = make_user(
        "member", username="anna", first_name="Anna", last_name="Albers", email="anna@example.org"
    )
    bernd = make_user(
        "member",
        username="bernd",
        first_name="Bernd",
        last_name="Brandt",
        email="bernd@example.org",
    )
    event = EventFactory(
        slug="boerse", title="Kooperationsbörse", matchmaking=True, starts_at=start, capacity=20
    )
    carrier_of(event.network, organiser)
    set_slots(event=event, first=start, minutes=20, count=3, tables=2, user=organiser)
    RegistrationFactory(event=event, user=anna, name="Anna Albers", email="anna@example.org")
    RegistrationFactory(event=event, user=bernd, name="Bernd Brandt", email="bernd@example.org")

    # a visitor registers and gets the confirmation with a calendar file
    page.goto(f"{live_server.url}/events/boerse/")
    page.fill("#registration-form input[name=name]", "Vera Besucherin")
    page.fill("#registration-form input[name=email]", "vera@example.org")
    page.click("#registration-form button[type=submit]")
    expect(page.locator("#registration-state")).to_contain_text("bestätigt", timeout=LONG)
    sent = [m for m in mail.outbox if m.to == ["vera@example.org"]]
    assert len(sent) == 1
    filename, content, mimetype = sent[0].attachments[0]
    assert filename.endswith(".ics") and mimetype == "text/calendar"
    assert Calendar.from_ical(content).walk("VEVENT")[0].decoded("dtstart") == start

    # Anna publishes her profile
    sign_in(page, live_server, username="anna")
    page.goto(f"{live_server.url}/events/boerse/meetings/")
    page.fill("#profile-form textarea[name=offers]", "Werkzeugbau")
    page.fill("#profile-form textarea[name=looks_for]", "Lackierer")
    page.click("#profile-form button[type=submit]")
    expect(page.locator("#profile-form textarea[name=offers]")).to_have_value(
        "Werkzeugbau", timeout=LONG
    )
    sign_out(page)

    # Bernd finds her and requests a meeting
    sign_in(page, live_server, username="bernd")
    page.goto(f"{live_server.url}/events/boerse/meetings/")
    card = page.locator("#participants article", has_text="Anna Albers")
    card.locator("textarea[name=reason]").fill("Lackierung für Ihre Teile")
    card.locator("button[type=submit]").click()
    expect(page.locator("#requests")).to_contain_text("Anna Albers", timeout=LONG)
    sign_out(page)

    # Anna accepts
    sign_in(page, live_server, username="anna")
    page.goto(f"{live_server.url}/events/boerse/meetings/")
    page.locator("#requests tr", has_text="Bernd Brandt").locator(
        "button", has_text="annehmen"
    ).click()
    expect(page.locator("#requests")).to_contain_text("angenommen", timeout=LONG)
    sign_out(page)

    # the organiser runs the scheduler
    sign_in(page, live_server, username="olga")
    page.goto(f"{live_server.url}/events/boerse/schedule/")
    page.click("#run-form button[type=submit]")
    expect(page.locator("#schedule")).to_contain_text("Anna Albers", timeout=LONG)
    sign_out(page)

    # both see the same slot and table on their agendas
    seen = []
    for username in ("anna", "bernd"):
        sign_in(page, live_server, username=username)
        page.goto(f"{live_server.url}/events/boerse/agenda/")
        row = page.locator("#agenda tbody tr").first
        expect(row).to_contain_text("Brandt" if username == "anna" else "Albers", timeout=LONG)
        seen.append((row.locator("td").nth(0).inner_text(), row.locator("td").nth(1).inner_text()))
        sign_out(page)
    assert seen[0] == seen[1]
