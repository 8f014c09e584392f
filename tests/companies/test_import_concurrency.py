"""Several simultaneous apply requests on PostgreSQL: exactly one applies the import (issue 9, item 1)."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from tests.companies.test_import import MAPPING, make_rows, to_csv
from verbund.companies.domain.imports import (
    check_import,
    create_import_job,
    set_mapping,
    start_apply,
)
from verbund.companies.enums import ImportStatus
from verbund.companies.models import Company, ImportJob

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
THREADS = 4


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): SQLite serialises all writers anyway")


def _checked_job(rows: int) -> ImportJob:
    job = create_import_job(data=to_csv(make_rows(rows)), file_name="firmen.csv")
    set_mapping(job=job, mapping=MAPPING, options={"crs": "EPSG:4326"})
    check_import(job=job)
    assert job.status == ImportStatus.CHECKED, job.errors
    return job


def _in_threads(work, n: int = THREADS) -> list:
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except Exception as exc:  # reported by the assertions below
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def test_simultaneous_claims_let_exactly_one_apply():
    job = _checked_job(200)
    copies = [ImportJob.objects.get(pk=job.pk) for _ in range(THREADS)]  # each loaded as "checked"
    results = _in_threads(lambda i: start_apply(job=copies[i]))
    assert Company.objects.count() == 200
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.message
    assert job.counts["created"] == 200
    assert sorted(results, key=str) == [False] * (THREADS - 1) + [True], results


def test_parallel_apply_posts_import_once(office_user):
    job = _checked_job(200)
    url = f"/companies/imports/{job.public_id}/apply/"

    def post(i: int) -> int:
        client = Client()
        client.force_login(office_user)
        return client.post(url).status_code

    statuses = _in_threads(post)
    assert statuses == [302] * THREADS, statuses
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.message
    assert Company.objects.count() == 200
    assert Company.history.count() == 200
