"""Heartbeats for background jobs, so a job whose worker died is noticed and can be started again.

While a task works on a job, `heartbeat(...)` keeps stamping the job's `heartbeat_at` from a thread
every `BEAT_SECONDS`. A killed worker stops beating; `fail_stale` (a periodic job, and called when the
job's page is opened) marks every job that is still "running" but has not beaten for `stale_after`
as failed with a message the office sees, and the page offers to start it again. A job that no
worker has started yet (no beat at all) waits in the queue and is never failed for it.
"""

import datetime as dt
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import OperationalError, connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)
BEAT_SECONDS = 5.0
STALE_AFTER = dt.timedelta(minutes=2)
STOPPED_MESSAGE = _(
    "The worker running this job stopped (it was killed or its machine restarted). "
    "Nothing half-done was kept; start the job again."
)


def beat(model: type[models.Model], pk: int) -> None:
    model._base_manager.filter(pk=pk).update(heartbeat_at=timezone.now())


@contextmanager
def heartbeat(model: type[models.Model], pk: int, *, every: float = BEAT_SECONDS) -> Iterator[None]:
    """Stamp the job's heartbeat now and then every `every` seconds until the block ends."""
    beat(model, pk)
    stop = threading.Event()

    def loop() -> None:
        try:
            while not stop.wait(every):
                try:
                    beat(model, pk)
                except OperationalError as exc:  # SQLite busy: the next beat will do
                    log.info("heartbeat for %s %s skipped: %s", model.__name__, pk, exc)
        finally:
            connection.close()

    thread = threading.Thread(target=loop, name=f"heartbeat-{model.__name__}-{pk}", daemon=True)
    if connection.vendor == "sqlite" and str(connection.settings_dict["NAME"]).startswith(
        ("file:memorydb", ":memory:")
    ):  # NAME is a Path for the SQLite file in the data folder
        thread = None  # an in-memory test database is not shared with other threads
    if thread:
        thread.start()
    try:
        yield
    finally:
        stop.set()
        if thread:
            thread.join(timeout=every + 5)


def fail_stale(
    *,
    model: type[models.Model],
    running: list[str],
    failed: str,
    message_field: str = "message",
    now: dt.datetime | None = None,
    stale_after: dt.timedelta = STALE_AFTER,
) -> int:
    """Mark jobs in a `running` state without a recent heartbeat as `failed`; returns how many."""
    now = now or timezone.now()
    cutoff = now - stale_after
    # Only a job that a worker started (it beat at least once) can have lost its worker; a claimed
    # job without a beat is still waiting in the queue, however long the queue is.
    stale = model._base_manager.filter(status__in=running, heartbeat_at__lt=cutoff)
    count = stale.update(status=failed, **{message_field: str(STOPPED_MESSAGE)})
    if count:
        log.warning(
            "%s %s job(s) marked failed: no heartbeat since %s", count, model.__name__, cutoff
        )
    return count
