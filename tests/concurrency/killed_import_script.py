"""Run in a separate process by test_killed_import.py: `python killed_import_script.py STEP`.

first   import 50 companies and apply them; print the register's fingerprint
second  re-import them changed plus 500 new ones; once every row is written, but before the
        transaction commits, print WRITTEN and wait to be killed
after   print the register's fingerprint and the import job's state, after stale jobs are failed
"""

import datetime as dt
import hashlib
import json
import sys
import time

import django

django.setup()

from django.utils import timezone  # noqa: E402

from tests.companies.test_import import MAPPING, make_rows, to_csv  # noqa: E402
from verbund.companies.domain import imports  # noqa: E402
from verbund.companies.enums import ImportStatus  # noqa: E402
from verbund.companies.models import Company, ImportJob  # noqa: E402


def fingerprint() -> dict:
    rows = Company.objects.order_by("name").values_list("name", "employees", "postcode", "city")
    digest = hashlib.sha256(json.dumps(list(rows), default=str).encode()).hexdigest()
    return {"companies": Company.objects.count(), "sha256": digest}


def run_import(rows) -> ImportJob:
    """As the office does it: check, then start the apply task (run inline here, with its
    heartbeat, as the worker runs it)."""
    job = imports.create_import_job(data=to_csv(rows), file_name="firmen.csv")
    imports.set_mapping(job=job, mapping=MAPPING, options={"crs": "EPSG:4326"})
    imports.check_import(job=job)
    assert job.status == ImportStatus.CHECKED, job.errors
    imports.start_apply(job=job)
    return ImportJob.objects.get(pk=job.pk)


def written_then_wait(original):
    def wrapper(*args, **kwargs):
        result = original(*args, **kwargs)
        print("WRITTEN", flush=True)
        time.sleep(600)
        return result

    return wrapper


step = sys.argv[1]
if step == "first":
    job = run_import(make_rows(50))
    assert job.status == ImportStatus.DONE, job.message
    print(json.dumps(fingerprint()), flush=True)
elif step == "second":
    changed = [[*row[:6], str(int(row[6]) + 1000), *row[7:]] for row in make_rows(550)]
    imports.write_rows = written_then_wait(imports.write_rows)
    run_import(changed)
elif step == "after":
    imports.fail_stale_jobs(now=timezone.now() + dt.timedelta(hours=1))
    last = ImportJob.objects.order_by("-pk").first()
    print(json.dumps({**fingerprint(), "last_job": last.status}), flush=True)
