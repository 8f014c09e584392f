"""Programmes, measures, funding sources and organisations.

Every write is keyword-only and atomic, reloads the object it changes by primary key (a ModelForm has
already changed the caller's instance in memory, which must not fool the "changed?" comparison) and
records `user` as the author in the history, also outside a request.
"""

from django.db import models, transaction
from django.utils.translation import gettext as _

from verbund.core.audit import save_as
from verbund.core.errors import DomainError
from verbund.programmes.domain.errors import full_clean
from verbund.programmes.models import FundingSource, Measure, Organisation, Programme

PROGRAMME_FIELDS = (
    "name",
    "name_en",
    "short_name",
    "city",
    "period_start_year",
    "period_end_year",
    "description",
    "description_en",
    "office_name",
    "office_address",
    "letter_reference_prefix",
    "funding_statement",
    "funding_statement_en",
    "emblem",
)
MEASURE_FIELDS = ("programme", "code", "title", "title_en")
SOURCE_FIELDS = ("name", "name_en", "long_name", "long_name_en", "kind")
ORGANISATION_FIELDS = ("name", "name_en", "kind")


def _apply(obj, fields: tuple[str, ...], values: dict) -> bool:
    unknown = set(values) - set(fields)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    changed = False
    for name, value in values.items():
        if getattr(obj, name, None) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _reload(obj: models.Model):
    """The stored row, locked for this transaction; never the caller's possibly edited copy."""
    return type(obj).objects.select_for_update().get(pk=obj.pk)


def _validate_programme(programme: Programme) -> None:
    if programme.period_end_year < programme.period_start_year:
        raise DomainError(
            _("The period cannot end before it starts."), field="period_end_year", code="period"
        )
    full_clean(programme)


@transaction.atomic
def create_programme(*, user, **values) -> Programme:
    programme = Programme()
    _apply(programme, PROGRAMME_FIELDS, values)
    _validate_programme(programme)
    save_as(programme, user)
    return programme


@transaction.atomic
def update_programme(*, programme: Programme, user, **values) -> Programme:
    programme = _reload(programme)
    if _apply(programme, PROGRAMME_FIELDS, values):
        _validate_programme(programme)
        save_as(programme, user)
    return programme


@transaction.atomic
def create_measure(
    *, programme: Programme, code: str, title: str, user, title_en: str = ""
) -> Measure:
    measure = Measure(programme=programme, code=code, title=title, title_en=title_en)
    full_clean(measure)
    save_as(measure, user)
    return measure


@transaction.atomic
def update_measure(*, measure: Measure, user, **values) -> Measure:
    measure = _reload(measure)
    if _apply(measure, MEASURE_FIELDS, values):
        full_clean(measure)
        save_as(measure, user)
    return measure


@transaction.atomic
def create_funding_source(*, user, **values) -> FundingSource:
    source = FundingSource()
    _apply(source, SOURCE_FIELDS, values)
    full_clean(source)
    save_as(source, user)
    return source


@transaction.atomic
def update_funding_source(*, source: FundingSource, user, **values) -> FundingSource:
    source = _reload(source)
    if _apply(source, SOURCE_FIELDS, values):
        full_clean(source)
        save_as(source, user)
    return source


@transaction.atomic
def create_organisation(*, user, **values) -> Organisation:
    organisation = Organisation()
    _apply(organisation, ORGANISATION_FIELDS, values)
    full_clean(organisation)
    save_as(organisation, user)
    return organisation


@transaction.atomic
def update_organisation(*, organisation: Organisation, user, **values) -> Organisation:
    organisation = _reload(organisation)
    if _apply(organisation, ORGANISATION_FIELDS, values):
        full_clean(organisation)
        save_as(organisation, user)
    return organisation


@transaction.atomic
def ensure_organisation(*, name: str, kind: str, user, name_en: str = "") -> Organisation:
    """The organisation of that name, created (with `kind`) when there is none; for other apps'
    demo loaders and imports, which must not write programmes' rows through the ORM."""
    existing = Organisation.objects.filter(name=name).first()
    if existing is not None:
        return existing
    return create_organisation(user=user, name=name, kind=kind, name_en=name_en)
