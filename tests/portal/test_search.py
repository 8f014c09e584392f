"""Partner search: the same companies on SQLite and PostgreSQL (run this file on both), consent,
network members, reasons, index maintenance, the page and its rate limit."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories.clusters import AnalysisRunFactory
from tests.factories.companies import CompanyFactory, wz
from tests.factories.networks import MembershipFactory, NetworkFactory
from verbund.clusters.enums import RunStatus
from verbund.companies.domain import bulk
from verbund.portal.domain.search import index
from verbund.portal.domain.search.service import search
from verbund.portal.domain.search.text import normalise, query_words
from verbund.portal.enums import PostKind, PostState, PostType
from verbund.portal.models import CompanyAdmin, CompanyProfile, Post

pytestmark = pytest.mark.django_db

ALL_PUBLIC = {f"show_{f}": True for f in ("name", "city", "competences", "offers", "description")}


def _company(name, *, city="Leipzig", competences="", profile=None, **kwargs):
    company = CompanyFactory(name=name, city=city, competences=competences, **kwargs)
    if profile is not None:
        CompanyProfile.objects.create(company=company, **profile)
    return company


@pytest.fixture
def register():
    """A few companies: public ones, one without any consent, one hiding its competences."""
    cache.clear()
    c = {
        "mueller": _company(
            "Kunststofftechnik Müller GmbH",
            city="Würzburg",
            competences="Spritzguss, CAD",
            profile={**ALL_PUBLIC, "description": "Werkzeugbau für Kunststoffteile"},
        ),
        "schmidt": _company(
            "Holzbau Schmidt KG",
            competences="Holzbau, Kunststoff-Fenster",
            profile=ALL_PUBLIC,
            main_wz=wz("16.23.0"),
        ),
        "secret": _company("Geheim Polymer AG", competences="Kunststoffrecycling"),
        "weber": _company(
            "Metall Weber",
            competences="Kunststoffbeschichtung",
            profile={"show_name": True, "show_city": True},
        ),
        "bauer": _company(
            "Bäckerei Bauer",
            competences="Brot",
            profile={
                **ALL_PUBLIC,
                "show_needs": True,
                "needs": "Partner für Kunststoffverpackung in Würzburg",
            },
        ),
    }
    network = NetworkFactory(name="Kunststoffnetz")
    MembershipFactory(network=network, company=c["secret"])
    c["network"] = network
    index.rebuild()
    return c


def _names(outcome):
    return {h.title for h in outcome.companies}


QUERIES = [
    ("Kunststoff", {"Kunststofftechnik Müller GmbH", "Holzbau Schmidt KG", "Bäckerei Bauer"}),
    ("kunststoff", {"Kunststofftechnik Müller GmbH", "Holzbau Schmidt KG", "Bäckerei Bauer"}),
    ("stofftechnik", {"Kunststofftechnik Müller GmbH"}),
    ("Würzburg", {"Kunststofftechnik Müller GmbH", "Bäckerei Bauer"}),
    ("WUERZBURG", {"Kunststofftechnik Müller GmbH", "Bäckerei Bauer"}),
    ("Müller", {"Kunststofftechnik Müller GmbH"}),
    ("Mueller", {"Kunststofftechnik Müller GmbH"}),
    ("Bäckerei", {"Bäckerei Bauer"}),
    ("Kunststoff Würzburg", {"Kunststofftechnik Müller GmbH", "Bäckerei Bauer"}),
    ("Kunststoff Leipzig", {"Holzbau Schmidt KG", "Bäckerei Bauer"}),
    ("Spritzguss CAD", {"Kunststofftechnik Müller GmbH"}),
    ("Kunststoff Spritzguss Holz", set()),
    ("Polymer", set()),  # no consent: not found by the public
    ("Kunststoffbeschichtung", set()),  # name public, competences not
    ("Metall", {"Metall Weber"}),
    ("ab", set()),  # shorter than three letters
]


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_the_public_finds_the_same_companies_on_every_database(register, query, expected):
    assert _names(search(query, user=_anonymous())) == expected


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_normal_form_folds_umlauts_case_and_punctuation():
    assert normalise("Müller-Würzburg, STRAßE") == "mueller wuerzburg strasse"
    assert query_words("ab Kunststoff kunststoff Café") == ["kunststoff", "cafe"]


def test_members_also_find_their_networks_members_by_every_field(register, make_user):
    user = make_user("member")
    own = _company("Eigene Firma", competences="Beratung")
    MembershipFactory(network=register["network"], company=own)
    CompanyAdmin.objects.create(company=own, user=user)
    index.rebuild()
    found = _names(search("Kunststoff", user=user))
    assert "Geheim Polymer AG" in found
    assert "Metall Weber" not in found  # not in the network, competences not public
    assert _names(search("Kunststoff", user=make_user("member"))) == {
        "Kunststofftechnik Müller GmbH",
        "Holzbau Schmidt KG",
        "Bäckerei Bauer",
    }


def test_office_finds_every_findable_company(register, office_user):
    found = _names(search("Kunststoff", user=office_user))
    assert {"Geheim Polymer AG", "Metall Weber", "Kunststofftechnik Müller GmbH"} <= found


def test_posts_published_on_public_networks_are_found(register):
    today = timezone.localdate()
    common = {
        "network": register["network"],
        "company": register["schmidt"],
        "kind": PostKind.REQUEST,
        "type": PostType.TECHNOLOGY,
        "expires_on": today + dt.timedelta(days=30),
    }
    Post.objects.create(
        title="Partner für Kunststoffrecycling gesucht",
        text="Wir suchen …",
        state=PostState.PUBLISHED,
        published_at=timezone.now(),
        **common,
    )
    Post.objects.create(title="Noch nicht frei: Kunststoff", text="x", **common)
    index.rebuild()
    with translation.override("en"):
        outcome = search("recycling", user=_anonymous())
    assert [h.title for h in outcome.posts] == ["Partner für Kunststoffrecycling gesucht"]
    assert "title" in " ".join(outcome.posts[0].reasons)
    assert [
        h.title
        for h in search("recycling", user=_anonymous(), today=today + dt.timedelta(days=60)).posts
    ] == []


def test_reasons_name_matched_fields_industry_distance_and_suggestion(register, make_user):
    user = make_user("member")
    own = _company(
        "Suchende Kunststoff GmbH",
        competences="CAD, Prototypen",
        profile=ALL_PUBLIC,
        lat=49.79,
        lon=9.95,
    )
    CompanyAdmin.objects.create(company=own, user=user)
    mueller = register["mueller"]
    CompanyProfile.objects.filter(company=mueller).update(show_industry=True, show_location=True)
    type(mueller).objects.filter(pk=mueller.pk).update(lat=49.80, lon=9.93)
    AnalysisRunFactory(
        status=RunStatus.DONE,
        finished_at=timezone.now(),
        results={
            "partners": {
                str(own.pk): [
                    {
                        "id": register["schmidt"].pk,
                        "distance_m": 2100.0,
                        "relatedness": 0.42,
                        "text_similarity": 0.3,
                        "score": 0.5,
                    }
                ]
            }
        },
    )
    index.rebuild()
    with translation.override("en"):
        outcome = search("Kunststoff", user=user)
    assert outcome.searching_company == own
    titles = [h.title for h in outcome.companies]
    assert titles[0] == "Holzbau Schmidt KG"  # the analysis suggests it: first
    assert "Suchende Kunststoff GmbH" not in titles
    schmidt, mueller_hit = outcome.companies[0], outcome.companies[titles.index(mueller.name)]
    assert schmidt.suggested
    reasons = " | ".join(schmidt.reasons)
    assert "related industry" in reasons and "competence texts match" in reasons
    reasons = " | ".join(mueller_hit.reasons)
    assert "same industry" in reasons
    assert "nearby" in reasons
    assert "shared competences: cad" in reasons
    assert "matches in name" in reasons


def test_a_saved_profile_is_indexed_after_commit(register, django_capture_on_commit_callbacks):
    company = _company("Neue Kunststoff Werke")
    assert "Neue Kunststoff Werke" not in _names(
        search("Kunststoff", user=_anonymous(), refresh=False)
    )
    with django_capture_on_commit_callbacks(execute=True):
        CompanyProfile.objects.create(company=company, show_name=True)
    assert "Neue Kunststoff Werke" in _names(search("Kunststoff", user=_anonymous(), refresh=False))
    with django_capture_on_commit_callbacks(execute=True):
        CompanyProfile.objects.filter(company=company).update(show_name=False)
        CompanyProfile.objects.get(company=company).save()
    assert "Neue Kunststoff Werke" not in _names(
        search("Kunststoff", user=_anonymous(), refresh=False)
    )


def test_bulk_writes_of_the_import_reach_the_index_on_the_next_look(register):
    company = register["schmidt"]
    index.refresh_if_stale(throttle=False)
    company.name = "Holzbau Schmidt Kunststoffhaus KG"
    company.updated_at = timezone.now()
    bulk.update_companies([company], ["name", "updated_at"])  # executemany: no signals
    assert index.refresh_if_stale(throttle=False)
    assert "Holzbau Schmidt Kunststoffhaus KG" in _names(
        search("Kunststoffhaus", user=_anonymous(), refresh=False)
    )
    assert not index.refresh_if_stale(throttle=False)


def test_search_page_shows_results_with_reasons(client, register):
    response = client.get(reverse("portal:search"), {"q": "Kunststoff Würzburg"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kunststofftechnik Müller GmbH" in html
    assert "Geheim Polymer" not in html
    assert "search-reasons" in html


def test_search_page_is_rate_limited(client, register, settings):
    from verbund.portal.views import search as view

    url = reverse("portal:search")
    limit = int(view.SEARCH_RATE.split("/")[0])
    statuses = {client.get(url, {"q": "Holz"}).status_code for _ in range(limit)}
    assert statuses == {200}
    assert client.get(url, {"q": "Holz"}).status_code == 429


def test_search_page_answers_in_english(client, register):
    response = client.get("/en" + reverse("portal:search"), {"q": "x"})
    assert response.status_code == 200
    assert "three or more letters" in response.content.decode()
