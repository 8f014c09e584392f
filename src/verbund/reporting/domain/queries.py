"""Every read of the reporting app that pages, files, the fact sheet and the API need.

Values are computed on request from the records and cached with Django's cache framework under a
key that holds the data version (`core.cache.data_version`: the newest history row of every table
with history, one query), so a change to a membership, an activity, a payment or an indicator is visible on the
next request, in every process that shares the cache; nothing needs exporting by hand.

Stable functions for the API (plain lists of dicts with exactly the open-data fields):

- `operation_rows() -> list[dict]`: the list of operations (Art. 49(3) Regulation (EU) 2021/1060),
  one dict per operation with the keys of `OPERATION_FIELDS`; `contractors` is a list of names,
  dates are `datetime.date`, `updated` a `datetime.datetime`, money and rates are `Decimal`.
- `indicator_rows() -> list[dict]`: one dict per indicator with the keys of `INDICATOR_FIELDS`;
  numbers are `Decimal`, `period` an ISO 8601 interval (`2002-06-01/2004-06-30`), `scope` the
  operation code, or `operation code/network slug` for a network's indicator.

Neither holds personal data nor any list of enterprises.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Max, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from verbund.contracts.enums import MilestoneState, PaymentState
from verbund.contracts.models import (
    Contract,
    Milestone,
    MilestoneTransition,
    Payment,
    PaymentPart,
)
from verbund.core.cache import data_version
from verbund.networks.domain.queries import health_of_many
from verbund.networks.models import Activity, Network
from verbund.programmes.enums import ProjectStatus, SourceKind
from verbund.programmes.models import FinancingShare, Programme, Project
from verbund.reporting.domain import derived
from verbund.reporting.domain.periods import Period, project_term, to_date, years_of
from verbund.reporting.models import (
    Indicator,
    IndicatorMilestone,
    IndicatorNote,
    IndicatorValue,
    ReportJob,
)

CACHE_SECONDS = 60 * 60
OPERATION_FIELDS = (
    "operation_code", "operation_name", "beneficiary", "contractors", "purpose_and_achievements",
    "start_date", "end_date", "total_cost_eur", "fund", "specific_objective",
    "union_cofinancing_rate", "location", "country", "type_of_intervention", "updated",
)  # fmt: skip
INDICATOR_FIELDS = ("code", "name", "unit", "baseline", "target", "value", "period", "scope")
PUBLISHED_STATUSES = (ProjectStatus.IMPLEMENTATION, ProjectStatus.COMPLETED)


def _cached(key: str, build, *, version: str | None = None):
    """`build()` cached under the data version (pass `version` when computing many values in one
    go, so the version is read once)."""
    full = f"reporting:{version or data_version()}:{get_language() or 'de'}:{key}"
    value = cache.get(full)
    if value is None:
        value = build()
        cache.set(full, value, CACHE_SECONDS)
    return value


# --- indicators ------------------------------------------------------------------------------


@dataclass
class Computed:
    """An indicator's value for a period, and what it rests on."""

    indicator_id: int
    period: Period
    value: Decimal
    derived: derived.Derived | None = None
    entered: list[IndicatorValue] = field(default_factory=list)

    @property
    def enterprise_count(self) -> int:
        return len(self.derived.enterprises) if self.derived else 0


def network_ids_for(indicator: Indicator) -> list[int]:
    return derived.network_ids_of_project(indicator.project_id, indicator.network_id)


def value_of(indicator: Indicator, period: Period, *, version: str | None = None) -> Computed:
    """The value for `period`: derived from the records, or the sum of the values entered for
    periods inside it (from prefetched `values` where the caller prefetched them)."""
    if indicator.is_derived:
        scope = f"{indicator.project_id}:{indicator.network_id}"
        result = _cached(
            f"derived:{indicator.derivation}:{scope}:{period.iso}",
            lambda: derived.derive(indicator.derivation, network_ids_for(indicator), period),
            version=version,
        )
        return Computed(indicator.pk, period, result.value, derived=result)
    prefetched = getattr(indicator, "_prefetched_objects_cache", {}).get("values")
    if prefetched is None:
        prefetched = IndicatorValue.objects.filter(indicator=indicator)
    entered = sorted(
        (v for v in prefetched if v.period_start >= period.start and v.period_end <= period.end),
        key=lambda v: (v.period_start, v.pk),
    )
    return Computed(
        indicator.pk, period, sum((v.value for v in entered), Decimal(0)), entered=entered
    )


def indicators_of_project(project) -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(project=project)
        .select_related("project", "network")
        .prefetch_related("milestones", "values")
    )


def indicators_of_programme(programme) -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(project__measure__programme=programme)
        .select_related("project", "network")
        .prefetch_related("milestones", "values")
        .order_by("project__code", "order", "code", "pk")
    )


def indicator_by_pk(pk: int) -> Indicator | None:
    return (
        Indicator.objects.filter(pk=pk)
        .select_related("project__measure__programme", "network")
        .prefetch_related("milestones")
        .first()
    )


def all_indicators() -> QuerySet[Indicator]:
    return (
        Indicator.objects.select_related("project", "network")
        .prefetch_related("milestones", "values")
        .order_by("project__code", "order", "code", "pk")
    )


def entered_value_by_pk(pk: int) -> IndicatorValue | None:
    return IndicatorValue.objects.select_related("indicator").filter(pk=pk).first()


def notes_of(indicator: Indicator) -> QuerySet[IndicatorNote]:
    return IndicatorNote.objects.filter(indicator=indicator).select_related("created_by")


def periods_of(indicator: Indicator, *, today: dt.date) -> list[Period]:
    """The periods an indicator's page shows: each calendar year of its term (the project's, or its
    network's contract term where that is longer), then the whole time to date."""
    from verbund.reporting.domain.indicators import allowed_term

    whole = to_date(indicator.project, today=today)
    term = allowed_term(indicator)
    if whole is None or term is None:
        return []
    return [*years_of(term), whole]


def definition_for(indicator: Indicator) -> str:
    """The indicator's definition in the active language; for a derived indicator without one,
    the definition its derivation implements."""
    text = indicator.definition_text
    if not text and indicator.is_derived:
        text = str(derived.DEFINITIONS[indicator.derivation])
    return text


@dataclass
class Progress:
    indicator: Indicator
    period: Period | None
    value: Decimal
    percent: float | None
    next_milestone: IndicatorMilestone | None = None
    milestone_met: bool | None = None


def progress_of(indicator: Indicator, *, today: dt.date, version: str | None = None) -> Progress:
    """Value to date against the target: (value − baseline) / (target − baseline)."""
    version = version or data_version()
    period = to_date(indicator.project, today=today)
    value = value_of(indicator, period, version=version).value if period else Decimal(0)
    span = indicator.target - indicator.baseline
    percent = float((value - indicator.baseline) / span * 100) if span > 0 else None
    if percent is not None:
        percent = max(0.0, percent)
    milestones = list(indicator.milestones.all())
    past = [m for m in milestones if m.date <= today]
    upcoming = [m for m in milestones if m.date > today]
    met = None
    if past:  # was the last intermediate target met by its date?
        last = past[-1]
        term = project_term(indicator.project)
        if term and last.date >= term.start:
            reached = value_of(indicator, Period(term.start, last.date), version=version).value
            met = reached >= last.value
    return Progress(indicator, period, value, percent, upcoming[0] if upcoming else None, met)


def project_progress(project, *, today: dt.date) -> tuple[list[Progress], float | None]:
    """Each indicator's progress and the project's: the mean of its indicators' (capped at 100)."""
    version = data_version()
    rows = [progress_of(i, today=today, version=version) for i in indicators_of_project(project)]
    return rows, _mean([r.percent for r in rows])


def _mean(percents) -> float | None:
    known = [min(p, 100.0) for p in percents if p is not None]
    return sum(known) / len(known) if known else None


def programme_common_indicators(programme, period: Period) -> dict[str, derived.Derived]:
    """RCO01, RCO02 and RCO04 over all networks of the programme (no enterprise counted twice,
    also across projects)."""
    ids = derived.network_ids_of_programme(programme.pk)
    key = ",".join(map(str, sorted(ids)))
    return {
        kind: _cached(
            f"derived:{kind}:{key}:{period.iso}",
            lambda kind=kind: derived.derive(kind, ids, period),
        )
        for kind in COMMON_KINDS
    }


COMMON_KINDS = (derived.Derivation.RCO01, derived.Derivation.RCO02, derived.Derivation.RCO04)


def definition_of(kind: str) -> str:
    return str(derived.DEFINITIONS[kind])


def programmes() -> QuerySet[Programme]:
    return Programme.objects.order_by("name")


def programme_by_pk(pk) -> Programme | None:
    return Programme.objects.filter(pk=pk).first()


def projects_of_programme(programme) -> QuerySet[Project]:
    return Project.objects.filter(measure__programme=programme).order_by("code")


def networks_of_programme(programme) -> list[Network]:
    return list(
        Network.objects.filter(project__measure__programme=programme)
        .select_related("carrier", "project")
        .order_by("name", "pk")
    )


def network_health(networks: list[Network], *, today: dt.date):
    return health_of_many(networks, today=today)


# --- open data -------------------------------------------------------------------------------


def _published_projects() -> QuerySet[Project]:
    return (
        Project.objects.filter(status__in=PUBLISHED_STATUSES)
        .select_related("measure__programme", "supervising_body")
        .prefetch_related(
            Prefetch("financing", queryset=FinancingShare.objects.select_related("source"))
        )
        .order_by("code")
    )


def operation_rows() -> list[dict]:
    """The list of operations (see the module docstring), refreshed whenever the records change."""
    return _cached("operations", _build_operation_rows)


def _build_operation_rows() -> list[dict]:
    projects = list(_published_projects())
    ids = [p.pk for p in projects]
    contractors: dict[int, list[str]] = defaultdict(list)
    volumes: dict[int, Decimal] = defaultdict(Decimal)
    for project_id, carrier, volume in (
        Contract.objects.filter(network__project_id__in=ids)
        .order_by("network__carrier__name", "pk")
        .values_list("network__project_id", "network__carrier__name", "volume")
    ):
        if carrier not in contractors[project_id]:
            contractors[project_id].append(carrier)
        volumes[project_id] += volume
    updated: dict[int, dt.datetime] = {}
    for model, path in (
        (Project, "id"), (FinancingShare, "project_id"), (Contract, "network__project_id"),
    ):  # fmt: skip
        rows = model.history.model.objects.filter(**{f"{path}__in": ids}).values_list(path)
        for pk, when in rows.annotate(last=Max("history_date")).values_list(path, "last"):
            if pk not in updated or when > updated[pk]:
                updated[pk] = when
    rows = []
    for p in projects:
        shares = list(p.financing.all())
        eu = [s for s in shares if s.source.kind == SourceKind.EU]
        amounts = [s.amount for s in shares if s.amount is not None]
        term = project_term(p)
        total = sum(amounts, Decimal(0)) if amounts else volumes.get(p.pk, Decimal(0))
        rows.append(
            {
                "operation_code": p.code,
                "operation_name": p.title,
                "beneficiary": p.beneficiary or "n/a",
                "contractors": contractors.get(p.pk, []),
                "purpose_and_achievements": "\n\n".join(t for t in (p.goal, p.results) if t),
                "start_date": term.start if term else None,
                "end_date": term.end if term else None,
                "total_cost_eur": total.quantize(Decimal("0.01")),
                "fund": "; ".join(s.source.name_en or s.source.name for s in eu) or "n/a",
                "specific_objective": p.specific_objective or "n/a",
                "union_cofinancing_rate": sum((s.percentage for s in eu), Decimal(0)).quantize(
                    Decimal("0.01")
                ),
                "location": p.location or "n/a",
                "country": p.country or "n/a",
                "type_of_intervention": p.type_of_intervention or "n/a",
                "updated": timezone.localtime(updated[p.pk]).replace(microsecond=0)
                if p.pk in updated
                else None,
            }
        )
    return rows


def indicator_rows(*, today: dt.date | None = None) -> list[dict]:
    """The indicators of the published operations with their values to date."""
    today = today or timezone.localdate()
    return _cached(f"indicators:{today.isoformat()}", lambda: _build_indicator_rows(today))


def _build_indicator_rows(today: dt.date) -> list[dict]:
    rows = []
    version = data_version()
    indicators = (
        Indicator.objects.filter(project__status__in=PUBLISHED_STATUSES)
        .select_related("project", "network")
        .prefetch_related("values")
        .order_by("project__code", "order", "code", "pk")
    )
    for indicator in indicators:
        period = to_date(indicator.project, today=today)
        value = value_of(indicator, period, version=version).value if period else None
        scope = indicator.project.code
        if indicator.network_id:
            scope = f"{scope}/{indicator.network.slug}"
        rows.append(
            {
                "code": indicator.code,
                "name": indicator.name,
                "unit": indicator.unit,
                "baseline": indicator.baseline,
                "target": indicator.target,
                "value": value,
                "period": period.iso if period else None,
                "scope": scope,
            }
        )
    return rows


# --- the programme report --------------------------------------------------------------------


def report_jobs() -> QuerySet[ReportJob]:
    return ReportJob.objects.select_related("programme", "created_by").defer("xlsx", "pdf")


def report_job_by_pk(pk: int) -> ReportJob | None:
    return report_jobs().filter(pk=pk).first()


def report_file(pk: int, kind: str) -> bytes | None:
    row = ReportJob.objects.filter(pk=pk).values_list(kind, flat=True).first()
    return bytes(row) if row else None


def payments_in(programme, period: Period) -> list[Payment]:
    """Confirmed payments (and recoveries) of the programme's contracts confirmed in the period."""
    start = timezone.make_aware(dt.datetime.combine(period.start, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min))
    return list(
        Payment.objects.filter(
            milestone__contract__network__project__measure__programme=programme,
            state=PaymentState.CONFIRMED,
            confirmed_at__gte=start,
            confirmed_at__lt=end,
        )
        .select_related("milestone__contract__network")
        .prefetch_related(Prefetch("parts", queryset=PaymentPart.objects.select_related("source")))
        .order_by("confirmed_at", "pk")
    )


def contracts_of_programme(programme) -> list[Contract]:
    return list(
        Contract.objects.filter(network__project__measure__programme=programme)
        .select_related("network__carrier")
        .order_by("award_date", "number")
    )


@dataclass
class MilestoneRow:
    milestone: Milestone
    due_in_period: bool
    accepted_on: dt.date | None
    overdue: bool


def milestones_for(programme, period: Period) -> list[MilestoneRow]:
    """Milestones due in the period, accepted in it, or overdue at its end (due, not accepted)."""
    milestones = list(
        Milestone.objects.filter(contract__network__project__measure__programme=programme)
        .select_related("contract__network")
        .order_by("due_date", "contract__number", "pk")
    )
    accepted: dict[int, dt.date] = {}
    for mid, at in MilestoneTransition.objects.filter(
        milestone__in=milestones, to_state=MilestoneState.ACCEPTED
    ).values_list("milestone_id", "at"):
        accepted[mid] = timezone.localtime(at).date()
    rows = []
    for m in milestones:
        on = accepted.get(m.pk)
        due_in = m.due_date in period
        accepted_in = on is not None and on in period
        overdue = m.due_date <= period.end and (on is None or on > period.end)
        if due_in or accepted_in or overdue:
            rows.append(MilestoneRow(m, due_in, on if accepted_in else None, overdue))
    return rows


def results_in(networks: list[Network], period: Period) -> QuerySet[Activity]:
    return (
        Activity.objects.filter(network__in=networks, date__range=(period.start, period.end))
        .select_related("network")
        .order_by("network__name", "date", "pk")
    )


def projects_for_indicators() -> QuerySet[Project]:
    """Every project, for the office's "add an indicator" links."""
    return Project.objects.order_by("code")
