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
    "competences",
]


def companies_frame() -> pd.DataFrame:
    """All companies with position and main WZ code; x/y in EPSG:25833 metres."""
    from verbund.companies.models import Company

    rows = (
        Company.objects.filter(lat__isnull=False, lon__isnull=False, main_wz__isnull=False)
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
            "in_programme_area",
            "competences",
        )
    )
    df = pd.DataFrame.from_records(list(rows), columns=COLUMNS)
    if df.empty:
        return df
    df["public_id"] = df["public_id"].astype(str)
    df["competences"] = df["competences"].fillna("")
    df["in_area"] = df["in_area"].astype(bool)
    df["x"], df["y"] = to_projected(df["lon"].to_numpy(float), df["lat"].to_numpy(float))
    return df


def unpositioned_count() -> int:
    """Companies the analysis cannot use (no position or no WZ code), reported with the run."""
    from django.db.models import Q

    from verbund.companies.models import Company

    return Company.objects.filter(
        Q(lat__isnull=True) | Q(lon__isnull=True) | Q(main_wz__isnull=True)
    ).count()


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
