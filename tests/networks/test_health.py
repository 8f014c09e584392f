"""Health figures on a small hand-made graph (pure module, no database)."""

import datetime as dt

import pytest

from verbund.networks.domain import health

A, B, C, D, E = 1, 2, 3, 4, 5  # A is the carrier's own company
TODAY = dt.date(2003, 9, 30)


def _members(active=(A, B, C, D, E), committed=(A, B, C, D, E)):
    return [
        health.Member(m, f"M{m}", in_area=m != E, joined=dt.date(2003, 1, 15),
                      active=m in active, committed=m in committed)
        for m in (A, B, C, D, E)
    ]  # fmt: skip


JOINTS = [
    health.Joint(frozenset({A, B, C}), dt.date(2003, 2, 1)),  # ties A-B, A-C, B-C in 2003-Q1
    health.Joint(frozenset({A, D}), dt.date(2003, 5, 10)),  # tie A-D in 2003-Q2
    health.Joint(frozenset({A, B}), dt.date(2003, 8, 1)),  # A-B again: no new tie
]


def _compute(**kw):
    defaults = {"members": _members(), "joints": JOINTS, "carrier": A, "progress": [50, 100],
                "completed": 1, "today": TODAY}  # fmt: skip
    return health.compute(**{**defaults, **kw})


def test_figures_of_the_hand_made_graph():
    h = _compute()
    # 5 members, 4 ties (A-B, A-C, A-D, B-C), E isolated.
    # density = 2E / (n (n-1)) = 8 / 20 = 0.4
    assert h.ties == 4
    assert h.density == pytest.approx(0.4)
    # degrees A3 B2 C2 D1 E0; Freeman: sum(3 - d) = 0+1+1+2+3 = 7 over (n-1)(n-2) = 12
    assert h.centralisation == pytest.approx(7 / 12)
    # A touches 3 of the 4 ties
    assert h.carrier_share == pytest.approx(0.75)
    # without A: B-C stays the largest component; D (reached only via A) falls off; E was never
    # connected. 1 of the 4 other members is cut off.
    assert h.cut_off == [D]
    assert h.cut_off_share == pytest.approx(0.25)
    assert h.new_ties_per_quarter == [("2003-Q1", 3), ("2003-Q2", 1)]
    assert h.catalogue_progress == 75
    assert h.members_in_area == 4


def test_star_and_complete_graph_bound_the_centralisation():
    ids = [1, 2, 3, 4]
    star = health.graph_figures(ids, [(1, 2), (1, 3), (1, 4)], carrier=1)
    assert star[1] == pytest.approx(1.0)
    assert star[3] == [2, 3, 4]  # a star falls apart completely without its centre
    full = health.graph_figures(ids, [(1, 2), (1, 3), (1, 4), (2, 3), (2, 4), (3, 4)], carrier=1)
    assert full[0] == pytest.approx(1.0) and full[1] == pytest.approx(0.0)
    assert full[3] == []


def test_members_over_time_inside_and_outside():
    members = [
        health.Member(1, "a", True, dt.date(2003, 1, 10)),
        health.Member(2, "b", False, dt.date(2003, 5, 1)),
        health.Member(3, "c", True, dt.date(2003, 1, 10), left=dt.date(2003, 8, 1)),
    ]
    rows = health.members_over_time(members, today=TODAY)
    assert rows == [("2003-Q1", 2, 0), ("2003-Q2", 2, 1), ("2003-Q3", 1, 1)]


def test_traffic_light_green_when_all_is_well():
    h = _compute(joints=[*JOINTS, health.Joint(frozenset({B, E}), dt.date(2003, 9, 1)),
                         health.Joint(frozenset({C, D}), dt.date(2003, 9, 1))])  # fmt: skip
    assert h.light == health.GREEN, h.reasons


def test_traffic_light_red_with_reasons_when_few_members_are_active():
    h = _compute(members=_members(active=(A,), committed=(A,)))
    assert h.light == health.RED
    codes = {r.code: r for r in h.reasons}
    assert codes["few_active"].values == {"active": 1, "committed": 1, "members": 5}
    assert "few_committed" in codes and "carrier_share" in codes


def test_no_members_is_red():
    h = _compute(members=[], joints=[])
    assert h.light == health.RED and h.reasons[0].code == "no_members"
