import csv
import io
import json

import pytest
from openpyxl import load_workbook

from tests.factories.companies import (
    AffiliationFactory,
    CompanyFactory,
    ContactFactory,
    DistrictFactory,
    wz,
)
from verbund.companies.models import Company

pytestmark = pytest.mark.integration


def _companies(n: int) -> list[Company]:
    district = DistrictFactory()
    return [CompanyFactory(district=district, tags=["Kunststoff", "Zulieferer"]) for _ in range(n)]


@pytest.mark.parametrize("url", ["/companies/", "/companies/api/companies/"])
def test_query_count_does_not_grow_with_companies(url, office_client, django_assert_num_queries):
    _companies(1)
    office_client.get(url)  # warm caches (roles, content types)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert office_client.get(url).status_code == 200
    _companies(2)
    with django_assert_num_queries(len(one.captured_queries)):
        response = office_client.get(url)
    if "api" in url:
        assert response.json()["count"] == 3
    else:
        assert response.content.decode().count("Testfirma") >= 3


def test_list_filters_sort_and_paginate(office_client):
    a = CompanyFactory(name="Alpha Kunststoff GmbH", main_wz=wz("22.29.0"), employees=300,
                       placement="inside")  # fmt: skip
    CompanyFactory(name="Beta Software GmbH", main_wz=wz("62.01.9"), employees=3)
    page = office_client.get("/companies/", {"division": "22"}).content.decode()
    assert "Alpha Kunststoff" in page and "Beta Software" not in page
    page = office_client.get("/companies/", {"wz": "2229"}).content.decode()
    assert "Alpha Kunststoff" in page and "Beta Software" not in page
    page = office_client.get("/companies/", {"section": "J"}).content.decode()
    assert "Beta Software" in page and "Alpha Kunststoff" not in page
    page = office_client.get("/companies/", {"placement": "inside"}).content.decode()
    assert "Alpha" in page and "Beta" not in page
    page = office_client.get("/companies/", {"q": "software"}).content.decode()
    assert "Beta" in page and "Alpha" not in page
    page = office_client.get("/companies/", {"sort": "-name"}).content.decode()
    assert page.index("Beta Software") < page.index("Alpha Kunststoff")
    api = office_client.get("/companies/api/companies/", {"size_class": "large"}).json()
    assert [r["id"] for r in api["results"]] == [str(a.public_id)]
    assert api["results"][0]["wz"] == "22.29.0"


def test_export_uses_the_same_filters(office_client):
    CompanyFactory(name="Alpha Kunststoff GmbH", main_wz=wz("22.29.0"))
    CompanyFactory(name="Beta Software GmbH", main_wz=wz("62.01.9"))
    response = office_client.get("/companies/export.csv", {"division": "62"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [r[1] for r in rows[1:]] == ["Beta Software GmbH"]
    response = office_client.get("/companies/export.xlsx", {"division": "22"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Alpha Kunststoff GmbH"
    ]


def test_map_data_and_areas(office_client, squares):
    CompanyFactory(name="Kartenfirma GmbH", lon=12.32, lat=51.32, placement="inside")
    CompanyFactory(name="Ohne Ort", lon=None, lat=None)
    data = json.loads(office_client.get("/companies/map/companies.geojson").content)
    assert [f["properties"]["n"] for f in data["features"]] == ["Kartenfirma GmbH"]
    assert data["features"][0]["geometry"]["coordinates"] == [12.32, 51.32]
    areas = json.loads(office_client.get("/companies/map/areas.geojson").content)
    kinds = [f["properties"]["kind"] for f in areas["features"]]
    assert kinds.count("district") == 4 and kinds.count("programme_area") == 1
    page = office_client.get("/companies/map/").content.decode()
    assert "leaflet.js" in page and "map/companies.geojson" in page


def test_office_edits_a_company_with_german_decimals(office_client):
    company = CompanyFactory()
    response = office_client.post(
        f"/companies/{company.public_id}/edit/",
        {"name": "Neu GmbH", "main_wz_code": "2932", "secondary_wz_codes": "22.29.0, 7112",
         "tag_names": "Zulieferer, Kunststoff", "lat": "51,3301", "lon": "12,3402",
         "postcode": "04229", "employees": "260", "source": "Büro"},
    )  # fmt: skip
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.name == "Neu GmbH" and company.main_wz.code == "29.32"
    assert company.lat == pytest.approx(51.3301)
    assert company.size_class == "large"
    assert sorted(w.code for w in company.secondary_wz.all()) == ["22.29.0", "71.12"]
    assert company.history.count() >= 2


def test_edit_form_rejects_unknown_codes_and_bad_postcodes(office_client):
    company = CompanyFactory()
    response = office_client.post(
        f"/companies/{company.public_id}/edit/",
        {"name": "X", "main_wz_code": "99999", "postcode": "4229"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "99999" in page and "04229" in page  # German help text names the expected form


def test_german_and_english_pages(office_client):
    CompanyFactory()
    assert "Unternehmensregister" in office_client.get("/companies/").content.decode()
    assert "Company register" in office_client.get("/en/companies/").content.decode()


# ------------------------------------------------------------------------------- permissions


def test_anonymous_users_see_nothing(client, db):
    company = CompanyFactory()
    for url in ["/companies/", "/companies/api/companies/", company.get_absolute_url(),
                "/companies/map/companies.geojson", "/companies/export.csv"]:  # fmt: skip
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.url


def test_contacts_visible_to_office_auditor_and_own_company_only(client, make_user):
    company = CompanyFactory(name="Eigene Firma GmbH")
    ContactFactory(company=company, name="Erika Geheim", email="erika@eigene.example")
    other = CompanyFactory(name="Andere Firma GmbH")
    own_member = make_user("member")
    AffiliationFactory(user=own_member, company=company)
    foreign_member = make_user("member")
    AffiliationFactory(user=foreign_member, company=other)
    expectations = [
        (make_user("office"), True), (make_user("auditor"), True), (own_member, True),
        (foreign_member, False), (make_user("carrier"), False), (make_user("reviewer"), False),
        (make_user("applicant"), False),
    ]  # fmt: skip
    for user, sees in expectations:
        client.force_login(user)
        page = client.get(company.get_absolute_url()).content.decode()
        assert ("Erika Geheim" in page) is sees, user.groups.first()
        assert ("erika@eigene.example" in page) is sees
    client.logout()
    assert "Erika" not in client.get(company.get_absolute_url()).content.decode()
    # personal data never leaves through the API or exports
    client.force_login(make_user("carrier"))
    assert "Erika" not in client.get("/companies/api/companies/").content.decode()
    assert "Erika" not in client.get("/companies/export.csv").content.decode("utf-8-sig")


def test_auditor_reads_but_does_not_change(auditor_client):
    company = CompanyFactory()
    assert auditor_client.get(company.get_absolute_url()).status_code == 200
    assert auditor_client.get(f"/companies/{company.public_id}/edit/").status_code == 403
    assert (
        auditor_client.post(f"/companies/{company.public_id}/edit/", {"name": "X"}).status_code
        == 403
    )
    assert auditor_client.get("/companies/areas/new/").status_code == 403
    assert auditor_client.get("/companies/duplicates/").status_code == 403
    assert auditor_client.get("/companies/export.csv").status_code == 200


def test_member_cannot_export_or_edit(client, make_user):
    company = CompanyFactory()
    member = make_user("member")
    AffiliationFactory(user=member, company=company)
    client.force_login(member)
    assert client.get("/companies/").status_code == 200
    assert client.get("/companies/export.csv").status_code == 403
    assert client.get(f"/companies/{company.public_id}/edit/").status_code == 403
    assert client.get(f"/companies/{company.public_id}/contacts/new/").status_code == 403


def test_user_without_role_sees_no_register(client, make_user):
    client.force_login(make_user())
    assert client.get("/companies/").status_code == 403


def test_office_defines_an_area_with_districts_and_a_drawn_polygon(
    office_client, squares, django_capture_on_commit_callbacks
):
    from verbund.companies.models import Area, District

    company = CompanyFactory(lon=12.315, lat=51.375)  # square 3, outside the test area
    assert "draw-map" in office_client.get("/companies/areas/new/").content.decode()
    drawn = '{"type": "Polygon", "coordinates": [[[12.30, 51.37], [12.32, 51.37], [12.32, 51.39], [12.30, 51.37]]]}'
    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.post(
            "/companies/areas/new/",
            {"name": "Westen", "is_programme_area": "on", "drawn_geometry": drawn,
             "districts": [District.objects.get(number="04").pk]},
        )  # fmt: skip
    assert response.status_code == 302
    area = Area.objects.get(name="Westen")
    assert [d.number for d in area.districts.all()] == ["04"] and area.drawn_geometry
    company.refresh_from_db()
    assert company.placement == "inside"
    bad = office_client.post(
        "/companies/areas/new/", {"name": "X", "drawn_geometry": "POINT (1 2)"}
    )
    assert bad.status_code == 200 and not Area.objects.filter(name="X").exists()


def test_district_import_page(office_client, django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile

    from tests.companies.conftest import square_collection
    from verbund.companies.models import District

    upload = ContentFile(square_collection().encode(), name="squares.geojson")
    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.post(
            "/companies/areas/districts/import/",
            {
                "file": upload,
                "layer": "Quadrate",
                "number_property": "nr",
                "name_property": "label",
            },
        )
    assert response.status_code == 302
    assert District.objects.filter(layer="Quadrate").count() == 4
    page = office_client.get("/companies/areas/").content.decode()
    assert "Quadrate: 4" in page
