"""Map, area and WZ pages: constant query counts, GeoJSON from the shared cache, WZ ancestry."""

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.companies import AreaFactory, CompanyFactory, DistrictFactory, wz
from verbund.companies.domain.queries import wz_ancestors
from verbund.companies.interfaces.presenters import map_cache_key
from verbund.companies.models import WzCode

pytestmark = pytest.mark.integration


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _make(n: int, *, area=None) -> None:
    for _ in range(n):
        district = DistrictFactory()
        CompanyFactory(district=district, lon=12.32, lat=51.32, placement="inside")
        if area is not None:
            area.districts.add(district)


@pytest.mark.parametrize(
    "url",
    [
        "/companies/map/companies.geojson",
        "/companies/map/areas.geojson",
        "/companies/areas/",
        "area_detail",
    ],
)
def test_map_and_area_pages_query_count_does_not_grow(
    url, office_client, django_assert_num_queries
):
    area = AreaFactory(name="Gebiet")
    if url == "area_detail":
        url = area.get_absolute_url()
    _make(1, area=area)
    cache.clear()
    office_client.get(url)  # warm per-request caches (roles, content types)
    cache.clear()
    one = _count(office_client, url)
    _make(2, area=area)
    cache.clear()
    with django_assert_num_queries(one):
        response = office_client.get(url)
    if "geojson" in url:
        features = json.loads(response.content)["features"]
        assert len(features) >= 3


def test_map_data_comes_from_the_shared_cache_until_the_register_changes(office_client):
    cache.clear()
    CompanyFactory(name="Erste GmbH", lon=12.32, lat=51.32)
    url = "/companies/map/companies.geojson"
    first = json.loads(office_client.get(url).content)
    assert [f["properties"]["n"] for f in first["features"]] == ["Erste GmbH"]
    assert cache.get(map_cache_key("")) == office_client.get(url).content  # Django's cache
    CompanyFactory(name="Zweite GmbH", lon=12.33, lat=51.33)
    second = json.loads(office_client.get(url).content)
    assert sorted(f["properties"]["n"] for f in second["features"]) == ["Erste GmbH", "Zweite GmbH"]
    filtered = json.loads(office_client.get(url, {"q": "zweite"}).content)
    assert [f["properties"]["n"] for f in filtered["features"]] == ["Zweite GmbH"]


def test_map_names_are_json_strings_not_markup(office_client):
    cache.clear()
    CompanyFactory(name='Quote " and \\ <b>bold</b> GmbH', lon=12.32, lat=51.32)
    data = json.loads(office_client.get("/companies/map/companies.geojson").content)
    assert data["features"][0]["properties"]["n"] == 'Quote " and \\ <b>bold</b> GmbH'


def test_wz_ancestors_in_one_query(db, django_assert_num_queries):
    sub = WzCode.objects.get(code="25.62.0")
    with django_assert_num_queries(1):
        assert [w.code for w in wz_ancestors(sub)] == ["C", "25", "25.6", "25.62"]
    assert [w.code for w in wz_ancestors(WzCode.objects.get(code="25.6"))] == ["C", "25"]
    assert wz_ancestors(WzCode.objects.get(code="C")) == []


def test_wz_detail_shows_the_path_and_the_company_count(office_client):
    CompanyFactory(main_wz=wz("25.62.0"))
    CompanyFactory(main_wz=wz("25.61.0"))
    page = office_client.get("/companies/wz/25.6/").content.decode()
    assert 'href="/companies/wz/C/"' in page and 'href="/companies/wz/25/"' in page
    assert "2 companies in the register" in page or "2 Unternehmen" in page


def test_api_pages_with_django_paginator(office_client):
    for i in range(5):
        CompanyFactory(name=f"Firma {i} GmbH")
    data = office_client.get("/companies/api/companies/", {"page_size": "2", "page": "2"}).json()
    assert (data["count"], data["page"], data["pages"]) == (5, 2, 3)
    assert [r["name"] for r in data["results"]] == ["Firma 2 GmbH", "Firma 3 GmbH"]
    assert "page=3" in data["next"] and "page_size=2" in data["next"]
    assert "page=1" in data["previous"]
    fallback = office_client.get("/companies/api/companies/", {"page_size": "x"}).json()
    assert fallback["count"] == 5 and len(fallback["results"]) == 5
