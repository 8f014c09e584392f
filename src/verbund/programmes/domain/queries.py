"""Read helpers: which projects a user may see, loaded with what the pages show."""

from django.db.models import Prefetch, QuerySet

from verbund.core.rules import can_read_everything
from verbund.programmes.models import ApprovalMilestone, Project


def visible_projects(user) -> QuerySet[Project]:
    """Public projects for everyone; all projects for the office and the auditor."""
    projects = Project.objects.select_related("measure__programme", "supervising_body")
    if can_read_everything(user):
        return projects
    return projects.filter(is_public=True)


def project_for_sheet(code: str, user) -> Project | None:
    """One project with every part the fact sheet shows, or None when the user may not see it."""
    return (
        visible_projects(user)
        .prefetch_related(
            "carriers",
            "phases",
            "team",
            "financing__source",
            Prefetch("milestones", queryset=ApprovalMilestone.objects.order_by("date", "pk")),
        )
        .filter(code=code)
        .first()
    )
