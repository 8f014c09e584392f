"""The project holds the list of operations' fields (beneficiary, country, specific objective,
type of intervention): the office edits them in the project form; free text, "n/a" allowed."""

import pytest

from tests.factories.programmes import ProjectFactory
from verbund.programmes.domain.projects import update_project
from verbund.programmes.interfaces.forms import ProjectForm

pytestmark = pytest.mark.django_db


def _data(project, **changes) -> dict:
    data = {
        "measure": project.measure_id, "code": project.code, "title": project.title,
        "status": project.status, "start_month": "06/2002", "end_month": "06/2004",
        "beneficiary": "Stadt Leipzig", "country": "de", "specific_objective": "n/a",
        "type_of_intervention": "n/a",
    }  # fmt: skip
    return {**data, **changes}


def test_the_project_form_takes_the_operation_fields(office_user):
    project = ProjectFactory()
    form = ProjectForm(_data(project), instance=project)
    assert form.is_valid(), form.errors
    values = form.domain_values()
    assert values["country"] == "DE"
    update_project(project=project, user=office_user, **values)
    project.refresh_from_db()
    assert (project.beneficiary, project.country, project.specific_objective) == (
        "Stadt Leipzig", "DE", "n/a",
    )  # fmt: skip
    assert project.history.first().history_user == office_user


def test_a_country_must_be_two_letters(office_user):
    project = ProjectFactory()
    form = ProjectForm(_data(project, country="Deutschland"), instance=project)
    assert not form.is_valid()
    assert "country" in form.errors
