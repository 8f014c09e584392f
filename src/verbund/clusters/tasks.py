"""Background tasks of the clusters app (thin: load by primary key, call the domain)."""

from django.tasks import task


@task()
def run_analysis(run_id: int) -> None:
    from verbund.clusters.domain.runs import execute_run

    execute_run(run_id=run_id)
