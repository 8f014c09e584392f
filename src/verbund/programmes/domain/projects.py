"""Projects with their phases, approval milestones, team and financing plan.

A project and its parts are written in one transaction: the office edits them on one page, and a
financing plan that does not total 100 % must leave the stored plan untouched.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import models, transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from verbund.core.audit import acting_user, delete_as, save_as
from verbund.core.errors import DomainError
from verbund.programmes.domain.errors import full_clean
from verbund.programmes.enums import MilestoneKind
from verbund.programmes.models import (
    ApprovalMilestone,
    FinancingShare,
    FundingSource,
    Organisation,
    Project,
    ProjectPhase,
    TeamMember,
)

HUNDRED = Decimal("100")
RESERVED_CODES = {"new", "programmes", "measures", "organisations", "sources"}
PROJECT_FIELDS = (
    "measure",
    "code",
    "title",
    "title_en",
    "goal",
    "goal_en",
    "target_group",
    "target_group_en",
    "location",
    "location_en",
    "implementation_state",
    "implementation_state_en",
    "results",
    "results_en",
    "supervising_body",
    "start_month",
    "end_month",
    "status",
    "is_public",
    "beneficiary",
    "country",
    "specific_objective",
    "type_of_intervention",
)


@dataclass(frozen=True)
class PhaseInput:
    name: str
    text: str
    name_en: str = ""
    text_en: str = ""
    id: int | None = None


@dataclass(frozen=True)
class MilestoneInput:
    kind: MilestoneKind | str
    date: dt.date
    note: str = ""
    note_en: str = ""
    id: int | None = None


@dataclass(frozen=True)
class TeamMemberInput:
    name: str
    salutation: str = ""
    role: str = ""
    role_en: str = ""
    id: int | None = None


@dataclass(frozen=True)
class ShareInput:
    source: FundingSource
    percentage: Decimal
    amount: Decimal | None = None
    id: int | None = None


def first_of_month(value: dt.date | None) -> dt.date | None:
    return value.replace(day=1) if value else None


def validate_financing(shares: Sequence[ShareInput]) -> None:
    """The plan is either empty (not yet known) or its shares total exactly 100 %."""
    if not shares:
        return
    sources = [s.source.pk for s in shares]
    if len(set(sources)) != len(sources):
        raise DomainError(
            _("Each funding source may appear only once in the financing plan."),
            field="financing",
            code="duplicate_source",
        )
    for share in shares:
        if not (0 < Decimal(share.percentage) <= HUNDRED):
            raise DomainError(
                _("Each share must be greater than 0 % and at most 100 %."),
                field="financing",
                code="share_range",
            )
    total = sum((Decimal(s.percentage) for s in shares), Decimal(0))
    if total != HUNDRED:
        raise DomainError(
            _("The financing shares add up to %(total)s %%; they must total exactly 100 %%.")
            % {"total": number_format(total.normalize(), use_l10n=True)},
            field="financing",
            code="financing_total",
        )


def validate_duration(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and first_of_month(end) < first_of_month(start):
        raise DomainError(
            _("The project cannot end before it starts."),
            field="end_month",
            code="end_before_start",
        )


def _validate_project(project: Project) -> None:
    if project.code in RESERVED_CODES:
        raise DomainError(_("This operation code is reserved."), field="code", code="reserved")
    validate_duration(project.start_month, project.end_month)
    full_clean(project, exclude=["carriers"])


def _set_fields(project: Project, values: dict) -> bool:
    unknown = set(values) - set(PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"unknown project fields: {sorted(unknown)}")
    for key in ("start_month", "end_month"):
        if key in values:
            values[key] = first_of_month(values[key])
    changed = False
    for name, value in values.items():
        if getattr(project, name, None) != value:
            setattr(project, name, value)
            changed = True
    return changed


def _sync(
    *,
    project: Project,
    model: type[models.Model],
    items: Sequence,
    fields: tuple[str, ...],
    user,
    order_field: str | None = None,
) -> None:
    """Make the project's rows of `model` equal `items`: update by id, create new, delete missing.

    Unchanged rows are not saved, so the history shows only what the user really changed.
    """
    existing = {row.pk: row for row in model.objects.filter(project=project)}
    wanted = {item.id for item in items if item.id in existing}
    # Delete first: a row removed and re-added in the same edit must not collide with itself.
    for pk, row in existing.items():
        if pk not in wanted:
            delete_as(row, user)
    for position, item in enumerate(items):
        row = existing[item.id] if item.id in wanted else model(project=project)
        values = {f: getattr(item, f) for f in fields}
        if order_field:
            values[order_field] = position
        changed = row.pk is None
        for name, value in values.items():
            if getattr(row, name, None) != value:
                setattr(row, name, value)
                changed = True
        if changed:
            full_clean(row, exclude=["project"])
            save_as(row, user)


def _write_parts(
    project: Project,
    *,
    user,
    carriers: Iterable[Organisation] | None,
    phases: Sequence[PhaseInput] | None,
    milestones: Sequence[MilestoneInput] | None,
    team: Sequence[TeamMemberInput] | None,
    financing: Sequence[ShareInput] | None,
) -> None:
    if carriers is not None:
        wanted = {c.pk for c in carriers}
        if wanted != set(project.carriers.values_list("pk", flat=True)):
            with acting_user(user):  # the m2m history row is the project's, authored by `user`
                project.carriers.set(wanted)
    if phases is not None:
        _sync(
            project=project,
            model=ProjectPhase,
            items=phases,
            fields=("name", "name_en", "text", "text_en"),
            user=user,
            order_field="order",
        )
    if milestones is not None:
        _sync(
            project=project,
            model=ApprovalMilestone,
            items=milestones,
            fields=("kind", "date", "note", "note_en"),
            user=user,
        )
    if team is not None:
        _sync(
            project=project,
            model=TeamMember,
            items=team,
            fields=("salutation", "name", "role", "role_en"),
            user=user,
            order_field="order",
        )
    if financing is not None:
        _sync(
            project=project,
            model=FinancingShare,
            items=financing,
            fields=("source", "percentage", "amount"),
            user=user,
        )


@transaction.atomic
def create_project(
    *,
    measure,
    code: str,
    title: str,
    user,
    carriers: Iterable[Organisation] = (),
    phases: Sequence[PhaseInput] = (),
    milestones: Sequence[MilestoneInput] = (),
    team: Sequence[TeamMemberInput] = (),
    financing: Sequence[ShareInput] = (),
    **values,
) -> Project:
    if financing:
        validate_financing(financing)
    project = Project()
    _set_fields(project, {"measure": measure, "code": code, "title": title, **values})
    _validate_project(project)
    save_as(project, user)
    _write_parts(
        project,
        user=user,
        carriers=carriers,
        phases=phases,
        milestones=milestones,
        team=team,
        financing=financing,
    )
    return project


@transaction.atomic
def update_project(
    *,
    project: Project,
    user,
    carriers: Iterable[Organisation] | None = None,
    phases: Sequence[PhaseInput] | None = None,
    milestones: Sequence[MilestoneInput] | None = None,
    team: Sequence[TeamMemberInput] | None = None,
    financing: Sequence[ShareInput] | None = None,
    **values,
) -> Project:
    """Change the given fields and replace the given parts; parts passed as None stay as they are."""
    if financing is not None:
        validate_financing(financing)
    project = Project.objects.select_for_update().get(pk=project.pk)
    if _set_fields(project, values):
        _validate_project(project)
        save_as(project, user)
    _write_parts(
        project,
        user=user,
        carriers=carriers,
        phases=phases,
        milestones=milestones,
        team=team,
        financing=financing,
    )
    return project


@transaction.atomic
def set_financing(*, project: Project, shares: Sequence[ShareInput], user) -> Project:
    return update_project(project=project, financing=shares, user=user)
