"""Benchmark of the B2B meeting scheduler (issue 16).

200 participants, 600 accepted meeting requests (random pairs, fixed seed), 12 slots, 25 tables:
time to the proven optimum, or the gap when the time limit is hit.

    .venv/bin/python benchmarks/scheduling.py [--seed 16] [--time-limit 10]
"""

import argparse
import random
import time

from verbund.events.domain.scheduling import schedule_meetings


def instance(*, seed: int, participants: int = 200, requests: int = 600, slots: int = 12):
    rng = random.Random(seed)
    pairs: set[frozenset] = set()
    while len(pairs) < requests:
        a, b = rng.sample(range(participants), 2)
        pairs.add(frozenset((a, b)))
    meetings = sorted(tuple(sorted(p)) for p in pairs)
    unavailable = {p: {rng.randrange(slots)} for p in range(participants) if rng.random() < 0.2}
    return meetings, list(range(slots)), unavailable


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--time-limit", type=float, default=10.0)
    args = parser.parse_args()
    meetings, slots, unavailable = instance(seed=args.seed)
    for label, tables, blocked in (
        ("25 tables", 25, None),
        ("25 tables, 20% with one unavailable slot", 25, unavailable),
        ("no table limit", None, None),
        ("no table limit, 20% with one unavailable slot", None, unavailable),
    ):
        started = time.perf_counter()
        result = schedule_meetings(
            meetings, slots, tables=tables, unavailable=blocked, time_limit_s=args.time_limit
        )
        took = time.perf_counter() - started
        state = "optimal (proven)" if result.optimal else f"NOT proven: {result.note}"
        print(
            f"200 participants, 600 requests, 12 slots, {label}: "
            f"{len(result.placed)} placed, {len(result.unplaced)} unplaced, {state}, {took:.2f} s"
        )


if __name__ == "__main__":
    main()
