"""A re-import with only some columns changes only those columns, and the dry run shows the changes
(issue 10, first bullet)."""

import pytest

from tests.companies.test_import import MAPPING, make_rows, run, to_csv
from verbund.companies.domain.imports import check_import, create_import_job, set_mapping
from verbund.companies.enums import ImportStatus
from verbund.companies.models import Company

pytestmark = pytest.mark.integration

PARTIAL_HEADER = ["Firma", "Registernummer", "Beschäftigte"]
PARTIAL_MAPPING = {
    "name": "Firma",
    "register_number": "Registernummer",
    "employees": "Beschäftigte",
}


def _partial(rows) -> bytes:
    return to_csv([[r[0], r[1], r[6]] for r in rows], PARTIAL_HEADER)


def test_a_reimport_with_some_columns_changes_only_those(squares):
    rows = make_rows(3)
    first = run(to_csv(rows), mapping=MAPPING)
    assert first.status == ImportStatus.DONE, first.errors
    before = {c.register_number: c for c in Company.objects.prefetch_related("tags")}
    assert before["HRB 10001"].placement == "inside"

    rows[0][6] = "260"  # only the head count of the first company changes
    job = create_import_job(data=_partial(rows), file_name="firmen.csv")
    set_mapping(job=job, mapping=PARTIAL_MAPPING, options={"crs": "EPSG:4326"})
    check_import(job=job)
    assert job.status == ImportStatus.CHECKED, job.errors
    assert job.counts["changed"] == 1
    [change] = job.counts["changes"]
    assert change["row"] == 2 and change["company"] == "Firma 1 GmbH"
    shown = {(f["field"], f["old"], f["new"]) for f in change["fields"]}
    assert ("employees", "1", "260") in shown
    assert ("size_class", "micro", "large") in shown
    assert {f["field"] for f in change["fields"]} == {"employees", "size_class"}

    from verbund.companies.domain.imports import apply_import

    apply_import(job=job)
    assert (job.counts["created"], job.counts["updated"], job.counts["unchanged"]) == (0, 1, 2)
    for company in Company.objects.prefetch_related("tags"):
        old = before[company.register_number]
        for f in ("street", "postcode", "city", "lat", "lon", "main_wz_id", "district_id",
                  "placement", "placement_precision", "website"):  # fmt: skip
            assert getattr(company, f) == getattr(old, f), (company.register_number, f)
        assert {t.name for t in company.tags.all()} == {t.name for t in old.tags.all()}
    assert Company.objects.get(register_number="HRB 10001").employees == 260
    assert Company.objects.filter(placement="inside").count() == 3


def test_the_preview_page_lists_old_and_new_values(office_client, squares):
    rows = make_rows(2)
    run(to_csv(rows), mapping=MAPPING)
    rows[1][6] = "55"
    job = create_import_job(data=_partial(rows), file_name="firmen.csv")
    set_mapping(job=job, mapping=PARTIAL_MAPPING, options={"crs": "EPSG:4326"})
    check_import(job=job)
    page = office_client.get(job.get_absolute_url()).content.decode()
    assert "Firma 2 GmbH" in page
    assert "<td>2</td>" in page and "<td>55</td>" in page
