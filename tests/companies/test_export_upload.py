"""Exports through the shared exporter (formula guard) and district uploads through the upload check."""

import csv
import io

import pytest
from django.core.files.base import ContentFile
from openpyxl import load_workbook

from tests.factories.companies import CompanyFactory
from verbund.companies.models import District

pytestmark = pytest.mark.integration

FORMULA = '=HYPERLINK("x")'


def test_a_formula_name_exports_as_text_in_csv_and_xlsx(office_client):
    CompanyFactory(name=FORMULA, competences="+49 341 Anruf", placement="inside")
    response = office_client.get("/companies/export.csv")
    assert response["Content-Disposition"] == 'attachment; filename="companies.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, row = rows[0], rows[1]
    assert row[header.index("name")] == "'" + FORMULA
    assert row[header.index("competences")] == "'+49 341 Anruf"
    assert row[header.index("programme area")] == "innerhalb"

    response = office_client.get("/companies/export.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="companies.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("name") + 1)
    assert cell.data_type == "s" and cell.value == "'" + FORMULA
    assert (
        sheet.cell(row=2, column=header.index("employees") + 1).value == 12
    )  # numbers stay numbers


def test_unknown_export_format_is_not_found(office_client):
    assert office_client.get("/companies/export.pdf").status_code == 404


def test_district_upload_that_is_not_json_is_refused(office_client):
    upload = ContentFile(b"%PDF-1.4 not a map", name="districts.geojson")
    response = office_client.post(
        "/companies/areas/districts/import/",
        {"file": upload, "layer": "X", "number_property": "nr", "name_property": "label"},
    )
    assert response.status_code == 200
    assert "JSON" in response.content.decode()
    assert not District.objects.filter(layer="X").exists()


def test_district_upload_with_broken_json_shows_the_reason_on_the_file_field(office_client):
    upload = ContentFile(b'{"type": "Point"}', name="districts.geojson")
    response = office_client.post(
        "/companies/areas/districts/import/",
        {"file": upload, "layer": "X", "number_property": "nr", "name_property": "label"},
    )
    assert response.status_code == 200
    assert "FeatureCollection" in response.content.decode()
    assert not District.objects.filter(layer="X").exists()
