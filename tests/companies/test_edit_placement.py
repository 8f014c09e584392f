"""Issue 8: editing coordinates through the edit form re-places the company (district, programme area)."""

import pytest

from tests.factories.companies import CompanyFactory
from verbund.companies.domain.placement import place_companies
from verbund.companies.models import District

pytestmark = pytest.mark.integration


def test_moving_a_company_in_the_edit_form_places_it_again(office_client, squares):
    company = CompanyFactory(name="Umzug GmbH", lon=12.315, lat=51.375)  # square 3, outside
    place_companies(company_ids=[company.pk])
    company.refresh_from_db()
    assert company.district.number == "03" and company.placement == "outside"

    response = office_client.post(
        f"/companies/{company.public_id}/edit/",
        {"name": "Umzug GmbH", "lat": "51,325", "lon": "12,315", "postcode": "04229"},
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.district == District.objects.get(number="01")
    assert company.placement == "inside" and company.placement_precision == "point"


def test_save_company_compares_against_the_stored_row(squares):
    """A caller that changed the instance in place (as a ModelForm does) still gets a placement."""
    from verbund.companies.domain.companies import save_company

    company = CompanyFactory(lon=12.315, lat=51.375)
    place_companies(company_ids=[company.pk])
    company.lat = 51.325  # in-place change before the domain call
    saved = save_company(company=company, lat=51.325, lon=12.315)
    assert saved.district.number == "01" and saved.placement == "inside"
