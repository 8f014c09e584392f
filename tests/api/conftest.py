"""A small public world for the API: a programme, a public project with a network, members with and
without consent, published and pending posts, public and members-only news."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories.companies import CompanyFactory
from tests.factories.networks import ActorFactory, MembershipFactory, NetworkFactory
from verbund.portal.enums import NewsVisibility, PostKind, PostState, PostType
from verbund.portal.models import CompanyProfile, NewsItem, Post


def add_member(network, name, *, consent=True, **profile):
    company = CompanyFactory(name=name, competences="Spritzguss, CAD")
    if consent is not None:
        CompanyProfile.objects.create(
            company=company, show_name=consent, description="Geheime Beschreibung", **profile
        )
    MembershipFactory(network=network, company=company)
    return company


def add_post(network, company, title, *, state=PostState.PUBLISHED):
    return Post.objects.create(
        network=network,
        company=company,
        kind=PostKind.OFFER,
        type=PostType.TECHNOLOGY,
        title=title,
        text="Wir bieten Spritzguss.",
        expires_on=timezone.localdate() + dt.timedelta(days=30),
        state=state,
        published_at=timezone.now() if state == PostState.PUBLISHED else None,
    )


def add_news(network, title, *, visibility=NewsVisibility.PUBLIC):
    return NewsItem.objects.create(
        network=network,
        title=title,
        text="Neues aus dem Netzwerk.",
        visibility=visibility,
        published_at=timezone.now() - dt.timedelta(hours=1),
    )


@pytest.fixture
def world(db, make_user):
    network = NetworkFactory(name="Kunststoffnetz Leipzig", slug="kunststoff")
    network.project.is_public = True
    network.project.save()
    hidden = NetworkFactory(name="Internes Netz", slug="intern", is_public=False)
    public = add_member(network, "Offen GmbH", show_city=True, show_competences=True)
    private = add_member(network, "Verschwiegen AG", consent=False)
    carrier = make_user("carrier")
    ActorFactory(network=network, user=carrier)
    return {
        "network": network,
        "hidden": hidden,
        "public": public,
        "private": private,
        "carrier": carrier,
        "post": add_post(network, public, "Spritzguss-Kapazität frei"),
        "private_post": add_post(network, private, "Angebot ohne Namen"),
        "pending": add_post(network, public, "Noch nicht moderiert", state=PostState.PENDING),
        "news": add_news(network, "Stammtisch im Mai"),
        "members_news": add_news(network, "Nur für Mitglieder", visibility=NewsVisibility.MEMBERS),
        "hidden_news": add_news(hidden, "Internes"),
    }
