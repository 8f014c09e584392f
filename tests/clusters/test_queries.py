"""The list of runs costs the same number of queries for one run as for three."""

import pytest

from tests.factories.clusters import AnalysisRunFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.mark.parametrize("role", ["office", "applicant"])
def test_index_query_count_is_independent_of_run_count(
    client, make_user, django_assert_num_queries, role
):
    user = make_user(role)
    client.force_login(user)
    AnalysisRunFactory(created_by=user)
    client.get("/analysis/")  # warm caches (session, content types)
    with django_assert_num_queries(4) as one:
        assert client.get("/analysis/").status_code == 200
    AnalysisRunFactory.create_batch(2, created_by=user)
    with django_assert_num_queries(4) as three:
        response = client.get("/analysis/")
    assert len(response.context["runs"]) == 3
    assert len(one.captured_queries) == len(three.captured_queries)


def test_reference_list_query_count_is_independent_of_row_count(
    office_client, office_user, django_assert_num_queries
):
    from verbund.clusters.domain.references import import_reference_totals

    import_reference_totals(name="A", rows={"25": 1.0}, user=office_user)
    office_client.get("/analysis/references/")
    with django_assert_num_queries(4) as one:
        office_client.get("/analysis/references/")
    for name in ["B", "C"]:
        import_reference_totals(name=name, rows={"62": 2.0}, user=office_user)
    with django_assert_num_queries(4) as three:
        response = office_client.get("/analysis/references/")
    assert len(response.context["references"]) == 3
    assert len(one.captured_queries) == len(three.captured_queries)
