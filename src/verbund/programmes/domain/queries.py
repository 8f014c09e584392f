"""Read helpers: which projects a user may see, loaded with what the pages show."""

from django.db.models import Prefetch, QuerySet

from verbund.core.rules import can_read_everything
from verbund.programmes.models import (
    ApprovalMilestone,
    FundingSource,
    Measure,
    Organisation,
    Programme,
    Project,
)


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


# Reads for the programmes pages and for other apps (competitions, networks ask through these) -----


def project_by_code(code: str) -> Project | None:
    return Project.objects.filter(code=code).first()


def projects() -> QuerySet[Project]:
    """Every project, by operation code (e.g. for a choice field of the office)."""
    return Project.objects.order_by("code")


def organisation_by_name(name: str) -> Organisation | None:
    return Organisation.objects.filter(name=name).first()


def organisations() -> QuerySet[Organisation]:
    """Every organisation (carriers, consultancies, authorities), by name."""
    return Organisation.objects.order_by("name")


def funding_sources() -> QuerySet[FundingSource]:
    return FundingSource.objects.order_by("name")


def programmes() -> QuerySet[Programme]:
    return Programme.objects.all()


def programme_page(pk: int) -> tuple[Programme, QuerySet[Measure]] | None:
    """A programme with its measures, or None when there is no such programme."""
    programme = Programme.objects.filter(pk=pk).first()
    return (programme, programme.measures.all()) if programme else None


def measure_with_programme(pk: int) -> Measure | None:
    return Measure.objects.select_related("programme").filter(pk=pk).first()
