"""Issue 10: the mapping step is a compact table with sample values from the file beside each
field and column, the best guess preselected; a partial re-import still changes only mapped
columns, placement included, with old → new in the preview."""

import re

import pytest
from django.core.files.base import ContentFile

from tests.companies.test_import import MAPPING, make_rows, run, to_csv
from verbund.companies.domain.imports import check_import, create_import_job, set_mapping
from verbund.companies.enums import ImportStatus
from verbund.companies.models import Company, ImportJob

pytestmark = pytest.mark.integration


def test_the_mapping_table_shows_samples_beside_each_field(office_client):
    office_client.post(
        "/companies/imports/", {"file": ContentFile(to_csv(make_rows(5)), name="firmen.csv")}
    )
    job = ImportJob.objects.get()
    assert job.options["samples"]["Firma"] == ["Firma 1 GmbH", "Firma 2 GmbH", "Firma 3 GmbH"]
    page = office_client.get(f"/companies/imports/{job.public_id}/mapping/").content.decode()
    mapping = page[page.index('id="mapping"') : page.index('id="file-columns"')]
    name_row = re.search(r"<tr[^>]*>\s*<th scope=\"row\">.*?</tr>", mapping, re.S).group(0)
    assert 'name="map_name"' in name_row
    assert re.search(r'<option value="Firma"[^>]*selected', name_row)  # the best guess
    assert "<code>Firma 1 GmbH</code>" in name_row  # samples of the chosen column beside it
    assert "Firma (Firma 1 GmbH, Firma 2 GmbH, Firma 3 GmbH)" in mapping  # samples in options
    columns = page[page.index('id="file-columns"') :]
    assert "<td>Firma</td>" in columns and "Firma 3 GmbH" in columns
    assert "– nicht importiert –" in page  # the German label of an unmapped field


def test_a_partial_reimport_changes_only_mapped_columns_and_shows_placement(squares):
    rows = make_rows(2)
    assert run(to_csv(rows), mapping=MAPPING).status == ImportStatus.DONE
    before = {c.register_number: c for c in Company.objects.all()}
    header = ["Firma", "Registernummer", "PLZ"]
    data = to_csv([[rows[0][0], rows[0][1], "04109"], [rows[1][0], rows[1][1], rows[1][3]]], header)
    job = create_import_job(data=data, file_name="plz.csv")
    set_mapping(
        job=job,
        mapping={"name": "Firma", "register_number": "Registernummer", "postcode": "PLZ"},
        options={"crs": "EPSG:4326", "source": "firmen.csv"},
    )
    check_import(job=job)
    assert job.status == ImportStatus.CHECKED, job.errors
    [change] = job.counts["changes"]
    assert {(f["field"], f["new"]) for f in change["fields"]} == {("postcode", "04109")}
    from verbund.companies.domain.imports import apply_import

    apply_import(job=job)
    for company in Company.objects.all():
        old = before[company.register_number]
        for f in ("lat", "lon", "employees", "street", "main_wz_id", "placement"):
            assert getattr(company, f) == getattr(old, f), (company.register_number, f)
        assert company.placement_precision == "point"  # its point still decides
