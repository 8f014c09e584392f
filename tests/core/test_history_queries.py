"""The generic history page costs the same number of queries however many changes it lists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.programmes import OrganisationFactory, ProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def test_history_page_query_count(auditor_client, django_assert_num_queries):
    project = ProjectFactory(carriers=[OrganisationFactory()])
    url = f"/history/programmes/project/{project.pk}/"
    auditor_client.get(url)
    with CaptureQueriesContext(connection) as one:
        response = auditor_client.get(url)
    before = len(response.context["entries"])  # created (and the carriers set)
    for title in ("Zweiter Titel", "Dritter Titel"):
        project.title = title
        project.save()
    with django_assert_num_queries(len(one)):
        response = auditor_client.get(url)
    entries = response.context["entries"]
    assert len(entries) == before + 2
    assert entries[0].changes[0].new == "Dritter Titel"
