import pytest
import shapely
from django.conf import settings
from django.utils import translation

from verbund.companies.domain.districts import import_districts, save_area
from verbund.companies.models import District


@pytest.fixture(autouse=True)
def _default_language():
    """A request to an /en/ page leaves English active in the thread (LocaleMiddleware does not
    reset it); domain code called by the next test outside a request would then speak English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def square_collection(crs: str | None = None, transform=None) -> str:
    """Four 0.05° squares in a 2×2 block around Leipzig, as a GeoJSON FeatureCollection."""
    import json

    features = []
    for i, (x, y) in enumerate([(12.30, 51.30), (12.35, 51.30), (12.30, 51.35), (12.35, 51.35)]):
        geom = shapely.box(x, y, x + 0.05, y + 0.05)
        if transform:
            geom = shapely.transform(geom, transform)
        features.append(
            {
                "type": "Feature",
                "properties": {"nr": f"{i + 1:02d}", "label": f"Square {i + 1}"},
                "geometry": json.loads(shapely.to_geojson(geom)),
            }
        )
    collection = {"type": "FeatureCollection", "features": features}
    if crs:
        collection["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(collection)


@pytest.fixture
def squares(db):
    """Four districts and a programme area made of squares 01 and 02 (the southern row)."""
    import_districts(
        data=square_collection(), layer="Squares", number_property="nr", name_property="label"
    )
    area = save_area(
        name="Test programme area",
        is_programme_area=True,
        districts=list(District.objects.filter(number__in=["01", "02"])),
    )
    return area
