"""Award, milestones, evidence review, payments and amendments through the domain functions."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories.contracts import (
    AWARD,
    accepted_milestone,
    awardable_network,
    contract_with_milestone,
    pdf_upload,
)
from verbund.contracts.domain import contracts as c_domain
from verbund.contracts.domain import milestones as m_domain
from verbund.contracts.domain import payments as p_domain
from verbund.contracts.domain import queries
from verbund.contracts.domain.terms import end_of_term
from verbund.contracts.enums import MilestoneState, PaymentState
from verbund.contracts.models import Contract, Milestone, Payment
from verbund.core.audit import acting_user
from verbund.core.errors import DomainError
from verbund.networks.enums import CatalogueState, NetworkPhase

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_term_of_an_award_on_15_11_2002_ends_14_11_2004():
    assert end_of_term(dt.date(2002, 11, 15), 24) == dt.date(2004, 11, 14)
    assert end_of_term(dt.date(2003, 1, 31), 1) == dt.date(2003, 2, 28)
    assert end_of_term(dt.date(2003, 1, 1), 12) == dt.date(2003, 12, 31)


def test_award_moves_the_network_into_realization_and_flags_the_project(office_user):
    network = awardable_network()
    contract = c_domain.award_contract(
        network=network, award_date=AWARD, volume=Decimal("100000.00"), user=office_user
    )
    network.refresh_from_db()
    assert network.phase == NetworkPhase.REALIZATION
    assert network.phase_changes.get(phase=NetworkPhase.REALIZATION).changed_on == AWARD
    assert contract.end_date == dt.date(2004, 11, 14)
    assert contract.number == "LV-2002-01"
    # the project runs 06/2002–06/2004: the term runs past it
    assert queries.needs_project_amendment(contract)
    assert contract.history.first().history_user == office_user
    follow_up = c_domain.award_contract(
        network=network, award_date=dt.date(2004, 11, 15), volume=Decimal("5000"),
        term_months=6, user=office_user, follows=contract,
    )  # fmt: skip
    assert follow_up.end_date == dt.date(2005, 5, 14)
    assert not queries.needs_project_amendment(
        c_domain.award_contract(
            network=network, award_date=dt.date(2002, 12, 1), volume=Decimal("1"),
            term_months=18, user=office_user,
        )
    )  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"catalogue_state": CatalogueState.SUBMITTED}, "network"),
        ({"phase": NetworkPhase.ENDED}, "network"),
    ],
)
def test_award_refused_without_approved_catalogue_or_in_a_late_phase(office_user, changes, field):
    network = awardable_network(**changes)
    with pytest.raises(DomainError) as info:
        c_domain.award_contract(network=network, award_date=AWARD, volume=1000, user=office_user)
    assert info.value.field == field
    assert not Contract.objects.exists()


@pytest.mark.parametrize(
    ("volume", "term"),
    [(Decimal("0"), 24), (Decimal("-5"), 24), (1000.5, 24), (Decimal("1e20"), 24),
     (Decimal("1.001"), 24), (Decimal("100"), 0), (Decimal("100"), 999)],
)  # fmt: skip
def test_award_refuses_bad_money_and_terms(office_user, volume, term):
    with pytest.raises(DomainError):
        c_domain.award_contract(
            network=awardable_network(), award_date=AWARD, volume=volume, term_months=term,
            user=office_user,
        )  # fmt: skip
    assert not Contract.objects.exists()


def test_milestones_stay_within_volume_and_term(office_user):
    contract, _m = contract_with_milestone(office=office_user, volume="50000", lump_sum="30000")
    with pytest.raises(DomainError) as info:
        m_domain.add_milestone(
            contract=contract, title="Zu viel", due_date=dt.date(2003, 7, 1),
            lump_sum=Decimal("20000.01"), user=office_user,
        )  # fmt: skip
    assert info.value.field == "lump_sum"
    for due in (dt.date(2002, 11, 14), dt.date(2004, 11, 15)):
        with pytest.raises(DomainError) as info:
            m_domain.add_milestone(
                contract=contract, title="Außerhalb", due_date=due, lump_sum=Decimal("1"),
                user=office_user,
            )  # fmt: skip
        assert info.value.field == "due_date"
    m_domain.add_milestone(
        contract=contract, title="Passt", due_date=dt.date(2004, 11, 14),
        lump_sum=Decimal("20000.00"), user=office_user,
    )  # fmt: skip
    assert Milestone.objects.filter(contract=contract).count() == 2


def test_review_journey_records_who_when_and_comment(office_user, carrier_user):
    _contract, milestone = contract_with_milestone(
        office=office_user, carrier_user=carrier_user, checklist=["Teilnehmerliste"]
    )
    with pytest.raises(DomainError) as info:
        m_domain.submit_evidence(milestone=milestone, user=carrier_user)
    assert info.value.field == "file"
    with pytest.raises(DomainError) as info:
        m_domain.upload_evidence(
            milestone=milestone, user=carrier_user,
            upload=SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf"),
        )  # fmt: skip
    assert info.value.field == "file"
    m_domain.upload_evidence(milestone=milestone, upload=pdf_upload(), user=carrier_user)
    m_domain.submit_evidence(milestone=milestone, user=carrier_user, note="Bitte prüfen.")
    with pytest.raises(DomainError) as info:
        m_domain.request_changes(milestone=milestone, user=office_user, comment=" ")
    assert info.value.field == "comment"
    with pytest.raises(DomainError) as info:  # the checklist's document is missing
        m_domain.accept_milestone(milestone=milestone, user=office_user)
    assert info.value.field == "checklist"
    m_domain.request_changes(milestone=milestone, user=office_user, comment="Liste fehlt.")
    item = milestone.checklist.get()
    m_domain.upload_evidence(
        milestone=milestone, upload=pdf_upload("liste.pdf"), user=carrier_user, checklist_item=item
    )
    m_domain.resubmit_evidence(milestone=milestone, user=carrier_user)
    m_domain.accept_milestone(milestone=milestone, user=office_user, comment="Vollständig.")
    milestone.refresh_from_db()
    assert milestone.state == MilestoneState.ACCEPTED
    steps = [(t.from_state, t.to_state, t.by, t.comment) for t in queries.transitions(milestone)]
    assert steps == [
        ("draft", "submitted", carrier_user, "Bitte prüfen."),
        ("submitted", "changes_requested", office_user, "Liste fehlt."),
        ("changes_requested", "resubmitted", carrier_user, ""),
        ("resubmitted", "accepted", office_user, "Vollständig."),
    ]
    assert list(milestone.submissions.values_list("number", flat=True)) == [1, 2]
    with pytest.raises(DomainError):  # accepted is final
        m_domain.request_changes(milestone=milestone, user=office_user, comment="Noch etwas")


def test_payment_only_for_accepted_milestones_and_within_sums(office_user, carrier_user):
    _contract, milestone = contract_with_milestone(office=office_user, carrier_user=carrier_user)
    with pytest.raises(DomainError) as info:
        p_domain.prepare_payment(milestone=milestone, amount=Decimal("100"), user=office_user)
    assert info.value.field == "milestone"
    _contract, milestone = accepted_milestone(office=office_user, carrier=carrier_user)
    with pytest.raises(DomainError) as info:
        p_domain.prepare_payment(milestone=milestone, amount=Decimal("30000.01"), user=office_user)
    assert info.value.field == "amount"
    first = p_domain.prepare_payment(
        milestone=milestone, amount=Decimal("10000.01"), user=office_user
    )
    assert [(p.source.name, p.amount) for p in first.parts.all()] == [
        ("EFRE", Decimal("7500.01")), ("Stadt", Decimal("2500.00")),
    ]  # fmt: skip
    p_domain.prepare_payment(milestone=milestone, amount=Decimal("19999.99"), user=office_user)
    with pytest.raises(DomainError):
        p_domain.prepare_payment(milestone=milestone, amount=Decimal("0.01"), user=office_user)
    assert Payment.objects.count() == 2


def test_four_eyes_and_one_confirmation(office_user, carrier_user, make_user):
    second = make_user("office")
    _c, milestone = accepted_milestone(office=office_user, carrier=carrier_user)
    payment = p_domain.prepare_payment(
        milestone=milestone, amount=Decimal("1000"), user=office_user
    )
    with pytest.raises(DomainError) as info:
        p_domain.confirm_payment(payment=payment, user=office_user)
    assert info.value.field == "confirmed_by"
    confirmed = p_domain.confirm_payment(payment=payment, user=second)
    assert (confirmed.state, confirmed.confirmed_by) == (PaymentState.CONFIRMED, second)
    assert confirmed.history.first().history_user == second
    with pytest.raises(DomainError) as info:
        p_domain.confirm_payment(payment=payment, user=make_user("office"))
    assert info.value.field == "payment"


def test_recovery_and_budget_per_source(office_user, carrier_user, make_user):
    second = make_user("office")
    contract, milestone = accepted_milestone(office=office_user, carrier=carrier_user)
    payment = p_domain.prepare_payment(
        milestone=milestone, amount=Decimal("10000.01"), user=office_user
    )
    p_domain.confirm_payment(payment=payment, user=second)
    with pytest.raises(DomainError) as info:
        p_domain.record_recovery(payment=payment, amount=Decimal("1"), reason="", user=office_user)
    assert info.value.field == "reason"
    with pytest.raises(DomainError):
        p_domain.record_recovery(
            payment=payment, amount=Decimal("10000.02"), reason="x", user=office_user
        )
    recovery = p_domain.record_recovery(
        payment=payment, amount=Decimal("1000.01"), reason="Doppelt abgerechnet", user=office_user
    )
    assert recovery.amount == Decimal("-1000.01")
    assert [p.amount for p in recovery.parts.all()] == [Decimal("-750.01"), Decimal("-250.00")]
    budget = queries.budget_of(contract)
    assert [(r.source.name, r.budget, r.committed, r.paid) for r in budget.rows] == [
        ("EFRE", Decimal("75000.00"), Decimal("6750.00"), Decimal("7500.01")),
        ("Stadt", Decimal("25000.00"), Decimal("2250.00"), Decimal("2500.00")),
    ]
    p_domain.confirm_payment(payment=recovery, user=second)
    budget = queries.budget_of(contract)
    assert budget.paid == Decimal("9000.00")
    assert budget.remaining == Decimal("91000.00")
    assert budget.paid_share == Decimal("9.0")


def test_amendment_numbers_and_records_old_and_new(office_user):
    contract, milestone = contract_with_milestone(office=office_user)
    amendment = c_domain.amend_contract(
        contract=contract, user=office_user, date=dt.date(2003, 3, 1), reason="Mehr Maßnahmen",
        volume=Decimal("120000"), term_months=30,
        milestones={milestone.pk: {"due_date": dt.date(2004, 12, 31)}},
    )  # fmt: skip
    assert amendment.number == 1
    assert amendment.changes == {
        "volume": ["100000.00", "120000.00"],
        "term_months": [24, 30],
        "end_date": ["2004-11-14", "2005-05-14"],
        "milestones": [{"id": milestone.pk, "title": "Auftaktveranstaltung", "field": "due_date",
                        "old": "2003-06-30", "new": "2004-12-31"}],
    }  # fmt: skip
    with pytest.raises(DomainError) as info:  # the lump sums would exceed the volume
        c_domain.amend_contract(
            contract=contract, user=office_user, date=dt.date(2003, 4, 1), reason="Kürzung",
            volume=Decimal("29999.99"),
        )  # fmt: skip
    assert info.value.field == "volume"
    with pytest.raises(DomainError) as info:  # a due date would fall outside the shorter term
        c_domain.amend_contract(
            contract=contract, user=office_user, date=dt.date(2003, 4, 1), reason="Kürzer",
            term_months=12,
        )  # fmt: skip
    assert info.value.field == "due_date"
    contract.refresh_from_db()
    assert (contract.volume, contract.term_months) == (Decimal("120000.00"), 30)
    second = c_domain.amend_contract(
        contract=contract,
        user=office_user,
        date=dt.date(2003, 5, 1),
        reason="Titel",
        volume=1000 * 100,
    )
    assert second.number == 2


def test_writes_outside_a_request_record_the_acting_user(office_user):
    with acting_user(office_user):
        contract, milestone = contract_with_milestone(office=None)
    assert contract.history.first().history_user == office_user
    assert milestone.history.first().history_user == office_user


def test_update_milestone_keeps_money_and_dates_for_amendments(office_user, carrier_user):
    _c, milestone = contract_with_milestone(office=office_user, carrier_user=carrier_user)
    m_domain.update_milestone(
        milestone=milestone, user=office_user, title="Auftakt", lump_sum=Decimal("25000")
    )
    m_domain.upload_evidence(milestone=milestone, upload=pdf_upload(), user=carrier_user)
    m_domain.submit_evidence(milestone=milestone, user=carrier_user)
    # unchanged values from a form are fine, a changed lump sum needs an amendment
    m_domain.update_milestone(
        milestone=milestone, user=office_user, title="Auftakt 2003", lump_sum=Decimal("25000.00"),
        due_date=dt.date(2003, 6, 30),
    )  # fmt: skip
    with pytest.raises(DomainError) as info:
        m_domain.update_milestone(milestone=milestone, user=office_user, lump_sum=Decimal("1"))
    assert info.value.field == "lump_sum"
    milestone.refresh_from_db()
    assert (milestone.title, milestone.lump_sum) == ("Auftakt 2003", Decimal("25000.00"))


def test_evidence_checked_by_size(office_user, carrier_user, settings):
    settings.VERBUND_MAX_UPLOAD_BYTES = 10
    _c, milestone = contract_with_milestone(office=office_user, carrier_user=carrier_user)
    with pytest.raises(DomainError) as info:
        m_domain.upload_evidence(milestone=milestone, upload=pdf_upload(), user=carrier_user)
    assert info.value.field == "file"
    assert not milestone.files.exists()
