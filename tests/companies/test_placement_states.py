"""Issue 10: placement has three states; a company without a position is "unknown", never
"outside" — in the register's counts, by its postcode's zone, and in the analysis input."""

import pytest

from tests.factories.companies import CompanyFactory, wz
from verbund.clusters.domain import register
from verbund.companies.domain.placement import place_companies
from verbund.companies.domain.postcodes import (
    PostcodeImportError,
    import_postcode_districts,
)
from verbund.companies.domain.queries import placement_summary
from verbund.companies.models import Company, District, PostcodeDistrict

pytestmark = pytest.mark.integration

TABLE = "PLZ;Ortsteil\n04229;01\n04177;01\n04177;03\n04109;Square 3\n"


def _states() -> dict[str, tuple[str, str]]:
    return {c.name: (c.placement, c.placement_precision) for c in Company.objects.all()}


def test_a_company_without_position_is_unknown_never_outside(squares):
    CompanyFactory(name="Innen", lon=12.32, lat=51.32)
    CompanyFactory(name="Aussen", lon=12.37, lat=51.37)
    CompanyFactory(name="Ohne Lage", lon=None, lat=None, postcode="99999")
    place_companies()
    assert _states()["Ohne Lage"] == ("unknown", "unknown")
    counts = placement_summary()
    assert (counts["inside"], counts["outside"], counts["unknown"]) == (1, 1, 1)


def test_companies_without_a_point_are_placed_by_their_postcodes_zone(
    squares, django_capture_on_commit_callbacks
):
    CompanyFactory(name="Plagwitz", lon=None, lat=None, postcode="04229")  # square 1: inside
    CompanyFactory(name="Grenze", lon=None, lat=None, postcode="04177")  # squares 1 and 3
    CompanyFactory(name="Norden", lon=None, lat=None, postcode="04109")  # square 3: outside
    CompanyFactory(name="Punkt", lon=12.37, lat=51.37, postcode="04229")  # its point wins
    CompanyFactory(name="Fremd", lon=None, lat=None, postcode="01067")  # not in the table
    with django_capture_on_commit_callbacks(execute=True):
        result = import_postcode_districts(area=squares, data=TABLE.encode(), file_name="plz.csv")
    assert (result.rows, result.postcodes) == (4, 3)
    states = _states()
    assert states["Plagwitz"] == ("inside", "zone")
    assert states["Grenze"] == ("unknown", "zone")  # across the border: either side
    assert states["Norden"] == ("outside", "zone")
    assert states["Punkt"] == ("outside", "point")
    assert states["Fremd"] == ("unknown", "unknown")
    plagwitz = Company.objects.get(name="Plagwitz")
    assert plagwitz.district.number == "01"
    assert Company.objects.get(name="Grenze").district is None
    counts = placement_summary()
    assert (counts["inside"], counts["outside"], counts["unknown"], counts["by_zone"]) == (
        1, 2, 2, 3,
    )  # fmt: skip


def test_a_bad_postcode_file_is_refused_whole_naming_row_field_and_reason(squares):
    import_postcode_districts(area=squares, data=TABLE.encode(), file_name="plz.csv")
    bad = "PLZ;Ortsteil\n04229;01\n4229;02\n04109;Nirgendwo\n04103;\n"
    with pytest.raises(PostcodeImportError) as caught:
        import_postcode_districts(area=squares, data=bad.encode(), file_name="plz.csv")
    found = [(p.row, p.field) for p in caught.value.problems]
    assert found == [(3, "postcode"), (4, "district"), (5, "district")]
    assert "Nirgendwo" in caught.value.problems[1].reason
    assert PostcodeDistrict.objects.filter(area=squares).count() == 4  # the old table stays
    with pytest.raises(PostcodeImportError) as missing:
        import_postcode_districts(area=squares, data=b"Ort;Name\nx;y\n", file_name="plz.csv")
    assert missing.value.field == "file" and "postcode" in missing.value.reason


def test_the_office_imports_the_postcode_table_on_the_area_page(office_client, squares):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = f"/companies/areas/{squares.pk}/postcodes/"
    assert url in office_client.get(f"/companies/areas/{squares.pk}/").content.decode()
    page = office_client.post(
        url, {"file": SimpleUploadedFile("plz.csv", b"PLZ;Ortsteil\n4229;01\n")}
    ).content.decode()
    assert 'id="postcode-problems"' in page and "4229" in page
    assert not PostcodeDistrict.objects.exists()
    response = office_client.post(url, {"file": SimpleUploadedFile("plz.csv", TABLE.encode())})
    assert response.status_code == 302
    assert PostcodeDistrict.objects.filter(area=squares).count() == 4
    page = office_client.get(url).content.decode()
    assert "04177" in page and "Square 3" in page


def test_the_analysis_input_keeps_unknown_as_unknown_and_zones_as_zones(
    squares, django_capture_on_commit_callbacks
):
    metal = wz("25.62.0")
    CompanyFactory(name="Innen", lon=12.32, lat=51.32, main_wz=metal)
    CompanyFactory(name="Zone", lon=None, lat=None, postcode="04229", main_wz=metal)
    CompanyFactory(name="Grenze", lon=None, lat=None, postcode="04177", main_wz=metal)
    CompanyFactory(name="Ohne Lage", lon=None, lat=None, postcode="01067", main_wz=metal)
    CompanyFactory(name="Ohne WZ", lon=12.33, lat=51.33, main_wz=None)
    with django_capture_on_commit_callbacks(execute=True):
        import_postcode_districts(area=squares, data=TABLE.encode(), file_name="plz.csv")
    # a district given for a zone-placed company that its postcode's table does not resolve
    Company.objects.filter(name="Grenze").update(district=District.objects.get(number="03"))
    place_companies()

    frame = register.companies_frame().set_index("name")
    assert list(frame.index) == ["Innen", "Zone"]  # "Grenze" has no single district
    assert frame.loc["Innen", "precision"] == "point" and bool(frame.loc["Innen", "in_area"])
    assert frame.loc["Zone", "precision"] == "zone" and bool(frame.loc["Zone", "in_area"])
    assert frame.loc["Zone", "district"] == "Square 1"
    assert 12.30 <= frame.loc["Zone", "lon"] <= 12.35  # stands inside its district
    assert str(frame["in_area"].dtype) == "boolean"

    excluded = register.exclusions()
    assert excluded == {"no_wz": 1, "no_position": 2, "by_zone": 1, "left_out": 3}


def test_unknown_placement_is_na_in_the_analysis_input(db):
    CompanyFactory(name="Irgendwo", lon=12.32, lat=51.32)  # no programme area: unknown
    place_companies()
    frame = register.companies_frame()
    assert frame["in_area"].isna().all() and list(frame["precision"]) == ["point"]


def test_unknown_is_shown_in_the_list_filter_detail_export_and_map(office_client, squares):
    from verbund.companies.domain.queries import map_geojson

    inside = CompanyFactory(name="Innenfirma", lon=12.32, lat=51.32)
    CompanyFactory(name="Ohnelage", lon=None, lat=None, postcode="99999")
    place_companies()
    page = office_client.get("/companies/", {"placement": "unknown"}).content.decode()
    assert "Ohnelage" in page and "Innenfirma" not in page
    assert '<span class="badge warn">unbekannt</span>' in page
    unknown = Company.objects.get(name="Ohnelage")
    detail = office_client.get(unknown.get_absolute_url()).content.decode()
    assert "unbekannt" in detail and "außerhalb" not in detail
    export = office_client.get("/companies/export.csv").content.decode("utf-8-sig")
    assert "unbekannt" in export
    areas = office_client.get("/companies/areas/").content.decode()
    assert "1 mit unbekannter Lage" in areas
    Company.objects.filter(pk=inside.pk).update(placement="unknown")
    [feature] = map_geojson(Company.objects.all())["features"]
    assert feature["properties"]["a"] is None  # drawn as unknown, not as outside


def test_the_office_start_page_counts_companies_of_unknown_placement(office_client, make_user):
    from django.test import Client

    CompanyFactory(name="Ohnelage", lon=None, lat=None)
    place_companies()
    body = office_client.get("/").content.decode()
    assert "Unternehmen mit unbekannter Lage" in body and "?placement=unknown" in body
    applicant = Client()
    applicant.force_login(make_user("applicant"))
    assert "?placement=unknown" not in applicant.get("/").content.decode()


def test_a_district_column_places_companies_without_coordinates(squares):
    from tests.companies.test_import import run, to_csv
    from verbund.companies.domain.imports import (
        apply_import,
        check_import,
        create_import_job,
        set_mapping,
    )
    from verbund.companies.enums import ImportStatus

    header = ["Firma", "Registernummer", "Ortsteil"]
    mapping = {"name": "Firma", "register_number": "Registernummer", "district": "Ortsteil"}
    job = run(to_csv([["Zonenfirma GmbH", "HRB 1", "01"]], header), mapping=mapping)
    assert job.status == ImportStatus.DONE, job.errors
    company = Company.objects.get(name="Zonenfirma GmbH")
    assert (company.placement, company.placement_precision) == ("inside", "zone")
    assert company.district.number == "01"

    job = create_import_job(data=to_csv([["Zonenfirma GmbH", "HRB 1", "Square 3"]], header),
                            file_name="firmen.csv")  # fmt: skip
    set_mapping(job=job, mapping=mapping, options={"crs": "EPSG:4326", "source": "firmen.csv"})
    check_import(job=job)
    [change] = job.counts["changes"]
    assert [(f["field"], f["old"], f["new"]) for f in change["fields"]] == [
        ("district_id", "01 Square 1", "03 Square 3")
    ]
    apply_import(job=job)
    company.refresh_from_db()
    assert (company.placement, company.district.number) == ("outside", "03")
    place_companies()  # a later recomputation keeps the stated zone
    company.refresh_from_db()
    assert (company.placement, company.placement_precision) == ("outside", "zone")

    bad = run(to_csv([["Irgendwo GmbH", "HRB 2", "Atlantis"]], header), mapping=mapping)
    assert bad.status == ImportStatus.REFUSED
    assert bad.errors[0]["field"] == "district" and "Atlantis" in bad.errors[0]["reason"]
