"""Factories for the portal (direct rows; the domain functions are tested on their own)."""

import datetime as dt

import factory
from django.utils import timezone

from tests.factories.companies import CompanyFactory
from tests.factories.networks import NetworkFactory
from verbund.portal import models
from verbund.portal.enums import PostKind, PostState, PostType, PublicField


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CompanyProfile

    company = factory.SubFactory(CompanyFactory)
    description = factory.Sequence(lambda n: f"Beschreibung {n}")
    competences = "Spritzguss, CAD"


def consenting(company=None, fields=None, **kwargs) -> models.CompanyProfile:
    """A profile with consent for `fields` (default: all)."""
    fields = set(PublicField.values) if fields is None else set(fields)
    flags = {f"show_{f}": f in fields for f in PublicField.values}
    return ProfileFactory(company=company or CompanyFactory(), **flags, **kwargs)


class AdminFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CompanyAdmin

    company = factory.SubFactory(CompanyFactory)
    user = factory.SubFactory("tests.factories.core.UserFactory", roles=["member"])


class NewsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.NewsItem

    network = factory.SubFactory(NetworkFactory)
    title = factory.Sequence(lambda n: f"Nachricht {n}")
    text = "Text der Nachricht."
    published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1))


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Post

    network = factory.SubFactory(NetworkFactory)
    company = factory.SubFactory(CompanyFactory)
    kind = PostKind.OFFER
    type = PostType.TECHNOLOGY
    title = factory.Sequence(lambda n: f"Angebot {n}")
    text = "Wir bieten etwas an."
    competences = "Spritzguss"
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    state = PostState.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
