"""Cached public pages (issue 17): anonymous visitors get the cached page until any record changes;
signed-in users and pages that set cookies are never served from the cache."""

import pytest
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import override_settings
from django.urls import path
from django.utils.translation import get_language

from verbund.core.cache import public_page

pytestmark = pytest.mark.django_db


@public_page
def programme_count(request):
    from verbund.programmes.models import Programme

    return HttpResponse(f"{get_language()}:{Programme.objects.count()}")


@public_page
def page_with_form(request):
    return HttpResponse(f"token {get_token(request)}")


urlpatterns = [
    path("count/", programme_count),
    path("form/", page_with_form),
]


@pytest.fixture(autouse=True)
def _own_urls_and_cache(settings):
    settings.VERBUND_CACHE_PUBLIC_PAGES = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(ROOT_URLCONF=__name__):
        yield


def _new_programme(name: str):
    from verbund.programmes.models import Programme

    return Programme.objects.create(
        name=name, city="Leipzig", period_start_year=2000, period_end_year=2006
    )


def test_an_anonymous_visitor_gets_the_cached_page_until_the_data_change(client):
    first = client.get("/count/")
    again = client.get("/count/")
    assert again.headers.get("X-Verbund-Cache") == "hit"
    assert again.content == first.content

    _new_programme("URBAN II Leipzig")

    fresh = client.get("/count/")
    assert "X-Verbund-Cache" not in fresh.headers
    assert fresh.content.decode().endswith(str(int(first.content.decode().split(":")[1]) + 1))


def test_signed_in_users_always_get_a_fresh_page(client, office_user):
    client.force_login(office_user)
    client.get("/count/")
    assert "X-Verbund-Cache" not in client.get("/count/").headers


def test_a_page_with_a_csrf_token_is_not_cached(client):
    client.get("/form/")
    other = client.get("/form/")
    assert "X-Verbund-Cache" not in other.headers


def test_the_real_anonymous_pages_set_no_cookie_and_offer_language_links(client, settings):
    settings.ROOT_URLCONF = "verbund.urls"
    response = client.get("/", follow=True)
    assert response.status_code == 200
    assert "csrftoken" not in response.cookies
    html = response.content.decode()
    assert 'hreflang="en"' in html and 'href="/en/' in html


def test_api_reads_are_cached_for_anonymous_callers_but_not_for_token_holders(client, settings):
    settings.ROOT_URLCONF = "verbund.urls"
    _new_programme("URBAN II Leipzig")
    client.get("/api/programmes/")
    assert client.get("/api/programmes/").headers.get("X-Verbund-Cache") == "hit"
    with_token = client.get("/api/programmes/", HTTP_AUTHORIZATION="Token nonsense")
    assert with_token.headers.get("X-Verbund-Cache") is None

    _new_programme("EFRE Sachsen")
    fresh = client.get("/api/programmes/")
    assert fresh.headers.get("X-Verbund-Cache") is None
    assert fresh.json()["count"] == 2


def test_a_process_trusts_its_version_for_a_second_but_forgets_it_on_its_own_writes(
    settings, django_assert_num_queries
):
    from verbund.core.cache import data_version, forget_version

    settings.VERBUND_DATA_VERSION_SECONDS = 60
    forget_version()
    first = data_version()
    with django_assert_num_queries(0):
        assert data_version() == first
    _new_programme("URBAN II Leipzig")  # a save in this process
    assert data_version() != first


def test_a_hit_before_the_middleware_stack_keeps_every_security_header(client, settings):
    settings.ROOT_URLCONF = "verbund.urls"
    fresh = client.get("/en/portal/")
    hit = client.get("/en/portal/")
    assert fresh.status_code == hit.status_code == 200
    assert hit.headers.get("X-Verbund-Cache") == "hit"
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"):
        assert hit.headers.get(header) == fresh.headers.get(header), header
    assert hit.headers["Content-Language"] == "en"
    assert hit.content == fresh.content
