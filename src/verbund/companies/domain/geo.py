"""Coordinate reference systems and GeoJSON reading, with pyproj and shapely.

Everything stored is WGS84 longitude/latitude. Input CRSs are whatever a file declares (GeoJSON "crs"
member, else CRS84 as RFC 7946 says) or what the user picks for an import.
"""

import json
from functools import cache

import numpy as np
import shapely
from django.utils.translation import gettext as _
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from verbund.core.errors import DomainError

WGS84 = "EPSG:4326"
COMMON_CRS = [
    ("EPSG:4326", "WGS84 (longitude/latitude)"),
    ("EPSG:25833", "ETRS89 / UTM zone 33N"),
    ("EPSG:25832", "ETRS89 / UTM zone 32N"),
    ("EPSG:3857", "Web Mercator"),
    ("EPSG:31468", "DHDN / Gauss-Krüger zone 4"),
]
BOUNDS_MARGIN_DEG = 3.0
"""UTM zones are used a few degrees beyond their official strip (Leipzig, 12.4° E, in zone 32N)."""


class GeoError(DomainError):
    """A coordinate reference system, GeoJSON file or shape that cannot be used."""


@cache
def parse_crs(text: str | None) -> CRS:
    """A CRS from "EPSG:25833", "25833", "urn:ogc:def:crs:EPSG::25833", "CRS84"…; default WGS84."""
    text = (str(text or "").strip()) or WGS84
    if text.isdigit():
        text = f"EPSG:{text}"
    try:
        return CRS.from_user_input(text)
    except CRSError as exc:
        raise GeoError(
            _("unknown coordinate reference system %(crs)s") % {"crs": repr(text)}
        ) from exc


@cache
def _to_wgs84(crs_text: str) -> Transformer:
    return Transformer.from_crs(parse_crs(crs_text), CRS.from_epsg(4326), always_xy=True)


@cache
def lonlat_bounds(crs_text: str) -> tuple[float, float, float, float]:
    """The CRS's area of use in lon/lat, widened by a margin; the whole globe when unknown."""
    area = parse_crs(crs_text).area_of_use
    if area is None:
        return (-180.0, -90.0, 180.0, 90.0)
    m = BOUNDS_MARGIN_DEG
    return (
        max(-180.0, area.west - m),
        max(-90.0, area.south - m),
        min(180.0, area.east + m),
        min(90.0, area.north + m),
    )


def to_wgs84(
    crs_text: str, x: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Transform coordinate arrays to lon/lat; the third array says which points lie inside the CRS's
    area of use (others are wrong input: swapped axes, wrong CRS, typos)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if parse_crs(crs_text).equals(CRS.from_epsg(4326), ignore_axis_order=True):
        lon, lat = x, y
    else:
        with np.errstate(all="ignore"):
            lon, lat = _to_wgs84(crs_text).transform(x, y, errcheck=False)
        lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    w, s, e, n = lonlat_bounds(crs_text)
    ok = np.isfinite(lon) & np.isfinite(lat) & (lon >= w) & (lon <= e) & (lat >= s) & (lat <= n)
    return lon, lat, ok


def geometry_to_wgs84(geom, crs_text: str):
    if parse_crs(crs_text).equals(CRS.from_epsg(4326), ignore_axis_order=True):
        return geom
    transformer = _to_wgs84(crs_text)

    def fn(coords: np.ndarray) -> np.ndarray:
        lon, lat = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([lon, lat])

    return shapely.transform(geom, fn)


def declared_crs(collection: dict) -> str:
    """The CRS named in a GeoJSON object's (pre-RFC 7946) "crs" member; CRS84 when absent."""
    crs = collection.get("crs") or {}
    name = (crs.get("properties") or {}).get("name") if isinstance(crs, dict) else None
    return str(name) if name else "OGC:CRS84"


def read_geojson(data: bytes | str) -> dict:
    try:
        obj = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise GeoError(_("not valid JSON: %(error)s") % {"error": exc}, field="file") from exc
    if not isinstance(obj, dict) or obj.get("type") not in {"FeatureCollection", "Feature"}:
        raise GeoError(_("not a GeoJSON FeatureCollection"), field="file")
    if obj["type"] == "Feature":
        obj = {"type": "FeatureCollection", "features": [obj], "crs": obj.get("crs")}
    return obj


def shape_from_geojson(text: str):
    """A shapely geometry from stored GeoJSON text (a geometry, Feature or FeatureCollection)."""
    obj = json.loads(text) if isinstance(text, str) else text
    if obj.get("type") == "FeatureCollection":
        return shapely.union_all([shape_from_geojson(f) for f in obj.get("features", [])])
    if obj.get("type") == "Feature":
        obj = obj.get("geometry") or {}
    return shapely.geometry.shape(obj)


def to_geojson_text(geom, precision: int = 6) -> str:
    """Compact GeoJSON text of a geometry (coordinates rounded to ~0.1 m at 6 decimals)."""
    return shapely.to_geojson(shapely.set_precision(geom, 10**-precision) if precision else geom)


def area_km2(geom_wgs84) -> float:
    """Area on the ellipsoid (pyproj Geod), so it is right at any latitude."""
    from pyproj import Geod

    try:
        return abs(Geod(ellps="WGS84").geometry_area_perimeter(geom_wgs84)[0]) / 1e6
    except Exception:
        return 0.0
