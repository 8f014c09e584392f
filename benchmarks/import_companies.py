"""Benchmark: import 100,000 generated companies (dry run, then apply) and place them in districts.

Runs the same domain code as the import pages (create_import_job → set_mapping → check_import →
apply_import), against a temporary SQLite database, then times the list page, the JSON API and the
map's data endpoint with the Django test client.

    .venv/bin/python benchmarks/import_companies.py [--rows 100000] [--keep]

Districts are Leipzig's 63 Ortsteile from ../shared/data when present, else the demo's grid.
"""

import argparse
import csv
import io
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate_csv(n: int, codes: list[str], seed: int = 7) -> bytes:
    """Companies spread over Leipzig, coordinates in ETRS89 / UTM 33N (EPSG:25833)."""
    rng = random.Random(seed)
    words = ["Technik", "Service", "Bau", "Handel", "Software", "Design", "Logistik", "Medien"]
    out = io.StringIO()
    w = csv.writer(out, delimiter=";")
    w.writerow(["Firma", "Registernummer", "Straße", "PLZ", "Ort", "WZ", "Beschäftigte",
                "Rechtswert", "Hochwert", "Schlagworte"])  # fmt: skip
    for i in range(1, n + 1):
        w.writerow([
            f"{rng.choice(words)} {i} GmbH", f"HRB {100000 + i}", f"Teststraße {i % 400 + 1}",
            f"04{rng.randint(103, 357):03d}", "Leipzig", rng.choice(codes),
            int(rng.paretovariate(1.2)), f"{rng.uniform(305000, 330000):.1f}",
            f"{rng.uniform(5680000, 5700000):.1f}", "Zulieferer" if i % 7 == 0 else "",
        ])  # fmt: skip
    return out.getvalue().encode()


def timed(label: str, fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    seconds = time.perf_counter() - start
    print(f"{label:<42} {seconds:8.2f} s   peak RSS {peak_mb():7.0f} MB", flush=True)
    return result, seconds


def page_ms(client, url: str, repeat: int = 5) -> tuple[float, float, int]:
    """(first request, median of the following) in ms, and the response size."""
    start = time.perf_counter()
    response = client.get(url)
    first = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return first, statistics.median(times), len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="keep the temporary data directory")
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="verbund-bench-")
    os.environ.update(
        VERBUND_DATA_DIR=data_dir, VERBUND_TASKS="immediate", VERBUND_ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="verbund.settings",
    )  # fmt: skip
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from verbund.companies import demo
    from verbund.companies.domain.districts import import_districts, save_area
    from verbund.companies.domain.duplicates import duplicate_suggestions
    from verbund.companies.domain.imports import (
        apply_import,
        check_import,
        create_import_job,
        set_mapping,
    )
    from verbund.companies.domain.placement import place_companies
    from verbund.companies.models import Company, District, WzCode
    from verbund.core.demo import ensure_user

    print(f"data dir {data_dir}; {args.rows:,} rows")
    timed("migrate (incl. WZ 2008)", call_command, "migrate", verbosity=0)
    if (SHARED / "leipzig-ortsteile.geojson").exists():
        import_districts(
            data=(SHARED / "leipzig-ortsteile.geojson").read_bytes(), layer="Ortsteile",
            number_property="OT", name_property="Name",
        )  # fmt: skip
        urban = District.objects.filter(number__in=["51", "70", "71"])
    else:
        from verbund.companies.domain.geo import to_geojson_text

        for name, poly in demo.demo_districts(random.Random(1)).items():
            District.objects.create(layer="Demo", name=name, geometry=to_geojson_text(poly))
        urban = District.objects.filter(name__in=demo.PROGRAMME_DISTRICTS)
    save_area(name="URBAN II", is_programme_area=True, districts=list(urban), recompute=False)
    print(f"districts: {District.objects.count()}")

    codes = list(WzCode.objects.filter(level=5).values_list("code", flat=True))
    data, _s = timed("generate CSV", generate_csv, args.rows, codes)
    print(f"CSV size {len(data) / 1e6:.1f} MB")
    job, _s = timed("read file, suggest mapping", create_import_job, data=data,
                    file_name="bench.csv")  # fmt: skip
    set_mapping(
        job=job,
        mapping={"name": "Firma", "register_number": "Registernummer", "street": "Straße",
                 "postcode": "PLZ", "city": "Ort", "main_wz": "WZ", "employees": "Beschäftigte",
                 "x": "Rechtswert", "y": "Hochwert", "tags": "Schlagworte"},
        options={"crs": "EPSG:25833", "source": "benchmark"},
    )  # fmt: skip
    _r, dry = timed("dry run (check every row)", check_import, job=job)
    assert job.status == "checked", job.errors[:3]
    _r, apply = timed("apply (check again + write)", apply_import, job=job)
    assert job.status == "done", job.message
    print(f"  -> {job.counts}")
    total = dry + apply
    print(f"dry run {args.rows / dry:,.0f} rows/s; apply {args.rows / apply:,.0f} rows/s; "
          f"dry run + apply {total:.1f} s")  # fmt: skip

    Company.objects.update(district=None, in_programme_area=False)
    result, place = timed("place all companies (from scratch)", place_companies)
    print(f"  -> {result}; {args.rows / place:,.0f} companies/s")
    result, _s = timed("place again (nothing changes)", place_companies)

    again = create_import_job(data=data, file_name="bench.csv")
    set_mapping(job=again, mapping=job.mapping, options=job.options)
    timed("re-import same file (no changes)", apply_import, job=again)
    print(f"  -> {again.counts.get('unchanged')} unchanged")

    found, _s = timed("duplicate suggestions (rapidfuzz, by postcode)", duplicate_suggestions)
    print(f"  -> {len(found)} pairs shown")

    office = ensure_user(username="bench", password="bench-pass-123", roles=["office"])
    client = Client()
    client.force_login(office)
    _r, _warm = timed("warm-up: first request of the process (/)", client.get, "/")
    print(f"\n{f'page ({args.rows:,} companies)':<52}{'first':>8}{'median':>9}{'size':>10}")
    for url in ["/companies/", "/companies/?sort=-district&page=50",
                "/companies/?division=25&in_programme_area=true",
                "/companies/api/companies/", "/companies/map/companies.geojson",
                "/companies/map/companies.geojson?division=25", "/companies/map/areas.geojson"]:  # fmt: skip
        first, median, size = page_ms(client, url)
        print(f"{url:<52}{first:7.0f}ms{median:7.0f}ms{size / 1e3:8.0f}kB")
    print(f"\npeak RSS {peak_mb():.0f} MB")
    if not args.keep:
        import shutil

        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
