"""Bad input: every limit comes from the model's fields and is enforced in the form and the domain;
a refused input gives a clear message and writes nothing (issue 9, items 4, 6 and 7)."""

import datetime as dt
import importlib
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories.competitions import CompetitionFactory, SubmissionFactory
from verbund.competitions.domain import competitions as comp_domain
from verbund.competitions.domain import submissions as sub_domain
from verbund.competitions.domain.errors import CompetitionError
from verbund.competitions.enums import Phase
from verbund.competitions.models import Competition, Criterion, FinancingShare, Submission
from verbund.core.errors import DomainError

pytestmark = pytest.mark.django_db

BAD_AMOUNTS = ["1e20", "NaN", "inf", "-inf", "123456789012345", "1,5e3x"]


@pytest.fixture
def applicant_client(client, make_user):
    user = make_user("applicant")
    client.force_login(user)
    client.user = user
    return client


def _post_idea(client, competition, **fields):
    data = {"title": "Netzwerk Holz", **fields}
    return client.post(reverse("competitions:submission_create", args=[competition.pk]), data)


@pytest.mark.parametrize("amount", BAD_AMOUNTS)
def test_a_bad_financing_amount_is_a_form_error_and_saves_nothing(applicant_client, amount):
    competition = CompetitionFactory()
    response = _post_idea(applicant_client, competition, financing=f"EFRE; {amount}")
    assert response.status_code == 200
    assert "EFRE" in response.context["form"].errors["financing"][0]
    assert not Submission.objects.exists() and not FinancingShare.objects.exists()


@pytest.mark.parametrize("amount", [*BAD_AMOUNTS, Decimal("NaN"), Decimal("1e20"), float("inf")])
def test_the_domain_refuses_bad_amounts_too(make_user, amount):
    with pytest.raises(DomainError) as info:
        sub_domain.create_submission(
            competition=CompetitionFactory(), applicant=make_user("applicant"), title="Idee",
            financing=[(None, "EFRE", amount)],
        )  # fmt: skip
    assert info.value.field == "financing" and info.value.row == 1
    assert not Submission.objects.exists()


def test_the_largest_amount_the_field_holds_is_accepted(make_user):
    sub = sub_domain.create_submission(
        competition=CompetitionFactory(), applicant=make_user("applicant"), title="Idee",
        financing=[(None, "EFRE", "999999999999.99")],
    )  # fmt: skip
    assert sub.financing.get().amount == Decimal("999999999999.99")


def test_a_huge_requested_budget_is_refused_in_form_and_domain(applicant_client, make_user):
    competition = CompetitionFactory()
    for budget in ("1e20", "NaN", "123456789012345"):
        response = _post_idea(applicant_client, competition, requested_budget=budget)
        assert "requested_budget" in response.context["form"].errors
    with pytest.raises(DomainError):
        sub_domain.create_submission(
            competition=competition, applicant=make_user("applicant"), title="Idee",
            requested_budget=Decimal("1e20"),
        )  # fmt: skip
    assert not Submission.objects.exists()


def test_a_2000_character_founding_member_is_refused_and_nothing_saved(applicant_client):
    from verbund.companies.models import Company

    competition = CompetitionFactory()
    before = Company.objects.count()
    response = _post_idea(applicant_client, competition, new_members="A" * 2000)
    assert response.status_code == 200
    assert "255" in response.context["form"].errors["new_members"][0]
    assert not Submission.objects.exists() and Company.objects.count() == before


def test_the_domain_refuses_a_long_member_name_and_rolls_back_the_idea(make_user):
    from verbund.companies.models import Company

    before = Company.objects.count()
    with pytest.raises(DomainError):
        sub_domain.save_submission(
            user=make_user("applicant"), competition=CompetitionFactory(), title="Idee",
            new_members=["Tischlerei Nord", "B" * 2000],
        )  # fmt: skip
    assert not Submission.objects.exists() and Company.objects.count() == before


def test_an_end_before_the_start_is_refused(applicant_client, make_user):
    competition = CompetitionFactory()
    response = _post_idea(
        applicant_client, competition, starts_on="01.10.2003", ends_on="31.12.2002"
    )
    assert "ends_on" in response.context["form"].errors
    with pytest.raises(DomainError) as info:
        sub_domain.create_submission(
            competition=competition, applicant=make_user("applicant"), title="Idee",
            starts_on=dt.date(2003, 10, 1), ends_on=dt.date(2002, 12, 31),
        )  # fmt: skip
    assert info.value.field == "ends_on"
    assert not Submission.objects.exists()


def _competition_data(**fields):
    from tests.factories.competitions import project

    return {
        "project": project().pk, "title": "Wettbewerb 2003",
        "deadline": "31.07.2003 18:00", "min_members": "0", "min_share_in_area": "0",
        "number_to_select": "3", "reviewers_per_idea": "3", "aggregation": "mean",
        "disagreement_threshold": "15", **fields,
    }  # fmt: skip


def test_a_150_percent_share_and_a_deadline_before_opening_are_refused(office_client):
    before = Competition.objects.count()
    url = reverse("competitions:competition_create")
    response = office_client.post(url, _competition_data(min_share_in_area="150"))
    assert "min_share_in_area" in response.context["form"].errors
    response = office_client.post(url, _competition_data(opens_at="01.08.2003 09:00"))
    assert "deadline" in response.context["form"].errors
    assert Competition.objects.count() == before


def test_the_domain_refuses_a_150_percent_share(office_user):
    project = CompetitionFactory().project
    before = Competition.objects.count()
    with pytest.raises(DomainError) as info:
        comp_domain.create_competition(
            project=project, title="W", deadline=timezone.now(), user=office_user,
            min_share_in_area=Decimal(150),
        )  # fmt: skip
    assert info.value.field == "min_share_in_area"
    assert Competition.objects.count() == before


def test_a_criterion_scale_up_to_10_to_the_12_is_refused(office_client):
    competition = CompetitionFactory(phase=Phase.DRAFT)
    data = {
        "c-TOTAL_FORMS": "1", "c-INITIAL_FORMS": "0", "c-0-name": "Ansatz", "c-0-weight": "1",
        "c-0-scale_min": "0", "c-0-scale_max": str(10**12),
    }  # fmt: skip
    response = office_client.post(reverse("competitions:criteria", args=[competition.pk]), data)
    assert response.status_code == 200
    assert "scale_max" in response.context["formset"].forms[0].errors
    data["c-0-scale_max"] = "10"
    data["c-0-name"] = "N" * 2000
    response = office_client.post(reverse("competitions:criteria", args=[competition.pk]), data)
    assert "name" in response.context["formset"].forms[0].errors
    assert [c.name for c in competition.criteria.all()] == ["Tragfähigkeit", "Perspektive"]


def test_the_domain_refuses_a_scale_that_scores_cannot_be_stored_on(office_user):
    competition = CompetitionFactory(phase=Phase.DRAFT)
    with pytest.raises(CompetitionError) as info:
        comp_domain.set_criteria(
            competition=competition,
            criteria=[comp_domain.CriterionSpec("Ansatz", 1, 0, 10**12)],
            user=office_user,
        )
    assert info.value.field == "scale_max"
    assert Criterion.objects.filter(competition=competition).count() == 2


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_the_migration_repairs_an_amount_sqlite_stored_as_typed(office_client):
    """Issue 9 item 6: `EFRE; 1e20` stored on SQLite broke the idea's pages for good."""
    sub = SubmissionFactory(competition=CompetitionFactory())
    share = FinancingShare.objects.create(submission=sub, label="EFRE", amount=Decimal(1))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE competitions_financingshare SET amount = %s WHERE id = %s", [1e20, share.pk]
        )
    migration = importlib.import_module("verbund.competitions.migrations.0004_repair_bad_amounts")

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    migration.repair(None, editor)
    share = FinancingShare.objects.get(pk=share.pk)
    assert share.amount == 0 and "unreadable" in share.label
    page = office_client.get(reverse("competitions:submission_detail", args=[sub.pk]))
    assert page.status_code == 200


def test_a_formula_in_an_idea_title_exports_as_text(office_client):
    """Issue 9 item 4: the title goes into the ranking export as text, not as a live formula."""
    formula = '=HYPERLINK("http://x","y")'
    competition = CompetitionFactory(
        phase=Phase.IN_REVIEW, deadline=timezone.now() - dt.timedelta(days=1)
    )
    SubmissionFactory(competition=competition, title=formula)
    url = reverse("competitions:ranking_export", args=[competition.pk, "csv"])
    csv = office_client.get(url).content.decode("utf-8-sig")
    row = csv.splitlines()[1]
    assert ';"\'=HYPERLINK(""http://x"",""y"")";' in row
    assert ";=HYPERLINK" not in csv and ';"=HYPERLINK' not in csv
    assert ";nein;" in row  # booleans spelled out (eligible, within the top N), not "x"
    url = reverse("competitions:ranking_export", args=[competition.pk, "xlsx"])
    sheet = load_workbook(io.BytesIO(office_client.get(url).content)).active
    cell = sheet.cell(row=2, column=2)
    assert cell.data_type == "s" and cell.value == "'" + formula
    assert (
        office_client.get(
            reverse("competitions:ranking_export", args=[competition.pk, "exe"])
        ).status_code
        == 404
    )
