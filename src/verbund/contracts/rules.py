"""Who may do what with contracts.

The office does everything (with four eyes on payments: who prepared a payment cannot confirm it);
the network's carrier (its acting users of kind carrier) sees its own contracts and submits evidence;
the auditor reads everything and changes nothing; member companies, applicants, reviewers and other
carriers see none (404).
"""

import rules

from verbund.contracts.domain.queries import is_carrier_of
from verbund.contracts.enums import PaymentState
from verbund.core.rules import can_read_everything, is_carrier, is_office


def _contract(obj):
    if obj is None:
        return None
    if hasattr(obj, "milestone"):  # a payment or an evidence file
        obj = obj.milestone
    return getattr(obj, "contract", obj)


@rules.predicate
def is_contract_carrier(user, obj) -> bool:
    contract = _contract(obj)
    return contract is not None and is_carrier_of(user, contract)


@rules.predicate
def is_not_preparer(user, payment) -> bool:
    return payment is not None and payment.prepared_by_id != user.pk


@rules.predicate
def is_prepared(user, payment) -> bool:
    return payment is not None and payment.state == PaymentState.PREPARED


can_view = can_read_everything | is_contract_carrier

rules.add_perm("contracts.view_list", can_read_everything | is_carrier)
rules.add_perm("contracts.view_overview", can_read_everything)
rules.add_perm("contracts.view_contract", can_view)
rules.add_perm("contracts.award_contract", is_office)
rules.add_perm("contracts.change_contract", is_office)
rules.add_perm("contracts.submit_evidence", is_contract_carrier)
rules.add_perm("contracts.review_evidence", is_office)
rules.add_perm("contracts.prepare_payment", is_office)
rules.add_perm("contracts.confirm_payment", is_office & is_prepared & is_not_preparer)
rules.add_perm("contracts.export_payments", can_read_everything)
