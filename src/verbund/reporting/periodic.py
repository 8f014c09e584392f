"""Periodic jobs of the reporting app (autodiscovered by `verbund.core.periodic`)."""

from verbund.core.periodic import every


@every(minutes=1)
def fail_stale_report_jobs(*, now) -> None:
    """Report jobs whose worker died are marked failed, so their page offers to start again."""
    from verbund.reporting.domain.reports import fail_stale_reports

    fail_stale_reports(now=now)
