"""Reference totals: odd numbers and bad bytes are refused with a clear message (issue 9 item 10)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from verbund.clusters.domain.references import ReferenceTotalsError, import_reference_totals
from verbund.clusters.models import ReferenceTotals
from verbund.core.errors import DomainError

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _post(client, content: bytes):
    return client.post(
        "/analysis/references/new/",
        {"name": "Seltsam", "file": SimpleUploadedFile("ref.csv", content)},
    )


@pytest.mark.parametrize("total", ["nan", "inf", "-inf", "1e309", "NaN", "-5", "1e13"])
def test_form_refuses_totals_that_are_no_usable_number(office_client, total):
    response = _post(office_client, f"WZ;Summe\n25;100\n62;{total}\n".encode())
    assert response.status_code == 200
    html = response.content.decode()
    assert "62" in html and ("keine endliche Zahl" in html or "zwischen 0 und" in html), html
    assert "Zeile 3" in html
    assert not ReferenceTotals.objects.exists()


@pytest.mark.parametrize("total", [float("nan"), float("inf"), -1.0, 1e300, "viele"])
def test_domain_refuses_them_too(office_user, total):
    with pytest.raises(ReferenceTotalsError) as caught:
        import_reference_totals(name="x", rows={"25": 1.0, "62": total}, user=office_user)
    assert isinstance(caught.value, DomainError)
    assert not ReferenceTotals.objects.exists()


def test_bytes_neither_utf8_nor_cp1252_get_a_message_not_a_server_error(office_client):
    response = _post(office_client, b"WZ;Summe\n25;100\n\x81\x8d;5\n")
    assert response.status_code == 200
    assert "weder UTF-8- noch Windows-1252-Text" in response.content.decode()
    assert not ReferenceTotals.objects.exists()


def test_utf16_file_is_read_by_its_byte_order_mark(office_client):
    response = _post(office_client, "WZ;Summe\n25;1.234,5\n".encode("utf-16"))
    assert response.status_code == 302
    assert ReferenceTotals.objects.get().rows == {"25": 1234.5}


def test_import_records_who_imported_in_history(office_user):
    ref = import_reference_totals(name="D", rows={"25": 1.0}, user=office_user)
    assert ref.history.get().history_user == office_user
