"""The project list costs the same number of queries for 1 and for 3 projects."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.programmes import FinancingShareFactory, ProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def project_with_parts():
    project = ProjectFactory()
    FinancingShareFactory(project=project)
    return project


@pytest.mark.parametrize("role", [None, "office", "auditor"])
def test_project_list_query_count_is_the_same_for_one_and_three_projects(
    client, make_user, role, django_assert_num_queries
):
    if role:
        client.force_login(make_user(role))
    project_with_parts()
    with CaptureQueriesContext(connection) as one:
        response = client.get("/projects/")
    assert len(response.context["table"].rows) == 1
    assert len(one) <= 12

    project_with_parts()
    project_with_parts()
    with django_assert_num_queries(len(one)):
        response = client.get("/projects/")
    assert len(response.context["table"].rows) == 3
