"""Programmes, measures, funding sources and organisations."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from verbund.programmes.domain._history import save_as
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


def _validate_programme(programme: Programme) -> None:
    if programme.period_end_year < programme.period_start_year:
        raise ValidationError(
            {"period_end_year": _("The period cannot end before it starts.")}, code="period"
        )
    programme.full_clean()


@transaction.atomic
def create_programme(*, user, **values) -> Programme:
    programme = Programme()
    _apply(programme, PROGRAMME_FIELDS, values)
    _validate_programme(programme)
    save_as(programme, user)
    return programme


@transaction.atomic
def update_programme(*, programme: Programme, user, **values) -> Programme:
    if _apply(programme, PROGRAMME_FIELDS, values):
        _validate_programme(programme)
        save_as(programme, user)
    return programme


@transaction.atomic
def create_measure(
    *, programme: Programme, code: str, title: str, user, title_en: str = ""
) -> Measure:
    measure = Measure(programme=programme, code=code, title=title, title_en=title_en)
    measure.full_clean()
    save_as(measure, user)
    return measure


@transaction.atomic
def update_measure(*, measure: Measure, user, **values) -> Measure:
    if _apply(measure, MEASURE_FIELDS, values):
        measure.full_clean()
        save_as(measure, user)
    return measure


@transaction.atomic
def create_funding_source(*, user, **values) -> FundingSource:
    source = FundingSource()
    _apply(source, SOURCE_FIELDS, values)
    source.full_clean()
    save_as(source, user)
    return source


@transaction.atomic
def update_funding_source(*, source: FundingSource, user, **values) -> FundingSource:
    if _apply(source, SOURCE_FIELDS, values):
        source.full_clean()
        save_as(source, user)
    return source


@transaction.atomic
def create_organisation(*, user, **values) -> Organisation:
    organisation = Organisation()
    _apply(organisation, ORGANISATION_FIELDS, values)
    organisation.full_clean()
    save_as(organisation, user)
    return organisation


@transaction.atomic
def update_organisation(*, organisation: Organisation, user, **values) -> Organisation:
    if _apply(organisation, ORGANISATION_FIELDS, values):
        organisation.full_clean()
        save_as(organisation, user)
    return organisation
