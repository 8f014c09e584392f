"""Every list page of the programmes app costs the same number of queries for 1 and 3 items."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.programmes import (
    FundingSourceFactory,
    MeasureFactory,
    MilestoneFactory,
    OrganisationFactory,
    ProgrammeFactory,
    ProjectFactory,
)
from verbund.programmes.domain.projects import ShareInput, set_financing

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def same_count(client, url: str, add_two, count_key: str, count, assert_num_queries) -> None:
    """One item, then three: the page answers 200 with the same number of queries (each measured
    with the cache emptied, as saving a programme empties the footer's cached publicity)."""
    client.get(url)  # warm caches (session, content types)
    cache.clear()
    with CaptureQueriesContext(connection) as one:
        response = client.get(url)
    assert response.status_code == 200
    assert count(response.context[count_key]) == 1
    add_two()
    cache.clear()
    with assert_num_queries(len(one)):
        response = client.get(url)
    assert count(response.context[count_key]) == 3


def test_programme_list(client, django_assert_num_queries):
    ProgrammeFactory()
    same_count(
        client,
        "/projects/programmes/",
        lambda: ProgrammeFactory.create_batch(2),
        "table",
        lambda table: len(table.rows),
        django_assert_num_queries,
    )


def test_programme_detail_measures_and_projects(client, django_assert_num_queries):
    programme = ProgrammeFactory()
    ProjectFactory(measure=MeasureFactory(programme=programme))

    def add_two():
        for _ in range(2):
            ProjectFactory(measure=MeasureFactory(programme=programme))

    same_count(
        client, programme.get_absolute_url(), add_two, "measures", len, django_assert_num_queries
    )
    response = client.get(programme.get_absolute_url())
    assert len(response.context["projects"]) == 3


def test_measure_detail_projects(client, django_assert_num_queries):
    measure = MeasureFactory()
    ProjectFactory(measure=measure)
    same_count(
        client,
        measure.get_absolute_url(),
        lambda: ProjectFactory.create_batch(2, measure=measure),
        "projects",
        len,
        django_assert_num_queries,
    )


def test_master_data(auditor_client, django_assert_num_queries):
    OrganisationFactory()
    FundingSourceFactory()

    def add_two():
        OrganisationFactory.create_batch(2)
        FundingSourceFactory.create_batch(2)

    same_count(
        auditor_client,
        "/projects/organisations/",
        add_two,
        "organisations",
        len,
        django_assert_num_queries,
    )
    response = auditor_client.get("/projects/organisations/")
    assert len(response.context["sources"]) == 3


def test_project_history_of_parts(office_client, office_user, django_assert_num_queries):
    project = ProjectFactory()
    MilestoneFactory(project=project, date=dt.date(2002, 11, 15))
    sources = [FundingSourceFactory(name=name) for name in ("EFRE", "Stadt", "Land")]

    def shares(*pairs):
        return [ShareInput(source=s, percentage=Decimal(p)) for s, p in pairs]

    set_financing(project=project, shares=shares((sources[0], 100)), user=office_user)
    url = f"/projects/{project.code}/history/"

    def add_two():
        MilestoneFactory(project=project, date=dt.date(2002, 11, 16))
        MilestoneFactory(project=project, date=dt.date(2002, 11, 17))
        set_financing(
            project=project,
            shares=shares((sources[0], 50), (sources[1], 25), (sources[2], 25)),
            user=office_user,
        )

    def milestones(items) -> int:
        return len([item for item in items if "11.2002" in item.what])

    same_count(office_client, url, add_two, "entries", milestones, django_assert_num_queries)
