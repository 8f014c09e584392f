"""Domain rules: financing totals, duration order, history with user, idempotent demo."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.factories.programmes import (
    FundingSourceFactory,
    MeasureFactory,
    OrganisationFactory,
    ProjectFactory,
)
from verbund.programmes import demo
from verbund.programmes.domain.projects import (
    MilestoneInput,
    ShareInput,
    create_project,
    set_financing,
    update_project,
    validate_financing,
)
from verbund.programmes.enums import MilestoneKind
from verbund.programmes.models import FinancingShare, Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def sources():
    return FundingSourceFactory(name="EFRE"), FundingSourceFactory(name="Stadt")


def test_financing_of_70_and_25_percent_is_refused_naming_the_total(sources):
    efre, stadt = sources
    with pytest.raises(ValidationError) as refused:
        validate_financing(
            [ShareInput(source=efre, percentage=Decimal(70)), ShareInput(stadt, Decimal(25))]
        )
    message = " ".join(refused.value.messages)
    assert "95" in message
    assert "100" in message


def test_financing_must_not_exceed_100_percent_either(sources):
    efre, stadt = sources
    with pytest.raises(ValidationError):
        validate_financing([ShareInput(efre, Decimal("75.5")), ShareInput(stadt, Decimal(25))])


def test_financing_with_a_source_twice_is_refused(sources):
    efre, _ = sources
    with pytest.raises(ValidationError):
        validate_financing([ShareInput(efre, Decimal(50)), ShareInput(efre, Decimal(50))])


def test_refused_financing_leaves_the_stored_plan_untouched(sources, office_user):
    efre, stadt = sources
    project = ProjectFactory()
    set_financing(
        project=project,
        shares=[ShareInput(efre, Decimal(75)), ShareInput(stadt, Decimal(25))],
        user=office_user,
    )
    with pytest.raises(ValidationError):
        set_financing(
            project=project,
            shares=[ShareInput(efre, Decimal(70)), ShareInput(stadt, Decimal(25))],
            user=office_user,
        )
    assert sorted(FinancingShare.objects.values_list("percentage", flat=True)) == [25, 75]


def test_end_before_start_is_refused(office_user):
    with pytest.raises(ValidationError) as refused:
        create_project(
            measure=MeasureFactory(),
            code="X-1",
            title="Test",
            start_month=dt.date(2004, 6, 1),
            end_month=dt.date(2002, 6, 1),
            user=office_user,
        )
    assert refused.value.field == "end_month"
    assert not Project.objects.exists()


def test_months_are_stored_as_first_of_month(office_user):
    project = create_project(
        measure=MeasureFactory(),
        code="X-2",
        title="Test",
        start_month=dt.date(2002, 6, 17),
        end_month=dt.date(2004, 6, 30),
        user=office_user,
    )
    project.refresh_from_db()
    assert (project.start_month, project.end_month) == (dt.date(2002, 6, 1), dt.date(2004, 6, 1))


def test_changes_are_recorded_with_the_user_and_unchanged_saves_add_nothing(office_user):
    project = create_project(measure=MeasureFactory(), code="X-3", title="Alt", user=office_user)
    update_project(project=project, title="Neu", user=office_user)
    update_project(project=project, title="Neu", user=office_user)
    records = list(project.history.order_by("history_date"))
    assert [r.title for r in records] == ["Alt", "Neu"]
    assert {r.history_user for r in records} == {office_user}


def test_several_committee_confirmations_are_kept(office_user):
    project = ProjectFactory()
    update_project(
        project=project,
        milestones=[
            MilestoneInput(kind=MilestoneKind.COMMITTEE, date=dt.date(2002, 9, 4)),
            MilestoneInput(kind=MilestoneKind.COMMITTEE, date=dt.date(2002, 7, 4)),
        ],
        user=office_user,
    )
    dates = list(project.milestones.values_list("date", flat=True))
    assert dates == [dt.date(2002, 7, 4), dt.date(2002, 9, 4)]


def test_carrier_changes_enter_the_history(office_user):
    project = ProjectFactory()
    carrier = OrganisationFactory(name="Schröder Design")
    update_project(project=project, carriers=[carrier], user=office_user)
    latest = project.history.latest("history_date")
    assert latest.history_user == office_user
    assert [c.organisation_id for c in latest.carriers.all()] == [carrier.pk]


def test_unknown_fields_are_a_programming_error(office_user):
    with pytest.raises(TypeError):
        update_project(project=ProjectFactory(), colour="blue", user=office_user)


def test_demo_is_idempotent_and_recorded_as_the_office(office_user):
    demo.load(users={"office": office_user})
    counts = {model: model.history.count() for model in (Project, FinancingShare)}
    demo.load(users={"office": office_user})
    assert {model: model.history.count() for model in counts} == counts
    project = Project.objects.get(code=demo.PROJECT_CODE)
    assert project.history.earliest("history_date").history_user == office_user
    assert project.milestones.count() == 5
    assert project.financing.count() == 2
