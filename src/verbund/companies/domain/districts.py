"""District layers from GeoJSON files, and areas (programme area) built from districts and drawn shapes."""

from dataclasses import dataclass, field

import shapely
from django.db import transaction
from django.utils.translation import gettext as _

from verbund.companies.domain.geo import (
    GeoError,
    area_km2,
    declared_crs,
    geometry_to_wgs84,
    parse_crs,
    read_geojson,
    shape_from_geojson,
    to_geojson_text,
)
from verbund.companies.models import Area, District
from verbund.core.audit import acting_user, delete_as, save_as


@dataclass
class DistrictImportResult:
    created: int = 0
    updated: int = 0
    skipped: list[str] = field(default_factory=list)
    crs: str = ""


def geojson_properties(data: bytes | str) -> list[str]:
    """Property names of the features (to offer as number and name columns)."""
    names: dict[str, None] = {}
    for feature in read_geojson(data).get("features", [])[:50]:
        for key in feature.get("properties") or {}:
            names[key] = None
    return list(names)


@transaction.atomic
def import_districts(
    *,
    data: bytes | str,
    layer: str,
    number_property: str = "",
    name_property: str = "",
    crs: str = "",
    source: str = "",
    replace_layer: bool = False,
) -> DistrictImportResult:
    """Create or update the districts of one layer from a GeoJSON FeatureCollection.

    The CRS is `crs` if given, else the file's declared one (CRS84 if none). Districts are matched on
    layer + number (or name when there is no number), so importing a newer file updates shapes in place.
    Placement is recomputed afterwards by the caller (see `place_companies`).
    """
    collection = read_geojson(data)
    crs_text = crs or declared_crs(collection)
    try:
        parse_crs(crs_text)
    except GeoError as exc:
        raise GeoError(exc.reason, field="crs" if crs else "file") from exc
    result = DistrictImportResult(crs=crs_text)
    existing = {(d.number, d.name): d for d in District.objects.filter(layer=layer)}
    by_number = {d.number: d for d in existing.values() if d.number}
    seen: set[int] = set()
    for i, feature in enumerate(collection.get("features", []), start=1):
        props = feature.get("properties") or {}
        number = str(props.get(number_property, "") if number_property else "").strip()
        name = str(props.get(name_property, "") if name_property else "").strip() or number
        if not name:
            name = _("district %(n)s") % {"n": i}
        try:
            geom = shapely.geometry.shape(feature.get("geometry") or {})
        except Exception as exc:  # shapely raises several kinds for broken geometry
            result.skipped.append(_("feature %(n)s: %(error)s") % {"n": i, "error": exc})
            continue
        if geom.is_empty or geom.geom_type not in {"Polygon", "MultiPolygon"}:
            result.skipped.append(_("feature %(n)s: not a polygon") % {"n": i})
            continue
        geom = geometry_to_wgs84(geom, crs_text)
        if not geom.is_valid:
            geom = shapely.make_valid(geom)
        text = to_geojson_text(geom)
        district = by_number.get(number) if number else existing.get((number, name))
        if district is None:
            district = District.objects.create(
                layer=layer, number=number, name=name, geometry=text,
                area_km2=area_km2(geom), source=source,
            )  # fmt: skip
            result.created += 1
        else:
            district.name, district.geometry = name, text
            district.area_km2, district.source = area_km2(geom), source or district.source
            district.save()
            result.updated += 1
        seen.add(district.pk)
    if replace_layer:
        District.objects.filter(layer=layer).exclude(pk__in=seen).delete()
    return result


def district_layers() -> list[str]:
    return list(District.objects.order_by("layer").values_list("layer", flat=True).distinct())


def area_geometry(area: Area):
    """The union of an area's districts and its drawn polygon (None when empty)."""
    parts = [shape_from_geojson(d.geometry) for d in area.districts.all()]
    if area.drawn_geometry.strip():
        parts.append(shape_from_geojson(area.drawn_geometry))
    if not parts:
        return None
    return shapely.union_all(parts)


def validate_drawn_geometry(text: str, crs: str = "") -> str:
    """Normalise a drawn/pasted polygon (GeoJSON geometry, Feature or collection, or WKT) to GeoJSON
    text in WGS84; raises GeoError with a readable reason."""
    text = (text or "").strip()
    if not text:
        return ""
    try:
        if text.startswith("{"):
            import json

            obj = json.loads(text)
            crs = crs or (declared_crs(obj) if isinstance(obj, dict) else "")
            geom = shape_from_geojson(obj)
        else:
            geom = shapely.from_wkt(text)
    except Exception as exc:
        raise GeoError(
            _("The shape could not be read: %(error)s") % {"error": exc}, field="drawn_geometry"
        ) from exc
    if geom.is_empty or geom.geom_type not in {"Polygon", "MultiPolygon"}:
        raise GeoError(_("The shape must be a polygon or multipolygon."), field="drawn_geometry")
    geom = geometry_to_wgs84(geom, crs or "OGC:CRS84")
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise GeoError(
            _("The shape's coordinates are not longitude/latitude; name its CRS."),
            field="drawn_geometry",
        )
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    return to_geojson_text(geom)


@transaction.atomic
def save_area(
    *,
    area: Area | None = None,
    name: str,
    description: str = "",
    is_programme_area: bool = False,
    districts: list[District] | None = None,
    drawn_geometry: str = "",
    user=None,
    recompute: bool = True,
) -> Area:
    """Create or change an area, then recompute the inside/outside flags (background task).

    An existing area is reloaded by primary key; `user` is recorded as the author in history.
    """
    geometry = validate_drawn_geometry(drawn_geometry)
    with acting_user(user):
        if area is not None and area.pk is not None:
            area = Area.objects.select_for_update().get(pk=area.pk)
        else:
            area = Area()
        area.name, area.description = name, description
        area.is_programme_area = is_programme_area
        area.drawn_geometry = geometry
        save_as(area, user)
        if districts is not None:
            area.districts.set(districts)
    if recompute:
        schedule_placement()
    return area


@transaction.atomic
def delete_area(*, area: Area, user=None) -> None:
    delete_as(Area.objects.select_for_update().get(pk=area.pk), user)
    schedule_placement()


def schedule_placement() -> None:
    """Recompute placement after the current transaction commits, as a background task."""
    from verbund.companies.tasks import place_companies_task

    transaction.on_commit(place_companies_task.enqueue)


__all__ = ["GeoError", "import_districts", "save_area"]
