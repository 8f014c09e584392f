"""Issue 10: "not a duplicate" is remembered; the pair is not suggested again (history kept)."""

import pytest
from django.test import Client

from tests.factories.companies import CompanyFactory
from verbund.companies.domain.duplicates import (
    duplicate_suggestions,
    mark_not_duplicate,
    withdraw_not_duplicate,
)
from verbund.companies.models import NotDuplicate

pytestmark = pytest.mark.integration


def _pair():
    a = CompanyFactory(name="Doppel GmbH", street="Weg 1")
    b = CompanyFactory(name="Doppel", street="Weg 1")
    return a, b


def test_a_pair_marked_different_is_not_suggested_again(db, make_user):
    a, b = _pair()
    office = make_user("office")
    assert [(s.first_id, s.second_id) for s in duplicate_suggestions()] == [(a.pk, b.pk)]
    decision = mark_not_duplicate(company=b, other=a, reason="zwei Standorte", user=office)
    assert (decision.first_id, decision.second_id) == (a.pk, b.pk)  # older company first
    assert duplicate_suggestions() == []
    again = mark_not_duplicate(company=a, other=b, user=office)  # a double click
    assert again.pk == decision.pk and NotDuplicate.objects.count() == 1
    [created] = decision.history.all()
    assert created.history_user == office and created.reason == "zwei Standorte"

    withdraw_not_duplicate(decision=decision, user=office)
    assert [(s.first_id, s.second_id) for s in duplicate_suggestions()] == [(a.pk, b.pk)]
    assert NotDuplicate.history.filter(history_type="-").get().history_user == office


def test_the_office_marks_a_pair_on_the_duplicates_page(office_client, make_user):
    a, b = _pair()
    url = f"/companies/duplicates/{a.public_id}/{b.public_id}/different/"
    page = office_client.get("/companies/duplicates/").content.decode()
    assert url in page
    carrier = Client()
    carrier.force_login(make_user("carrier"))
    assert carrier.post(url).status_code == 403
    assert office_client.post(url, {"reason": "Filiale"}).status_code == 302
    assert office_client.post(url, {"reason": "Filiale"}).status_code == 302  # double POST
    assert NotDuplicate.objects.count() == 1
    page = office_client.get("/companies/duplicates/").content.decode()
    assert url not in page and "Filiale" in page and 'id="not-duplicates"' in page
    decision = NotDuplicate.objects.get()
    response = office_client.post(f"/companies/duplicates/decisions/{decision.pk}/withdraw/")
    assert response.status_code == 302 and not NotDuplicate.objects.exists()
    assert url in office_client.get("/companies/duplicates/").content.decode()
