"""The one periodic mechanism: jobs that run every so often (reminders, expiries, stuck jobs, retention).

An app declares a job in its own `periodic.py` module with `@every(minutes=…)`; `verbund worker`
calls `run_due()` every `TICK_SECONDS` beside the task worker, and `verbund manage tick` does the same
once (for cron). Each due job is claimed with one conditional UPDATE on its `PeriodicRun` row, so with
several workers on several machines a job runs once per period. Hand-written instead of Celery beat or
APScheduler: the project has no broker, and a table plus a conditional UPDATE is all it needs.
"""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import OperationalError
from django.db.models import Q
from django.utils import timezone

log = logging.getLogger(__name__)
TICK_SECONDS = 30


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    interval: dt.timedelta
    run: Callable[..., object]


REGISTRY: dict[str, PeriodicJob] = {}


def every(*, minutes: float = 0, hours: float = 0, name: str | None = None):
    """Register the decorated function `f(*, now)` to run every `minutes`/`hours`."""
    interval = dt.timedelta(minutes=minutes, hours=hours)

    def register(func):
        job_name = name or f"{func.__module__}.{func.__qualname__}"
        REGISTRY[job_name] = PeriodicJob(job_name, interval, func)
        return func

    return register


def _claim(job: PeriodicJob, now: dt.datetime) -> bool:
    from verbund.core.models import PeriodicRun

    PeriodicRun.objects.get_or_create(name=job.name)
    due = Q(last_run_at__isnull=True) | Q(last_run_at__lte=now - job.interval)
    return PeriodicRun.objects.filter(due, name=job.name).update(last_run_at=now) == 1


def run_due(*, now: dt.datetime | None = None) -> list[str]:
    """Run every registered job whose period has passed; returns the names of those that ran."""
    from verbund.core.models import PeriodicRun

    now = now or timezone.now()
    ran = []
    for job in list(REGISTRY.values()):
        try:
            if not _claim(job, now):
                continue
        except OperationalError as exc:  # a locked SQLite database: try again next tick
            log.warning("periodic %s not claimed: %s", job.name, exc)
            continue
        error = ""
        try:
            job.run(now=now)
        except Exception as exc:
            log.exception("periodic job %s failed", job.name)
            error = repr(exc)
        PeriodicRun.objects.filter(name=job.name).update(last_error=error)
        ran.append(job.name)
    return ran
