import pytest

from tests.factories.companies import AffiliationFactory, CompanyFactory, ContactFactory, wz
from verbund.companies.domain.duplicates import duplicate_suggestions, merge_companies
from verbund.companies.models import Company, CompanyMerge

pytestmark = pytest.mark.integration


def test_similar_names_and_addresses_are_suggested(db):
    a = CompanyFactory(name="Müller Kunststofftechnik GmbH", street="Karl-Heine-Straße 12")
    b = CompanyFactory(name="Mueller Kunststofftechnik", street="Karl-Heine-Str. 12")
    CompanyFactory(name="Schulze Software GmbH", street="Karl-Heine-Straße 14")
    CompanyFactory(name="Müller Kunststofftechnik GmbH", street="Karl-Heine-Straße 12",
                   postcode="01067")  # other postcode: a different block  # fmt: skip
    pairs = {(s.first_id, s.second_id) for s in duplicate_suggestions()}
    assert pairs == {(a.pk, b.pk)}


def test_merge_keeps_references_history_and_identity(db, make_user):
    keep = CompanyFactory(name="Müller Kunststofftechnik GmbH", website="", employees=None)
    remove = CompanyFactory(
        name="Mueller Kunststofftechnik", website="https://mueller.example", employees=40,
        tags=["Kunststoff"],
    )  # fmt: skip
    remove.secondary_wz.set([wz("22.29.0")])
    contact = ContactFactory(company=remove)
    member = make_user("member")
    AffiliationFactory(user=member, company=remove)
    AffiliationFactory(user=member, company=keep)  # already linked to both: no duplicate link
    removed_id = remove.public_id
    merge = merge_companies(keep=keep, remove=remove, user=make_user("office"))

    keep.refresh_from_db()
    assert not Company.objects.filter(public_id=removed_id).exists()
    assert keep.website == "https://mueller.example" and keep.employees == 40
    assert list(keep.contacts.all()) == [contact]
    assert keep.affiliations.get().user == member
    assert [t.name for t in keep.tags.all()] == ["Kunststoff"]
    assert [w.code for w in keep.secondary_wz.all()] == ["22.29.0"]
    assert CompanyMerge.objects.get(removed_public_id=removed_id) == merge
    assert merge.snapshot["name"] == "Mueller Kunststofftechnik"
    # both histories remain: the removed company's ends with its deletion
    assert Company.history.filter(public_id=removed_id).latest("history_date").history_type == "-"
    assert keep.history.count() >= 2


def test_merge_moves_references_of_other_apps(db, make_user):
    """Any model pointing at Company (here: the competitions app's founding members, if present)."""
    from django.apps import apps

    relations = [
        r for r in Company._meta.get_fields(include_hidden=True)
        if r.auto_created and not r.concrete and r.related_model._meta.app_label != "companies"
        and not hasattr(r.related_model, "instance_type")
    ]  # fmt: skip
    if not relations:
        pytest.skip("no other app refers to companies yet")
    keep, remove = CompanyFactory(), CompanyFactory()
    moved = merge_companies(keep=keep, remove=remove).moved
    assert isinstance(moved, dict)
    assert apps.get_model("companies", "Company").objects.filter(pk=remove.pk).count() == 0


def test_merge_pages_for_office_only(office_client, make_user):
    from django.test import Client

    a = CompanyFactory(name="Doppel GmbH", street="Weg 1")
    b = CompanyFactory(name="Doppel", street="Weg 1")
    page = office_client.get("/companies/duplicates/").content.decode()
    assert f"/companies/merge/{a.public_id}/{b.public_id}/" in page
    url = f"/companies/merge/{a.public_id}/{b.public_id}/"
    carrier = Client()
    carrier.force_login(make_user("carrier"))
    assert carrier.post(url).status_code == 403
    response = office_client.post(url)
    assert response.status_code == 302
    assert list(Company.objects.all()) == [a]
