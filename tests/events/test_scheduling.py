"""The meeting scheduler: feasible schedules with the largest possible number of meetings (issue 16).

The optimum is checked against formulations written here, independently of the module: a second
integer programme with other variables (one "placed" variable per meeting and per participant-slot
occupancy equalities), exhaustive enumeration on small instances, and Kőnig's edge-colouring theorem
on bipartite request graphs (a bipartite graph of maximum degree Δ has a proper Δ-edge-colouring, so
with Δ ≤ number of slots and no other limit every meeting fits).
"""

import itertools
import random
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from verbund.events.domain.scheduling import Schedule, schedule_meetings

pytestmark = pytest.mark.unit


def assert_feasible(result: Schedule, meetings, slots, tables=None, unavailable=None):
    unavailable = unavailable or {}
    assert set(result.placed) | set(result.unplaced) == set(meetings)
    assert not set(result.placed) & set(result.unplaced)
    busy = Counter()
    per_slot = Counter()
    for (a, b), slot in result.placed.items():
        assert slot in slots
        busy[a, slot] += 1
        busy[b, slot] += 1
        per_slot[slot] += 1
        assert slot not in unavailable.get(a, ()), f"{a} is booked in {slot}, unavailable"
        assert slot not in unavailable.get(b, ()), f"{b} is booked in {slot}, unavailable"
    assert max(busy.values(), default=0) <= 1, "a participant has two meetings at once"
    if tables is not None:
        assert max(per_slot.values(), default=0) <= tables, "more meetings than tables"


def reference_optimum(meetings, slots, tables=None, unavailable=None) -> int:
    """A second ILP: y[m] placed; Σ_s x[m,s] = y[m]; occupancy z[p,s] = Σ_{m∋p} x[m,s] ∈ {0,1}."""
    unavailable = unavailable or {}
    people = sorted({p for m in meetings for p in m}, key=repr)
    n_m, n_s, n_p = len(meetings), len(slots), len(people)
    nx, ny, nz = n_m * n_s, n_m, n_p * n_s
    n = nx + ny + nz
    a = np.zeros((0, n))
    lo, hi = [], []
    rows = []
    for m in range(n_m):  # Σ_s x - y = 0
        r = np.zeros(n)
        r[m * n_s : (m + 1) * n_s] = 1
        r[nx + m] = -1
        rows.append(r)
        lo.append(0)
        hi.append(0)
    for i, p in enumerate(people):  # Σ_{m∋p} x[m,s] - z[p,s] = 0
        for s in range(n_s):
            r = np.zeros(n)
            for m, pair in enumerate(meetings):
                if p in pair:
                    r[m * n_s + s] = 1
            r[nx + ny + i * n_s + s] = -1
            rows.append(r)
            lo.append(0)
            hi.append(0)
    if tables is not None:
        for s in range(n_s):
            r = np.zeros(n)
            r[[m * n_s + s for m in range(n_m)]] = 1
            rows.append(r)
            lo.append(-np.inf)
            hi.append(tables)
    a = np.array(rows)
    upper = np.ones(n)
    for i, p in enumerate(people):  # unavailability on the occupancy variables
        for s, slot in enumerate(slots):
            if slot in unavailable.get(p, ()):
                upper[nx + ny + i * n_s + s] = 0
    c = np.zeros(n)
    c[nx : nx + ny] = -1
    res = milp(
        c,
        integrality=np.ones(n),
        bounds=Bounds(np.zeros(n), upper),
        constraints=LinearConstraint(a, lo, hi),
    )
    assert res.status == 0
    return round(-res.fun)


def brute_force_optimum(meetings, slots, tables=None, unavailable=None) -> int:
    """Every assignment of each meeting to a slot or to nothing; the largest feasible one."""
    unavailable = unavailable or {}
    best = 0
    for choice in itertools.product([None, *slots], repeat=len(meetings)):
        busy, per_slot, ok = set(), Counter(), True
        for (a, b), slot in zip(meetings, choice, strict=True):
            if slot is None:
                continue
            if (a, slot) in busy or (b, slot) in busy:
                ok = False
                break
            if slot in unavailable.get(a, ()) or slot in unavailable.get(b, ()):
                ok = False
                break
            busy |= {(a, slot), (b, slot)}
            per_slot[slot] += 1
            if tables is not None and per_slot[slot] > tables:
                ok = False
                break
        if ok:
            best = max(best, sum(s is not None for s in choice))
    return best


def random_instance(rng, *, people, requests, n_slots, p_unavailable):
    pairs = set()
    while len(pairs) < requests:
        a, b = rng.sample(range(people), 2)
        pairs.add((min(a, b), max(a, b)))
    meetings = sorted(pairs)
    slots = [f"s{i}" for i in range(n_slots)]
    unavailable = {
        p: {s for s in slots if rng.random() < p_unavailable}
        for p in range(people)
        if rng.random() < 0.5
    }
    return meetings, slots, unavailable


@pytest.mark.parametrize(("seed", "tables"), [(1, 4), (2, 5), (3, 6), (4, None), (5, 3), (6, None)])
def test_30_participants_60_requests_10_slots_optimal_and_feasible(seed, tables):
    rng = random.Random(seed)
    meetings, slots, unavailable = random_instance(
        rng, people=30, requests=60, n_slots=10, p_unavailable=0.4
    )
    result = schedule_meetings(meetings, slots, tables=tables, unavailable=unavailable)
    assert result.optimal and result.note == ""
    assert_feasible(result, meetings, slots, tables, unavailable)
    assert len(result.placed) == reference_optimum(meetings, slots, tables, unavailable)
    assert len(result.placed) > 0


def test_30_participants_dense_requests_leave_some_unplaced_but_the_maximum_is_placed():
    # participant 0 wants 12 meetings in 10 slots: two must stay unplaced
    rng = random.Random(7)
    others = rng.sample(range(1, 30), 12)
    meetings = [(0, o) for o in others]
    while len(meetings) < 60:
        a, b = sorted(rng.sample(range(1, 30), 2))
        if (a, b) not in meetings:
            meetings.append((a, b))
    slots = list(range(10))
    result = schedule_meetings(meetings, slots, tables=None)
    assert_feasible(result, meetings, slots)
    assert len([m for m in result.unplaced if 0 in m]) >= 2
    assert len(result.placed) == reference_optimum(meetings, slots)


@pytest.mark.parametrize("seed", range(12))
def test_small_instances_match_enumeration(seed):
    rng = random.Random(100 + seed)
    people = rng.randint(3, 6)
    n_meetings = min(rng.randint(1, 8), people * (people - 1) // 2)
    meetings, slots, unavailable = random_instance(
        rng, people=people, requests=n_meetings, n_slots=rng.randint(1, 3), p_unavailable=0.3
    )
    meetings = meetings[:8]
    tables = rng.choice([None, 1, 2])
    result = schedule_meetings(meetings, slots, tables=tables, unavailable=unavailable)
    assert_feasible(result, meetings, slots, tables, unavailable)
    assert len(result.placed) == brute_force_optimum(meetings, slots, tables, unavailable)


def test_triangle_in_two_slots_places_two():
    # an odd cycle needs three colours: one of the three meetings cannot be placed
    result = schedule_meetings([("a", "b"), ("b", "c"), ("a", "c")], [1, 2])
    assert len(result.placed) == 2 and len(result.unplaced) == 1


def test_keys_are_the_pairs_as_given_and_unavailability_and_tables_hold():
    meetings = [("x", "y"), ("z", "y"), ("x", "w")]
    result = schedule_meetings(meetings, ["9:00", "9:20"], tables=1, unavailable={"y": {"9:00"}})
    assert_feasible(result, meetings, ["9:00", "9:20"], 1, {"y": {"9:00"}})
    assert set(result.placed) <= set(meetings)
    assert len(result.placed) == 2


def test_no_tables_or_no_slots_places_nothing():
    assert schedule_meetings([(1, 2)], [1], tables=0).unplaced == [(1, 2)]
    assert schedule_meetings([(1, 2)], []).unplaced == [(1, 2)]
    assert schedule_meetings([], [1, 2]).placed == {}


@pytest.mark.parametrize("meetings", [[(1, 1)], [(1, 2), (1, 2)], [(1, 2), (2, 1)]])
def test_meetings_with_oneself_or_twice_are_refused(meetings):
    with pytest.raises(ValueError):
        schedule_meetings(meetings, [1, 2])


@pytest.mark.parametrize("tables", [25, None])
def test_time_limit_returns_best_found_with_a_note(tables):
    rng = random.Random(16)
    meetings, slots, _ = random_instance(rng, people=200, requests=600, n_slots=12, p_unavailable=0)
    result = schedule_meetings(meetings, slots, tables=tables, time_limit_s=0.01)
    assert_feasible(result, meetings, slots, tables)
    if not result.optimal:  # HiGHS may still prove the optimum within the limit
        assert "time limit of 0.01 s reached" in result.note
        assert len(result.placed) > 0


@st.composite
def bipartite_requests(draw):
    n_slots = draw(st.integers(1, 5))
    buyers = draw(st.integers(1, 7))
    sellers = draw(st.integers(1, 7))
    edges = draw(
        st.lists(
            st.tuples(st.integers(0, buyers - 1), st.integers(0, sellers - 1)),
            unique=True,
            max_size=30,
        )
    )
    degree = Counter()
    meetings = []
    for b, s in edges:  # keep the largest number of requests per participant at most n_slots
        if degree["b", b] < n_slots and degree["s", s] < n_slots:
            degree["b", b] += 1
            degree["s", s] += 1
            meetings.append((f"buyer{b}", f"seller{s}"))
    return meetings, list(range(n_slots))


@settings(max_examples=60, deadline=None, derandomize=True)
@given(bipartite_requests())
def test_bipartite_requests_within_the_slot_count_are_all_placed(instance):
    meetings, slots = instance
    result = schedule_meetings(meetings, slots)
    assert_feasible(result, meetings, slots)
    assert result.unplaced == []
    assert result.optimal
