"""Reading company, area and reference files into the shapes the analysis expects.

Company schema (columns; extra columns are kept):
``id, name, wz, employees, x, y`` (projected metres, EPSG:25833) or ``lon, lat`` (WGS84, converted
with pyproj), optional ``district``, ``in_area`` (bool), ``competences`` (free text) and
``precision`` ("point": the establishment's own position; "zone": placed only by its district or
postcode, the position being the zone's centre — see `verbund.analysis.pipeline.placement`).

WZ 2008 codes arrive written many ways ("25.62.0", "25620", "2562", "25.6"); they are normalised to
the dotted Destatis form by digit count: 2 → division "25", 3 → group "25.6", 4 → class "25.62",
5 → subclass "25.62.0".
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from verbund.classification import normalise_wz_code

from .codes import ambiguity_message, read_lost_zeros

PROJECTED_CRS = "EPSG:25833"
WZ_LEVELS = {"division": 2, "group": 3, "class": 4, "subclass": 5}
REQUIRED = ("wz",)
NAME_COLUMNS = (
    "company", "company_name", "firm", "firma", "unternehmen", "denomination", "raison_sociale",
    "denominationunitelegale", "enseigne", "nom", "trading_name",
)  # fmt: skip
"""Columns that name an establishment when the table has no ``name`` column (registers in
several countries spell it differently); without any, the ``id`` names it."""


def normalise_wz(codes: pd.Series | list[str] | np.ndarray) -> pd.Series:
    """Dotted WZ 2008 codes from any common spelling; unparseable codes become ``<NA>``.

    Each distinct code goes once through `verbund.classification.normalise_wz_code`, the normaliser
    the register uses, so both read a code alike ("1.11" → "01.11"). A bare section letter is no
    industry at any WZ level the analysis works on and becomes ``<NA>`` here.
    """
    s = pd.Series(codes, dtype="string")
    mapping = {}
    for code in s.dropna().unique():
        naf = NAF_CODE.fullmatch(str(code).strip().upper())
        if naf:  # NAF rév. 2 "6420Z" / "64.20Z": NACE class 64.20, sub-class letter kept
            mapping[code] = f"{naf.group(1)}.{naf.group(2)}{naf.group(3)}"
            continue
        dotted = normalise_wz_code(code)
        mapping[code] = dotted if dotted and dotted[0].isdigit() else pd.NA
    return s.map(mapping).astype("string")


NAF_CODE = re.compile(r"(\d{2})\.?(\d{2})([A-Z])")
"""INSEE's NAF rév. 2 sub-class: a NACE class and a letter ("6420Z"); read as "64.20Z", so that
``--level subclass`` keeps the letter and every coarser level is NACE's."""


def wz_at_level(codes: pd.Series, level: str) -> pd.Series:
    """Cut normalised WZ codes to ``division``, ``group``, ``class`` or ``subclass``.

    Codes coarser than the level stay as they are (a company coded "25" stays "25").
    """
    ndig = WZ_LEVELS[level]
    chars = {2: 2, 3: 4, 4: 5, 5: 7}[ndig]
    return pd.Series(codes, dtype="string").str[:chars]


def local_crs(lon: np.ndarray, lat: np.ndarray) -> str:
    """The UTM zone of the data's centre (median position): ETRS89 / UTM (EPSG:258zz) in Europe's
    zones 28–38, else WGS84 / UTM north or south (EPSG:326zz / 327zz). Distances in metres."""
    lon = np.asarray(lon, float)
    lat = np.asarray(lat, float)
    ok = np.isfinite(lon) & np.isfinite(lat)
    if not ok.any():
        return PROJECTED_CRS
    mlon, mlat = float(np.median(lon[ok])), float(np.median(lat[ok]))
    zone = min(max(int((mlon + 180) // 6) + 1, 1), 60)
    if mlat >= 0 and 28 <= zone <= 38 and mlat >= 34:
        return f"EPSG:{25800 + zone}"
    return f"EPSG:{(32600 if mlat >= 0 else 32700) + zone}"


def _project_lonlat(
    lon: np.ndarray, lat: np.ndarray, crs: str = PROJECTED_CRS
) -> tuple[np.ndarray, np.ndarray]:
    from pyproj import Transformer

    tr = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    x, y = tr.transform(np.asarray(lon, float), np.asarray(lat, float))
    return np.asarray(x), np.asarray(y)


def _to_lonlat(x: np.ndarray, y: np.ndarray, crs: str) -> tuple[np.ndarray, np.ndarray]:
    from pyproj import Transformer

    tr = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    lon, lat = tr.transform(np.asarray(x, float), np.asarray(y, float))
    return np.asarray(lon), np.asarray(lat)


SIZE_BANDS: dict[str, dict[str, float]] = {
    # INSEE (Sirene) TEFET/TEFEN "tranche d'effectif salarié": the band's midpoint, the open top
    # band its lower bound; "NN" (unknown) is missing. Source: insee.fr, Sirene variable list.
    "insee": {
        "00": 0.0, "01": 1.5, "02": 4.0, "03": 7.5, "11": 14.5, "12": 34.5, "21": 74.5,
        "22": 149.5, "31": 224.5, "32": 374.5, "41": 749.5, "42": 1499.5, "51": 3499.5,
        "52": 7499.5, "53": 10000.0,
    },
}  # fmt: skip
"""Named size-band codings (``verbund analyze --size-bands insee``); written ranges such as
``20-49`` or ``250+`` are understood without one (midpoint; lower bound for an open band)."""
_RANGE = r"^\s*(\d+(?:[.,]\d+)?)\s*(?:-|–|to|bis)\s*(\d+(?:[.,]\d+)?)\s*$"
_OPEN = r"^\s*(\d+(?:[.,]\d+)?)\s*\+\s*$"


def parse_employees(values: pd.Series, *, size_bands: str | None = None) -> tuple[pd.Series, int]:
    """Employees as numbers: plain numbers, written ranges (midpoint) and, with `size_bands`, the
    codes of a named band coding (`SIZE_BANDS`). Returns the numbers (NaN where none) and how
    many cells were read as a band."""
    if size_bands is None and pd.api.types.is_numeric_dtype(values):
        return pd.to_numeric(values, errors="coerce").astype(float), 0
    text = pd.Series(values, dtype="string").str.strip()
    if size_bands is not None:
        coding = SIZE_BANDS[size_bands]
        return text.map(coding).astype(float), int(text.isin(list(coding)).sum())
    numbers = pd.to_numeric(text, errors="coerce").astype(float)
    rng = text.str.extract(_RANGE)
    lo = pd.to_numeric(rng[0].str.replace(",", "."), errors="coerce")
    hi = pd.to_numeric(rng[1].str.replace(",", "."), errors="coerce")
    top = pd.to_numeric(text.str.extract(_OPEN)[0].str.replace(",", "."), errors="coerce")
    band = ((lo + hi) / 2).fillna(top).astype(float)
    use = numbers.isna() & band.notna()
    return numbers.where(~use, band), int(use.sum())


def prepare_companies(
    df: pd.DataFrame, *, size_bands: str | None = None, crs: str | None = None
) -> pd.DataFrame:
    """Normalise a company table: WZ codes, numeric employees, projected x/y, defaults.

    Rows without a usable WZ code or position are kept but flagged ``usable=False`` so callers can
    report them instead of silently dropping them.
    """
    df = df.copy()
    df.columns = [str(c).strip().lower() for c in df.columns]
    if "wz" not in df.columns:
        raise ValueError("company table needs a 'wz' column (WZ 2008 code)")
    if "id" not in df.columns:
        df["id"] = np.arange(1, len(df) + 1)
    if "name" not in df.columns:
        found = next((c for c in NAME_COLUMNS if c in df.columns), None)
        df["name"] = (
            df[found].astype("string").fillna(df["id"].astype(str))
            if found
            else (df["id"].astype(str))
        )
    df["wz"] = _restore_lost_zeros(df["wz"].astype("string"), df.attrs)
    df["wz"] = normalise_wz(df["wz"])
    emp, banded = parse_employees(
        df.get("employees", pd.Series(1, index=df.index)), size_bands=size_bands
    )
    df.attrs["defaulted_employees"] = int(emp.isna().sum())  # the pipeline warns about them
    df.attrs["banded_employees"] = banded
    df["employees"] = emp.fillna(1).clip(lower=0).astype(float)
    target = PROJECTED_CRS
    if {"x", "y"} <= set(df.columns) and crs is not None:
        # x/y in another CRS (e.g. EPSG:2154, EPSG:27700): to the data's own UTM zone
        lon, lat = _to_lonlat(
            pd.to_numeric(df["x"], errors="coerce"), pd.to_numeric(df["y"], errors="coerce"), crs
        )
        target = local_crs(lon, lat)
        df["x"], df["y"] = _project_lonlat(lon, lat, target)
    elif not {"x", "y"} <= set(df.columns):
        if {"lon", "lat"} <= set(df.columns):
            lon = pd.to_numeric(df["lon"], errors="coerce").to_numpy(float)
            lat = pd.to_numeric(df["lat"], errors="coerce").to_numpy(float)
            target = local_crs(lon, lat)
            df["x"], df["y"] = _project_lonlat(lon, lat, target)
        else:
            df["x"], df["y"] = np.nan, np.nan
    df.attrs["crs"] = target  # distances are computed in this projection
    df["x"] = pd.to_numeric(df["x"], errors="coerce").astype(float)
    df["y"] = pd.to_numeric(df["y"], errors="coerce").astype(float)
    if "competences" not in df.columns:
        df["competences"] = ""
    df["competences"] = df["competences"].fillna("").astype(str)
    if "in_area" in df.columns:
        df["in_area"] = df["in_area"].map(_truthy).astype("boolean")
    if "district" in df.columns:
        df["district"] = df["district"].astype("string")
    if "precision" in df.columns:
        df["precision"] = _precision(df["precision"])
    df["usable"] = df["wz"].notna() & np.isfinite(df["x"]) & np.isfinite(df["y"])
    return df.reset_index(drop=True)


def _restore_lost_zeros(codes: pd.Series, attrs: dict) -> pd.Series:
    """Codes that lost their leading zero, read with it (noted in ``attrs["zero_note"]``);
    ambiguous ones are refused with their rows (`verbund.analysis.codes`)."""
    reading = read_lost_zeros(codes.dropna().unique())
    if reading.ambiguous:
        raise ValueError(ambiguity_message(codes.fillna(""), reading.ambiguous, column="wz"))
    attrs["zero_note"] = reading.note()
    if not reading.restored:
        return codes
    stripped = codes.str.strip()
    return stripped.map(reading.restored).fillna(codes).astype("string")


PRECISIONS = {"point": "point", "zone": "zone", "unknown": "unknown", "": "unknown"}
"""How a row is placed (the register's ``precision``): its own point, or only its zone (district
or postcode; the position is then the zone's centre), or unknown."""


def _precision(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip().str.lower().fillna("")
    bad = ~text.isin(list(PRECISIONS))
    if bad.any():
        rows = ", ".join(str(i + 1) for i in np.flatnonzero(bad.to_numpy())[:5])
        raise ValueError(
            f"column 'precision' holds {text[bad].iat[0]!r} (row {rows}); "
            "use point, zone or leave it empty"
        )
    return text.map(PRECISIONS).astype("string")


def _truthy(v: object) -> bool | None:
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
        return None
    if isinstance(v, bool | np.bool_):
        return bool(v)
    return str(v).strip().lower() in {"1", "true", "yes", "ja", "x", "y", "j", "wahr"}


def read_companies(
    path: str | Path, *, size_bands: str | None = None, crs: str | None = None
) -> pd.DataFrame:
    """Read companies from CSV (``,`` or ``;``), XLSX or Parquet and :func:`prepare_companies` them."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        df = pd.read_excel(path, dtype={"wz": str})
    elif suffix in {".parquet", ".pq"}:
        df = pd.read_parquet(path)
    else:
        df = pd.read_csv(
            path, sep=None, engine="python", dtype={"wz": str, "WZ": str, "employees": str}
        )
    return prepare_companies(df, size_bands=size_bands, crs=crs)


def read_areas(path: str | Path, *, crs: str = PROJECTED_CRS) -> list[tuple[str, object]]:
    """Programme-area polygons from a GeoJSON file; see :func:`areas_from_geojson`."""
    return areas_from_geojson(json.loads(Path(path).read_text(encoding="utf-8")), crs=crs)


def _geojson_crs(data: dict) -> str:
    """The CRS a GeoJSON names in its legacy ``crs`` member (any EPSG code), else WGS84."""
    import re

    name = str((data.get("crs") or {}).get("properties", {}).get("name", ""))
    m = re.search(r"EPSG:{1,2}(\d+)", name)
    return f"EPSG:{m.group(1)}" if m else "EPSG:4326"


def areas_from_geojson(data: dict, *, crs: str = PROJECTED_CRS) -> list[tuple[str, object]]:
    """``(name, shapely geometry in `crs`)`` per feature of a GeoJSON dict (default EPSG:25833;
    pass the companies' ``attrs["crs"]``).

    Coordinates are WGS84/CRS84 unless the legacy ``crs`` member names another EPSG code.
    The name comes from a ``name``/``Name``/``NAME`` property, else "area N".
    """
    import shapely
    from pyproj import Transformer
    from shapely.geometry import shape

    feats = data["features"] if data.get("type") == "FeatureCollection" else [data]
    source = _geojson_crs(data)
    tr = Transformer.from_crs(source, crs, always_xy=True)
    out = []
    for i, f in enumerate(feats):
        geom = shape(f["geometry"])
        if source != crs:
            geom = shapely.transform(
                geom, lambda c: np.column_stack(tr.transform(c[:, 0], c[:, 1]))
            )
        props = f.get("properties") or {}
        name = props.get("name") or props.get("Name") or props.get("NAME") or f"area {i + 1}"
        out.append((str(name), geom))
    return out


def points_in_areas(x: np.ndarray, y: np.ndarray, areas: list[tuple[str, object]]) -> np.ndarray:
    """Boolean mask: point lies inside any of the area polygons (vectorised shapely)."""
    import shapely

    inside = np.zeros(len(x), dtype=bool)
    ok = np.isfinite(x) & np.isfinite(y)
    for _, geom in areas:
        inside[ok] |= shapely.contains_xy(geom, x[ok], y[ok])
    return inside


def read_reference(path: str | Path) -> pd.Series:
    """Reference totals per WZ code (e.g. national employment by division): columns ``wz, value``.

    The second column may be called ``value``, ``employees``, ``employment`` or ``count``.
    """
    df = pd.read_csv(path, sep=None, engine="python", dtype=str)
    df.columns = [c.strip().lower() for c in df.columns]
    valcol = next(
        (c for c in ("value", "employees", "employment", "count", "total") if c in df.columns),
        df.columns[1],
    )
    s = pd.Series(
        pd.to_numeric(df[valcol].str.replace(",", ".", regex=False), errors="coerce").to_numpy(),
        index=normalise_wz(df["wz"]).to_numpy(),
        name="reference",
    )
    return s[s.index.notna() & s.notna()].groupby(level=0).sum()
