"""Reporting in the navigation and on the start pages of the office and the auditor."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbund.core.start import Section, Task, nav, section

nav(gettext_lazy("Reporting"), "reporting:index", perm="reporting.view_reporting", order=60)


@section(order=60)
def reporting_tasks(user) -> Section | None:
    """The office and the auditor: indicators, progress and the latest programme reports."""
    if not user.has_perm("reporting.view_reporting"):
        return None
    from verbund.reporting.domain.queries import report_jobs

    tasks = [
        Task(_("Indicators and values"), reverse("reporting:index")),
        Task(_("Progress against targets"), reverse("reporting:progress")),
    ]
    tasks += [
        Task(str(job), job.get_absolute_url(), state=job.get_status_display())
        for job in report_jobs()[:3]
    ]
    return Section(_("Reporting"), tasks, more_url=reverse("reporting:reports"))
