"""The open-data files (acceptance 2): the demo's operations JSON validates against the published
schema, the CSV has the same rows and fields, umlauts survive, no login and no language prefix."""

import csv
import io
import json

import pytest
from jsonschema import Draft202012Validator

from verbund.reporting.domain.queries import INDICATOR_FIELDS, OPERATION_FIELDS

pytestmark = pytest.mark.django_db


def _csv_rows(response) -> list[dict]:
    body = response.content
    assert body.startswith("\ufeff".encode())  # BOM: a spreadsheet reads it as UTF-8
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize("kind", ["operations", "indicators"])
def test_json_validates_against_the_schema_and_the_csv_has_the_same_rows(client, demo_db, kind):
    data = client.get(f"/open-data/{kind}.json")
    schema = client.get(f"/open-data/{kind}.schema.json")
    assert data.status_code == schema.status_code == 200
    document = json.loads(data.content)
    validator = Draft202012Validator(
        schema.json(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    assert list(validator.iter_errors(document)) == []
    rows = document[kind]
    assert rows, "the demo publishes rows"
    fields = OPERATION_FIELDS if kind == "operations" else INDICATOR_FIELDS
    csv_rows = _csv_rows(client.get(f"/open-data/{kind}.csv"))
    assert len(csv_rows) == len(rows)
    assert tuple(csv_rows[0]) == fields == tuple(rows[0])
    for from_json, from_csv in zip(rows, csv_rows, strict=True):
        for name in fields:
            value = from_json[name]
            if isinstance(value, list):
                value = "; ".join(value)
            if isinstance(value, float):
                assert float(from_csv[name]) == value, name
            else:
                assert from_csv[name] == ("" if value is None else str(value)), name


def test_the_demo_operation_lists_its_carriers_and_keeps_umlauts(client, demo_db):
    [operation] = json.loads(client.get("/open-data/operations.json").content)["operations"]
    assert operation["operation_code"] == "URBAN-LW-1.2-01"
    assert operation["contractors"] == [
        "JB-ingconsult / Consultant ASSO-PART", "Kunststoffzentrum Leipzig", "Schröder Design",
    ]  # fmt: skip
    assert operation["union_cofinancing_rate"] == 75.0
    assert operation["country"] == "DE"
    assert (operation["start_date"], operation["end_date"]) == ("2002-06-01", "2004-06-30")
    [row] = _csv_rows(client.get("/open-data/operations.csv"))
    assert (
        row["contractors"]
        == "JB-ingconsult / Consultant ASSO-PART; Kunststoffzentrum Leipzig; Schröder Design"
    )
    assert (
        "Förderung" in row["purpose_and_achievements"]
        or "Unternehmen" in row["purpose_and_achievements"]
    )


def test_schemas_carry_labels_in_both_languages(client, db):
    schema = client.get("/open-data/operations.schema.json").json()
    props = schema["properties"]["operations"]["items"]["properties"]
    assert tuple(props) == OPERATION_FIELDS
    assert props["beneficiary"]["x-labels"] == {"de": "Begünstigter", "en": "Beneficiary"}


def test_files_hold_no_personal_data(client, demo_db):
    from verbund.companies.models import ContactPerson
    from verbund.core.models import User
    from verbund.programmes.models import TeamMember

    text = b"".join(
        client.get(f"/open-data/{kind}.{fmt}").content
        for kind in ("operations", "indicators")
        for fmt in ("csv", "json")
    ).decode("utf-8", "replace")
    names = [m.name for m in TeamMember.objects.all()]
    names += [str(u) for u in User.objects.all()] + [u.email for u in User.objects.all()]
    names += [c.name for c in ContactPerson.objects.all()[:200]]
    assert [n for n in names if n and len(n) > 3 and n in text] == []
    from verbund.networks.models import Membership

    member_ids = {str(m.company.public_id) for m in Membership.objects.select_related("company")}
    assert not any(public_id in text for public_id in member_ids)


def test_served_without_login_and_only_without_language_prefix(client, db):
    for path in ("operations.csv", "operations.json", "indicators.csv", "indicators.json",
                 "operations.schema.json", "indicators.schema.json"):  # fmt: skip
        assert client.get(f"/open-data/{path}").status_code == 200, path
    assert client.get("/en/open-data/operations.json").status_code == 404
    assert client.get("/open-data/operations.json").json()["operations"] == []


def test_open_data_page_in_both_languages(client, db):
    german = client.get("/reporting/open-data/")
    english = client.get("/en/reporting/open-data/")
    assert german.status_code == english.status_code == 200
    assert (
        "Offene Daten" in german.content.decode()
        or "/open-data/operations.csv" in german.content.decode()
    )
    assert "Open data" in english.content.decode()
    assert "/open-data/operations.json" in english.content.decode()


def test_files_refresh_when_the_records_change(client, demo_db):
    from verbund.programmes.domain.projects import update_project
    from verbund.programmes.models import Project

    before = client.get("/open-data/operations.json").json()["operations"][0]
    project = Project.objects.get(code="URBAN-LW-1.2-01")
    update_project(project=project, user=demo_db["office"], beneficiary="Stadt Leipzig")
    after = client.get("/open-data/operations.json").json()["operations"][0]
    assert before["beneficiary"] != after["beneficiary"] == "Stadt Leipzig"
    assert after["updated"] >= before["updated"]
