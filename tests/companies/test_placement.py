import json

import numpy as np
import pytest
import shapely
from pyproj import Transformer

from tests.companies.conftest import square_collection
from tests.factories.companies import CompanyFactory
from verbund.companies.domain.districts import import_districts, save_area
from verbund.companies.domain.geo import GeoError
from verbund.companies.domain.placement import place_companies, placement_index
from verbund.companies.models import Company, District

pytestmark = pytest.mark.integration


def test_points_get_their_district_and_inside_flag(squares):
    south = CompanyFactory(lon=12.32, lat=51.32)  # square 1, in the programme area
    north = CompanyFactory(lon=12.37, lat=51.37)  # square 4, outside
    away = CompanyFactory(lon=13.0, lat=52.0)
    nowhere = CompanyFactory(lon=None, lat=None)
    result = place_companies()
    assert result["placed"] == 2 and result["inside"] == 1
    assert (result["outside"], result["unknown"]) == (2, 1)
    for company, number, placement, precision in [
        (south, "01", "inside", "point"), (north, "04", "outside", "point"),
        (away, None, "outside", "point"), (nowhere, None, "unknown", "unknown"),
    ]:  # fmt: skip
        company.refresh_from_db()
        assert (company.district.number if company.district else None) == number
        assert (company.placement, company.placement_precision) == (placement, precision)
    assert place_companies()["changed"] == 0


def test_districts_in_utm_are_converted_from_the_declared_crs(db):
    to_utm = Transformer.from_crs("EPSG:4326", "EPSG:25833", always_xy=True)

    def transform(coords):
        x, y = to_utm.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    data = square_collection(crs="urn:ogc:def:crs:EPSG::25833", transform=transform)
    result = import_districts(data=data, layer="UTM", number_property="nr", name_property="label")
    assert result.created == 4
    d = District.objects.get(layer="UTM", number="01")
    minx, _miny, _maxx, maxy = shapely.from_geojson(d.geometry).bounds
    assert minx == pytest.approx(12.30, abs=1e-4) and maxy == pytest.approx(51.35, abs=1e-4)
    assert d.area_km2 == pytest.approx(19.4, rel=0.05)
    again = import_districts(data=data, layer="UTM", number_property="nr", name_property="label")
    assert again.updated == 4 and District.objects.filter(layer="UTM").count() == 4


def test_changing_the_area_recomputes_the_flags(squares, django_capture_on_commit_callbacks):
    north = CompanyFactory(lon=12.37, lat=51.37)
    place_companies()
    north.refresh_from_db()
    assert north.placement == "outside"
    with django_capture_on_commit_callbacks(execute=True):
        save_area(
            area=squares, name=squares.name, is_programme_area=True,
            districts=list(District.objects.filter(number__in=["01", "02", "04"])),
        )  # fmt: skip
    # placement runs as a background task after commit; tests run tasks inline
    north.refresh_from_db()
    assert north.placement == "inside"


def test_a_drawn_polygon_extends_the_area(squares, django_capture_on_commit_callbacks):
    company = CompanyFactory(lon=12.31, lat=51.38)  # square 3
    drawn = json.dumps({"type": "Polygon", "coordinates": [[[12.30, 51.37], [12.32, 51.37],
                        [12.32, 51.39], [12.30, 51.39], [12.30, 51.37]]]})  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        save_area(area=squares, name=squares.name, is_programme_area=True, drawn_geometry=drawn)
    company.refresh_from_db()
    assert company.is_inside and company.district.number == "03"
    with pytest.raises(GeoError):
        save_area(name="Broken", drawn_geometry='{"type": "Point", "coordinates": [1, 2]}')


def test_smallest_overlapping_district_wins(squares):
    import_districts(
        data=json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature",
            "properties": {"n": "X"}, "geometry": json.loads(shapely.to_geojson(
                shapely.box(12.2, 51.2, 12.5, 51.5)))}]}),
        layer="Big", number_property="n", name_property="n",
    )  # fmt: skip
    company = CompanyFactory(lon=12.32, lat=51.32)
    place_companies()
    company.refresh_from_db()
    assert company.district.layer == "Squares"


def test_placement_is_vectorised(squares):
    rng = np.random.default_rng(1)
    lon, lat = rng.uniform(12.30, 12.40, 20000), rng.uniform(51.30, 51.40, 20000)
    district, placement = placement_index().place(lon, lat)
    assert (district > 0).all()
    assert (placement == "inside").sum() == pytest.approx((lat < 51.35).sum(), abs=5)
    assert Company.objects.count() == 0


@pytest.mark.integration
def test_placement_index_lives_in_djangos_cache_and_follows_changes(squares):
    from django.core.cache import cache

    from verbund.companies.models import District

    cache.clear()
    first = placement_index()
    from verbund.companies.domain.placement import _cache_key

    assert cache.get(_cache_key()) is not None
    assert placement_index().district_ids.tolist() == first.district_ids.tolist()
    District.objects.filter(number="04").delete()
    assert len(placement_index().district_ids) == len(first.district_ids) - 1
