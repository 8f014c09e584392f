"""Acceptance 3 and the office forms: refused financing plans, history with user and time,
German date and number input, creating programmes, measures and projects without the admin."""

import datetime as dt
from decimal import Decimal

import pytest
from simple_history.signals import pre_create_historical_record

from tests.factories.programmes import FundingSourceFactory, MeasureFactory, ProgrammeFactory
from tests.programmes.helpers import page_post_data
from verbund.programmes import demo
from verbund.programmes.models import ApprovalMilestone, Measure, Programme, Project

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

EDIT = f"/projects/{demo.PROJECT_CODE}/edit/"
EDITED_AT = dt.datetime(2099, 3, 4, 9, 15, tzinfo=dt.UTC)  # after the demo was loaded


@pytest.fixture
def demo_project(office_user) -> Project:
    demo.load(users={"office": office_user})
    return Project.objects.get(code=demo.PROJECT_CODE)


def share_index(data: dict, source_name: str) -> int:
    from verbund.programmes.models import FundingSource

    pk = str(FundingSource.objects.get(name=source_name).pk)
    return next(
        int(key.split("-")[1])
        for key, value in data.items()
        if key.endswith("-source") and value == pk
    )


def test_financing_plan_of_70_and_25_percent_is_refused_and_nothing_saved(
    demo_project, office_client
):
    data = page_post_data(office_client.get(EDIT))
    data[f"financing-{share_index(data, 'EFRE')}-percentage"] = "70"
    data["title"] = "Geänderter Titel"
    history_before = demo_project.history.count()

    response = office_client.post(EDIT, data)

    assert response.status_code == 200
    text = response.content.decode()
    assert "Die Finanzierungsanteile ergeben zusammen 95 %; sie müssen genau 100 % ergeben." in text
    assert 'value="70"' in text  # what was typed is kept
    assert 'value="Geänderter Titel"' in text
    demo_project.refresh_from_db()
    assert demo_project.title == "Aufbau von Unternehmensnetzwerken"
    shares = {s.source.name: s.percentage for s in demo_project.financing.all()}
    assert shares == {"EFRE": Decimal(75), "Stadt": Decimal(25)}
    assert demo_project.history.count() == history_before


def test_english_message_names_the_total_too(demo_project, office_client):
    data = page_post_data(office_client.get("/en" + EDIT), "en")
    data[f"financing-{share_index(data, 'EFRE')}-percentage"] = "70"
    response = office_client.post("/en" + EDIT, data)
    assert "The financing shares add up to 95 %; they must total exactly 100 %." in (
        response.content.decode()
    )


def test_accepted_changes_appear_in_the_history_with_user_and_time(
    demo_project, office_client, office_user
):
    data = page_post_data(office_client.get(EDIT))
    data[f"financing-{share_index(data, 'EFRE')}-percentage"] = "74,5"
    data[f"financing-{share_index(data, 'Stadt')}-percentage"] = "25,5"
    data["target_group"] = "Unternehmen und Vereine aus dem URBAN-Programmgebiet"

    def at_known_time(sender, history_instance, **kwargs):
        history_instance.history_date = EDITED_AT

    # the edit's history rows get a known time (the clock of the history), not "a moment ago"
    pre_create_historical_record.connect(at_known_time)
    try:
        response = office_client.post(EDIT, data)
    finally:
        pre_create_historical_record.disconnect(at_known_time)

    assert response.status_code == 302
    demo_project.refresh_from_db()
    assert demo_project.target_group == "Unternehmen und Vereine aus dem URBAN-Programmgebiet"
    history = office_client.get(f"/projects/{demo.PROJECT_CODE}/history/")
    assert history.status_code == 200
    html = history.content.decode()
    assert "Unternehmen und Vereine aus dem URBAN-Programmgebiet" in html
    assert "74,50" in html  # German page, German decimal comma
    assert str(office_user) in html
    entries = history.context["entries"]
    changed = [e for e in entries if e.entry.changes]
    assert {c.field for e in changed for c in e.entry.changes} >= {"Zielgruppe", "Anteil (%)"}
    assert all(e.entry.user == str(office_user) for e in changed)
    assert entries[0].entry.when == EDITED_AT
    assert "04.03.2099 10:15" in html  # the time is shown in Berlin time, formatted in German


def test_german_dates_months_and_decimals_are_accepted(demo_project, office_client):
    data = page_post_data(office_client.get(EDIT))
    extra = int(data["milestones-TOTAL_FORMS"]) - 1
    data[f"milestones-{extra}-kind"] = "other"
    data[f"milestones-{extra}-date"] = "31.12.2004"
    data[f"milestones-{extra}-note"] = "Abschlussbericht"
    data["end_month"] = "12/2004"
    fin_extra = int(data["financing-TOTAL_FORMS"]) - 1
    data[f"financing-{share_index(data, 'EFRE')}-percentage"] = "70,25"
    data[f"financing-{share_index(data, 'Stadt')}-percentage"] = "25"
    data[f"financing-{fin_extra}-source"] = str(FundingSourceFactory(name="Land").pk)
    data[f"financing-{fin_extra}-percentage"] = "4,75"
    data[f"financing-{fin_extra}-amount"] = "12.345,67"

    response = office_client.post(EDIT, data)

    assert response.status_code == 302, response.context and [
        response.context["form"].errors,
        {k: (f.errors, f.non_form_errors()) for k, f in response.context["formsets"].items()},
    ]
    demo_project.refresh_from_db()
    assert demo_project.end_month == dt.date(2004, 12, 1)
    assert ApprovalMilestone.objects.filter(
        project=demo_project, date=dt.date(2004, 12, 31), note="Abschlussbericht"
    ).exists()
    land = demo_project.financing.get(source__name="Land")
    assert (land.percentage, land.amount) == (Decimal("4.75"), Decimal("12345.67"))
    sheet = office_client.get(f"/projects/{demo.PROJECT_CODE}/sheet/").content.decode()
    assert "70,25\u00a0%" in sheet
    assert "31.12.2004" in sheet


def test_end_month_before_start_is_refused_on_the_form(demo_project, office_client):
    data = page_post_data(office_client.get(EDIT))
    data["end_month"] = "05/2002"
    response = office_client.post(EDIT, data)
    assert response.status_code == 200
    assert "Das Projekt kann nicht vor seinem Beginn enden." in response.content.decode()
    demo_project.refresh_from_db()
    assert demo_project.end_month == dt.date(2004, 6, 1)


def test_bad_date_names_the_field_and_keeps_the_input(demo_project, office_client):
    data = page_post_data(office_client.get(EDIT))
    data["milestones-0-date"] = "32.13.2002"
    response = office_client.post(EDIT, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="32.13.2002"' in html
    assert "Bitte ein gültiges Datum eingeben." in html


def test_milestones_are_shown_as_a_chronological_timeline(demo_db, client):
    html = client.get(f"/projects/{demo.PROJECT_CODE}/").content.decode()
    timeline = html[html.index('<ol class="timeline">') :]
    positions = [
        timeline.index(d)
        for d in ["16.11.2000", "24.05.2002", "04.07.2002", "04.09.2002", "15.11.2002"]
    ]
    assert positions == sorted(positions)


def test_office_creates_programme_measure_and_project_in_the_ui(office_client):
    response = office_client.post(
        "/projects/programmes/new/",
        {"name": "URBAN III", "city": "Halle", "period_start_year": "2007",
         "period_end_year": "2013"},
    )  # fmt: skip
    programme = Programme.objects.get(name="URBAN III")
    assert response.status_code == 302
    response = office_client.post(
        "/projects/measures/new/", {"programme": programme.pk, "code": "2.1", "title": "Netze"}
    )
    measure = Measure.objects.get(programme=programme, code="2.1")
    page = office_client.get(f"/projects/new/?measure={measure.pk}")
    data = page_post_data(page)
    data.update(code="HAL-2.1-01", title="Neues Netzwerk", status="planning",
                start_month="01/2008", end_month="12/2009")  # fmt: skip
    source = FundingSourceFactory(name="EFRE")
    data.update({"financing-0-source": str(source.pk), "financing-0-percentage": "100"})
    data.update({"phases-0-name": "Entwicklungsphase", "phases-0-text": "Ideen sammeln"})
    response = office_client.post("/projects/new/", data)
    assert response.status_code == 302
    project = Project.objects.get(code="HAL-2.1-01")
    assert project.measure == measure
    assert project.financing.get().percentage == 100
    assert project.phases.get().name == "Entwicklungsphase"
    assert not project.is_public


def test_programme_with_end_before_start_is_refused(office_client):
    response = office_client.post(
        "/projects/programmes/new/",
        {"name": "Falsch", "city": "Halle", "period_start_year": "2007",
         "period_end_year": "2006"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Der Zeitraum kann nicht vor seinem Beginn enden." in response.content.decode()
    assert not Programme.objects.filter(name="Falsch").exists()


def test_measure_code_is_unique_per_programme(office_client):
    measure = MeasureFactory(programme=ProgrammeFactory(), code="1.2")
    response = office_client.post(
        "/projects/measures/new/",
        {"programme": measure.programme_id, "code": "1.2", "title": "Doppelt"},
    )
    assert response.status_code == 200
    assert Measure.objects.filter(code="1.2").count() == 1


def test_carrier_changes_show_organisation_names_in_the_history(demo_project, office_client):
    data = page_post_data(office_client.get(EDIT))
    schroeder = str(demo_project.carriers.get(name="Schröder Design").pk)
    data["carriers"] = [pk for pk in data["carriers"] if pk != schroeder]
    assert office_client.post(EDIT, data).status_code == 302
    assert demo_project.carriers.count() == 2
    history = office_client.get(f"/projects/{demo.PROJECT_CODE}/history/").content.decode()
    assert (
        "JB-ingconsult / Consultant ASSO-PART, Kunststoffzentrum Leipzig, Schröder Design → "
        "JB-ingconsult / Consultant ASSO-PART, Kunststoffzentrum Leipzig"
    ) in history


def test_removing_a_share_and_adding_the_source_again_in_one_edit(demo_project, office_client):
    data = page_post_data(office_client.get(EDIT))
    efre_row = share_index(data, "EFRE")
    extra = int(data["financing-TOTAL_FORMS"]) - 1
    data[f"financing-{efre_row}-DELETE"] = "on"
    data[f"financing-{extra}-source"] = data[f"financing-{efre_row}-source"]
    data[f"financing-{extra}-percentage"] = "75"
    data[f"financing-{extra}-amount"] = "1000"
    response = office_client.post(EDIT, data)
    assert response.status_code == 302, [
        (f.errors, f.non_form_errors()) for f in response.context["formsets"].values()
    ]
    efre = demo_project.financing.get(source__name="EFRE")
    assert efre.amount == Decimal(1000)
    assert demo_project.financing.count() == 2


@pytest.mark.parametrize("share", ["0", "150", "-5"])
def test_share_out_of_range_is_named_on_its_field(demo_project, office_client, share):
    data = page_post_data(office_client.get(EDIT))
    data[f"financing-{share_index(data, 'EFRE')}-percentage"] = share
    response = office_client.post(EDIT, data)
    assert response.status_code == 200
    errors = response.context["formsets"]["financing"].errors
    assert any("percentage" in e for e in errors)
    assert "Constraint" not in response.content.decode()
