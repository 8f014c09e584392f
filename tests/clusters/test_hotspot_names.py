"""Hotspots are named by their district and the industries in them, not by coordinates."""

import pytest
import shapely

from tests.clusters.fakes import LINDENAU, PLAGWITZ, finished_run, results
from tests.factories.companies import DistrictFactory
from verbund.clusters.domain.queries import hotspot_places
from verbund.companies.domain.queries import district_names_at

pytestmark = pytest.mark.django_db


def _box(lon: float, lat: float) -> str:
    return shapely.to_geojson(shapely.box(lon - 0.005, lat - 0.005, lon + 0.005, lat + 0.005))


@pytest.fixture
def districts():
    DistrictFactory(name="Plagwitz", geometry=_box(*PLAGWITZ))
    DistrictFactory(name="Lindenau", geometry=_box(*LINDENAU))


def test_district_of_a_point_from_the_register(districts, django_assert_num_queries):
    with django_assert_num_queries(1):
        names = district_names_at([PLAGWITZ, LINDENAU, (13.0, 52.0)])
    assert names == ["Plagwitz", "Lindenau", None]


def test_each_hotspot_gets_its_district_and_the_industries_inside_its_cell(districts):
    r = results()
    places = hotspot_places(r, r["hotspots"])
    assert places[0]["district"] == "Plagwitz"
    assert places[0]["industries"] == [("62", 4), ("73", 1)]  # the company 6 km away is not in it
    assert places[1]["district"] == "Lindenau"
    assert places[1]["industries"] == []


def test_zone_hotspots_are_named_by_their_zone():
    r = results(summary={"hotspot_zones": True})
    r["hotspots"] = [dict(r["hotspots"][0], unit="Plagwitz")]
    places = hotspot_places(r, r["hotspots"])
    assert places[0]["district"] == "Plagwitz"
    assert places[0]["industries"][0] == ("62", 4)


def test_map_page_lists_hotspots_by_district_and_industries(client, make_user, districts):
    user = make_user("office")
    client.force_login(user)
    run = finished_run(user)
    html = client.get(f"/analysis/runs/{run.pk}/map/").content.decode()  # stored (WZ) titles
    table = html[html.index('id="hotspots"') : html.index("</table>", html.index('id="hotspots"'))]
    assert '<td class="hotspot-place">Plagwitz</td>' in table
    assert "62 Branche 62 (4); 73 Branche 73 (1)" in table
    assert '<td class="hotspot-place">Lindenau</td>' in table
    assert "51.3250" not in table and "51,3250" not in table  # no coordinates
