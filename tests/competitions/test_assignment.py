from collections import Counter

import pytest

from verbund.competitions.domain.assignment import plan_assignments
from verbund.competitions.domain.eligibility import (
    EligibilityRules,
    Finding,
    IdeaFacts,
    check,
)

pytestmark = pytest.mark.unit

IDEAS = [f"i{n}" for n in range(6)]
REVIEWERS = ["ra", "rb", "rc", "rd"]


def test_each_idea_gets_k_distinct_reviewers_and_load_is_balanced():
    plan = plan_assignments(IDEAS, REVIEWERS, k=2)
    per_idea = Counter(i for i, _ in plan.new)
    assert all(per_idea[i] == 2 for i in IDEAS)
    assert len(set(plan.new)) == 12
    assert sorted(Counter(r for _, r in plan.new).values()) == [3, 3, 3, 3]
    assert plan.short == {}


def test_conflicts_are_never_assigned_and_load_stays_within_one():
    conflicts = {("i0", "ra"), ("i0", "rb"), ("i1", "ra"), ("i3", "rc")}
    plan = plan_assignments(IDEAS, REVIEWERS, k=2, conflicts=conflicts)
    assert not conflicts & set(plan.new)
    assert {r for i, r in plan.new if i == "i0"} == {"rc", "rd"}
    loads = Counter(r for _, r in plan.new).values()
    assert max(loads) - min(loads) <= 1


def test_deterministic():
    kwargs = {"k": 3, "conflicts": {("i2", "rb")}}
    assert (
        plan_assignments(IDEAS, REVIEWERS, **kwargs).new
        == plan_assignments(IDEAS, REVIEWERS, **kwargs).new
    )


def test_existing_assignments_count_towards_k_and_load():
    plan = plan_assignments(["i0", "i1"], ["ra", "rb"], k=1, existing=[("i0", "ra")])
    assert plan.new == [("i1", "rb")]


def test_shortfall_reported_when_too_many_conflicts():
    plan = plan_assignments(["i0"], ["ra", "rb", "rc"], k=3, conflicts={("i0", "rb")})
    assert sorted(r for _, r in plan.new) == ["ra", "rc"]
    assert plan.short == {"i0": 1}


def test_k_must_be_positive():
    with pytest.raises(ValueError):
        plan_assignments(IDEAS, REVIEWERS, k=0)


RULES = EligibilityRules(min_members=3, min_share_in_area=50, carrier_required=True)


def test_eligible_idea_has_no_findings():
    assert check(RULES, IdeaFacts(members=4, members_in_area=2, has_carrier=True)) == []


def test_each_broken_rule_is_reported_with_figures():
    issues = check(RULES, IdeaFacts(members=2, members_in_area=0, has_carrier=False))
    assert [(i.finding, i.required, i.actual) for i in issues] == [
        (Finding.TOO_FEW_MEMBERS, 3, 2),
        (Finding.TOO_FEW_IN_AREA, 50, 0.0),
        (Finding.NO_CARRIER, True, False),
    ]


def test_no_members_means_no_share():
    issues = check(EligibilityRules(min_share_in_area=10), IdeaFacts(0, 0, True))
    assert issues[0].finding is Finding.TOO_FEW_IN_AREA and issues[0].actual is None
