"""Read helpers shared by views, exports, the API and other apps."""

import json

from django.db.models import Count, Max, Q, QuerySet

from verbund.classification import normalise_wz_code
from verbund.companies.domain.districts import area_geometry
from verbund.companies.domain.duplicates import duplicate_suggestions
from verbund.companies.domain.geo import to_geojson_text
from verbund.companies.enums import Placement, PlacementPrecision
from verbund.companies.models import Affiliation, Area, Company, District, WzCode

MAP_FLAG = {Placement.INSIDE.value: 1, Placement.OUTSIDE.value: 0, Placement.UNKNOWN.value: None}


def company_list_queryset() -> QuerySet[Company]:
    """Companies with what list pages, exports and the API show, in a constant number of queries."""
    return Company.objects.select_related("main_wz", "district").prefetch_related("tags")


def company_table_queryset() -> QuerySet[Company]:
    """Only the columns the list table shows: sorting 100,000 narrow rows is 10x faster than wide."""
    return Company.objects.select_related("main_wz", "district").only(
        "public_id", "name", "trading_name", "city", "postcode", "employees", "size_class",
        "placement", "placement_precision", "updated_at", "main_wz__code", "main_wz__title",
        "main_wz__title_en", "district__number", "district__name",
    )  # fmt: skip


def register_version() -> str:
    """A data version of the register, districts and areas: changes whenever any of them changes
    (count, newest change, highest id), so cache keys that include it never serve stale data."""
    agg = Company.objects.aggregate(n=Count("id"), t=Max("updated_at"), m=Max("id"))
    areas = Area.objects.aggregate(n=Count("id"), t=Max("updated_at"))
    districts = District.objects.aggregate(n=Count("id"), t=Max("updated_at"))
    parts = (agg["n"], agg["t"], agg["m"], areas["n"], areas["t"], districts["n"], districts["t"])
    return "|".join(str(p) for p in parts)


def map_geojson(queryset: QuerySet[Company]) -> dict:
    """Compact GeoJSON of companies with coordinates: one Point per company, properties
    i (id), n (name), s (WZ section), a (1 = inside the programme area, 0 = outside, null =
    unknown). One query, plain rows. Companies placed only by zone have no point and are not
    drawn as one."""
    rows = (
        queryset.filter(lat__isnull=False, lon__isnull=False)
        .order_by()
        .values_list("id", "lon", "lat", "name", "main_wz__section", "placement")
    )
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
            "properties": {"i": pk, "n": name, "s": section or "", "a": MAP_FLAG[placement]},
        }
        for pk, lon, lat, name, section, placement in rows.iterator(chunk_size=10000)
    ]
    return {"type": "FeatureCollection", "features": features}


def areas_geojson() -> dict:
    """Districts (with their company counts) and areas as one GeoJSON FeatureCollection."""
    features = [
        {
            "type": "Feature",
            "geometry": json.loads(d.geometry),
            "properties": {"kind": "district", "name": str(d), "layer": d.layer, "companies": d.n},
        }
        for d in District.objects.annotate(n=Count("companies")).order_by("layer", "number")
    ]
    for area in Area.objects.prefetch_related("districts"):
        geom = area_geometry(area)
        if geom is None:
            continue
        kind = "programme_area" if area.is_programme_area else "area"
        features.append(
            {
                "type": "Feature",
                "geometry": json.loads(to_geojson_text(geom)),
                "properties": {"kind": kind, "name": area.name},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def has_demo_shapes() -> bool:
    return District.objects.filter(source__startswith="Demo").exists()


def placement_summary(queryset: QuerySet[Company] | None = None) -> dict[str, int]:
    """How many companies there are, how many lie in a district, how many are inside, outside
    or of unknown placement, and how many are placed only by their zone (no point)."""
    qs = Company.objects.all() if queryset is None else queryset
    return qs.aggregate(
        total=Count("id"),
        placed=Count("id", filter=Q(district__isnull=False)),
        inside=Count("id", filter=Q(placement=Placement.INSIDE)),
        outside=Count("id", filter=Q(placement=Placement.OUTSIDE)),
        unknown=Count("id", filter=Q(placement=Placement.UNKNOWN)),
        by_zone=Count("id", filter=Q(placement_precision=PlacementPrecision.ZONE)),
    )


def placement_lookup(placement: str, *, prefix: str = "") -> dict:
    """Lookup selecting companies with this placement (inside / outside / unknown); `prefix` for
    related lookups ("company__"). Other apps select by placement through this."""
    return {f"{prefix}placement": Placement(placement).value}


def inside_lookup(*, prefix: str = "") -> dict:
    """Lookup selecting companies inside the programme area (not those of unknown placement)."""
    return placement_lookup(Placement.INSIDE, prefix=prefix)


def unknown_lookup(*, prefix: str = "") -> dict:
    """Lookup selecting companies whose placement is unknown (no position, no known zone)."""
    return placement_lookup(Placement.UNKNOWN, prefix=prefix)


PICKER_LIMIT = 20


def search_companies(text: str, *, limit: int = PICKER_LIMIT) -> tuple[list[Company], bool]:
    """Companies matching every typed word in name, trading name, city, postcode (prefix) or
    register number, by name; at most `limit`, and whether there are more. For pickers that must
    not send thousands of companies with the page."""
    words = (text or "").split()[:6]
    if not words or len(" ".join(words)) < 2:
        return [], False
    qs = Company.objects.select_related("main_wz")
    for word in words:
        qs = qs.filter(
            Q(name__icontains=word) | Q(trading_name__icontains=word) | Q(city__icontains=word)
            | Q(postcode__startswith=word) | Q(register_number__icontains=word)
        )  # fmt: skip
    found = list(qs.order_by("name", "city", "pk")[: limit + 1])
    return found[:limit], len(found) > limit


def district_layers_with_counts() -> QuerySet:
    return District.objects.values("layer").annotate(n=Count("id")).order_by("layer")


def areas_with_districts() -> QuerySet[Area]:
    return Area.objects.prefetch_related("districts")


def wz_company_counts(codes: list[WzCode]) -> dict[int, int]:
    """WzCode id -> number of companies with it as main code."""
    return dict(
        Company.objects.filter(main_wz__in=codes)
        .values_list("main_wz")
        .annotate(n=Count("id"))
        .values_list("main_wz", "n")
    )


def wz_ancestors(wz: WzCode) -> list[WzCode]:
    """Section, division, group and class above `wz`, top first, in one query.

    A WZ code names its ancestors: 25.62.0 lies under 25.62, 25.6, 25 and its section."""
    if wz.level <= 1:
        return []
    digits = wz.digits
    codes = [wz.section, digits[:2]]
    if len(digits) >= 3:
        codes.append(f"{digits[:2]}.{digits[2]}")
    if len(digits) >= 4:
        codes.append(f"{digits[:2]}.{digits[2:4]}")
    return list(WzCode.objects.filter(code__in=codes, level__lt=wz.level).order_by("level"))


def wz_company_count(wz: WzCode) -> int:
    """Companies whose main code is `wz` or lies below it."""
    if wz.level > 1:
        return Company.objects.filter(main_wz__digits__startswith=wz.digits).count()
    return Company.objects.filter(main_wz__section=wz.code).count()


def duplicate_pairs(*, limit: int = 100) -> list[tuple[Company, Company, int]]:
    """The suggested duplicate pairs as (older, newer, score) with the companies loaded."""
    suggestions = duplicate_suggestions(limit=limit)
    ids = {i for s in suggestions for i in (s.first_id, s.second_id)}
    companies = Company.objects.select_related("main_wz").in_bulk(ids)
    return [
        (companies[s.first_id], companies[s.second_id], round(s.score))
        for s in suggestions
        if s.first_id in companies and s.second_id in companies
    ]


def not_duplicate_decisions(*, limit: int = 50) -> QuerySet:
    """The latest "not a duplicate" decisions with both companies and who decided."""
    from verbund.companies.models import NotDuplicate

    return NotDuplicate.objects.select_related("first", "second", "decided_by")[:limit]


def companies_of_user(user) -> QuerySet[Company]:
    """The companies a user works for (affiliations)."""
    if not getattr(user, "is_authenticated", False):
        return Company.objects.none()
    return Company.objects.filter(affiliations__user=user)


def affiliated_company_ids(user_ids: list[int]) -> dict[int, set[int]]:
    """user id -> ids of the companies they are affiliated with (for conflict-of-interest checks)."""
    out: dict[int, set[int]] = {}
    for uid, cid in Affiliation.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "company_id"
    ):
        out.setdefault(uid, set()).add(cid)
    return out


def programme_areas() -> QuerySet[Area]:
    return Area.objects.filter(is_programme_area=True).prefetch_related("districts")


def districts_with_counts() -> QuerySet[District]:
    return District.objects.annotate(n_companies=Count("companies"))


def find_wz(text: str) -> WzCode | None:
    """A WZ entry from a code typed with or without dots."""
    code = normalise_wz_code(text)
    return WzCode.objects.filter(code=code).first() if code else None


def search_wz(query: str, *, limit: int = 200) -> QuerySet[WzCode]:
    """Codes whose code (with or without dots) or German/English title match."""
    qs = WzCode.objects.select_related("parent")
    query = (query or "").strip()
    if not query:
        return qs.filter(level=1)
    code = normalise_wz_code(query)
    if code:
        digits = code.replace(".", "")
        return (
            qs.filter(digits__startswith=digits)[:limit]
            if code[0].isdigit()
            else qs.filter(section=code)[:limit]
        )
    return qs.filter(Q(title__icontains=query) | Q(title_en__icontains=query))[:limit]


def district_points(district_ids: list[int]) -> dict[int, tuple[float, float]]:
    """district id -> (lon, lat) of a point inside the district (where zone-placed companies stand
    on maps and in the analysis input)."""
    import shapely

    from verbund.companies.domain.geo import shape_from_geojson

    out = {}
    for pk, geometry in District.objects.filter(pk__in=district_ids).values_list("id", "geometry"):
        point = shapely.point_on_surface(shape_from_geojson(geometry))
        out[pk] = (round(float(point.x), 6), round(float(point.y), 6))
    return out


def district_names_at(points: list[tuple[float, float]]) -> list[str | None]:
    """The name of the district each (lon, lat) point (WGS84) lies in, None outside every district
    (one query; used to name places such as the analysis' hotspots instead of coordinates)."""
    import shapely

    from verbund.companies.domain.geo import shape_from_geojson

    if not points:
        return []
    shapes = [
        (name, shape_from_geojson(geometry))
        for name, geometry in District.objects.order_by("layer", "number", "name").values_list(
            "name", "geometry"
        )
    ]
    out: list[str | None] = []
    for lon, lat in points:
        point = shapely.Point(float(lon), float(lat))
        out.append(next((name for name, shape in shapes if shape.covers(point)), None))
    return out
