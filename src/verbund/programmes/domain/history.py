"""The change history of a project together with its parts (phases, milestones, team, financing).

Builds on `verbund.core.history` (one object at a time) and merges the entries of every part that
ever belonged to the project, including deleted ones, so that nothing accepted is missing.
"""

from collections import defaultdict
from dataclasses import dataclass, replace

from django.utils.translation import gettext as _

from verbund.core.history import (
    FieldChange,
    HistoryEntry,
    entries_from_records,
    history_entries,
)
from verbund.programmes.models import (
    ApprovalMilestone,
    FinancingShare,
    Organisation,
    Project,
    ProjectPhase,
    TeamMember,
)

PARTS = (ProjectPhase, ApprovalMilestone, TeamMember, FinancingShare)


@dataclass(frozen=True)
class ProjectHistoryItem:
    what: str
    entry: HistoryEntry


def _carrier_names(entry: HistoryEntry, names: dict[int, str]) -> HistoryEntry:
    """Many-to-many changes arrive as lists of through-rows; show organisation names instead."""
    label = str(Project._meta.get_field("carriers").verbose_name)

    def readable(value):
        if isinstance(value, list):
            return ", ".join(sorted(names.get(row.get("organisation"), "?") for row in value))
        return value

    changes = [
        FieldChange(c.field, readable(c.old), readable(c.new)) if c.field == label else c
        for c in entry.changes
    ]
    return replace(entry, changes=changes)


def _instance(record, related: list[str]):
    """The part as it was, with the related objects loaded alongside (its name may use them)."""
    instance = record.instance
    for name in related:
        if (value := getattr(record, name)) is not None:
            setattr(instance, name, value)
    return instance


def project_history_entries(project: Project) -> list[ProjectHistoryItem]:
    names = dict(Organisation.objects.values_list("pk", "name"))
    items = [
        ProjectHistoryItem(_("Project"), _carrier_names(entry, names))
        for entry in history_entries(Project, project.pk)
    ]
    for model in PARTS:
        related = [
            f.name for f in model._meta.concrete_fields if f.is_relation and f.name != "project"
        ]
        records = (
            model.history.filter(project_id=project.pk)
            .select_related("history_user", *related)
            .order_by("history_date", "history_id")
        )
        by_object: dict[int, list] = defaultdict(list)
        for record in records:
            by_object[record.id].append(record)
        for versions in by_object.values():
            label = f"{model._meta.verbose_name}: {_instance(versions[-1], related)}"
            items.extend(
                ProjectHistoryItem(label, entry) for entry in entries_from_records(model, versions)
            )
    items.sort(key=lambda item: item.entry.when, reverse=True)
    return items
