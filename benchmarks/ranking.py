"""Benchmark: the ranking page of an ideas competition with 1,000 ideas, 200 reviewers, 3,000 reviews.

Builds the data in a temporary SQLite database (bulk inserts; the page reads what the domain writes),
then renders the ranking page, its CSV/XLSX export and the progress page with the Django test client
as the office. It also renders the ranking for 100 ideas to show the query count does not grow.

    .venv/bin/python benchmarks/ranking.py [--ideas 1000] [--reviewers 200] [--reviews 3000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python benchmarks/ranking.py
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def build(*, ideas: int, reviewers: int, reviews: int, seed: int = 7):
    """One competition in review; `reviews` submitted reviews spread over the ideas (k = reviews/ideas)."""
    from django.utils import timezone

    from verbund.companies.models import Company
    from verbund.competitions import models as m
    from verbund.core.models import User
    from verbund.programmes.models import Measure, Programme, Project

    rng = random.Random(seed)
    programme, _ = Programme.objects.get_or_create(
        name="Bench",
        defaults={"city": "Leipzig", "period_start_year": 2000, "period_end_year": 2006},
    )
    measure, _ = Measure.objects.get_or_create(
        programme=programme, code="1.2", defaults={"title": "N"}
    )
    project, _ = Project.objects.get_or_create(
        code=f"BENCH-{ideas}", defaults={"measure": measure, "title": "B"}
    )
    comp = m.Competition.objects.create(
        project=project, title=f"Benchmark {ideas}", phase="in_review",
        deadline=timezone.now() - dt.timedelta(days=1), min_members=3, min_share_in_area=Decimal(50),
        carrier_required=False, number_to_select=3,
    )  # fmt: skip
    criteria = [
        m.Criterion.objects.create(competition=comp, name=f"K{i}", weight=w, scale_min=0, scale_max=10, position=i)
        for i, w in enumerate([3, 3, 2, 2])
    ]  # fmt: skip
    applicant = User.objects.create(username=f"bench-applicant-{ideas}")
    companies = Company.objects.bulk_create(
        Company(name=f"Firma {ideas}-{i}", in_programme_area=rng.random() < 0.6)
        for i in range(ideas * 2)
    )
    now = timezone.now()
    subs = m.Submission.objects.bulk_create(
        m.Submission(competition=comp, applicant=applicant, title=f"Netzwerkidee {i:04d}", status="submitted",
                     submitted_at=now - dt.timedelta(minutes=i), requested_budget=Decimal(50000 + i))
        for i in range(ideas)
    )  # fmt: skip
    through = m.Submission.founding_members.through
    through.objects.bulk_create(
        through(submission_id=s.pk, company_id=companies[(i * 2 + j) % len(companies)].pk)
        for i, s in enumerate(subs)
        for j in range(2 + i % 5)
    )
    users = User.objects.bulk_create(
        User(username=f"bench-rev-{ideas}-{i}") for i in range(reviewers)
    )
    pool = m.Reviewer.objects.bulk_create(m.Reviewer(competition=comp, user=u) for u in users)
    k = max(1, reviews // ideas)
    pairs = [(s, pool[(i * k + j) % len(pool)]) for i, s in enumerate(subs) for j in range(k)][
        :reviews
    ]
    assignments = m.Assignment.objects.bulk_create(
        m.Assignment(reviewer=r, submission=s) for s, r in pairs
    )
    review_rows = m.Review.objects.bulk_create(
        m.Review(assignment=a, submitted=True, submitted_at=now, recommendation="fund", version=1)
        for a in assignments
    )
    m.Score.objects.bulk_create(
        m.Score(review=r, criterion=c, value=Decimal(rng.randint(0, 10)))
        for r in review_rows
        for c in criteria
    )
    return comp


def measure(client, url: str, repeat: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
        queries = len(ctx.captured_queries)
    return statistics.median(times), min(times), queries, len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=1000)
    parser.add_argument("--reviewers", type=int, default=200)
    parser.add_argument("--reviews", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="verbund-bench-ranking-")
    os.environ.update(
        VERBUND_DATA_DIR=data_dir, VERBUND_TASKS="immediate", VERBUND_ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="verbund.settings",
    )  # fmt: skip
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from verbund.core.models import User

    settings.DEBUG = False
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"database: {engine}; migrate {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    big = build(ideas=args.ideas, reviewers=args.reviewers, reviews=args.reviews)
    small = build(ideas=100, reviewers=20, reviews=300, seed=8)
    print(f"data: {args.ideas} ideas, {args.reviewers} reviewers, {args.reviews} reviews "
          f"(+ a 100-idea competition) built in {time.perf_counter() - t:.1f} s")  # fmt: skip

    office = User.objects.create(username="bench-office")
    office.groups.add(Group.objects.get_or_create(name="office")[0])
    client = Client()
    client.force_login(office)
    client.get(reverse("competitions:ranking", args=[small.pk]))  # warm-up (URL conf, templates)

    print(f"{'page':<34} {'median s':>9} {'best s':>8} {'queries':>8} {'bytes':>10}")
    rows = [
        ("ranking, 100 ideas", reverse("competitions:ranking", args=[small.pk])),
        (f"ranking, {args.ideas} ideas", reverse("competitions:ranking", args=[big.pk])),
        (f"ranking median+z, {args.ideas} ideas", reverse("competitions:ranking", args=[big.pk]) + "?aggregation=median&normalise=1"),
        (f"ranking sorted by title, {args.ideas}", reverse("competitions:ranking", args=[big.pk]) + "?sort=title"),
        (f"CSV export, {args.ideas} ideas", reverse("competitions:ranking_export", args=[big.pk, "csv"])),
        (f"XLSX export, {args.ideas} ideas", reverse("competitions:ranking_export", args=[big.pk, "xlsx"])),
        (f"progress, {args.ideas} ideas", reverse("competitions:progress", args=[big.pk])),
        (f"eligibility, {args.ideas} ideas", reverse("competitions:eligibility", args=[big.pk])),
    ]  # fmt: skip
    counts = {}
    for label, url in rows:
        median, best, queries, size = measure(client, url, args.repeat)
        counts[label] = queries
        print(f"{label:<34} {median:>9.3f} {best:>8.3f} {queries:>8} {size:>10,}")
    same = counts["ranking, 100 ideas"] == counts[f"ranking, {args.ideas} ideas"]
    print(f"query count constant (100 vs {args.ideas} ideas): {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
