"""Leipzig: 63 Ortsteile, the URBAN II area (51, 70, 71), and the 2,181 firms of the 1912 book trade
imported through the ordinary import (Gewerbetyp mapped to WZ codes, coordinates in EPSG:25833)."""

import csv

import pytest

from verbund.companies.domain.districts import import_districts, save_area
from verbund.companies.domain.imports import (
    apply_import,
    check_import,
    create_import_job,
    set_mapping,
)
from verbund.companies.enums import ImportStatus
from verbund.companies.models import Company, District

pytestmark = [pytest.mark.shared_data, pytest.mark.integration]

GEWERBETYP_TO_WZ = {
    "Buchhandel und Verlagswesen": "58.11.0",  # Verlegen von Büchern
    "Druckereien": "18.12.0",  # Drucken a. n. g.
    "Graphische Anstalt": "18.13.0",  # Druck- und Medienvorstufe
    "Buchbinderhandwerk": "18.14.0",  # Binden von Druckerzeugnissen
    "Zuliefer- und Hilfsgewerbe": "18.13.0",
    "Papierhandlung/Papierherstellung": "17.12.0",  # Herstellung von Papier
    "Polygraphischer Maschinenbau": "28.99.0",  # Maschinen für bestimmte Wirtschaftszweige a. n. g.
    "Satzherstellung": "18.13.0",
    "Leihbibliotheken / Lesehallen": "91.01.0",  # Bibliotheken und Archive
    "Ausbildungseinrichtungen": "85.41.0",  # post-secondary education
}
MAPPING = {
    "external_id": "Id", "name": "Firma", "street": "Strasse", "house_number": "HausNr",
    "x": "ETRS_UTM33N_X", "y": "ETRS_UTM33N_Y", "main_wz": "Gewerbetyp",
    "competences": "Gewerbename",
}  # fmt: skip


@pytest.fixture
def ortsteile(db, shared_data):
    result = import_districts(
        data=(shared_data / "leipzig-ortsteile.geojson").read_bytes(),
        layer="Ortsteile", number_property="OT", name_property="Name", source="Stadt Leipzig",
    )  # fmt: skip
    assert result.created == 63 and not result.skipped
    save_area(
        name="URBAN II – Leipziger Westen", is_programme_area=True,
        districts=list(District.objects.filter(layer="Ortsteile", number__in=["51", "70", "71"])),
    )  # fmt: skip
    return result


def test_ortsteile_and_urban_area(ortsteile):
    assert District.objects.filter(layer="Ortsteile").count() == 63
    assert set(District.objects.filter(areas__is_programme_area=True).values_list("name", flat=True)) == {
        "Plagwitz", "Lindenau", "Altlindenau",
    }  # fmt: skip
    plagwitz = District.objects.get(number="51")
    assert 1.0 < plagwitz.area_km2 < 5.0


def test_1912_firms_through_the_ordinary_import(ortsteile, shared_data):
    path = shared_data / "leipzig1912-buchgewerbe.csv"
    job = create_import_job(data=path.read_bytes(), file_name=path.name)
    set_mapping(
        job=job, mapping=MAPPING,
        options={"crs": "EPSG:25833", "wz_values": GEWERBETYP_TO_WZ,
                 "constants": {"city": "Leipzig"}, "source": "leipzig1912 (DNB, CC0)"},
    )  # fmt: skip
    check_import(job=job)
    assert job.status == ImportStatus.CHECKED, job.errors[:5]
    assert job.counts["rows"] == 2181
    # the 12 rows without coordinates are reported, not dropped
    assert len(job.warnings) == 12
    assert {w["field"] for w in job.warnings} == {"x/y"}
    assert Company.objects.count() == 0

    apply_import(job=job)
    assert job.status == ImportStatus.DONE
    assert Company.objects.count() == 2181
    assert Company.objects.filter(lat__isnull=True).count() == 12

    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    expected = {r["Id"]: int(r["OT_NR_2018"]) for r in rows if r["ETRS_UTM33N_X"]}
    assert len(expected) == 2169
    computed = dict(
        Company.objects.filter(lat__isnull=False).values_list("external_id", "district__number")
    )
    agree = sum(1 for k, ot in expected.items() if computed.get(k) and int(computed[k]) == ot)
    assert agree / len(expected) >= 0.98, f"{agree} of {len(expected)}"
    assert Company.objects.filter(main_wz__code="18.12.0").count() == 284
    assert Company.objects.filter(placement="inside").exists()

    again = create_import_job(data=path.read_bytes(), file_name=path.name)
    set_mapping(job=again, mapping=MAPPING, options=job.options)
    apply_import(job=again)
    assert again.counts["unchanged"] == 2181 and Company.objects.count() == 2181
