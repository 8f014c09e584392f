"""Starting and executing analysis runs.

`start_run` records the run and hands it to a background task; `execute_run` (called by the task)
reads the register, calls `verbund.analysis` and stores the results. Progress is written to the
run's row with a conditional UPDATE, throttled, so that the progress bar can poll it cheaply.

While the task works, `verbund.core.jobs.heartbeat` stamps the run's `heartbeat_at`; a run whose
worker died stops beating, and `fail_stale_runs` (every minute, and whenever the run's page is
opened) marks it failed with a message, after which its page offers to start it again.

History rows written by a run record the user who started it (`acting_user`), also from the task.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from verbund.clusters.domain.parameters import RunParameters
from verbund.clusters.enums import ReferenceKind, RunStatus
from verbund.clusters.models import AnalysisRun, ReferenceTotals
from verbund.core.audit import acting_user, save_as
from verbund.core.errors import DomainError
from verbund.core.jobs import fail_stale, heartbeat

logger = logging.getLogger(__name__)

PROGRESS_INTERVAL_S = 0.5


class RunError(DomainError):
    """A failure with a message meant for the person who started the run."""


def start_run(*, title: str, params: RunParameters, user, enqueue: bool = True) -> AnalysisRun:
    """Record a queued run and enqueue its task.

    The task is enqueued after the run's own transaction has committed (callers do not wrap this in
    another transaction), so a worker always finds the row.
    """
    reference = None
    if params.reference == ReferenceKind.IMPORTED:
        reference = ReferenceTotals.objects.get(pk=params.reference_totals_id)
    with transaction.atomic():
        run = AnalysisRun(
            title=title,
            parameters=params.to_dict(),
            reference_totals=reference,
            created_by=user,
            message=gettext_noop("Waiting for a worker."),
        )
        save_as(run, user)
    if enqueue:
        from verbund.clusters.tasks import run_analysis

        run_analysis.enqueue(run.pk)
        run.refresh_from_db()
    return run


def repeat_run(*, run: AnalysisRun, user) -> AnalysisRun:
    """A new run with the same title and parameters, e.g. after the register changed or a failure."""
    return start_run(title=run.title, params=RunParameters.from_dict(run.parameters), user=user)


class ProgressWriter:
    """Callback for the analysis core: writes percent and message, at most every 0.5 s."""

    def __init__(
        self,
        run_id: int,
        *,
        start: int = 0,
        end: int = 100,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.run_id = run_id
        self.clock = clock
        self.start, self.end = start, end
        self.last_write = 0.0
        self.last_percent = -1
        self.log: list[tuple[int, str]] = []

    def __call__(self, fraction: float, message: str = "", *, force: bool = False) -> None:
        fraction = min(max(float(fraction), 0.0), 1.0)
        percent = int(self.start + (self.end - self.start) * fraction)
        if message and (not self.log or self.log[-1][1] != message):
            self.log.append((percent, message))
        now = self.clock()
        if not force and (
            now - self.last_write < PROGRESS_INTERVAL_S or percent == self.last_percent
        ):
            return
        self.last_write, self.last_percent = now, percent
        # progress and message are excluded from the run's history: a plain conditional UPDATE
        AnalysisRun.objects.filter(pk=self.run_id, status=RunStatus.RUNNING).update(
            progress=percent, message=message[:300], updated_at=timezone.now()
        )


def _claim(run_id: int) -> bool:
    """Move a queued run to running; False if another worker got it first (or it is gone).

    One conditional UPDATE (no history row: the run's history records its start through the final
    save, which holds `started_at`), so that of two workers exactly one wins.
    """
    return bool(
        AnalysisRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
            status=RunStatus.RUNNING,
            started_at=timezone.now(),
            updated_at=timezone.now(),
            progress=0,
            message=gettext_noop("Reading the company register."),
        )
    )


def execute_run(*, run_id: int) -> AnalysisRun | None:
    """Run the analysis of a queued run and store results or the failure.

    Progress messages are stored as English source strings and translated when shown; labels
    inside the results and error texts are written in the site's default language.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return _execute(run_id)


def _execute(run_id: int) -> AnalysisRun | None:
    if not _claim(run_id):
        logger.info("analysis run %s is not queued; skipped", run_id)
        return None
    run = AnalysisRun.objects.select_related("reference_totals", "created_by").get(pk=run_id)
    with acting_user(run.created_by), heartbeat(AnalysisRun, run_id):
        return _execute_claimed(run)


def _execute_claimed(run: AnalysisRun) -> AnalysisRun:
    params = RunParameters.from_dict(run.parameters)
    progress = ProgressWriter(run.pk, start=5, end=95)
    try:
        results = _analyse(run, params, progress)
    except RunError as exc:
        return _fail(run, exc.reason)
    except Exception as exc:  # the run must end in a visible state whatever breaks
        logger.exception("analysis run %s failed", run.pk)
        return _fail(
            run, _("The analysis stopped with an internal error: %(error)s") % {"error": exc}
        )
    results["progress_log"] = [*progress.log, (100, gettext_noop("Done."))]
    run.results = results
    run.company_count = results.get("summary", {}).get("companies")
    run.status = RunStatus.DONE
    run.progress = 100
    run.message = gettext_noop("Done.")
    run.finished_at = timezone.now()
    run.error = ""
    run.save(update_fields=FINAL_FIELDS)  # inside acting_user: history names who started the run
    return run


FINAL_FIELDS = [
    "results",
    "company_count",
    "status",
    "progress",
    "message",
    "finished_at",
    "error",
    "updated_at",
]
"""What the end of a run writes (not `heartbeat_at`, which the heartbeat thread owns)."""


def _fail(run: AnalysisRun, message: str) -> AnalysisRun:
    run.status = RunStatus.FAILED
    run.error = message
    run.message = gettext_noop("Failed.")
    run.finished_at = timezone.now()
    run.save(update_fields=FINAL_FIELDS)
    return run


def fail_stale_runs(*, now=None) -> int:
    """Mark running runs whose worker stopped beating as failed (with a message); how many.

    The message is written in the site's default language, like the other error texts of a run.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return fail_stale(
            model=AnalysisRun,
            running=[RunStatus.RUNNING],
            failed=RunStatus.FAILED,
            message_field="error",
            now=now,
        )


def _analyse(run: AnalysisRun, params: RunParameters, progress: ProgressWriter) -> dict[str, Any]:
    from verbund.clusters.domain import register, results

    progress(0.0, gettext_noop("Reading the company register."), force=True)
    frame = register.companies_frame()
    if frame.empty:
        raise RunError(_("The company register is empty: there is nothing to analyse."))
    reference = run.reference_totals.rows if run.reference_totals_id else None
    progress(0.02, gettext_noop("Analysing the companies."), force=True)
    data = results.analyse(frame, params=params, reference=reference, progress=progress)
    excluded = register.exclusions()  # left out by reason, and how many stand only as zones
    data["summary"]["skipped"] = excluded["left_out"]
    data["summary"]["excluded"] = excluded
    return data


ProgressCallback = Callable[..., None]
