"""Factories for the events app."""

import datetime as dt

import factory
from django.utils import timezone

from tests.factories.networks import NetworkFactory
from verbund.events import models
from verbund.events.enums import RegistrationState

SOON = timezone.now().replace(microsecond=0) + dt.timedelta(days=30)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Event

    network = factory.SubFactory(NetworkFactory)
    title = factory.Sequence(lambda n: f"Netzwerktreffen {n}")
    title_en = factory.Sequence(lambda n: f"Network meeting {n}")
    slug = factory.Sequence(lambda n: f"treffen-{n}")
    place = "Leipzig, Messehaus"
    starts_at = SOON
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + dt.timedelta(hours=6))
    capacity = 50
    is_public = True


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    state = RegistrationState.CONFIRMED
    position = factory.Sequence(lambda n: n + 1)


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Slot

    event = factory.SubFactory(EventFactory, matchmaking=True)
    starts_at = SOON
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + dt.timedelta(minutes=20))
