"""The catalogue of measures: edited by the carrier (and the accompanying consultancy), submitted,
approved or sent back by the office. Each approval stores a snapshot (a CatalogueVersion), so that
`catalogue_changes_since_approval` shows what changed after it.

While the office looks at a submitted catalogue, it cannot be edited; after approval it can, and the
differences to the approved version are shown until the next approval.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.audit import delete_as, save_as
from verbund.networks.domain.errors import NetworkError
from verbund.networks.enums import CatalogueState, MeasureStatus, MeasureType
from verbund.networks.models import (
    CatalogueVersion,
    Measure,
    Membership,
    Network,
    RealizationOption,
)

MEASURE_FIELDS = (
    "title", "title_en", "type", "goal", "goal_en", "responsible", "planned_start",
    "planned_end", "actual_start", "actual_end", "planned_budget", "progress", "status",
)  # fmt: skip
SNAPSHOT_FIELDS = (
    "title", "type", "goal", "responsible", "participants", "planned_start", "planned_end",
    "actual_start", "actual_end", "planned_budget", "progress", "status",
)  # fmt: skip


def _editable(network: Network) -> None:
    if network.catalogue_state == CatalogueState.SUBMITTED:
        raise NetworkError(
            _("The catalogue is with the office for approval; it can be edited again once the "
              "office has approved it or sent it back.")
        )  # fmt: skip


def _check_dates(start, end, end_field: str) -> None:
    if start and end and end < start:
        raise NetworkError(_("The end lies before the start."), field=end_field)


def validate_measure(network: Network, values: dict, participants) -> dict:
    """Cleaned values, or a NetworkError naming the first field that is wrong."""
    values = dict(values)
    if not (values.get("title") or "").strip():
        raise NetworkError(_("A measure needs a title."), field="title")
    if values.get("type") not in MeasureType.values:
        raise NetworkError(_("Choose the type of the measure."), field="type")
    values.setdefault("status", MeasureStatus.PLANNING)
    if values["status"] not in MeasureStatus.values:
        raise NetworkError(_("Unknown status."), field="status")
    _check_dates(values.get("planned_start"), values.get("planned_end"), "planned_end")
    _check_dates(values.get("actual_start"), values.get("actual_end"), "actual_end")
    try:
        progress = int(values.get("progress") or 0)
    except (TypeError, ValueError):
        raise NetworkError(_("Enter the progress as a whole number."), field="progress") from None
    if not 0 <= progress <= 100:
        raise NetworkError(_("Progress must lie between 0 and 100 %."), field="progress")
    values["progress"] = progress
    budget = values.get("planned_budget")
    if budget not in (None, ""):
        try:
            budget = Decimal(budget)
        except (InvalidOperation, TypeError, ValueError):
            raise NetworkError(_("Enter an amount."), field="planned_budget") from None
        if budget < 0:
            raise NetworkError(_("The budget cannot be negative."), field="planned_budget")
        values["planned_budget"] = budget
    else:
        values["planned_budget"] = None
    current = set(
        Membership.objects.filter(network=network, left__isnull=True).values_list("pk", flat=True)
    )
    responsible = values.get("responsible")
    if responsible is not None and responsible.pk not in current:
        raise NetworkError(
            _("The responsible company is not a member of this network."), field="responsible"
        )
    for member in participants or ():
        if member.pk not in current:
            raise NetworkError(
                _("%(company)s is not a member of this network.") % {"company": member},
                field="participants",
            )
    return values


@transaction.atomic
def create_measure(*, network: Network, user, participants=(), **values) -> Measure:
    network = Network.objects.select_for_update().get(pk=network.pk)
    _editable(network)
    values = validate_measure(
        network, {k: values.get(k) for k in MEASURE_FIELDS if k in values}, participants
    )
    measure = Measure(network=network, **values)
    save_as(measure, user)
    measure.participants.set(list(participants or ()))
    return measure


@transaction.atomic
def update_measure(*, measure: Measure, user, participants=None, **values) -> Measure:
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    network = Network.objects.select_for_update().get(pk=measure.network_id)
    _editable(network)
    merged = {k: getattr(measure, k) for k in MEASURE_FIELDS}
    merged.update({k: v for k, v in values.items() if k in MEASURE_FIELDS})
    if participants is None:
        participants = list(measure.participants.all())
    merged = validate_measure(network, merged, participants)
    for key, value in merged.items():
        setattr(measure, key, value)
    save_as(measure, user)
    if {p.pk for p in participants} != set(measure.participants.values_list("pk", flat=True)):
        measure.participants.set(list(participants))
    return measure


@transaction.atomic
def delete_measure(*, measure: Measure, user) -> None:
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    _editable(Network.objects.select_for_update().get(pk=measure.network_id))
    delete_as(measure, user)


@transaction.atomic
def add_option(*, measure: Measure, text: str, user, companies=(), chosen: bool = False):
    if not (text or "").strip():
        raise NetworkError(_("Describe the realization option."), field="text")
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    _editable(Network.objects.get(pk=measure.network_id))
    members = set(
        Membership.objects.filter(network_id=measure.network_id, left__isnull=True).values_list(
            "company_id", flat=True
        )
    )
    for company in companies:
        if company.pk not in members:
            raise NetworkError(
                _("%(company)s is not a member of this network.") % {"company": company},
                field="companies",
            )
    if chosen:
        for other in measure.options.filter(chosen=True):
            other.chosen = False
            save_as(other, user)
    option = RealizationOption(measure=measure, text=text.strip(), chosen=chosen)
    save_as(option, user)
    option.companies.set(list(companies))
    return option


@transaction.atomic
def choose_option(*, option: RealizationOption, user) -> RealizationOption:
    option = RealizationOption.objects.select_for_update().get(pk=option.pk)
    _editable(Network.objects.get(pk=option.measure.network_id))
    for other in option.measure.options.filter(chosen=True).exclude(pk=option.pk):
        other.chosen = False
        save_as(other, user)
    if not option.chosen:
        option.chosen = True
        save_as(option, user)
    return option


# Submission and approval ------------------------------------------------------------------------


@transaction.atomic
def submit_catalogue(*, network: Network, user) -> Network:
    network = Network.objects.select_for_update().get(pk=network.pk)
    if network.catalogue_state == CatalogueState.SUBMITTED:
        raise NetworkError(_("The catalogue has been submitted already."))
    if not network.measures.exists():
        raise NetworkError(_("Add at least one measure before submitting the catalogue."))
    if network.catalogue_state == CatalogueState.APPROVED:
        changes = catalogue_changes_since_approval(network)
        if changes is not None and not changes:
            raise NetworkError(_("Nothing has changed since the approval."))
    network.catalogue_state = CatalogueState.SUBMITTED
    save_as(network, user)
    return network


def _submitted(network: Network) -> Network:
    network = Network.objects.select_for_update().get(pk=network.pk)
    if network.catalogue_state != CatalogueState.SUBMITTED:
        raise NetworkError(_("Only a submitted catalogue can be approved or sent back."))
    return network


@transaction.atomic
def approve_catalogue(*, network: Network, user) -> CatalogueVersion:
    network = _submitted(network)
    network.catalogue_state = CatalogueState.APPROVED
    network.catalogue_comment = ""
    save_as(network, user)
    last = network.catalogue_versions.order_by("-number").first()
    return CatalogueVersion.objects.create(
        network=network, number=(last.number + 1) if last else 1, approved_at=timezone.now(),
        approved_by=user, snapshot=snapshot(network),
    )  # fmt: skip


@transaction.atomic
def return_catalogue(*, network: Network, comment: str, user) -> Network:
    if not (comment or "").strip():
        raise NetworkError(_("Say what the carrier should change."), field="comment")
    network = _submitted(network)
    network.catalogue_state = CatalogueState.RETURNED
    network.catalogue_comment = comment.strip()
    save_as(network, user)
    return network


# Snapshot and diff ------------------------------------------------------------------------------


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value if isinstance(value, (int, str)) else str(value)


def snapshot(network: Network) -> list[dict]:
    """The measures as plain JSON values (company names, ISO dates, amounts as text)."""
    measures = (
        Measure.objects.filter(network=network)
        .select_related("responsible__company")
        .prefetch_related("participants__company")
        .order_by("pk")
    )
    rows = []
    for m in measures:
        rows.append(
            {
                "id": m.pk,
                "title": m.title,
                "type": m.type,
                "goal": m.goal,
                "responsible": str(m.responsible.company) if m.responsible else "",
                "participants": sorted(str(p.company) for p in m.participants.all()),
                **{
                    f: _plain(getattr(m, f))
                    for f in (
                        "planned_start",
                        "planned_end",
                        "actual_start",
                        "actual_end",
                        "planned_budget",
                        "progress",
                        "status",
                    )
                },
            }
        )
    return rows


@dataclass
class FieldChange:
    field: str
    before: object
    after: object


@dataclass
class MeasureChange:
    title: str
    fields: list[FieldChange]


@dataclass
class CatalogueChanges:
    version: int
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[MeasureChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def diff_snapshots(before: list[dict], after: list[dict], *, version: int = 0) -> CatalogueChanges:
    old = {row["id"]: row for row in before}
    new = {row["id"]: row for row in after}
    changes = CatalogueChanges(version=version)
    changes.added = [new[k] for k in new if k not in old]
    changes.removed = [old[k] for k in old if k not in new]
    for key in new.keys() & old.keys():
        fields = [
            FieldChange(f, old[key].get(f), new[key].get(f))
            for f in SNAPSHOT_FIELDS
            if old[key].get(f) != new[key].get(f)
        ]
        if fields:
            changes.changed.append(MeasureChange(new[key]["title"], fields))
    changes.changed.sort(key=lambda c: c.title)
    return changes


def catalogue_changes_since_approval(network: Network) -> CatalogueChanges | None:
    """What changed since the last approval; None when the catalogue was never approved."""
    version = network.catalogue_versions.order_by("-number").first()
    if version is None:
        return None
    return diff_snapshots(version.snapshot, snapshot(network), version=version.number)
