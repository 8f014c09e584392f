"""Background tasks: thin wrappers that load by primary key and call the domain.

The import tasks beat (`verbund.core.jobs.heartbeat`) while they work, so that a job whose worker died
is noticed by `periodic.fail_stale_imports`, and record the user who started the import as the author
of every history row (`verbund.core.audit.acting_user`).
"""

from django.tasks import task


@task()
def place_companies_task() -> dict:
    from verbund.companies.domain.placement import place_companies

    return place_companies()


def _claimed_job(job_id: int, status: str):
    """The job, if it is still in the state its starter claimed (not failed as stale meanwhile)."""
    from verbund.companies.models import ImportJob

    job = ImportJob.objects.filter(pk=job_id).select_related("created_by").first()
    return job if job is not None and job.status == status else None


@task()
def check_import_task(job_id: int) -> None:
    from verbund.companies.domain.imports import check_import
    from verbund.companies.enums import ImportStatus
    from verbund.companies.models import ImportJob
    from verbund.core.audit import acting_user
    from verbund.core.jobs import heartbeat

    if (job := _claimed_job(job_id, ImportStatus.CHECKING)) is None:
        return
    with heartbeat(ImportJob, job.pk), acting_user(job.created_by):
        check_import(job=job, claimed=True)


@task()
def apply_import_task(job_id: int) -> None:
    from verbund.companies.domain.imports import apply_import
    from verbund.companies.enums import ImportStatus
    from verbund.companies.models import ImportJob
    from verbund.core.audit import acting_user
    from verbund.core.jobs import heartbeat

    if (job := _claimed_job(job_id, ImportStatus.APPLYING)) is None:
        return
    with heartbeat(ImportJob, job.pk), acting_user(job.created_by):
        apply_import(job=job, user=job.created_by, claimed=True)
