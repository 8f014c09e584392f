"""Looks and language of the competition pages (issue 10): German empty labels of selects, rows of
the criteria formset added and removed without saving (htmx), the section navigation."""

import pytest
from django.urls import reverse

from tests.factories.competitions import CompetitionFactory
from verbund.competitions.enums import Phase

pytestmark = pytest.mark.integration


def test_selects_offer_bitte_waehlen_in_german_and_please_choose_in_english(office_client):
    url = reverse("competitions:competition_create")
    german = office_client.get(url).content.decode()
    assert "– bitte wählen –" in german and "---------" not in german
    english = office_client.get("/en" + url).content.decode()
    assert "– please choose –" in english and "---------" not in english


def test_criteria_rows_are_added_and_removed_without_saving(office_client):
    competition = CompetitionFactory(phase=Phase.DRAFT)
    page = office_client.get(reverse("competitions:criteria", args=[competition.pk]))
    body = page.content.decode()
    assert 'hx-get="' + reverse("competitions:criteria_row", args=[competition.pk]) in body
    added = office_client.get(
        reverse("competitions:criteria_row", args=[competition.pk]), {"c-TOTAL_FORMS": "3"}
    ).content.decode()
    assert 'name="c-3-name"' in added
    assert 'id="id_c-TOTAL_FORMS"' in added and 'value="4"' in added and "hx-swap-oob" in added
    removed = office_client.get(
        reverse("competitions:criteria_row_remove", args=[competition.pk]), {"index": "1"}
    ).content.decode()
    assert 'name="c-1-DELETE"' in removed

    # what the page posts after adding a third row and removing the second
    data = {
        "c-TOTAL_FORMS": "3", "c-INITIAL_FORMS": "2",
        "c-0-name": "Tragfähigkeit", "c-0-weight": "2", "c-0-scale_min": "0", "c-0-scale_max": "10",
        "c-1-DELETE": "on",
        "c-2-name": "Verankerung", "c-2-weight": "1", "c-2-scale_min": "0", "c-2-scale_max": "5",
    }  # fmt: skip
    response = office_client.post(reverse("competitions:criteria", args=[competition.pk]), data)
    assert response.status_code == 302
    assert [c.name for c in competition.criteria.all()] == ["Tragfähigkeit", "Verankerung"]


def test_row_endpoints_need_the_office(client, make_user):
    competition = CompetitionFactory(phase=Phase.DRAFT)
    client.force_login(make_user("applicant"))
    response = client.get(reverse("competitions:criteria_row", args=[competition.pk]))
    assert response.status_code in (403, 404)


def test_the_section_navigation_marks_the_current_page(office_client):
    competition = CompetitionFactory()
    body = office_client.get(
        reverse("competitions:eligibility", args=[competition.pk])
    ).content.decode()
    nav = body[body.index('class="section-nav competition-nav"') :]
    nav = nav[: nav.index("</nav>")]
    assert 'aria-current="page">Zulassung</a>' in nav
