"""The split of an amount over the financing plan: to the cent, always adding up (issue 13, item 1)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verbund.contracts.domain.money import CENT, split_by_shares, split_recovery
from verbund.core.errors import DomainError


def test_issue_example():
    parts = split_by_shares(Decimal("10000.01"), [("EFRE", 75), ("Stadt", 25)])
    assert parts == {"EFRE": Decimal("7500.01"), "Stadt": Decimal("2500.00")}
    assert list(parts) == ["EFRE", "Stadt"]


def test_remaining_cents_go_to_the_largest_remainders():
    # 0.10 over 3 × 33.33 % + 0.01 %: exact 0.033333, three parts get 0.03, one cent left;
    # the remainders are equal for the first three, so the first one in the list gets it
    parts = split_by_shares(
        Decimal("0.10"),
        [("a", Decimal("33.33")), ("b", Decimal("33.33")), ("c", Decimal("33.33")),
         ("d", Decimal("0.01"))],
    )  # fmt: skip
    assert parts == {"a": Decimal("0.04"), "b": Decimal("0.03"), "c": Decimal("0.03"),
                     "d": Decimal("0.00")}  # fmt: skip


def test_larger_remainder_wins_over_list_order():
    # 1.00 over 10 / 90 is exact; 0.05 over 30 / 70: exact 0.015 / 0.035 -> 0.01 / 0.03, one cent
    # left, equal remainders (0.005) -> the first
    assert split_by_shares(Decimal("0.05"), [("x", 30), ("y", 70)]) == {
        "x": Decimal("0.02"), "y": Decimal("0.03"),
    }  # fmt: skip
    # 0.07 over 20 / 80: exact 0.014 / 0.056 -> 0.01 / 0.05, remainders .004 / .006 -> y
    assert split_by_shares(Decimal("0.07"), [("x", 20), ("y", 80)]) == {
        "x": Decimal("0.01"), "y": Decimal("0.06"),
    }  # fmt: skip


def test_recovery_is_the_negated_split():
    assert split_recovery(Decimal("10000.01"), [("EFRE", 75), ("Stadt", 25)]) == {
        "EFRE": Decimal("-7500.01"), "Stadt": Decimal("-2500.00"),
    }  # fmt: skip


@pytest.mark.parametrize(
    ("amount", "shares", "field"),
    [
        (Decimal("100"), [("EFRE", 75), ("Stadt", 20)], "shares"),
        (Decimal("100"), [("EFRE", 75), ("Stadt", 26)], "shares"),
        (Decimal("-1.00"), [("EFRE", 75), ("Stadt", 25)], "amount"),
        (Decimal("1.001"), [("EFRE", 75), ("Stadt", 25)], "amount"),
        (Decimal("NaN"), [("EFRE", 75), ("Stadt", 25)], "amount"),
        (1.5, [("EFRE", 75), ("Stadt", 25)], "amount"),
        (Decimal("1"), [], "shares"),
        (Decimal("1"), [("EFRE", 75), ("EFRE", 25)], "shares"),
        (Decimal("1"), [("EFRE", 125), ("Stadt", -25)], "shares"),
    ],
)
def test_refusals_name_the_field(amount, shares, field):
    with pytest.raises(DomainError) as info:
        split_by_shares(amount, shares)
    assert info.value.field == field


amounts = st.integers(min_value=0, max_value=10**12).map(lambda c: Decimal(c) * CENT)


@st.composite
def share_lists(draw):
    """1–6 shares in hundredths of a percent adding up to exactly 100 %."""
    n = draw(st.integers(min_value=1, max_value=6))
    cuts = sorted(draw(st.lists(st.integers(0, 10000), min_size=n - 1, max_size=n - 1)))
    bounds = [0, *cuts, 10000]
    return [(f"s{i}", Decimal(bounds[i + 1] - bounds[i]) / 100) for i in range(n)]


@settings(max_examples=300, deadline=None)
@given(amount=amounts, shares=share_lists())
def test_parts_add_up_and_stay_within_a_cent(amount, shares):
    parts = split_by_shares(amount, shares)
    assert list(parts) == [k for k, _p in shares]
    assert sum(parts.values()) == amount
    for key, percent in shares:
        exact = amount * percent / 100
        assert parts[key] >= 0
        assert abs(parts[key] - exact) < CENT
        assert parts[key] == parts[key].quantize(CENT)
