"""Deterministic synthetic company registers with planted concentrations (tests, demos, benchmarks).

``python -m verbund.analysis.synthetic --companies 20000 --out companies.csv [--areas areas.geojson]``

Coordinates are EPSG:25833 metres around a Leipzig-sized city (about 20 km across); 40 districts
are the Voronoi cells of seeded centres. On top of a uniform background of all WZ subclasses five
clusters are planted, each a tight spot of related industries with shared competence words, so a
correct analysis must find them: automotive (north), IT (centre), media (west, inside the
programme area), logistics (north-west), health (east).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

CENTRE = np.array([317_000.0, 5_690_000.0])
HALF = 10_000.0
PROGRAMME_AREA = (CENTRE[0] - 6_500, CENTRE[1] - 2_000, CENTRE[0] - 2_500, CENTRE[1] + 2_000)


@dataclass(frozen=True)
class PlantedCluster:
    key: str
    category: str
    centre: tuple[float, float]
    sigma: float
    share: float
    wz: tuple[str, ...]
    words: tuple[str, ...]


PLANTED = (
    PlantedCluster(
        "automotive", "automotive", (317_500, 5_697_000), 500, 0.05,
        ("29.10.0", "29.32.0", "22.29.0", "25.62.0", "28.15.0"),
        ("Karosseriebau", "Leichtbau", "Zulieferer", "Spritzguss", "Fahrzeugteile", "Montage"),
    ),
    PlantedCluster(
        "it", "it_software", (317_200, 5_689_500), 400, 0.05,
        ("62.01.9", "62.02.0", "63.11.0", "58.29.0"),
        ("Softwareentwicklung", "Cloud", "Datenanalyse", "KI", "Webanwendungen", "Python"),
    ),
    PlantedCluster(
        "media", "media_creative", (312_500, 5_690_000), 450, 0.04,
        ("59.11.0", "59.12.0", "73.11.0", "74.10.3", "18.12.0"),
        ("Film", "Animation", "Postproduktion", "Kampagnen", "Grafikdesign", "Fotografie"),
    ),
    PlantedCluster(
        "logistics", "logistics", (309_500, 5_696_500), 600, 0.03,
        ("49.41.0", "52.10.0", "52.29.0", "53.20.0"),
        ("Spedition", "Lager", "Kontraktlogistik", "Umschlag", "Paketdienst", "Kühlkette"),
    ),
    PlantedCluster(
        "health", "health", (323_500, 5_690_500), 450, 0.03,
        ("86.10.0", "21.20.0", "32.50.1", "72.11.0"),
        ("Medizintechnik", "Diagnostik", "Biotechnologie", "Klinik", "Pharma", "Labor"),
    ),
)  # fmt: skip

GENERIC = [
    "Beratung",
    "Handel",
    "Reparatur",
    "Montage",
    "Service",
    "Planung",
    "Vertrieb",
    "Handwerk",
    "Wartung",
    "Einzelhandel",
    "Großhandel",
    "Gastronomie",
    "Reinigung",
    "Verwaltung",
    "Schulung",
    "Installation",
    "Bau",
    "Logistik",
    "Druck",
    "Design",
]


def _subclasses() -> list[str]:
    try:
        from wz_code import WZ, WZVersion

        return [c for c in WZ(WZVersion.WZ_2008).get_all_codes() if len(c) == 7]
    except Exception:  # pragma: no cover - wz-code is a dependency, this is only a fallback
        return [
            f"{d:02d}.{g}{c}.0" for d in range(10, 99) for g in range(1, 4) for c in range(1, 3)
        ]


def generate(n: int = 20_000, *, seed: int = 7, districts: int = 40) -> pd.DataFrame:
    """A company table in the CLI's input schema (see :mod:`verbund.analysis.io`)."""
    rng = np.random.default_rng(seed)
    n_planted = [round(n * c.share) for c in PLANTED]
    n_bg = n - sum(n_planted)
    subs = np.array(_subclasses())
    parts = []
    bg_xy = CENTRE + rng.uniform(-HALF, HALF, size=(n_bg, 2))
    parts.append(
        pd.DataFrame(
            {
                "x": bg_xy[:, 0],
                "y": bg_xy[:, 1],
                "wz": rng.choice(subs, n_bg),
                "competences": [
                    " ".join(rng.choice(GENERIC, 3, replace=False)) for _ in range(n_bg)
                ],
                "planted": "",
            }
        )
    )
    for c, m in zip(PLANTED, n_planted, strict=True):
        xy = np.asarray(c.centre) + rng.normal(0, c.sigma, size=(m, 2))
        parts.append(
            pd.DataFrame(
                {
                    "x": xy[:, 0],
                    "y": xy[:, 1],
                    "wz": rng.choice(c.wz, m),
                    "competences": [
                        " ".join(rng.choice(c.words, 3, replace=False)) + " " + rng.choice(GENERIC)
                        for _ in range(m)
                    ],
                    "planted": c.key,
                }
            )
        )
    df = pd.concat(parts, ignore_index=True)
    df = df.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    seeds = CENTRE + rng.uniform(-HALF, HALF, size=(districts, 2))
    from scipy.spatial import cKDTree

    _, d_idx = cKDTree(seeds).query(df[["x", "y"]].to_numpy())
    df.insert(0, "id", np.arange(1, len(df) + 1))
    df.insert(1, "name", [f"Firma {i:05d}" for i in df["id"]])
    df["employees"] = np.maximum(1, rng.lognormal(2.0, 1.1, len(df)).round()).astype(int)
    df["district"] = [f"Ortsteil {k + 1:02d}" for k in d_idx]
    x0, y0, x1, y1 = PROGRAMME_AREA
    df["in_area"] = df.x.between(x0, x1) & df.y.between(y0, y1)
    df["x"] = df["x"].round(1)
    df["y"] = df["y"].round(1)
    cols = ["id", "name", "wz", "employees", "x", "y", "district", "in_area", "competences"]
    return df[[*cols, "planted"]]


def areas_geojson() -> dict:
    """The programme area as a GeoJSON FeatureCollection in EPSG:25833 (named CRS)."""
    x0, y0, x1, y1 = PROGRAMME_AREA
    ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
    return {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25833"}},
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "Programmgebiet West"},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        ],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--companies", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", required=True, help="CSV, XLSX or Parquet by suffix")
    ap.add_argument("--areas", help="also write the programme area GeoJSON here")
    a = ap.parse_args(argv)
    df = generate(a.companies, seed=a.seed)
    out = Path(a.out)
    if out.suffix == ".parquet":
        df.to_parquet(out, index=False)
    elif out.suffix == ".xlsx":
        df.to_excel(out, index=False)
    else:
        df.to_csv(out, index=False)
    if a.areas:
        Path(a.areas).write_text(json.dumps(areas_geojson()), encoding="utf-8")
    print(f"wrote {len(df)} companies to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
