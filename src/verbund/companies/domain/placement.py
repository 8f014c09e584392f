"""Placing companies in districts and the programme area, vectorised with shapely 2.

One STRtree over all district polygons answers "which district contains each point" for 100,000 points
in one call; the programme area is a prepared union tested with `contains_xy`. Where district layers
overlap (Ortsteile inside Stadtbezirke), the smallest containing district wins.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import shapely
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max

from verbund.companies.domain.geo import shape_from_geojson
from verbund.companies.models import Area, Company, District

UPDATE_CHUNK = 900


@dataclass(frozen=True)
class PlacementIndex:
    district_ids: np.ndarray
    areas: np.ndarray
    tree: shapely.STRtree | None
    programme_area: object | None

    def place(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """District id (0 = none) and inside-programme-area flag for each point (NaN = no point)."""
        lon = np.asarray(lon, dtype=float)
        lat = np.asarray(lat, dtype=float)
        n = len(lon)
        district = np.zeros(n, dtype=np.int64)
        inside = np.zeros(n, dtype=bool)
        has = np.isfinite(lon) & np.isfinite(lat)
        if not has.any():
            return district, inside
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
            inside[idx] = shapely.intersects_xy(self.programme_area, lon[idx], lat[idx])
        return district, inside


INDEX_CACHE_SECONDS = 24 * 3600


def _cache_key() -> str:
    """The cache key carries the data version of districts and programme areas, so a changed shape
    never serves a stale index (the timeout only frees memory)."""
    d = District.objects.aggregate(n=Count("id"), t=Max("updated_at"))
    a = Area.objects.filter(is_programme_area=True).aggregate(n=Count("id"), t=Max("updated_at"))
    links = Area.districts.through.objects.filter(area__is_programme_area=True)
    version = (d["n"], d["t"], a["n"], a["t"], links.count(), links.aggregate(s=Max("id"))["s"])
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
    return PlacementIndex(ids, np.asarray(areas, dtype=float), tree, programme)


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
    """Recompute district and inside flag; writes only rows whose values change (bulk UPDATEs).

    Derived data: written with queryset.update(), so it does not add history entries.
    """
    qs = Company.objects.all()
    if company_ids is not None:
        qs = qs.filter(pk__in=company_ids)
    rows = list(qs.values_list("id", "lon", "lat", "district_id", "in_programme_area"))
    if not rows:
        return {"companies": 0, "changed": 0, "placed": 0, "inside": 0}
    arr = np.array(
        [(r[0], r[1] if r[1] is not None else np.nan, r[2] if r[2] is not None else np.nan,
          r[3] or 0, r[4]) for r in rows],
        dtype=float,
    )  # fmt: skip
    ids = arr[:, 0].astype(np.int64)
    district, inside = placement_index().place(arr[:, 1], arr[:, 2])
    changed = (district != arr[:, 3].astype(np.int64)) | (inside != arr[:, 4].astype(bool))
    groups: dict[tuple[int, bool], list[int]] = defaultdict(list)
    for pk, d, i in zip(ids[changed], district[changed], inside[changed], strict=True):
        groups[(int(d), bool(i))].append(int(pk))
    for (d, i), pks in groups.items():
        for start in range(0, len(pks), UPDATE_CHUNK):
            Company.objects.filter(pk__in=pks[start : start + UPDATE_CHUNK]).update(
                district_id=d or None, in_programme_area=i
            )
    return {
        "companies": len(rows),
        "changed": int(changed.sum()),
        "placed": int((district > 0).sum()),
        "inside": int(inside.sum()),
    }
