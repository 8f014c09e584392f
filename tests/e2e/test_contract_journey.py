"""Acceptance 3 of the contracts issue, in a real browser (Debian's Chromium): the carrier uploads
evidence for a milestone and submits it, the office asks for a change, the carrier resubmits, the
office accepts; one office user prepares the payment and another confirms it; the payment shows
its split by funding source, and the contract page and the network's dashboard the paid share."""

import os

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in, sign_out
from tests.factories.contracts import PDF, contract_with_milestone

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
LONG = 30_000


def test_evidence_to_confirmed_payment(page, live_server, make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    petra = make_user("office", username="petra")
    make_user("office", username="jens")
    klaus = make_user("carrier", username="klaus")
    contract, milestone = contract_with_milestone(office=petra, carrier_user=klaus)
    milestone_url = f"{live_server.url}/contracts/{contract.pk}/milestones/{milestone.pk}/"
    first, second = tmp_path / "teilnehmerliste.pdf", tmp_path / "bericht.pdf"
    first.write_bytes(PDF)
    second.write_bytes(PDF)

    # the carrier uploads evidence and submits
    sign_in(page, live_server, username="klaus")
    page.goto(milestone_url)
    page.set_input_files("#upload-form input[name=file]", str(first))
    page.click("#upload-form button[type=submit]")
    expect(page.locator("#evidence")).to_contain_text("teilnehmerliste.pdf", timeout=LONG)
    page.click("#review button:has-text('Nachweise einreichen')")
    expect(page.locator("#milestone-state")).to_have_text("Eingereicht", timeout=LONG)
    sign_out(page)

    # the office asks for a change
    sign_in(page, live_server, username="petra")
    page.goto(milestone_url)
    page.fill("#review-form textarea[name=comment]", "Der Bericht fehlt.")
    page.click("#review-form button:has-text('Nachbesserung anfordern')")
    expect(page.locator("#milestone-state")).to_have_text("Nachbesserung angefordert", timeout=LONG)
    sign_out(page)

    # the carrier adds the report and resubmits
    sign_in(page, live_server, username="klaus")
    page.goto(milestone_url)
    expect(page.locator("#transitions")).to_contain_text("Der Bericht fehlt.")
    page.set_input_files("#upload-form input[name=file]", str(second))
    page.click("#upload-form button[type=submit]")
    expect(page.locator("#evidence")).to_contain_text("bericht.pdf", timeout=LONG)
    page.click("#review button:has-text('Nachweise erneut einreichen')")
    expect(page.locator("#milestone-state")).to_have_text("Erneut eingereicht", timeout=LONG)
    sign_out(page)

    # the office accepts and petra prepares the payment; she cannot confirm it herself
    sign_in(page, live_server, username="petra")
    page.goto(milestone_url)
    page.click("#review-form button:has-text('Abnehmen')")
    expect(page.locator("#milestone-state")).to_have_text("Abgenommen", timeout=LONG)
    page.fill("#pay-form input[name=amount]", "30000,00")
    page.click("#pay-form button[type=submit]")
    expect(page.locator("#payment-state")).to_have_text("Vorbereitet", timeout=LONG)
    expect(page.locator("#four-eyes")).to_be_visible()
    expect(page.locator("#confirm-form")).to_have_count(0)
    payment_url = page.url
    sign_out(page)

    # jens confirms it; the payment shows its split by source
    sign_in(page, live_server, username="jens")
    page.goto(payment_url)
    page.click("#confirm-form button[type=submit]")
    expect(page.locator("#payment-state")).to_have_text("Bestätigt", timeout=LONG)
    parts = page.locator("#parts tbody tr")
    expect(parts).to_have_count(2)
    expect(parts.nth(0)).to_contain_text("EFRE")
    expect(parts.nth(0)).to_contain_text("22.500,00")
    expect(parts.nth(1)).to_contain_text("Stadt")
    expect(parts.nth(1)).to_contain_text("7.500,00")

    # the contract page and the network's dashboard show the paid share
    page.goto(f"{live_server.url}/contracts/{contract.pk}/")
    expect(page.locator("#paid-share")).to_have_text("30,0 %")
    expect(page.locator("#budget")).to_contain_text("22.500,00")
    page.goto(f"{live_server.url}/networks/{contract.network.slug}/health/")
    expect(page.locator(".network-section")).to_contain_text("30,0 % des Vertragsvolumens gezahlt")
