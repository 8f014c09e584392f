"""Issue 8, acceptance 3: every programmes write records who made it, also outside a request."""

import pytest

from tests.factories.programmes import MeasureFactory, ProgrammeFactory, ProjectFactory
from verbund.core.audit import acting_user
from verbund.programmes import demo
from verbund.programmes.domain import programmes as prog
from verbund.programmes.domain.projects import update_project
from verbund.programmes.models import (
    ApprovalMilestone,
    FinancingShare,
    FundingSource,
    Measure,
    Organisation,
    Programme,
    Project,
    ProjectPhase,
    TeamMember,
)

pytestmark = pytest.mark.django_db

MODELS = (
    Programme,
    Measure,
    FundingSource,
    Organisation,
    Project,
    ProjectPhase,
    ApprovalMilestone,
    TeamMember,
    FinancingShare,
)


def test_every_history_row_of_the_demo_names_the_office(make_user):
    office = make_user("office")
    demo.load(users={"office": office})
    authors = {
        model.__name__: set(model.history.values_list("history_user__username", flat=True))
        for model in MODELS
    }
    assert authors == {model.__name__: {office.username} for model in MODELS}


def test_a_write_outside_a_request_records_the_user_passed(make_user):
    office = make_user("office")
    programme = ProgrammeFactory()
    prog.update_programme(programme=programme, name="Neuer Name", user=office)
    latest = programme.history.latest("history_date")
    assert (latest.name, latest.history_user) == ("Neuer Name", office)


def test_a_task_body_inside_acting_user_records_that_user(make_user):
    """A task that passes no user to the domain still records who started the work."""
    starter = make_user("office")
    measure = MeasureFactory()
    with acting_user(starter):
        prog.update_measure(measure=measure, title="Per Aufgabe geändert", user=None)
    latest = measure.history.latest("history_date")
    assert (latest.title, latest.history_user) == ("Per Aufgabe geändert", starter)


def test_domain_compares_with_the_stored_row_not_the_callers_edited_copy(make_user):
    """A form that already wrote the new title onto the instance must not hide the change."""
    office = make_user("office")
    project = ProjectFactory(title="Alt")
    project.title = "Neu"  # what ModelForm validation does to the instance
    update_project(project=project, title="Neu", user=office)
    stored = Project.objects.get(pk=project.pk)
    assert stored.title == "Neu"
    assert stored.history.latest("history_date").title == "Neu"
