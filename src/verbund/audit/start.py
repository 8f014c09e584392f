"""The audit pages in the navigation and on the start pages of the office and the auditor."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbund.core.start import Section, Task, nav, section

nav(gettext_lazy("Audit"), "audit:log", perm="audit.view_log", order=80)


@section(order=85)
def audit_tasks(user) -> Section | None:
    """The office and the auditor: the audit log, the auditor's file per project, retention."""
    if not user.has_perm("audit.view_log"):
        return None
    tasks = [
        Task(_("Audit log: who did what, when"), reverse("audit:log")),
        Task(_("Auditor's file per project (XLSX, PDF)"), reverse("audit:projects")),
        Task(_("Retention of records and personal data"), reverse("audit:retention")),
    ]
    return Section(_("Audit"), tasks)
