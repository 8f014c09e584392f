"""The read functions other apps use to ask programmes (never its models' managers directly)."""

import pytest

from tests.factories.programmes import OrganisationFactory, ProjectFactory
from verbund.programmes.domain import queries
from verbund.programmes.domain.programmes import ensure_organisation

pytestmark = pytest.mark.django_db


def test_other_apps_find_projects_and_organisations_through_the_queries(office_user):
    project = ProjectFactory(code="Q-1")
    assert queries.project_by_code("Q-1") == project
    assert queries.project_by_code("Q-2") is None
    zeta, alpha = OrganisationFactory(name="Zeta"), OrganisationFactory(name="Alpha")
    assert list(queries.organisations()) == [alpha, zeta]
    assert ensure_organisation(name="Zeta", kind="carrier", user=office_user) == zeta
    created = ensure_organisation(name="Neu e. V.", kind="carrier", user=office_user)
    assert queries.organisation_by_name("Neu e. V.") == created
    assert created.history.get().history_user == office_user
