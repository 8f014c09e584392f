"""The programme report for a period: what it holds, and building it in the background.

`start_report` records a queued job (a second click while the same report is still waiting or
running returns that job instead of a second one) and enqueues its task after the commit;
`execute_report` (called by the task) claims the job with a conditional UPDATE, gathers
`report_data`, lets the given builders write the XLSX and the PDF in the job's language, and stores
them. Progress is written to the job's row (no history rows), so the page's progress bar can poll
it; `core.jobs.heartbeat` keeps stamping the job, and a job whose worker died is marked failed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from verbund.companies.enums import SizeClass
from verbund.core.audit import acting_user, save_as
from verbund.core.errors import DomainError
from verbund.core.jobs import fail_stale, heartbeat
from verbund.reporting.domain import queries
from verbund.reporting.domain.periods import Period
from verbund.reporting.enums import ReportStatus
from verbund.reporting.models import ReportJob

log = logging.getLogger(__name__)
LONGEST_PERIOD_DAYS = 366 * 12


def start_report(
    *, programme, period_start, period_end, language: str, user, enqueue: bool = True
) -> ReportJob:
    if period_start is None or period_end is None:
        raise DomainError(
            _("enter the period"), field="period_start" if period_start is None else "period_end"
        )
    if period_end < period_start:
        raise DomainError(_("the period ends before it starts"), field="period_end")
    if (period_end - period_start).days > LONGEST_PERIOD_DAYS:
        raise DomainError(_("a report covers at most twelve years"), field="period_end")
    if language not in {"de", "en"}:
        raise DomainError(_("choose German or English"), field="language")
    with transaction.atomic():
        running = (
            ReportJob.objects.select_for_update()
            .filter(
                programme=programme,
                period_start=period_start,
                period_end=period_end,
                language=language,
                status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING],
            )
            .first()
        )
        if running is not None:
            return running
        job = ReportJob(
            programme=programme, period_start=period_start, period_end=period_end,
            language=language, created_by=user, message=gettext_noop("Waiting for a worker."),
        )  # fmt: skip
        save_as(job, user)
    if enqueue:
        from verbund.reporting.tasks import build_report

        build_report.enqueue(job.pk)
        job.refresh_from_db()
    return job


def _claim(job_id: int) -> bool:
    return bool(
        ReportJob.objects.filter(pk=job_id, status=ReportStatus.QUEUED).update(
            status=ReportStatus.RUNNING,
            progress=0,
            message=gettext_noop("Reading the records."),
        )
    )


def _progress(job_id: int, percent: int, message: str) -> None:
    ReportJob.objects.filter(pk=job_id, status=ReportStatus.RUNNING).update(
        progress=percent, message=message
    )


def fail_stale_reports(*, now=None) -> int:
    return fail_stale(
        model=ReportJob, running=[ReportStatus.RUNNING], failed=ReportStatus.FAILED,
        message_field="error", now=now,
    )  # fmt: skip


def execute_report(
    *, job_id: int, build_xlsx: Callable[[dict], bytes], build_pdf: Callable[[dict], bytes]
) -> ReportJob | None:
    """Build a queued job's files; a failure is stored on the job for the office to see."""
    if not _claim(job_id):
        log.info("report job %s is not queued; skipped", job_id)
        return None
    job = ReportJob.objects.select_related("programme", "created_by").get(pk=job_id)
    with (
        acting_user(job.created_by),
        heartbeat(ReportJob, job.pk),
        translation.override(job.language),
    ):
        try:
            data = report_data(
                job.programme, Period(job.period_start, job.period_end),
                progress=lambda p, m: _progress(job.pk, p, m),
            )  # fmt: skip
            _progress(job.pk, 70, gettext_noop("Writing the spreadsheet."))
            xlsx = build_xlsx(data)
            _progress(job.pk, 85, gettext_noop("Writing the PDF."))
            pdf = build_pdf(data)
        except Exception as exc:  # the job shows what went wrong instead of hanging
            log.exception("report job %s failed", job_id)
            job.status, job.error = ReportStatus.FAILED, str(exc)[:2000]
            job.finished_at = timezone.now()
            save_as(job, job.created_by)
            return job
        job.xlsx, job.pdf = xlsx, pdf
        job.status, job.progress, job.message = ReportStatus.DONE, 100, ""
        job.finished_at = timezone.now()
        save_as(job, job.created_by)
    return job


def report_data(programme, period: Period, *, progress=lambda p, m: None, today=None) -> dict:
    """Everything the report shows, as plain rows (also used by tests and the page preview)."""
    progress(5, gettext_noop("Computing the indicators."))
    indicators = []
    for indicator in queries.indicators_of_programme(programme):
        computed = queries.value_of(indicator, period)
        indicators.append(
            {
                "project": indicator.project.code,
                "scope": str(indicator.network) if indicator.network_id else indicator.project.code,
                "code": indicator.code,
                "name": indicator.tr("name"),
                "unit": indicator.tr("unit"),
                "baseline": indicator.baseline,
                "target": indicator.target,
                "value": computed.value,
                "breakdown": size_labels(computed.derived.breakdown) if computed.derived else {},
                "definition": indicator.tr("definition"),
            }
        )
    common = queries.programme_common_indicators(programme, period)
    progress(25, gettext_noop("Adding up the payments."))
    payments = queries.payments_in(programme, period)
    sources: list[str] = []
    by_source: dict[str, Decimal] = defaultdict(Decimal)
    payment_rows = []
    for p in payments:
        parts = {}
        for part in p.parts.all():
            name = part.source.tr("name")
            if name not in sources:
                sources.append(name)
            parts[name] = part.amount
            by_source[name] += part.amount
        payment_rows.append(
            {
                "date": timezone.localtime(p.confirmed_at).date(),
                "contract": p.milestone.contract.number,
                "network": str(p.milestone.contract.network),
                "milestone": p.milestone.tr("title"),
                "kind": p.get_kind_display(),
                "amount": p.amount,
                "parts": parts,
            }
        )
    contracts = [
        {
            "number": c.number, "network": str(c.network), "carrier": str(c.network.carrier),
            "award_date": c.award_date, "end_date": c.end_date, "volume": c.volume,
        }
        for c in queries.contracts_of_programme(programme)
    ]  # fmt: skip
    progress(40, gettext_noop("Checking the milestones."))
    milestones = [
        {
            "contract": row.milestone.contract.number,
            "network": str(row.milestone.contract.network),
            "title": row.milestone.tr("title"),
            "due_date": row.milestone.due_date,
            "lump_sum": row.milestone.lump_sum,
            "state": row.milestone.get_state_display(),
            "due_in_period": row.due_in_period,
            "accepted_on": row.accepted_on,
            "overdue": row.overdue,
        }
        for row in queries.milestones_for(programme, period)
    ]
    progress(55, gettext_noop("Looking at the networks."))
    networks = queries.networks_of_programme(programme)
    health = queries.network_health(networks, today=min(period.end, today or timezone.localdate()))
    results: dict[int, list[dict]] = defaultdict(list)
    for activity in queries.results_in(networks, period):
        results[activity.network_id].append(
            {
                "date": activity.date,
                "kind": activity.get_kind_display(),
                "text": activity.tr("text"),
            }
        )
    network_rows = []
    for n in networks:
        h = health[n.pk]
        network_rows.append(
            {
                "name": n.tr("name"), "carrier": str(n.carrier), "phase": n.get_phase_display(),
                "members": h.members, "active": h.active, "light": h.light,
                "catalogue_progress": h.catalogue_progress, "measures": h.measures,
                "measures_completed": h.measures_completed, "results": results.get(n.pk, []),
            }
        )  # fmt: skip
    return {
        "programme": programme.tr("name"),
        "period": period,
        "generated": timezone.localtime().replace(microsecond=0),
        "indicators": indicators,
        "common": {
            kind: {"value": d.value, "breakdown": size_labels(d.breakdown)}
            for kind, d in common.items()
        },
        "sources": sources,
        "payments": payment_rows,
        "payments_by_source": [(s, by_source[s]) for s in sources],
        "payments_total": sum((r["amount"] for r in payment_rows), Decimal(0)),
        "contracts": contracts,
        "contracts_volume": sum((c["volume"] for c in contracts), Decimal(0)),
        "milestones": milestones,
        "networks": network_rows,
    }


def size_labels(breakdown: dict[str, int]) -> dict[str, int]:
    """Size class codes to their labels in the active language ("unknown" for none)."""
    labels = dict(SizeClass.choices)
    return {str(labels.get(k) or _("unknown")): n for k, n in breakdown.items()}


def default_period(programme) -> tuple[dt.date, dt.date]:
    return dt.date(programme.period_start_year, 1, 1), dt.date(programme.period_end_year, 12, 31)
