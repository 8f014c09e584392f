"""Writes on a competition: setup, criteria, phases, reviewer pool."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.competitions.domain.errors import CompetitionError
from verbund.competitions.enums import NEXT_PHASES, Phase
from verbund.competitions.models import Competition, Criterion, Reviewer

EDITABLE_FIELDS = {
    "title_de", "title_en", "call_text_de", "call_text_en", "opens_at", "deadline",
    "review_deadline", "decision_planned_on", "min_members", "min_share_in_area",
    "carrier_required", "number_to_select", "budget_cap", "reviewers_per_idea", "aggregation",
    "normalise_reviewers", "disagreement_threshold",
}  # fmt: skip
RULE_FIELDS = {"min_members", "min_share_in_area", "carrier_required", "reviewers_per_idea"}
RANKING_FIELDS = {
    "aggregation",
    "normalise_reviewers",
    "disagreement_threshold",
    "number_to_select",
}


@dataclass(frozen=True)
class CriterionSpec:
    name_de: str
    weight: Decimal | float | int
    scale_min: int = 0
    scale_max: int = 10
    name_en: str = ""
    description: str = ""


@transaction.atomic
def create_competition(*, project, title_de: str, deadline, user, **fields) -> Competition:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    return Competition.objects.create(
        project=project, title_de=title_de, deadline=deadline, **fields
    )


@transaction.atomic
def update_competition(*, competition: Competition, user, **fields) -> Competition:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    changed = {k for k, v in fields.items() if getattr(competition, k) != v}
    if competition.is_decided and changed:
        raise CompetitionError(_("The competition is decided; its settings can no longer change."))
    if competition.criteria_locked and changed & RULE_FIELDS:
        raise CompetitionError(_("Eligibility rules are fixed once the review has started."))
    for k, v in fields.items():
        setattr(competition, k, v)
    competition.full_clean(exclude=["project"])
    competition.save()
    return competition


@transaction.atomic
def set_criteria(*, competition: Competition, criteria: Sequence[CriterionSpec], user) -> None:
    """Replace the criteria; refused once review has started (they are fixed before review)."""
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if competition.criteria_locked:
        raise CompetitionError(_("The criteria are fixed once the review has started."))
    if not criteria:
        raise CompetitionError(_("A competition needs at least one criterion."))
    for spec in criteria:
        if spec.scale_max <= spec.scale_min:
            raise CompetitionError(
                _("%(name)s: the highest score must be above the lowest.") % {"name": spec.name_de}
            )
        if Decimal(str(spec.weight)) <= 0:
            raise CompetitionError(
                _("%(name)s: the weight must be positive.") % {"name": spec.name_de}
            )
    existing = list(competition.criteria.order_by("position", "pk"))
    for position, spec in enumerate(criteria):
        values = {
            "name_de": spec.name_de, "name_en": spec.name_en, "description": spec.description,
            "weight": Decimal(str(spec.weight)), "scale_min": spec.scale_min,
            "scale_max": spec.scale_max, "position": position,
        }  # fmt: skip
        if position < len(existing):
            criterion = existing[position]
            for k, v in values.items():
                setattr(criterion, k, v)
            criterion.save()
        else:
            Criterion.objects.create(competition=competition, **values)
    for criterion in existing[len(criteria) :]:
        criterion.delete()


@transaction.atomic
def change_phase(*, competition: Competition, to: Phase | str, user) -> Competition:
    """Move to the next phase; only the transitions in NEXT_PHASES are allowed."""
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    to = Phase(to)
    if to not in NEXT_PHASES[Phase(competition.phase)]:
        raise CompetitionError(
            _("A competition cannot move from “%(a)s” to “%(b)s”.")
            % {"a": competition.get_phase_display(), "b": to.label}
        )
    if to == Phase.IN_REVIEW and not competition.criteria.exists():
        raise CompetitionError(_("Set the evaluation criteria before the review starts."))
    if to == Phase.DECIDED and not hasattr(competition, "decision"):
        raise CompetitionError(_("Record the decision first."))
    if to == Phase.OPEN and competition.opens_at is None:
        competition.opens_at = timezone.now()
    if to == Phase.PUBLISHED:
        competition.published_at = timezone.now()
    competition.phase = to
    competition.save()
    return competition


@transaction.atomic
def add_reviewer(*, competition: Competition, reviewer_user, user) -> Reviewer:
    reviewer, created = Reviewer.objects.get_or_create(competition=competition, user=reviewer_user)
    if not created and not reviewer.active:
        reviewer.active = True
        reviewer.save(update_fields=["active"])
    from verbund.competitions.domain.reviews import detect_conflicts

    detect_conflicts(competition=competition, user=user)
    return reviewer
