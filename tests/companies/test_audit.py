"""Issue 8: every companies domain write records the acting user in history, also outside a request."""

import pytest

from tests.factories.companies import CompanyFactory, ContactFactory
from verbund.companies import demo
from verbund.companies.domain.companies import (
    affiliate_user,
    delete_contact,
    save_company,
    save_contact,
)
from verbund.companies.domain.districts import save_area
from verbund.companies.domain.duplicates import merge_companies
from verbund.companies.models import Affiliation, Area, Company, ContactPerson
from verbund.core.audit import acting_user

pytestmark = pytest.mark.integration


def test_domain_writes_name_the_user_without_a_request(make_user):
    office = make_user("office")
    company = save_company(name="Ohne Anfrage GmbH", user=office)
    assert company.history.latest().history_user == office
    save_company(company=company, name="Ohne Anfrage AG", user=office)
    assert [h.history_user for h in company.history.all()] == [office, office]

    contact = save_contact(company=company, name="Erika Beispiel", user=office)
    assert contact.history.latest().history_user == office
    delete_contact(contact=contact, user=office)
    deleted = ContactPerson.history.filter(id=contact.pk, history_type="-").get()
    assert deleted.history_user == office

    area = save_area(name="Gebiet", user=office, recompute=False)
    assert area.history.latest().history_user == office

    member = make_user("member")
    affiliation = affiliate_user(user=member, company=company, by=office)
    assert affiliation.history.latest().history_user == office

    twin = CompanyFactory(name="Ohne Anfrage")
    merge_companies(keep=company, remove=twin, user=office)
    assert Company.history.filter(id=twin.pk, history_type="-").get().history_user == office


def test_a_task_body_records_the_user_who_started_it(make_user):
    """What a task does: no request, the work wrapped in acting_user(the user who started it)."""
    office = make_user("office")
    company = CompanyFactory()
    ContactFactory(company=company)
    with acting_user(office):
        save_company(company=company, employees=300)
        save_area(name="Aufgabe", recompute=False)
    assert company.history.latest().history_user == office
    assert Area.objects.get(name="Aufgabe").history.latest().history_user == office


def test_the_demo_records_its_office_user(make_user):
    users = {"office": make_user("office"), "member": make_user("member")}
    demo.load(users=users)
    companies = Company.objects.filter(source=demo.DEMO_SOURCE)
    authors = set(
        Company.history.filter(id__in=companies.values("id")).values_list("history_user", flat=True)
    )
    assert authors == {users["office"].pk}
    area = Area.objects.get(name=demo.PROGRAMME_AREA)
    assert {h.history_user for h in area.history.all()} == {users["office"]}
    contacts = ContactPerson.history.filter(company_id__in=companies.values("id"))
    assert contacts.exists()
    assert set(contacts.values_list("history_user", flat=True)) == {users["office"].pk}
    affiliation = Affiliation.objects.get(user=users["member"])
    assert affiliation.history.latest().history_user == users["office"]
