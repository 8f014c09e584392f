"""The change history of a project together with its parts (phases, milestones, team, financing).

Builds on `verbund.core.history` (one object at a time) and merges the entries of every part that
ever belonged to the project, including deleted ones, so that nothing accepted is missing.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from verbund.core.history import HistoryEntry, history_entries
from verbund.programmes.models import (
    ApprovalMilestone,
    FinancingShare,
    Project,
    ProjectPhase,
    TeamMember,
)

PARTS = (ProjectPhase, ApprovalMilestone, TeamMember, FinancingShare)


@dataclass(frozen=True)
class ProjectHistoryItem:
    what: str
    summary: str
    entry: HistoryEntry


def project_history_entries(project: Project) -> list[ProjectHistoryItem]:
    items = [
        ProjectHistoryItem(_("Project"), "", entry)
        for entry in history_entries(Project, project.pk)
    ]
    for model in PARTS:
        latest: dict[int, object] = {}
        for record in model.history.filter(project_id=project.pk).order_by("history_date"):
            latest[record.id] = record
        for pk, record in latest.items():
            label = f"{model._meta.verbose_name}: {record.instance}"
            for entry in history_entries(model, pk):
                items.append(ProjectHistoryItem(str(label), str(record.instance), entry))
    items.sort(key=lambda item: item.entry.when, reverse=True)
    return items
