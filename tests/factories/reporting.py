"""Reporting test data: indicators (direct rows) and the records derived values rest on."""

import datetime as dt
from decimal import Decimal

import factory

from tests.factories.programmes import ProjectFactory
from verbund.reporting import models
from verbund.reporting.enums import Derivation


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Indicator

    project = factory.SubFactory(ProjectFactory)
    code = factory.Sequence(lambda n: f"IND{n:02d}")
    name = factory.Sequence(lambda n: f"Indikator {n}")
    name_en = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "Anzahl"
    unit_en = "number"
    baseline = Decimal(0)
    target = Decimal(10)
    derivation = Derivation.ENTERED


def took_part(membership, day: dt.date, **kwargs):
    """An activity of the membership's network on `day` with the member taking part."""
    from tests.factories.networks import ActivityFactory

    activity = ActivityFactory(network=membership.network, date=day, **kwargs)
    activity.participants.add(membership)
    return activity


def backdate_history(company, when: dt.datetime) -> None:
    """Make the register's history of `company` so far look as if written on `when`."""
    company.history.all().update(history_date=when)
