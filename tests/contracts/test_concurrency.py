"""Two office users confirming the same payment at the same moment: exactly one confirmation
(issue 13, acceptance 4). Real threads with their own connections, on PostgreSQL only (SQLite
serialises writers and would prove nothing)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from tests.factories.contracts import accepted_milestone
from verbund.contracts.domain.payments import confirm_payment, prepare_payment
from verbund.core.errors import DomainError


@pytest.mark.django_db(transaction=True)
def test_two_confirmations_at_once_make_one(make_user, settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): SQLite serialises the two writers")
    settings.MEDIA_ROOT = tmp_path
    preparer, carrier = make_user("office"), make_user("carrier")
    confirmers = [make_user("office"), make_user("office")]
    _contract, milestone = accepted_milestone(office=preparer, carrier=carrier)
    for _round in range(5):  # several rounds: the race is not won by luck of timing once
        payment = prepare_payment(milestone=milestone, amount=Decimal("100.00"), user=preparer)
        barrier = threading.Barrier(2)
        outcomes: list[str] = []

        def confirm(user, payment=payment, barrier=barrier, outcomes=outcomes):
            try:
                barrier.wait(timeout=30)
                confirm_payment(payment=payment, user=user)
                outcomes.append("confirmed")
            except DomainError:
                outcomes.append("refused")
            finally:
                connections.close_all()

        threads = [threading.Thread(target=confirm, args=(u,)) for u in confirmers]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert sorted(outcomes) == ["confirmed", "refused"]
        payment.refresh_from_db()
        assert payment.state == "confirmed"
        assert payment.confirmed_by in confirmers
        assert payment.history.filter(state="confirmed").count() == 1
