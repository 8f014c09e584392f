"""Background tasks: thin wrappers that load by primary key and call the domain."""

from django.tasks import task


@task()
def place_companies_task() -> dict:
    from verbund.companies.domain.placement import place_companies

    return place_companies()


@task()
def check_import_task(job_id: int) -> None:
    from verbund.companies.domain.imports import check_import
    from verbund.companies.models import ImportJob

    check_import(job=ImportJob.objects.get(pk=job_id))


@task()
def apply_import_task(job_id: int) -> None:
    from verbund.companies.domain.imports import apply_import
    from verbund.companies.models import ImportJob

    apply_import(job=ImportJob.objects.get(pk=job_id))
