"""The import: mapping, dry run naming row and field, all-or-nothing apply, re-import without duplicates."""

import csv
import io

import pytest
from django.core.files.base import ContentFile

from tests.factories.companies import CompanyFactory
from verbund.companies.domain.imports import (
    apply_import,
    check_import,
    create_import_job,
    set_mapping,
    suggest_mapping,
)
from verbund.companies.enums import ImportStatus
from verbund.companies.models import Company, ImportJob

pytestmark = pytest.mark.integration

HEADER = [
    "Firma",
    "Registernummer",
    "Straße",
    "PLZ",
    "Ort",
    "WZ",
    "Beschäftigte",
    "lon",
    "lat",
    "Tags",
]
MAPPING = {
    "name": "Firma", "register_number": "Registernummer", "street": "Straße", "postcode": "PLZ",
    "city": "Ort", "main_wz": "WZ", "employees": "Beschäftigte", "x": "lon", "y": "lat",
    "tags": "Tags",
}  # fmt: skip


def make_rows(n: int) -> list[list[str]]:
    codes = ["25.62.0", "22290", "7112", "62.01.9", "29.32.0"]
    return [
        [f"Firma {i} GmbH", f"HRB {10000 + i}", f"Musterstraße {i}", "04229", "Leipzig",
         codes[i % len(codes)], str(i % 300), f"{12.30 + (i % 100) / 1000:.4f}",
         f"{51.30 + (i // 100) / 1000:.4f}", "Zulieferer; Kunststoff" if i % 2 else ""]
        for i in range(1, n + 1)
    ]  # fmt: skip


def to_csv(rows, header=HEADER) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def run(data: bytes, *, name="firmen.csv", mapping=MAPPING, options=None, user=None) -> ImportJob:
    job = create_import_job(data=data, file_name=name, user=user)
    set_mapping(job=job, mapping=mapping, options=options or {"crs": "EPSG:4326"})
    check_import(job=job)
    if job.status == ImportStatus.CHECKED:
        apply_import(job=job)
    return job


def test_one_bad_row_refuses_the_whole_file_then_fixing_it_applies_all(office_user):
    rows = make_rows(1000)
    rows[436][5] = "99.99.9"  # unknown WZ code in file row 438 (header is row 1)
    job = create_import_job(data=to_csv(rows), file_name="firmen.csv", user=office_user)
    set_mapping(job=job, mapping=MAPPING, options={"crs": "EPSG:4326"})
    check_import(job=job)
    assert job.status == ImportStatus.REFUSED
    assert job.errors == [
        {
            "row": 438,
            "field": "main_wz",
            "label": "WZ-Hauptcode",
            "reason": "unbekannter WZ-Code „99.99.9“",
            "error": True,
        }
    ]
    apply_import(job=job)  # refuses again: still nothing written
    assert job.status == ImportStatus.REFUSED
    assert Company.objects.count() == 0

    rows[436][5] = "25.62.0"
    fixed = run(to_csv(rows), user=office_user)
    assert fixed.status == ImportStatus.DONE, fixed.errors
    assert fixed.counts["created"] == 1000
    assert Company.objects.count() == 1000
    history_rows = Company.history.count()

    again = run(to_csv(rows), user=office_user)
    assert again.status == ImportStatus.DONE
    assert (again.counts["created"], again.counts["updated"], again.counts["unchanged"]) == (
        0,
        0,
        1000,
    )
    assert Company.objects.count() == 1000
    assert Company.history.count() == history_rows


def test_preview_page_names_row_and_field(office_client):
    rows = make_rows(20)
    rows[4][3] = "4229"
    job = create_import_job(data=to_csv(rows), file_name="firmen.csv")
    set_mapping(job=job, mapping=MAPPING, options={"crs": "EPSG:4326"})
    check_import(job=job)
    page = office_client.get(job.get_absolute_url()).content.decode()
    assert "<td>6</td><td>PLZ</td>" in page
    assert "4229" in page


def test_every_kind_of_problem_is_listed(db):
    CompanyFactory(
        name="Schon Da GmbH", register_number="HRB 1", street="Altweg 1", postcode="04109"
    )
    rows = make_rows(6)
    rows[0][5] = "1234"  # unknown WZ
    rows[1][3] = "0422"  # malformed postcode
    rows[2][7], rows[2][8] = "5693054", "317285"  # UTM numbers declared as WGS84
    rows[3][1] = rows[4][1]  # duplicate register number
    rows[5][0], rows[5][1], rows[5][2], rows[5][3] = "Schon Da GmbH", "HRB 2", "Altweg 1", "04109"
    job = create_import_job(data=to_csv(rows), file_name="f.csv")
    set_mapping(job=job, mapping=MAPPING, options={"crs": "EPSG:4326"})
    check_import(job=job)
    found = {(e["row"], e["field"]) for e in job.errors}
    assert found == {
        (2, "main_wz"),
        (3, "postcode"),
        (4, "x/y"),
        (6, "name"),
        (7, "register_number"),
    }
    reasons = {e["row"]: e["reason"] for e in job.errors}
    assert reasons[6] == "Dublette von Zeile 5"
    assert "außerhalb des Geltungsbereichs von EPSG:4326" in reasons[4]


def test_reimport_updates_changed_rows_and_keeps_identity(db):
    rows = make_rows(3)
    run(to_csv(rows))
    first = Company.objects.get(register_number="HRB 10001")
    rows[0][6] = "260"
    rows[0][2] = "Neue Straße 5"
    job = run(to_csv(rows))
    assert (job.counts["created"], job.counts["updated"], job.counts["unchanged"]) == (0, 1, 2)
    first.refresh_from_db()
    assert first.street == "Neue Straße 5"
    assert first.employees == 260 and first.size_class == "large"
    assert first.history.count() == 2


def test_match_on_name_and_address_without_register_number(db):
    header = ["Name", "Strasse", "PLZ"]
    run(to_csv([["Müller & Co. GmbH", "Karl-Heine-Straße 12", "04229"]], header),
        mapping={"name": "Name", "street": "Strasse", "postcode": "PLZ"})  # fmt: skip
    job = run(
        to_csv([["Mueller & Co GmbH", "Karl-Heine-Str. 12", "04229"]], header),
        mapping={"name": "Name", "street": "Strasse", "postcode": "PLZ"},
    )
    assert job.counts["matched"] == 1
    assert Company.objects.count() == 1


def test_utm_coordinates_are_converted(db):
    header = ["Name", "X", "Y"]
    job = run(
        to_csv([["UTM GmbH", "317285,0339", "5693054,0215"]], header),
        mapping={"name": "Name", "x": "X", "y": "Y"},
        options={"crs": "EPSG:25833"},
    )
    assert job.status == ImportStatus.DONE
    company = Company.objects.get()
    assert company.lon == pytest.approx(12.37557, abs=1e-4)
    assert company.lat == pytest.approx(51.35933, abs=1e-4)


def test_xlsx_import_with_value_mapping_and_constants(db):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Unternehmen", "Branche", "Mitarbeiter"])
    sheet.append(["Druckerei Nord", "Druckerei", 12])
    sheet.append(["Verlag Süd", "Verlag", 3])
    out = io.BytesIO()
    book.save(out)
    job = run(
        out.getvalue(), name="firmen.xlsx",
        mapping={"name": "Unternehmen", "main_wz": "Branche", "employees": "Mitarbeiter"},
        options={"wz_values": {"Druckerei": "18.12.0", "Verlag": "58110"},
                 "constants": {"city": "Leipzig"}},
    )  # fmt: skip
    assert job.status == ImportStatus.DONE, job.errors
    assert dict(Company.objects.values_list("name", "main_wz__code")) == {
        "Druckerei Nord": "18.12.0", "Verlag Süd": "58.11.0",
    }  # fmt: skip
    assert set(Company.objects.values_list("city", flat=True)) == {"Leipzig"}


def test_mapping_is_suggested_from_german_headers():
    assert suggest_mapping(HEADER) == MAPPING | {"tags": "Tags"}


def test_import_through_the_pages_with_progress(office_client, django_capture_on_commit_callbacks):
    upload = ContentFile(to_csv(make_rows(30)), name="firmen.csv")
    response = office_client.post("/companies/imports/", {"file": upload})
    job = ImportJob.objects.get()
    assert response.url == f"/companies/imports/{job.public_id}/mapping/"
    form = {f"map_{k}": v for k, v in MAPPING.items()} | {"crs": "EPSG:4326", "source": "Liste"}
    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.post(response.url, form)
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED
    status = office_client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert b'id="import-status"' in status.content and b"<html" not in status.content
    with django_capture_on_commit_callbacks(execute=True):
        office_client.post(f"/companies/imports/{job.public_id}/apply/")
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert Company.objects.filter(source="Liste").count() == 30


def test_only_the_office_imports(client, make_user):
    client.force_login(make_user("auditor"))
    assert client.get("/companies/imports/").status_code == 200
    upload = ContentFile(to_csv(make_rows(2)), name="firmen.csv")
    assert client.post("/companies/imports/", {"file": upload}).status_code == 403
    client.force_login(make_user("carrier"))
    assert client.get("/companies/imports/").status_code == 403
