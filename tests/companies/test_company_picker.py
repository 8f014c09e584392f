"""Issue 10: the company picker's search endpoint and widget (the browser journey is in
tests/e2e/test_company_picker.py)."""

import pytest
from django import forms
from django.test import Client

from tests.factories.companies import CompanyFactory, wz
from verbund.companies.interfaces.widgets import CompanyPicker
from verbund.companies.models import Company
from verbund.core.widgets import SearchSelect

pytestmark = pytest.mark.integration


@pytest.fixture
def same_names(db):
    leipzig = CompanyFactory(name="Tischlerei Sommer GmbH", postcode="04229", city="Leipzig")
    halle = CompanyFactory(
        name="Tischlerei Sommer GmbH", postcode="06108", city="Halle (Saale)",
        main_wz=wz("16.23.0"),
    )  # fmt: skip
    CompanyFactory(name="Bäckerei Winter", postcode="04109", city="Leipzig")
    return leipzig, halle


def test_search_finds_by_part_of_the_name_and_tells_same_names_apart(same_names, make_user):
    leipzig, halle = same_names
    client = Client()
    client.force_login(make_user("applicant"))
    data = client.get("/companies/search/", {"q": "sommer"}).json()
    assert [r["id"] for r in data["results"]] == [halle.pk, leipzig.pk]  # by name, then city
    details = {r["id"]: r["detail"] for r in data["results"]}
    assert details[leipzig.pk].startswith("04229 Leipzig · WZ 25.62.0")
    assert details[halle.pk].startswith("06108 Halle (Saale) · WZ 16.23.0")
    assert data["more"] is False
    both = client.get("/companies/search/", {"q": "sommer halle"}).json()["results"]
    assert [r["id"] for r in both] == [halle.pk]
    by_postcode = client.get("/companies/search/", {"q": "0610"}).json()["results"]
    assert [r["id"] for r in by_postcode] == [halle.pk]
    public = client.get("/companies/search/", {"q": "sommer", "value": "public_id"}).json()
    assert {r["value"] for r in public["results"]} == {str(leipzig.public_id), str(halle.public_id)}
    assert client.get("/companies/search/", {"q": "s"}).json()["results"] == []


def test_search_answers_at_most_twenty_and_says_there_are_more(db, office_client):
    Company.objects.bulk_create([Company(name=f"Massenfirma {i:03d}") for i in range(45)])
    data = office_client.get("/companies/search/", {"q": "massen"}).json()
    assert len(data["results"]) == 20 and data["more"] is True
    assert data["results"][0]["label"] == "Massenfirma 000"


def test_search_needs_a_signed_in_user(db):
    response = Client().get("/companies/search/", {"q": "sommer"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_widget_renders_only_the_chosen_companies(same_names, django_assert_max_num_queries):
    leipzig, halle = same_names

    class PickForm(forms.Form):
        members = forms.ModelMultipleChoiceField(
            queryset=Company.objects.order_by("name"), required=False,
            widget=SearchSelect(url_name="companies:company_search", multiple=True),
        )  # fmt: skip

    form = PickForm(data={"members": [str(halle.pk)]})
    assert form.is_valid() and list(form.cleaned_data["members"]) == [halle]
    with django_assert_max_num_queries(3):
        html = str(form["members"])
    assert f'value="{halle.pk}"' in html and "06108 Halle (Saale)" in html
    assert f'value="{leipzig.pk}"' not in html and "Bäckerei" not in html
    assert 'data-url="/companies/search/"' in html and "core/search_select.js" in html
    assert "<script>" not in html and "style=" not in html
    assert PickForm(data={}).is_valid()


def test_a_public_id_picker_for_a_text_field(same_names):
    leipzig, _halle = same_names
    widget = CompanyPicker(value_field="public_id")
    html = widget.render("company", str(leipzig.public_id), attrs={"id": "id_company"})
    assert "04229 Leipzig" in html and "value=public_id" in html
    assert 'id="id_company_search"' in html
