"""Writes on a competition: setup, criteria, phases, reviewer pool.

Criteria and eligibility rules are free to change while the call is a draft. Once it opens (or
the first idea arrives) a change is an amendment: it needs a reason, is recorded as an `Amendment`
with the values before and after, and the call page shows it to applicants. Once the review has
started they are fixed.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.competitions.domain.errors import CompetitionError
from verbund.competitions.domain.writes import domain_write
from verbund.competitions.enums import NEXT_PHASES, Phase
from verbund.competitions.models import (
    SCORE_SCALE_LIMIT,
    Amendment,
    Competition,
    Criterion,
    Reviewer,
)
from verbund.core.audit import delete_as, save_as

EDITABLE_FIELDS = {
    "title", "title_en", "call_text", "call_text_en", "opens_at", "deadline",
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
    name: str
    weight: Decimal | float | int
    scale_min: int = 0
    scale_max: int = 10
    name_en: str = ""
    description: str = ""


@domain_write
def create_competition(*, project, title: str, deadline, user, **fields) -> Competition:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    competition = Competition(project=project, title=title, deadline=deadline, **fields)
    _check(competition)
    save_as(competition, user)
    return competition


def _check(competition: Competition) -> None:
    """The model's own limits (digits, lengths, validators) as a domain error naming the field."""
    try:
        competition.full_clean(exclude=["project"], validate_unique=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise CompetitionError(
            " ".join(messages), field=None if field == "__all__" else field
        ) from exc
    if (
        competition.opens_at
        and competition.deadline
        and competition.deadline < competition.opens_at
    ):
        raise CompetitionError(
            _("The submission deadline lies before the opening."), field="deadline"
        )


def needs_amendment(competition: Competition) -> bool:
    """Criteria and rules are published: the call has opened or an idea has arrived."""
    return competition.phase != Phase.DRAFT or competition.submissions.exists()


def _require_reason(reason: str, field: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise CompetitionError(
            _(
                "The call is open: criteria and eligibility rules change only by an amendment, "
                "which applicants see. Give the reason for the amendment."
            ),
            field=field,
            code="amendment_reason",
        )
    return reason


def _shown(value) -> str | int | bool | None:
    """A value as the amendment's JSON keeps it."""
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


@domain_write
def update_competition(
    *, competition: Competition, user, amendment_reason: str = "", **fields
) -> Competition:
    """Change the settings; a change of an eligibility rule after the call opened is an
    amendment and needs `amendment_reason`."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    changed = {k for k, v in fields.items() if getattr(competition, k) != v}
    if competition.is_decided and changed:
        raise CompetitionError(_("The competition is decided; its settings can no longer change."))
    if competition.criteria_locked and changed & RULE_FIELDS:
        raise CompetitionError(_("Eligibility rules are fixed once the review has started."))
    amended = sorted(changed & RULE_FIELDS) if needs_amendment(competition) else []
    reason = _require_reason(amendment_reason, "amendment_reason") if amended else ""
    before = {k: _shown(getattr(competition, k)) for k in amended}
    for k, v in fields.items():
        setattr(competition, k, v)
    _check(competition)
    save_as(competition, user)
    if amended:
        save_as(
            Amendment(
                competition=competition, made_by=user, reason=reason,
                changes=[
                    {"field": k, "before": before[k], "after": _shown(getattr(competition, k))}
                    for k in amended
                ],
            ),
            user,
        )  # fmt: skip
    return competition


def check_criterion(spec: CriterionSpec) -> None:
    """Lengths of the names, a scale that scores can be stored on, a weight the model can hold."""
    for name in ("name", "name_en"):
        limit = Criterion._meta.get_field(name).max_length
        if len(getattr(spec, name) or "") > limit:
            raise CompetitionError(
                _("At most %(n)s characters.") % {"n": limit}, field=name, code="max_length"
            )
    limit = SCORE_SCALE_LIMIT
    for name in ("scale_min", "scale_max"):
        if abs(int(getattr(spec, name))) > limit:
            raise CompetitionError(
                _("%(name)s: a score must lie between -%(n)s and %(n)s.")
                % {"name": spec.name, "n": limit},
                field=name,
            )
    weight = Criterion._meta.get_field("weight")
    try:
        value = Decimal(str(spec.weight))
    except ArithmeticError as exc:
        raise CompetitionError(_("The weight is not a number."), field="weight") from exc
    if not value.is_finite() or value.adjusted() >= weight.max_digits - weight.decimal_places:
        raise CompetitionError(
            _("%(name)s: the weight is too large.") % {"name": spec.name}, field="weight"
        )


def _criterion_values(c) -> dict:
    return {
        "name": c.name, "name_en": c.name_en, "weight": str(Decimal(str(c.weight)).normalize()),
        "scale_min": int(c.scale_min), "scale_max": int(c.scale_max),
    }  # fmt: skip


def _criteria_changes(existing: list[Criterion], criteria: Sequence[CriterionSpec]) -> list[dict]:
    """Per position, the criterion before and after (None: added or removed); unchanged left out."""
    changes = []
    for position in range(max(len(existing), len(criteria))):
        before = _criterion_values(existing[position]) if position < len(existing) else None
        after = _criterion_values(criteria[position]) if position < len(criteria) else None
        if before != after:
            changes.append({"criterion": position + 1, "before": before, "after": after})
    return changes


@domain_write
def set_criteria(
    *, competition: Competition, criteria: Sequence[CriterionSpec], user, amendment_reason: str = ""
) -> None:
    """Replace the criteria; after the call opened an amendment (`amendment_reason` required),
    refused once review has started (they are fixed before review)."""
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if competition.criteria_locked:
        raise CompetitionError(_("The criteria are fixed once the review has started."))
    if not criteria:
        raise CompetitionError(_("A competition needs at least one criterion."))
    for spec in criteria:
        check_criterion(spec)
        if spec.scale_max <= spec.scale_min:
            raise CompetitionError(
                _("%(name)s: the highest score must be above the lowest.") % {"name": spec.name}
            )
        if Decimal(str(spec.weight)) <= 0:
            raise CompetitionError(
                _("%(name)s: the weight must be positive.") % {"name": spec.name}
            )
    existing = list(competition.criteria.order_by("position", "pk"))
    changes = _criteria_changes(existing, criteria) if needs_amendment(competition) else []
    if changes:
        save_as(
            Amendment(
                competition=competition, made_by=user, changes=changes,
                reason=_require_reason(amendment_reason, "amendment_reason"),
            ),
            user,
        )  # fmt: skip
    for position, spec in enumerate(criteria):
        values = {
            "name": spec.name, "name_en": spec.name_en, "description": spec.description,
            "weight": Decimal(str(spec.weight)), "scale_min": spec.scale_min,
            "scale_max": spec.scale_max, "position": position,
        }  # fmt: skip
        if position < len(existing):
            criterion = existing[position]
            for k, v in values.items():
                setattr(criterion, k, v)
        else:
            criterion = Criterion(competition=competition, **values)
        save_as(criterion, user)
    for criterion in existing[len(criteria) :]:
        delete_as(criterion, user)


@domain_write
def change_phase(*, competition: Competition, to: Phase | str, user, now=None) -> Competition:
    """Move to the next phase; only the transitions in NEXT_PHASES are allowed.

    `now` (default: the clock) stamps the opening and the publication."""
    now = now or timezone.now()
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
        competition.opens_at = now
    if to == Phase.PUBLISHED:
        competition.published_at = now
    competition.phase = to
    save_as(competition, user)
    return competition


@domain_write
def add_reviewer(*, competition: Competition, reviewer_user, user) -> Reviewer:
    """Put a user into the pool; idempotent (get-or-create under the pool's unique constraint)."""
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    reviewer, created = Reviewer.objects.get_or_create(competition=competition, user=reviewer_user)
    if not created and not reviewer.active:
        reviewer.active = True
        save_as(reviewer, user, update_fields=["active"])
    from verbund.competitions.domain.reviews import detect_conflicts

    detect_conflicts(competition=competition, user=user)
    return reviewer
