"""The company register as the analysis core's input table (one query, no per-company lookups)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from verbund.analysis.io import PROJECTED_CRS

COLUMNS = [
    "id",
    "public_id",
    "name",
    "wz",
    "employees",
    "lon",
    "lat",
    "district",
    "in_area",
    "precision",
    "competences",
]
"""`precision` is "point" (the company's own position) or "zone" (placed only by its district or
postcode; `lon`/`lat` are then a point inside the district, `district` names the zone), so the
analysis can treat zone-placed companies as zones. `in_area` is True, False or <NA> (unknown)."""

EXCLUSION_REASONS = ("no_position", "no_wz")
"""Why a company is left out of the analysis input: neither a point nor a zone (district), or no
main WZ code. A company without both counts under "no_wz"."""


def _usable():
    from django.db.models import Q

    return Q(lat__isnull=False, lon__isnull=False) | Q(
        placement_precision="zone", district__isnull=False
    )


def companies_frame() -> pd.DataFrame:
    """All companies with a main WZ code and a point or a zone; x/y in EPSG:25833 metres.

    Zone-placed companies stand at a point inside their district (`precision` = "zone")."""
    from verbund.companies.domain.queries import district_points
    from verbund.companies.models import Company

    rows = (
        Company.objects.filter(_usable(), main_wz__isnull=False)
        .order_by("pk")
        .values_list(
            "pk",
            "public_id",
            "name",
            "main_wz__code",
            "employees",
            "lon",
            "lat",
            "district__name",
            "placement",
            "placement_precision",
            "competences",
            "district_id",
        )
    )
    df = pd.DataFrame.from_records(list(rows), columns=[*COLUMNS, "district_id"])
    if df.empty:
        return df.drop(columns=["district_id"])
    df["public_id"] = df["public_id"].astype(str)
    df["competences"] = df["competences"].fillna("")
    df["in_area"] = df["in_area"].map({"inside": True, "outside": False}).astype("boolean")
    has_point = df["lon"].notna() & df["lat"].notna()
    df["precision"] = np.where(has_point, "point", "zone")
    zone = ~has_point
    if zone.any():
        points = district_points(sorted(set(df.loc[zone, "district_id"].astype(int))))
        df.loc[zone, "lon"] = df.loc[zone, "district_id"].map(lambda d: points[int(d)][0])
        df.loc[zone, "lat"] = df.loc[zone, "district_id"].map(lambda d: points[int(d)][1])
    df = df.drop(columns=["district_id"])
    df["lon"] = df["lon"].astype(float)
    df["lat"] = df["lat"].astype(float)
    df["x"], df["y"] = to_projected(df["lon"].to_numpy(float), df["lat"].to_numpy(float))
    return df


def exclusions() -> dict[str, int]:
    """How many companies the analysis input leaves out, by reason (`EXCLUSION_REASONS`), and how
    many it holds only as zones ("by_zone"); stored with the run's summary."""
    from django.db.models import Count, Q

    from verbund.companies.models import Company

    usable = _usable()
    counts = Company.objects.aggregate(
        no_wz=Count("id", filter=Q(main_wz__isnull=True)),
        no_position=Count("id", filter=Q(main_wz__isnull=False) & ~usable),
        by_zone=Count(
            "id",
            filter=Q(main_wz__isnull=False) & usable & (Q(lat__isnull=True) | Q(lon__isnull=True)),
        ),
    )
    counts["left_out"] = counts["no_wz"] + counts["no_position"]
    return counts


def unpositioned_count() -> int:
    """Companies the analysis cannot use (no position or zone, or no WZ code)."""
    return exclusions()["left_out"]


def to_projected(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from pyproj import Transformer

    tr = Transformer.from_crs("EPSG:4326", PROJECTED_CRS, always_xy=True)
    x, y = tr.transform(lon, lat)
    return np.asarray(x, float), np.asarray(y, float)


def to_lonlat(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from pyproj import Transformer

    tr = Transformer.from_crs(PROJECTED_CRS, "EPSG:4326", always_xy=True)
    lon, lat = tr.transform(np.asarray(x, float), np.asarray(y, float))
    return np.round(np.asarray(lon, float), 6), np.round(np.asarray(lat, float), 6)


def districts_geojson() -> dict:
    """Districts that hold companies, as a GeoJSON FeatureCollection for the map (WGS84)."""
    from verbund.companies.models import District

    features = []
    for pk, name, geometry in (
        District.objects.filter(companies__isnull=False)
        .distinct()
        .order_by("pk")
        .values_list("pk", "name", "geometry")
    ):
        try:
            geom = json.loads(geometry)
        except (TypeError, ValueError):
            continue
        if geom.get("type") == "Feature":
            geom = geom.get("geometry")
        if geom:
            features.append(
                {"type": "Feature", "properties": {"id": pk, "name": name}, "geometry": geom}
            )
    return {"type": "FeatureCollection", "features": features}


def programme_areas_geojson() -> dict:
    """Outlines of the programme areas (union of their districts and drawn polygons), WGS84."""
    import shapely.geometry

    from verbund.companies.domain.districts import area_geometry
    from verbund.companies.models import Area

    features = []
    for area in Area.objects.filter(is_programme_area=True).prefetch_related("districts"):
        geom = area_geometry(area)
        if geom is not None and not geom.is_empty:
            features.append(
                {
                    "type": "Feature",
                    "properties": {"name": area.name},
                    "geometry": shapely.geometry.mapping(geom),
                }
            )
    return {"type": "FeatureCollection", "features": features}
