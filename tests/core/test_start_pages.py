"""Start pages: the auditor sees the latest changes (who, what, when); navigation shows what the role
may open."""

import pytest
from django.urls import reverse

from verbund.core.audit import acting_user
from verbund.programmes.models import Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def test_auditor_start_page_lists_the_latest_change_with_author(client, make_user):
    office = make_user("office", first_name="Petra", last_name="Scheibler")
    with acting_user(office):
        Organisation.objects.create(name="Kunststoffzentrum Leipzig")
    client.force_login(make_user("auditor"))
    body = client.get(reverse("core:home")).content.decode()
    assert "Letzte Änderungen" in body
    assert "Kunststoffzentrum Leipzig (angelegt)" in body
    assert "Petra Scheibler" in body


def test_navigation_shows_only_what_the_role_may_open(client, make_user):
    client.force_login(make_user("member"))
    body = client.get(reverse("core:home")).content.decode()
    assert reverse("competitions:index") in body
    assert reverse("networks:list") in body
    assert reverse("clusters:index") not in body  # the analysis is for the office and consultancies
    assert "Letzte Änderungen" not in body
