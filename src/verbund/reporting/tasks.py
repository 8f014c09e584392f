"""Background tasks of the reporting app (thin: load by primary key, call the domain)."""

from django.tasks import task


@task()
def build_report(job_id: int) -> None:
    from verbund.reporting.domain.reports import execute_report
    from verbund.reporting.report_files import report_pdf, report_xlsx

    execute_report(job_id=job_id, build_xlsx=report_xlsx, build_pdf=report_pdf)
