"""Periodic jobs of the clusters app (autodiscovered by `verbund.core.periodic`)."""

from verbund.core.periodic import every


@every(minutes=1)
def fail_stale_runs(*, now) -> None:
    """Analysis runs whose worker died are marked failed, so their page offers "start again"."""
    from verbund.clusters.domain.runs import fail_stale_runs as fail

    fail(now=now)
