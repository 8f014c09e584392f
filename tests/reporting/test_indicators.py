"""Entering and annotating values: evidence, a period inside the term, derived values are never
overwritten; history names the acting user; list pages cost the same at 1 and 3 indicators."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.contracts import awardable_network, contract_with_milestone, pdf_upload
from tests.factories.networks import MembershipFactory, NetworkFactory
from tests.factories.reporting import IndicatorFactory, took_part
from verbund.core.errors import DomainError
from verbund.reporting.domain import indicators as writes
from verbund.reporting.enums import Derivation

pytestmark = pytest.mark.django_db
Y2003 = {"period_start": dt.date(2003, 1, 1), "period_end": dt.date(2003, 12, 31)}


def _enter(indicator, user, **kwargs):
    values = {**Y2003, "value": Decimal(3), "upload": pdf_upload(), **kwargs}
    return writes.enter_value(indicator=indicator, user=user, **values)


def test_a_derived_value_cannot_be_entered_only_annotated(office_user):
    indicator = IndicatorFactory(derivation=Derivation.RCO01)
    with pytest.raises(DomainError) as refused:
        _enter(indicator, office_user)
    assert refused.value.field == "value"
    note = writes.annotate(
        indicator=indicator, text="Zwei Firmen fusioniert.", user=office_user, **Y2003
    )
    again = writes.annotate(
        indicator=indicator, text="Zwei Firmen fusioniert.", user=office_user, **Y2003
    )
    assert note.pk == again.pk and indicator.notes.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"upload": None}, "file"),
        ({"upload": SimpleUploadedFile("x.pdf", b"plain text")}, "file"),
        ({"period_start": dt.date(2001, 1, 1)}, "period_start"),
        ({"period_end": dt.date(2005, 1, 1)}, "period_end"),
        ({"period_end": dt.date(2002, 12, 1)}, "period_end"),
        ({"value": Decimal(-1)}, "value"),
        ({"value": "viele"}, "value"),
    ],
)
def test_entered_values_need_evidence_and_a_period_inside_the_term(office_user, change, field):
    indicator = IndicatorFactory()  # project term 06/2002 – 06/2004
    with pytest.raises(DomainError) as refused:
        _enter(indicator, office_user, **change)
    assert refused.value.field == field
    assert indicator.values.count() == 0


def test_a_network_indicator_may_report_up_to_the_contract_end(office_user):
    network = awardable_network()
    contract, _m = contract_with_milestone(office=office_user, network=network)
    indicator = IndicatorFactory(project=network.project, network=network)
    assert contract.end_date > dt.date(2004, 6, 30)
    entry = _enter(indicator, office_user, period_start=dt.date(2004, 7, 1),
                   period_end=contract.end_date)  # fmt: skip
    assert entry.value == 3


def test_one_value_per_period_and_the_kind_of_values_stays(office_user):
    indicator = IndicatorFactory()
    _enter(indicator, office_user)
    with pytest.raises(DomainError) as twice:
        _enter(indicator, office_user)
    assert twice.value.field == "period_start"
    with pytest.raises(DomainError) as kind:
        writes.update_indicator(indicator=indicator, user=office_user, derivation=Derivation.RCO04)
    assert kind.value.field == "derivation"


def test_a_write_outside_a_request_records_the_acting_user(office_user):
    from tests.factories.programmes import ProjectFactory

    indicator = writes.create_indicator(
        project=ProjectFactory(), user=office_user, code="NET", name="Netzwerke", unit="Anzahl",
        target=Decimal(5), derivation=Derivation.NETWORKS_FORMED,
        milestones=[(dt.date(2003, 12, 31), "3")],
    )  # fmt: skip
    assert indicator.history.get().history_user == office_user
    assert indicator.milestones.get().history.get().history_user == office_user
    assert "Networks formed" in indicator.definition_en and "Gebildete" in indicator.definition


def test_the_value_form_keeps_what_was_typed_and_names_the_field(office_client, office_user):
    indicator = IndicatorFactory()
    url = f"/en/reporting/indicators/{indicator.pk}/values/new/"
    response = office_client.post(url, {"period_start": "2001-01-01", "period_end": "2001-12-31",
                                        "value": "7", "file": pdf_upload()})  # fmt: skip
    assert response.status_code == 200
    form = response.context["form"]
    assert "period_start" in form.errors
    assert "inside the term" in str(form.errors["period_start"])
    assert 'value="7"' in response.content.decode()
    ok = office_client.post(url, {"period_start": "2003-01-01", "period_end": "2003-12-31",
                                  "value": "7", "file": pdf_upload()})  # fmt: skip
    assert ok.status_code == 302
    assert indicator.values.get().value == Decimal(7)
    download = office_client.get(f"/reporting/values/{indicator.values.get().pk}/evidence/")
    assert download.status_code == 200


def test_the_indicator_form_creates_a_derived_indicator_with_milestones(office_client):
    network = NetworkFactory()
    response = office_client.post(
        f"/reporting/projects/{network.project.code}/indicators/new/",
        {"code": "RCO04", "name": "Nichtfinanziell", "unit": "Unternehmen", "baseline": "0",
         "target": "20", "derivation": "rco04", "order": "0",
         "milestones": "2003-12-31 10\n2004-06-30 15"},
    )  # fmt: skip
    assert response.status_code == 302
    indicator = network.project.indicators.get()
    assert [(m.date, m.value) for m in indicator.milestones.all()] == [
        (dt.date(2003, 12, 31), Decimal(10)), (dt.date(2004, 6, 30), Decimal(15)),
    ]  # fmt: skip
    bad = office_client.post(
        f"/reporting/projects/{network.project.code}/indicators/new/",
        {"code": "X", "name": "X", "unit": "u", "target": "1", "baseline": "0",
         "derivation": "entered", "order": "0", "milestones": "Ende 2003: 3"},
    )  # fmt: skip
    assert "milestones" in bad.context["form"].errors


def test_records_behind_a_value_list_the_enterprises(office_client):
    network = NetworkFactory()
    member = MembershipFactory(network=network, joined=dt.date(2003, 1, 1))
    took_part(member, dt.date(2003, 3, 1), text="Stammtisch")
    indicator = IndicatorFactory(project=network.project, derivation=Derivation.RCO01)
    page = office_client.get(
        f"/reporting/indicators/{indicator.pk}/records/?period=2003-01-01/2003-12-31"
    )
    text = page.content.decode()
    assert member.company.name in text and "Stammtisch" in text
    assert str(member.company.public_id) in text
    assert (
        office_client.get(f"/reporting/indicators/{indicator.pk}/records/?period=x").status_code
        == 404
    )


def _count(client, url) -> int:
    client.get(url)  # warm the cache of derived values
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/reporting/", "/reporting/progress/"])
def test_list_pages_cost_the_same_at_one_and_three_indicators(office_client, url):
    network = NetworkFactory()
    kinds = [Derivation.RCO01, Derivation.ENTERED, Derivation.EVENTS_HELD]
    IndicatorFactory(project=network.project, derivation=kinds[0])
    one = _count(office_client, url)
    for kind in kinds[1:]:
        IndicatorFactory(project=network.project, derivation=kind)
    assert _count(office_client, url) == one


def test_programme_common_indicator_lists_each_enterprise_once(office_client):
    first = NetworkFactory()
    from tests.factories.programmes import ProjectFactory

    other_project = ProjectFactory(measure=first.project.measure)
    second = NetworkFactory(project=other_project)
    company = MembershipFactory(network=first, joined=dt.date(2003, 1, 1)).company
    took_part(first.memberships.get(), dt.date(2003, 2, 1))
    took_part(MembershipFactory(network=second, company=company, joined=dt.date(2003, 3, 1)),
              dt.date(2003, 4, 1))  # fmt: skip
    programme = first.project.measure.programme
    page = office_client.get(
        f"/en/reporting/programmes/{programme.pk}/rco01/records/?period=2003-01-01/2003-12-31"
    )
    assert page.status_code == 200
    assert page.context["result"].value == 1
    [enterprise] = page.context["result"].enterprises
    assert enterprise.public_id == str(company.public_id)
    assert {r.network for r in enterprise.records} == {str(first), str(second)}
    assert "small (10–49)" in page.content.decode()
