"""A small generated company register with planted concentrations, and analysis runs."""

from __future__ import annotations

import json

import factory
import numpy as np

from tests.factories.core import UserFactory
from verbund.clusters.models import AnalysisRun


class AnalysisRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnalysisRun

    title = factory.Sequence(lambda n: f"Analyse {n}")
    created_by = factory.SubFactory(UserFactory)
    parameters = factory.LazyFunction(dict)


def make_register(n: int = 600, *, seed: int = 7, districts: int = 12) -> list[str]:
    """Companies of `verbund.analysis.synthetic` in the register (districts, WZ, positions).

    Returns the planted cluster keys per company, in id order, so tests know the truth.
    """
    from verbund.analysis.synthetic import PROGRAMME_AREA, generate
    from verbund.clusters.domain.register import to_lonlat
    from verbund.companies.domain.wz import load_wz_codes
    from verbund.companies.models import Area, Company, District, WzCode

    load_wz_codes()  # transactional tests flush the table the data migration filled
    df = generate(n, seed=seed, districts=districts)
    df["lon"], df["lat"] = to_lonlat(df["x"].to_numpy(), df["y"].to_numpy())
    by_name = {}
    for name, part in df.groupby("district"):
        w, e = float(part["lon"].min()), float(part["lon"].max())
        s, nn = float(part["lat"].min()), float(part["lat"].max())
        ring = [[w, s], [e, s], [e, nn], [w, nn], [w, s]]
        by_name[name] = District.objects.create(
            layer="Ortsteile",
            number=name.split()[-1],
            name=name,
            geometry=json.dumps({"type": "Polygon", "coordinates": [ring]}),
        )
    x0, y0, x1, y1 = PROGRAMME_AREA
    lon, lat = to_lonlat(np.array([x0, x1, x1, x0, x0]), np.array([y0, y0, y1, y1, y0]))
    ring = [[float(a), float(b)] for a, b in zip(lon, lat, strict=True)]
    Area.objects.get_or_create(
        name="Programmgebiet West",
        defaults={
            "is_programme_area": True,
            "drawn_geometry": json.dumps({"type": "Polygon", "coordinates": [ring]}),
        },
    )
    codes = dict(WzCode.objects.filter(code__in=set(df["wz"])).values_list("code", "pk"))
    Company.objects.bulk_create(
        [
            Company(
                name=row.name,
                lon=float(row.lon),
                lat=float(row.lat),
                district=by_name[row.district],
                placement="inside" if row.in_area else "outside",
                placement_precision="point",
                main_wz_id=codes.get(row.wz),
                employees=int(row.employees),
                competences=row.competences,
                match_key=f"test-{seed}-{row.id}",
            )
            for row in df.itertuples()
        ]
    )
    return list(np.asarray(df["planted"]))


def planted_register(n: int = 600) -> dict[int, str]:
    """`make_register`, answered as company pk → planted cluster key ("" for the background)."""
    from verbund.companies.models import Company

    keys = make_register(n)
    pks = Company.objects.order_by("pk").values_list("pk", flat=True)
    return dict(zip(pks, keys, strict=True))
