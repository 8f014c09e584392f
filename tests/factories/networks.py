"""Factories for the networks app (direct rows; the domain functions are tested on their own)."""

import datetime as dt

import factory

from tests.factories.companies import CompanyFactory
from tests.factories.programmes import OrganisationFactory, ProjectFactory
from verbund.networks import models
from verbund.networks.enums import ActivityKind, ActorKind, MeasureType, MemberRole


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Network

    name = factory.Sequence(lambda n: f"Netzwerk {n}")
    name_en = factory.Sequence(lambda n: f"Network {n}")
    slug = factory.Sequence(lambda n: f"netzwerk-{n}")
    project = factory.SubFactory(ProjectFactory)
    carrier = factory.SubFactory(OrganisationFactory)
    goals = "Gemeinsam wachsen."
    is_public = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Membership

    network = factory.SubFactory(NetworkFactory)
    company = factory.SubFactory(CompanyFactory, placement="inside")
    role = MemberRole.MEMBER
    joined = dt.date(2003, 1, 1)


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.NetworkActor

    network = factory.SubFactory(NetworkFactory)
    user = factory.SubFactory("tests.factories.core.UserFactory", roles=["carrier"])
    kind = ActorKind.CARRIER


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Measure

    network = factory.SubFactory(NetworkFactory)
    title = factory.Sequence(lambda n: f"Maßnahme {n}")
    type = MeasureType.EVENT
    progress = 0


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Activity

    network = factory.SubFactory(NetworkFactory)
    date = dt.date(2003, 6, 1)
    kind = ActivityKind.EVENT
    text = factory.Sequence(lambda n: f"Aktivität {n}")


def carrier_of(network, user) -> models.NetworkActor:
    return ActorFactory(network=network, user=user, kind=ActorKind.CARRIER)


def selected_idea(**kwargs):
    """A selected idea of a decided competition, with a carrier and two founding members."""
    from tests.factories.competitions import CompetitionFactory, SubmissionFactory
    from verbund.competitions.enums import Phase

    competition = CompetitionFactory(phase=Phase.DECIDED)
    kwargs.setdefault("carrier", OrganisationFactory(name="Kunststoffzentrum Test"))
    kwargs.setdefault("goals", "Gemeinsame Akquisition.")
    kwargs.setdefault("sector_focus", "Automobilzulieferer")
    kwargs.setdefault("applicant_organisation", kwargs["carrier"].name)
    sub = SubmissionFactory(competition=competition, outcome="selected", **kwargs)
    sub.founding_members.set(
        [CompanyFactory(placement="inside"), CompanyFactory(placement="outside")]
    )
    return sub
