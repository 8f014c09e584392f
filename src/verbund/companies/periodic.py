"""Periodic jobs of the register (run by `verbund worker`, or once by `verbund manage tick`)."""

from verbund.core.periodic import every


@every(minutes=1)
def fail_stale_imports(*, now) -> int:
    """Imports still "checking"/"applying" whose worker stopped beating two minutes ago fail."""
    from verbund.companies.domain.imports import fail_stale_jobs

    return fail_stale_jobs(now=now)
