"""Issue 10: members of unknown placement are never counted as outside in an idea's eligibility."""

from decimal import Decimal

import pytest
import shapely

from tests.factories.companies import AreaFactory, CompanyFactory, DistrictFactory
from tests.factories.competitions import SubmissionFactory
from verbund.companies.domain.placement import place_companies
from verbund.competitions.domain import queries
from verbund.competitions.domain.eligibility import (
    EligibilityRules,
    Finding,
    IdeaFacts,
    UnknownPlacement,
    check,
)

RULE_70 = EligibilityRules(min_share_in_area=70)


def test_unknown_members_are_not_counted_as_outside():
    facts = IdeaFacts(members=5, members_in_area=3, has_carrier=False, members_unknown=1)
    assert facts.share_in_area == 60.0
    assert facts.share_unknown == 20.0
    assert facts.members_outside == 1


def test_the_rule_is_met_when_the_known_inside_share_reaches_it():
    facts = IdeaFacts(members=5, members_in_area=3, has_carrier=False, members_unknown=2)
    assert check(EligibilityRules(min_share_in_area=60), facts) == []


def test_the_outcome_waits_for_the_unknown_members_when_they_could_decide_it():
    facts = IdeaFacts(members=5, members_in_area=3, has_carrier=False, members_unknown=1)
    [issue] = check(RULE_70, facts)
    assert issue.finding == Finding.PLACEMENT_UNKNOWN
    assert (issue.required, issue.actual, issue.unknown) == (70, 60.0, 20.0)


def test_too_few_inside_even_if_every_unknown_member_were_inside():
    facts = IdeaFacts(members=5, members_in_area=1, has_carrier=False, members_unknown=1)
    [issue] = check(RULE_70, facts)
    assert issue.finding == Finding.TOO_FEW_IN_AREA
    assert (issue.actual, issue.unknown) == (20.0, 20.0)


def test_without_unknown_members_the_old_rule_holds():
    facts = IdeaFacts(members=5, members_in_area=3, has_carrier=False)
    [issue] = check(RULE_70, facts)
    assert issue.finding == Finding.TOO_FEW_IN_AREA and issue.unknown is None
    assert check(EligibilityRules(min_share_in_area=60), facts) == []


def test_a_call_may_count_only_members_of_known_placement():
    rules = EligibilityRules(min_share_in_area=70, unknown_placement=UnknownPlacement.KNOWN_ONLY)
    facts = IdeaFacts(members=5, members_in_area=3, has_carrier=False, members_unknown=1)
    assert check(rules, facts) == []  # 3 of 4 known = 75 %
    nobody_known = IdeaFacts(members=2, members_in_area=0, has_carrier=False, members_unknown=2)
    [issue] = check(rules, nobody_known)
    assert issue.finding == Finding.TOO_FEW_IN_AREA and issue.actual is None


@pytest.mark.integration
def test_a_member_without_position_is_unknown_in_the_ideas_figures(competition):
    """3 inside, 1 outside, 1 without position: 60 % inside, 20 % unknown (not 40 % outside)."""
    south = DistrictFactory(geometry=shapely.to_geojson(shapely.box(12.30, 51.30, 12.35, 51.35)))
    DistrictFactory(geometry=shapely.to_geojson(shapely.box(12.35, 51.35, 12.40, 51.40)))
    AreaFactory().districts.set([south])
    competition.min_share_in_area = Decimal(70)
    competition.save()
    sub = SubmissionFactory(competition=competition)
    inside = [CompanyFactory(lon=12.32, lat=51.32) for _ in range(3)]
    outside = CompanyFactory(lon=12.37, lat=51.37)
    nowhere = CompanyFactory(lon=None, lat=None, postcode="")
    place_companies()
    sub.founding_members.add(*inside, outside, nowhere)
    row = queries.ranking(competition)[0]
    assert row.share_in_area == 60.0
    facts = queries.facts_of(row.submission)
    assert facts.members_unknown == 1 and facts.members_outside == 1
    [issue] = row.issues
    assert issue.finding == Finding.PLACEMENT_UNKNOWN and issue.unknown == 20.0
