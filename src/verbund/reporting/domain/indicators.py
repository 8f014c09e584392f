"""Writing indicators, their intermediate targets, entered values and notes.

An entered value needs an evidence file and a period inside the indicator's term: the project's
term, or, for an indicator of a network that has a contract, the contract's term as well (values
reported from a contract's milestones may run to the contract's end). A derived indicator has no
entered values: its values come from the records and are only annotated.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Max, Min
from django.utils.translation import gettext as _

from verbund.contracts.models import Contract
from verbund.core.audit import delete_as, save_as
from verbund.core.errors import DomainError
from verbund.core.uploads import validate_upload
from verbund.reporting.domain.derived import DEFINITIONS
from verbund.reporting.domain.periods import Period, project_term
from verbund.reporting.enums import EVIDENCE_KINDS, Derivation
from verbund.reporting.models import Indicator, IndicatorMilestone, IndicatorNote, IndicatorValue

FIELDS = ("code", "name", "name_en", "unit", "unit_en", "baseline", "target", "target_date",
          "derivation", "definition", "definition_en", "order", "network")  # fmt: skip
LIMIT = Decimal("1e12")


def _amount(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DomainError(_("enter a number"), field=field) from None
    if not amount.is_finite() or abs(amount) >= LIMIT:
        raise DomainError(_("enter a number below one trillion"), field=field)
    if amount < 0:
        raise DomainError(_("the value cannot be negative"), field=field)
    return amount.quantize(Decimal("0.01"))


def _validate(indicator: Indicator) -> None:
    indicator.code = (indicator.code or "").strip()
    indicator.name = (indicator.name or "").strip()
    if not indicator.code:
        raise DomainError(_("an indicator needs a code"), field="code")
    if not indicator.name:
        raise DomainError(_("an indicator needs a name"), field="name")
    if not (indicator.unit or "").strip():
        raise DomainError(_("an indicator needs a unit"), field="unit")
    if indicator.derivation not in Derivation.values:
        raise DomainError(_("unknown kind of values"), field="derivation")
    indicator.baseline = _amount(indicator.baseline or 0, "baseline")
    indicator.target = _amount(indicator.target, "target")
    if indicator.network_id and indicator.network.project_id != indicator.project_id:
        raise DomainError(_("the network belongs to another project"), field="network")
    if indicator.is_derived and not indicator.definition:
        # the definition shown next to a derived value is the one the derivation implements
        with _german():
            indicator.definition = str(DEFINITIONS[indicator.derivation])
        with _english():
            indicator.definition_en = str(DEFINITIONS[indicator.derivation])
    duplicate = Indicator.objects.filter(
        project_id=indicator.project_id, network_id=indicator.network_id, code=indicator.code
    ).exclude(pk=indicator.pk)
    if duplicate.exists():
        raise DomainError(_("this code is already used in this scope"), field="code")


def _german():
    from django.utils import translation

    return translation.override("de")


def _english():
    from django.utils import translation

    return translation.override("en")


@transaction.atomic
def create_indicator(*, project, user, milestones=(), **values) -> Indicator:
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown indicator fields: {sorted(unknown)}")
    indicator = Indicator(project=project, **values)
    _validate(indicator)
    save_as(indicator, user)
    set_milestones(indicator=indicator, milestones=milestones, user=user)
    return indicator


@transaction.atomic
def update_indicator(*, indicator: Indicator, user, milestones=None, **values) -> Indicator:
    """Change an indicator; its kind of values cannot change once values were entered."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown indicator fields: {sorted(unknown)}")
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if (
        "derivation" in values
        and values["derivation"] != indicator.derivation
        and indicator.values.exists()
    ):
        raise DomainError(
            _("values were entered for this indicator: its kind of values stays"),
            field="derivation",
        )
    if values.get("derivation", indicator.derivation) != indicator.derivation:
        values.setdefault("definition", "")
        values.setdefault("definition_en", "")
    changed = [k for k, v in values.items() if getattr(indicator, k) != v]
    for k in changed:
        setattr(indicator, k, values[k])
    _validate(indicator)
    if changed:
        save_as(indicator, user)
    if milestones is not None:
        set_milestones(indicator=indicator, milestones=milestones, user=user)
    return indicator


def set_milestones(*, indicator: Indicator, milestones, user) -> None:
    """Replace the intermediate targets with `milestones`: (date, value) pairs."""
    wanted: dict[dt.date, Decimal] = {}
    for day, value in milestones:
        if day in wanted:
            raise DomainError(_("two intermediate targets on the same date"), field="milestones")
        wanted[day] = _amount(value, "milestones")
    existing = {m.date: m for m in IndicatorMilestone.objects.filter(indicator=indicator)}
    for day, m in existing.items():
        if day not in wanted:
            delete_as(m, user)
        elif m.value != wanted[day]:
            m.value = wanted[day]
            save_as(m, user)
    for day, value in wanted.items():
        if day not in existing:
            save_as(IndicatorMilestone(indicator=indicator, date=day, value=value), user)


def allowed_term(indicator: Indicator) -> Period | None:
    """The project's term, widened to its network's contract term for a network's indicator."""
    term = project_term(indicator.project)
    if indicator.network_id:
        span = Contract.objects.filter(network_id=indicator.network_id).aggregate(
            start=Min("award_date"), end=Max("end_date")
        )
        if span["start"]:
            if term is None:
                return Period(span["start"], span["end"])
            return Period(min(term.start, span["start"]), max(term.end, span["end"]))
    return term


def _check_period(indicator: Indicator, start, end) -> Period:
    if start is None:
        raise DomainError(_("enter the first day of the period"), field="period_start")
    if end is None:
        raise DomainError(_("enter the last day of the period"), field="period_end")
    if end < start:
        raise DomainError(_("the period ends before it starts"), field="period_end")
    period = Period(start, end)
    term = allowed_term(indicator)
    if term is None:
        raise DomainError(
            _("the project has no term yet: enter its start and end first"), field="period_start"
        )
    if not period.within(term):
        raise DomainError(
            _("the period must lie inside the term %(term)s") % {"term": term.label},
            field="period_start" if start < term.start else "period_end",
        )
    return period


@transaction.atomic
def enter_value(
    *, indicator: Indicator, period_start, period_end, value, upload, user, note: str = ""
) -> IndicatorValue:
    """Record an entered value for one period, with its evidence file."""
    indicator = Indicator.objects.select_related("project").get(pk=indicator.pk)
    if indicator.is_derived:
        raise DomainError(
            _("this value is derived from the records and cannot be entered; add a note instead"),
            field="value",
        )
    period = _check_period(indicator, period_start, period_end)
    amount = _amount(value, "value")
    if upload is None:
        raise DomainError(_("attach the evidence for the value"), field="file")
    kind = validate_upload(upload, kinds=EVIDENCE_KINDS, field="file")
    if IndicatorValue.objects.filter(
        indicator=indicator, period_start=period.start, period_end=period.end
    ).exists():
        raise DomainError(_("a value for this period exists already"), field="period_start")
    entry = IndicatorValue(
        indicator=indicator, period_start=period.start, period_end=period.end, value=amount,
        note=(note or "").strip(), file=upload, name=getattr(upload, "name", "evidence")[:200],
        kind=kind, size=upload.size, uploaded_by=user,
    )  # fmt: skip
    try:
        with transaction.atomic():
            save_as(entry, user)
    except IntegrityError:  # a second click raced the first: one value for the period
        raise DomainError(
            _("a value for this period exists already"), field="period_start"
        ) from None
    return entry


@transaction.atomic
def annotate(*, indicator: Indicator, period_start, period_end, text: str, user) -> IndicatorNote:
    """A note on the value of a period (the only hand-written part of a derived value)."""
    indicator = Indicator.objects.select_related("project").get(pk=indicator.pk)
    text = (text or "").strip()
    if not text:
        raise DomainError(_("write the note"), field="text")
    if period_start is None or period_end is None or period_end < period_start:
        raise DomainError(_("enter a period that ends on or after its start"), field="period_end")
    same = IndicatorNote.objects.filter(
        indicator=indicator, period_start=period_start, period_end=period_end, text=text
    ).first()
    if same is not None:  # a double click writes one note
        return same
    note = IndicatorNote(
        indicator=indicator, period_start=period_start, period_end=period_end, text=text,
        created_by=user,
    )  # fmt: skip
    save_as(note, user)
    return note
