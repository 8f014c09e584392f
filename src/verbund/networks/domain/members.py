"""Members of a network: added by the carrier or the office, join requests decided, fees recorded.

Every change is a history row (Membership and JoinRequest keep HistoricalRecords); leaving sets the
`left` date instead of deleting, so members over time stay countable.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.audit import save_as
from verbund.networks.domain.errors import NetworkError
from verbund.networks.enums import JoinState, MemberRole
from verbund.networks.models import JoinRequest, Membership, MembershipFee, Network


def _current(network: Network, company) -> Membership | None:
    return Membership.objects.filter(network=network, company=company, left__isnull=True).first()


@transaction.atomic
def add_member(
    *,
    network: Network,
    company,
    user,
    role: str = MemberRole.MEMBER,
    joined: dt.date | None = None,
    agreement_on_file: bool = False,
    letter_of_intent_on: dt.date | None = None,
) -> Membership:
    network = Network.objects.select_for_update().get(pk=network.pk)
    if company is None:
        raise NetworkError(_("Choose a company from the register."), field="company")
    if role not in MemberRole.values:
        raise NetworkError(_("Unknown role."), field="role")
    if _current(network, company) is not None:
        raise NetworkError(
            _("%(company)s is already a member of this network.") % {"company": company},
            field="company",
        )
    membership = Membership(
        network=network, company=company, role=role, joined=joined or timezone.localdate(),
        agreement_on_file=agreement_on_file, letter_of_intent_on=letter_of_intent_on,
    )  # fmt: skip
    save_as(membership, user)
    return membership


KEEP = object()
"""Default of `update_membership`'s arguments: leave the stored value as it is."""


@transaction.atomic
def update_membership(
    *, membership: Membership, user, role=KEEP, agreement_on_file=KEEP, letter_of_intent_on=KEEP
) -> Membership:
    """Change role, agreement or letter of intent; an argument left out keeps its stored value."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    values = {
        "role": role,
        "agreement_on_file": agreement_on_file,
        "letter_of_intent_on": letter_of_intent_on,
    }
    if role is not KEEP and role not in MemberRole.values:
        raise NetworkError(_("Unknown role."), field="role")
    changed = False
    for key, value in values.items():
        if value is not KEEP and getattr(membership, key) != value:
            setattr(membership, key, value)
            changed = True
    if changed:
        save_as(membership, user)
    return membership


@transaction.atomic
def leave(*, membership: Membership, user, on: dt.date | None = None) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.left is not None:
        raise NetworkError(_("This company has already left the network."))
    on = on or timezone.localdate()
    if on < membership.joined:
        raise NetworkError(_("A company cannot leave before it joined."), field="left")
    membership.left = on
    save_as(membership, user)
    return membership


@transaction.atomic
def record_fee(
    *, membership: Membership, year: int, amount, user, paid_on: dt.date | None = None
) -> MembershipFee:
    try:
        amount = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        raise NetworkError(_("Enter an amount."), field="amount") from None
    if amount < 0:
        raise NetworkError(_("A fee cannot be negative."), field="amount")
    if not 1990 <= int(year) <= 2100:
        raise NetworkError(_("Enter a year between 1990 and 2100."), field="year")
    fee = MembershipFee.objects.filter(membership=membership, year=year).first() or MembershipFee(
        membership=membership, year=year
    )
    fee.amount, fee.paid_on = amount, paid_on
    save_as(fee, user)
    return fee


@transaction.atomic
def request_join(*, network: Network, company, user, message: str = "") -> JoinRequest:
    network = Network.objects.select_for_update().get(pk=network.pk)
    if _current(network, company) is not None:
        raise NetworkError(_("This company is already a member."), field="company")
    if JoinRequest.objects.filter(network=network, company=company, state=JoinState.OPEN).exists():
        raise NetworkError(
            _("This company has already asked to join; the carrier has not decided yet."),
            field="company",
        )
    request = JoinRequest(network=network, company=company, message=message, requested_by=user)
    save_as(request, user)
    return request


@transaction.atomic
def decide_join(
    *, join_request: JoinRequest, accept: bool, user, on: dt.date | None = None
) -> JoinRequest:
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.state != JoinState.OPEN:
        raise NetworkError(
            _("This request was decided already (%(state)s).")
            % {"state": join_request.get_state_display()}
        )
    join_request.state = JoinState.ACCEPTED if accept else JoinState.DECLINED
    join_request.decided_by = user
    join_request.decided_at = timezone.now()
    save_as(join_request, user)
    if accept:
        add_member(network=join_request.network, company=join_request.company, user=user, joined=on)
    return join_request
