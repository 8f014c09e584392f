"""Issue 9 item 7: the edit form and the domain refuse what the register's columns cannot hold."""

import pytest

from tests.factories.companies import CompanyFactory
from verbund.companies.domain.companies import save_company
from verbund.core.errors import DomainError

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("name", "x" * 256, "255"),
        ("trading_name", "y" * 256, "255"),
        ("founding_year", "99999", "32767"),
        ("employees", "99999999999999", "2147483647"),
        ("name", "Null\x00Byte GmbH", None),
        ("competences", "a\x00b", None),
    ],
)
def test_edit_form_refuses_values_beyond_the_columns(office_client, field, value, shown):
    company = CompanyFactory(name="Alt GmbH", employees=12)
    history = company.history.count()
    data = {"name": "Neu GmbH", "postcode": "04229", field: value}
    response = office_client.post(f"/companies/{company.public_id}/edit/", data)
    assert response.status_code == 200  # the form again, with the error, not a server error
    page = response.content.decode()
    assert 'aria-invalid="true"' in page or "errorlist" in page
    if shown:
        assert shown in page.replace(".", "")  # the limit, e.g. "32.767" in German
    company.refresh_from_db()
    assert company.name == "Alt GmbH" and company.employees == 12
    assert company.history.count() == history  # nothing saved


@pytest.mark.parametrize(
    "fields",
    [
        {"name": "x" * 256},
        {"name": "ok", "founding_year": 99999},
        {"name": "ok", "employees": -1},
        {"name": "N\x00"},
        {"name": "ok", "lat": float("nan"), "lon": 12.0},
    ],
)
def test_domain_refuses_the_same_values(db, fields):
    from verbund.companies.models import Company

    with pytest.raises(DomainError) as info:
        save_company(**fields)
    assert info.value.field in fields
    assert not Company.objects.exists()
