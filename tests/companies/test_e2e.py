"""Browser journeys for the register: the map draws without tiles; an import runs from upload to apply."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import chromium_path, page, sign_in  # noqa: F401 (fixtures)
from tests.factories.companies import CompanyFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def office(make_user):
    return make_user("office", username="buero")


def test_map_draws_districts_area_and_companies_without_tiles(page, live_server, office, squares):  # noqa: F811
    for lon, lat in [(12.32, 51.32), (12.37, 51.37), (12.33, 51.36)]:
        CompanyFactory(lon=lon, lat=lat)
    sign_in(page, live_server, username="buero")
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server.url}/companies/map/")
    expect(page.locator("#map-status")).to_contain_text("3 Unternehmen")
    assert not errors
    assert page.locator("#company-map canvas").count() >= 1  # districts, area, points (canvas)
    assert page.locator("#company-map .leaflet-tile").count() == 0  # no tile URL configured
    page.goto(f"{live_server.url}/companies/areas/new/")
    page.wait_for_selector("#draw-map canvas, #draw-map svg")
    page.locator("#draw-map").scroll_into_view_if_needed()
    box = page.locator("#draw-map").bounding_box()
    for dx, dy in [(0.3, 0.3), (0.6, 0.3), (0.5, 0.6)]:
        page.mouse.click(box["x"] + box["width"] * dx, box["y"] + box["height"] * dy)
    page.click("#draw-finish")
    assert '"Polygon"' in page.input_value("#id_drawn_geometry")
    assert not errors


def test_import_from_upload_to_apply(page, live_server, office, tmp_path):  # noqa: F811
    path = tmp_path / "firmen.csv"
    path.write_text(
        "Firma;PLZ;WZ\nAlpha GmbH;04229;25.62.0\nBeta GmbH;4229;2562\n", encoding="utf-8"
    )
    sign_in(page, live_server, username="buero")
    page.goto(f"{live_server.url}/companies/imports/")
    page.set_input_files("input[name=file]", str(path))
    page.click("text=Hochladen und Spalten zuordnen")
    page.click("text=Prüfen (Probelauf)")
    page.wait_for_selector("text=abgelehnt")
    assert page.locator("td", has_text="malformed").count() == 0
    assert page.locator("tr", has_text="PLZ").filter(has_text="4229").count() == 1
    path.write_text(
        "Firma;PLZ;WZ\nAlpha GmbH;04229;25.62.0\nBeta GmbH;04229;2562\n", encoding="utf-8"
    )
    page.goto(f"{live_server.url}/companies/imports/")
    page.set_input_files("input[name=file]", str(path))
    page.click("text=Hochladen und Spalten zuordnen")
    page.click("text=Prüfen (Probelauf)")
    page.click("text=Import übernehmen")
    page.wait_for_selector("text=2 angelegt")


XSS_NAME = '<img src=x onerror="window.__xss=1">'


def test_map_tooltips_show_area_and_district_names_as_text(page, live_server, office, squares):  # noqa: F811
    """Issue 9 item 5: names from users and imported files never run as HTML on the map."""
    from verbund.companies.models import District

    squares.name = XSS_NAME
    squares.save()
    District.objects.filter(number="03").update(name=XSS_NAME + " Bezirk")
    CompanyFactory(name=XSS_NAME + " GmbH", lon=12.36, lat=51.37)
    sign_in(page, live_server, username="buero")
    page.set_viewport_size({"width": 1280, "height": 720})  # the shapes' place on the map
    page.goto(f"{live_server.url}/companies/map/")
    expect(page.locator("#map-status")).to_contain_text("1 Unternehmen")
    page.locator("#company-map").scroll_into_view_if_needed()
    page.wait_for_timeout(500)  # fitBounds animation settles
    box = page.locator("#company-map").bounding_box()
    tooltip = page.locator(".leaflet-tooltip")
    # the programme area (the southern squares), then the north-western district "03"
    for (dx, dy), expected in [((0.5, 0.75), XSS_NAME), ((0.42, 0.35), XSS_NAME + " Bezirk")]:
        page.mouse.move(box["x"] + box["width"] * dx, box["y"] + box["height"] * dy)
        # waits through locators: the strict Content-Security-Policy forbids evaluated strings
        expect(tooltip.filter(has_text=expected).first).to_be_visible()
        assert tooltip.locator("img").count() == 0
        assert page.evaluate("typeof window.__xss") == "undefined"
        page.mouse.move(box["x"] - 50, box["y"] - 50)
    assert page.evaluate("typeof window.__xss") == "undefined"
