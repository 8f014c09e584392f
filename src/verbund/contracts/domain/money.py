"""Money of the contracts: Decimal end to end, and one stated rule for splitting an amount.

`split_by_shares` divides an amount over the financing plan's funding sources to the cent:

1. each part is the exact share (amount × percent / 100) rounded DOWN to the cent;
2. the cents still missing to the full amount are given one by one to the parts with the largest
   remainders (what was cut off in step 1); equal remainders go in the order of the list (the
   financing plan's order).

So the parts always add up to the amount exactly, and each part is within one cent of its exact share.
A recovery (money paid back) is split by applying the function to the positive recovered amount and
negating the parts, so a recovery of a whole payment gives back exactly the parts that were paid.
"""

from collections.abc import Hashable, Sequence
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from verbund.core.errors import DomainError

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def as_money(value, *, field: str = "amount") -> Decimal:
    """`value` as a Decimal of whole cents; refuses floats, NaN, infinities and sub-cent amounts."""
    if isinstance(value, float):
        raise DomainError(_("money is never a float; give a decimal amount"), field=field)
    try:
        amount = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        raise DomainError(_("this is not an amount of money"), field=field) from None
    if not amount.is_finite():
        raise DomainError(_("this is not an amount of money"), field=field)
    if amount != amount.quantize(CENT, rounding=ROUND_DOWN):
        raise DomainError(_("an amount has at most two decimal places (cents)"), field=field)
    return amount.quantize(CENT)


def split_by_shares[K: Hashable](
    amount: Decimal, shares: Sequence[tuple[K, Decimal | int]]
) -> dict[K, Decimal]:
    """Split `amount` (EUR, >= 0, whole cents) over `shares` (ordered `(key, percent)` pairs adding
    up to exactly 100) into an ordered dict key -> part; see the module's rule.

    >>> split_by_shares(Decimal("10000.01"), [("EFRE", 75), ("Stadt", 25)])
    {'EFRE': Decimal('7500.01'), 'Stadt': Decimal('2500.00')}
    """
    amount = as_money(amount)
    if amount < 0:
        raise DomainError(
            _("a negative amount cannot be split; split the positive amount and negate it"),
            field="amount",
        )
    if not shares:
        raise DomainError(_("the financing plan has no shares"), field="shares")
    keys = [key for key, _p in shares]
    if len(set(keys)) != len(keys):
        raise DomainError(_("a funding source appears twice in the shares"), field="shares")
    percents = []
    for _key, percent in shares:
        if isinstance(percent, float):
            raise DomainError(
                _("shares are never floats; give decimal percentages"), field="shares"
            )
        try:
            p = Decimal(percent)
        except (InvalidOperation, ValueError, TypeError):
            raise DomainError(_("a share is not a number"), field="shares") from None
        if not p.is_finite() or p < 0:
            raise DomainError(_("a share must be between 0 and 100 %"), field="shares")
        percents.append(p)
    if sum(percents) != HUNDRED:
        raise DomainError(
            _("the shares add up to %(total)s %%, not 100 %%") % {"total": sum(percents)},
            field="shares",
        )
    exact = [amount * p / HUNDRED for p in percents]
    parts = [e.quantize(CENT, rounding=ROUND_DOWN) for e in exact]
    missing = int((amount - sum(parts)) / CENT)
    # largest remainder first; on equal remainders the earlier share in the list first
    order = sorted(range(len(parts)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:missing]:
        parts[i] += CENT
    return dict(zip(keys, parts, strict=True))


def split_recovery[K: Hashable](
    amount: Decimal, shares: Sequence[tuple[K, Decimal | int]]
) -> dict[K, Decimal]:
    """The parts of a recovery of `amount` (positive): the split of the amount, negated."""
    return {key: -part for key, part in split_by_shares(amount, shares).items()}


def eur(amount: Decimal) -> str:
    """An amount for a message, in the active language's format (30.000,01 / 30,000.01)."""
    from django.utils.formats import number_format

    return number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)
