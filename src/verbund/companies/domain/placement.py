"""Placing companies in districts and the programme area, vectorised with shapely 2.

One STRtree over all district polygons answers "which district contains each point" for 100,000 points
in one call; the programme area is a prepared union tested with `contains_xy`. Where district layers
overlap (Ortsteile inside Stadtbezirke), the smallest containing district wins.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import shapely
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max

from verbund.companies.domain.geo import shape_from_geojson
from verbund.companies.enums import Placement, PlacementPrecision
from verbund.companies.models import Area, Company, District, PostcodeDistrict

UPDATE_CHUNK = 900


INSIDE, OUTSIDE, UNKNOWN = Placement.INSIDE.value, Placement.OUTSIDE.value, Placement.UNKNOWN.value
POINT, ZONE = PlacementPrecision.POINT.value, PlacementPrecision.ZONE.value
NO_PRECISION = PlacementPrecision.UNKNOWN.value
ZONE_INSIDE_SHARE = 0.99
"""A district counts as inside when at least this share of its surface lies in the programme area,
as outside when at most 1 - this share does; a district across the border leaves its companies
unknown (their point could lie on either side)."""


@dataclass(frozen=True)
class PlacementIndex:
    district_ids: np.ndarray
    areas: np.ndarray
    tree: shapely.STRtree | None
    programme_area: object | None
    district_placement: dict[int, str] = field(default_factory=dict)
    """district id -> inside / outside / unknown (across the border or no programme area)."""
    postcode_districts: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """postcode -> the districts it covers, from the programme areas' postcode tables."""

    def place(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """District id (0 = none) and placement (inside / outside / unknown) for each point;
        a missing point (NaN) or a missing programme area gives "unknown"."""
        lon = np.asarray(lon, dtype=float)
        lat = np.asarray(lat, dtype=float)
        n = len(lon)
        district = np.zeros(n, dtype=np.int64)
        placement = np.full(n, UNKNOWN, dtype=object)
        has = np.isfinite(lon) & np.isfinite(lat)
        if not has.any():
            return district, placement
        idx = np.flatnonzero(has)
        if self.tree is not None:
            points = shapely.points(lon[idx], lat[idx])
            pt, poly = self.tree.query(points, predicate="intersects")
            # smallest district first, so that for each point the first hit kept is the smallest
            order = np.lexsort((self.areas[poly], pt))
            pt, poly = pt[order], poly[order]
            first = np.unique(pt, return_index=True)[1]
            district[idx[pt[first]]] = self.district_ids[poly[first]]
        if self.programme_area is not None:
            inside = shapely.intersects_xy(self.programme_area, lon[idx], lat[idx])
            placement[idx] = np.where(inside, INSIDE, OUTSIDE)
        return district, placement

    def place_zone(self, *, postcode: str, district_id: int | None) -> tuple[int | None, str, str]:
        """(district id, placement, precision) of a company without a point: by its postcode's
        districts in the postcode table, else by a district given for it, else unknown."""
        districts = self.postcode_districts.get((postcode or "").strip(), ())
        if districts:
            states = {self.district_placement.get(d, UNKNOWN) for d in districts}
            placement = states.pop() if len(states) == 1 else UNKNOWN
            return (districts[0] if len(districts) == 1 else None), placement, ZONE
        if district_id:
            return district_id, self.district_placement.get(district_id, UNKNOWN), ZONE
        return None, UNKNOWN, NO_PRECISION

    def place_all(
        self, lon: np.ndarray, lat: np.ndarray, postcodes: list[str], given_districts: list[int]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """District id, placement and precision per company: by point where there is one, else by
        zone (`given_districts`: a district stated for the company, 0 = none)."""
        district, placement = self.place(lon, lat)
        precision = np.full(len(district), POINT, dtype=object)
        no_point = ~(np.isfinite(np.asarray(lon, float)) & np.isfinite(np.asarray(lat, float)))
        for i in np.flatnonzero(no_point):
            d, placement[i], precision[i] = self.place_zone(
                postcode=postcodes[i], district_id=int(given_districts[i]) or None
            )
            district[i] = d or 0
        return district, placement, precision


def _district_placement(geoms: list, ids: np.ndarray, programme) -> dict[int, str]:
    if programme is None or not geoms:
        return {}
    shapes = np.array(geoms, dtype=object)
    total = shapely.area(shapes)
    inside = shapely.area(shapely.intersection(shapes, programme))
    out = {}
    for pk, whole, part in zip(ids, total, inside, strict=True):
        share = part / whole if whole > 0 else 0.0
        out[int(pk)] = (
            INSIDE
            if share >= ZONE_INSIDE_SHARE
            else OUTSIDE
            if share <= 1 - ZONE_INSIDE_SHARE
            else UNKNOWN
        )
    return out


def _postcode_districts() -> dict[str, tuple[int, ...]]:
    out: dict[str, set[int]] = defaultdict(set)
    rows = PostcodeDistrict.objects.filter(area__is_programme_area=True)
    for postcode, district_id in rows.values_list("postcode", "district_id"):
        out[postcode].add(district_id)
    return {p: tuple(sorted(ds)) for p, ds in out.items()}


INDEX_CACHE_SECONDS = 24 * 3600


def _cache_key() -> str:
    """The cache key carries the data version of districts and programme areas, so a changed shape
    never serves a stale index (the timeout only frees memory)."""
    d = District.objects.aggregate(n=Count("id"), t=Max("updated_at"))
    a = Area.objects.filter(is_programme_area=True).aggregate(n=Count("id"), t=Max("updated_at"))
    links = Area.districts.through.objects.filter(area__is_programme_area=True)
    pc = PostcodeDistrict.objects.aggregate(n=Count("id"), m=Max("id"))
    version = (
        d["n"], d["t"], a["n"], a["t"], links.count(), links.aggregate(s=Max("id"))["s"],
        pc["n"], pc["m"],
    )  # fmt: skip
    digest = hashlib.sha256("|".join(map(str, version)).encode()).hexdigest()[:32]
    return f"companies:placement-index:{digest}"


def _build_index() -> PlacementIndex:
    rows = list(District.objects.values_list("id", "geometry"))
    geoms = [shape_from_geojson(g) for _, g in rows]
    tree = shapely.STRtree(geoms) if geoms else None
    ids = np.array([pk for pk, _ in rows], dtype=np.int64)
    areas = shapely.area(np.array(geoms, dtype=object)) if geoms else np.zeros(0)
    shapes = []
    for area in Area.objects.filter(is_programme_area=True).prefetch_related("districts"):
        shapes += [shape_from_geojson(d.geometry) for d in area.districts.all()]
        if area.drawn_geometry.strip():
            shapes.append(shape_from_geojson(area.drawn_geometry))
    programme = shapely.union_all(shapes) if shapes else None
    return PlacementIndex(
        ids, np.asarray(areas, dtype=float), tree, programme,
        district_placement=_district_placement(geoms, ids, programme),
        postcode_districts=_postcode_districts(),
    )  # fmt: skip


def placement_index() -> PlacementIndex:
    """Built once per change of districts or programme areas, kept in Django's cache (shared by
    the web and worker processes when a shared cache is configured)."""
    key = _cache_key()
    index = cache.get(key)
    if index is None:
        index = _build_index()
        cache.set(key, index, INDEX_CACHE_SECONDS)
    if index.programme_area is not None:
        shapely.prepare(index.programme_area)  # preparation does not survive pickling
    return index


@transaction.atomic
def place_companies(*, company_ids: list[int] | None = None) -> dict[str, int]:
    """Recompute district, placement and its precision; writes only rows whose values change
    (bulk UPDATEs). A company without a point is placed by its postcode's zone (postcode table) or
    a district stated for it (kept only while its precision is "zone"), else it is unknown.

    Derived data: written with queryset.update(), so it does not add history entries.
    """
    qs = Company.objects.all()
    if company_ids is not None:
        qs = qs.filter(pk__in=company_ids)
    rows = list(
        qs.values_list(
            "id", "lon", "lat", "district_id", "placement", "placement_precision", "postcode"
        )
    )
    if not rows:
        return {"companies": 0, "changed": 0, "placed": 0, "inside": 0, "outside": 0, "unknown": 0}
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    lon = np.array([np.nan if r[1] is None else r[1] for r in rows], dtype=float)
    lat = np.array([np.nan if r[2] is None else r[2] for r in rows], dtype=float)
    old_district = np.array([r[3] or 0 for r in rows], dtype=np.int64)
    given = np.where([r[5] == ZONE for r in rows], old_district, 0)
    district, placement, precision = placement_index().place_all(
        lon, lat, [r[6] for r in rows], list(given)
    )
    groups: dict[tuple[int, str, str], list[int]] = defaultdict(list)
    for k, row in enumerate(rows):
        new = (int(district[k]), placement[k], precision[k])
        if new != (int(old_district[k]), row[4], row[5]):
            groups[new].append(int(ids[k]))
    for (d, p, q), pks in groups.items():
        for start in range(0, len(pks), UPDATE_CHUNK):
            Company.objects.filter(pk__in=pks[start : start + UPDATE_CHUNK]).update(
                district_id=d or None, placement=p, placement_precision=q
            )
    return {
        "companies": len(rows),
        "changed": sum(len(p) for p in groups.values()),
        "placed": int((district > 0).sum()),
        "inside": int((placement == INSIDE).sum()),
        "outside": int((placement == OUTSIDE).sum()),
        "unknown": int((placement == UNKNOWN).sum()),
    }
