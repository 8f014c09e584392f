"""Deterministic data for the load benchmark: 100,000 companies and 2,000 board posts on PostgreSQL.

    createdb -h 127.0.0.1 -U postgres verbund_load   # once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/verbund_load \\
        .venv/bin/python benchmarks/load_data.py [--companies 100000] [--posts 2000]

Migrates the database, then writes (seeded, so every run produces the same rows; rows of an earlier
run with the same source are replaced): companies spread over Leipzig with WZ codes and competence
texts, a public profile for every tenth (consent to name, city, competences), three public networks
of 300 members each, 2,000 published posts on them, and the partner search's index. Company rows go
through the register's own bulk path (`companies.domain.bulk`); profiles, memberships and posts
through `core.audit.bulk_create_as` with a benchmark user, as the architecture asks of bulk writes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

SOURCE = "load-benchmark"
SEED = 20261201
WORDS = [
    "Kunststofftechnik",
    "Spritzguss",
    "Werkzeugbau",
    "Metallbau",
    "Blechbearbeitung",
    "Laserschneiden",
    "CNC-Fräsen",
    "Oberflächentechnik",
    "Pulverbeschichtung",
    "Elektronikfertigung",
    "Leiterplatten",
    "Automatisierung",
    "Robotik",
    "Sensorik",
    "Software",
    "Datenbanken",
    "Logistik",
    "Verpackung",
    "Holzbau",
    "Tischlerei",
    "Montage",
    "Prüftechnik",
    "Messtechnik",
    "Qualitätssicherung",
    "Recycling",
    "Kreislaufwirtschaft",
    "Energieberatung",
    "Photovoltaik",
    "Wärmepumpen",
    "Gebäudetechnik",
    "Sanitär",
    "Druckerei",
    "Mediengestaltung",
    "Marketing",
    "Unternehmensberatung",
    "Weiterbildung",
    "Catering",
    "Lebensmittel",
    "Backwaren",
    "Medizintechnik",
    "Optik",
]
CITIES = ["Leipzig", "Markkleeberg", "Taucha", "Schkeuditz", "Markranstädt", "Borsdorf"]
NETWORKS = [("load-kunststoff", "Kunststoffnetz (Last)"), ("load-metall", "Metallnetz (Last)"),
            ("load-digital", "Digitalnetz (Last)")]  # fmt: skip


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verbund.settings")
    os.environ.setdefault("VERBUND_REQUIRE_MFA", "0")
    import django

    django.setup()


def _companies(n: int, rng: random.Random, wz_ids: list[int]):
    from verbund.companies.models import Company

    for i in range(n):
        words = rng.sample(WORDS, 3)
        yield Company(
            public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            name=f"{words[0].split('-')[0]} {rng.choice(['Müller', 'Schmidt', 'Weber', 'Wagner', 'Becker', 'Hoffmann', 'Schäfer', 'Koch'])} {i} GmbH",
            legal_form="GmbH",
            street=f"Lastweg {i % 500 + 1}",
            postcode=f"04{rng.randint(100, 359)}",
            city=rng.choice(CITIES),
            lat=51.34 + rng.uniform(-0.08, 0.08),
            lon=12.37 + rng.uniform(-0.12, 0.12),
            main_wz_id=rng.choice(wz_ids),
            employees=rng.randint(1, 400),
            competences=", ".join(words),
            offers=f"{words[1]} für {words[2]}",
            source=SOURCE,
            external_id=f"load-{i}",
            match_key=f"load-{i}",
        )


def load(companies: int, posts: int) -> None:
    _setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", "--no-input", verbosity=0)
    from verbund.companies.domain import bulk
    from verbund.companies.domain.wz import load_wz_codes
    from verbund.companies.models import Company, WzCode
    from verbund.core.audit import acting_user, bulk_create_as
    from verbund.networks.models import Membership, Network
    from verbund.portal.domain.search import index
    from verbund.portal.enums import PostKind, PostState, PostType
    from verbund.portal.models import CompanyProfile, Post
    from verbund.programmes.models import Measure, Organisation, Programme, Project

    rng = random.Random(SEED)
    load_wz_codes()
    wz_ids = list(WzCode.objects.filter(level=5).order_by("code").values_list("pk", flat=True))
    user, _ = get_user_model().objects.get_or_create(username="load-benchmark")
    started = time.perf_counter()
    with acting_user(user), transaction.atomic():
        Post.objects.filter(network__slug__in=[s for s, _ in NETWORKS]).delete()
        Network.objects.filter(slug__in=[s for s, _ in NETWORKS]).delete()
        Company.objects.filter(source=SOURCE).delete()
        objs = list(_companies(companies, rng, wz_ids))
        for start in range(0, len(objs), 5000):
            bulk.insert_companies(objs[start : start + 5000])
        print(f"{len(objs)} companies in {time.perf_counter() - started:.0f} s", flush=True)
        public = objs[::10]
        bulk_create_as(
            CompanyProfile,
            [
                CompanyProfile(
                    company_id=c.id, show_name=True, show_city=True, show_competences=True,
                    show_industry=True, description=f"{c.competences} aus {c.city}",
                )
                for c in public
            ],
            user=user,
        )  # fmt: skip
        programme, _ = Programme.objects.get_or_create(
            name="Lastprogramm", defaults={"city": "Leipzig", "period_start_year": 2026,
                                           "period_end_year": 2030},
        )  # fmt: skip
        measure, _ = Measure.objects.get_or_create(
            programme=programme, code="L1", defaults={"title": "Netzwerke"}
        )
        carrier, _ = Organisation.objects.get_or_create(
            name="Lastträger", defaults={"kind": Organisation._meta.get_field("kind").choices[0][0]}
        )
        networks = []
        for n, (slug, name) in enumerate(NETWORKS):
            project, _ = Project.objects.get_or_create(
                code=f"LAST-{n}", defaults={"measure": measure, "title": name, "is_public": True}
            )
            networks.append(
                Network.objects.create(
                    name=name,
                    slug=slug,
                    project=project,
                    carrier=carrier,
                    is_public=True,
                    goals="Gemeinsam wachsen.",
                )
            )
        members = []
        for n, network in enumerate(networks):
            for c in public[n * 300 : (n + 1) * 300]:
                members.append(
                    Membership(network=network, company_id=c.id, joined=dt.date(2026, 1, 1))
                )
        bulk_create_as(Membership, members, user=user)
        today = dt.date.today()
        now = dt.datetime.now(dt.UTC)
        board = []
        for i in range(posts):
            member = members[i % len(members)]
            words = rng.sample(WORDS, 2)
            board.append(
                Post(
                    network_id=member.network_id,
                    company_id=member.company_id,
                    kind=rng.choice(PostKind.values),
                    type=rng.choice(PostType.values),
                    title=f"{words[0]} gesucht ({i})",
                    text=f"Wir suchen Partner für {words[1]}.",
                    competences=", ".join(words),
                    region="Leipzig",
                    expires_on=today + dt.timedelta(days=60),
                    state=PostState.PUBLISHED,
                    published_at=now - dt.timedelta(minutes=i),
                )
            )
        bulk_create_as(Post, board, user=user)
        print(f"profiles, networks, posts after {time.perf_counter() - started:.0f} s", flush=True)
    index.rebuild()
    print(f"search index after {time.perf_counter() - started:.0f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--posts", type=int, default=2_000)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (see the docstring).")
    load(args.companies, args.posts)


if __name__ == "__main__":
    main()
