"""Generated demo register: about 3,000 fictitious companies over a Leipzig-sized city.

Deterministic (fixed seed; public ids derived from the demo number) and idempotent (missing companies
are added, existing ones kept). Everything is labelled with the source "Demo – generiert".

The districts and the programme area are simplified shapes written here (a jittered grid of 24 cells
named after Leipzig Ortsteile), not official boundaries. Planted concentrations a site analysis should
find: automotive suppliers with plastics processing, virtual product development (design, engineering,
software) and energy/environmental technology inside the programme area "URBAN II – Leipziger Westen"
(Plagwitz, Lindenau, Altlindenau); media and creative firms in the south and centre, outside it.
"""

import random
import uuid
from datetime import date

import numpy as np
import shapely
from django.db import transaction

from verbund.companies.domain.companies import affiliate_user, match_key
from verbund.companies.domain.districts import save_area
from verbund.companies.domain.geo import area_km2, to_geojson_text
from verbund.companies.domain.placement import place_companies
from verbund.companies.domain.wz import load_wz_codes
from verbund.companies.enums import size_class_for
from verbund.companies.models import Area, Company, ContactPerson, District, Tag, WzCode
from verbund.core.audit import acting_user, bulk_create_as

DEMO_SOURCE = "Demo – generiert"
DEMO_LAYER = "Demo-Ortsteile (vereinfacht)"
PROGRAMME_AREA = "URBAN II – Leipziger Westen"
N_COMPANIES = 3000
SEED = 2001
_NS = uuid.UUID("6f1c7a52-4d0b-4f4e-9a39-6a2b8f3c0d11")

WEST, EAST, SOUTH, NORTH = 12.25, 12.49, 51.29, 51.41
GRID = [  # north to south, west to east
    ["Böhlitz-Ehrenberg", "Wahren", "Möckern", "Gohlis", "Eutritzsch", "Schönefeld"],
    ["Leutzsch", "Altlindenau", "Zentrum-West", "Zentrum", "Neustadt-Neuschönefeld", "Paunsdorf"],
    ["Grünau", "Lindenau", "Plagwitz", "Südvorstadt", "Reudnitz-Thonberg", "Stötteritz"],
    ["Knautkleeberg", "Kleinzschocher", "Schleußig", "Connewitz", "Probstheida", "Holzhausen"],
]
PROGRAMME_DISTRICTS = ["Plagwitz", "Lindenau", "Altlindenau"]
MEDIA_DISTRICTS = ["Südvorstadt", "Connewitz", "Zentrum", "Reudnitz-Thonberg", "Gohlis"]
INNER = [
    "Zentrum",
    "Zentrum-West",
    "Südvorstadt",
    "Gohlis",
    "Reudnitz-Thonberg",
    "Neustadt-Neuschönefeld",
]

# (WZ subclass, weight) per profile; planted clusters have districts they prefer
BACKGROUND = [
    ("47.11.1", 60), ("47.71.0", 40), ("56.10.1", 80), ("41.20.1", 50), ("43.21.0", 60),
    ("86.21.0", 45), ("86.23.0", 35), ("69.10.2", 40), ("69.20.1", 25), ("70.22.0", 60),
    ("49.41.0", 30), ("52.29.1", 20), ("46.90.3", 35), ("96.02.1", 55), ("62.02.0", 35),
    ("68.31.1", 40), ("10.71.0", 20), ("45.20.1", 20), ("81.22.9", 25), ("55.10.1", 15),
    ("85.59.2", 20), ("66.22.0", 25), ("43.22.0", 40), ("33.12.0", 15), ("64.19.2", 5),
]  # fmt: skip
CLUSTERS = {
    "automotive": {
        "codes": [("29.32.0", 30), ("29.31.0", 10), ("25.62.0", 30), ("25.61.0", 12), ("28.41.0", 8),
                  ("22.29.0", 25), ("22.21.0", 12), ("22.23.0", 8), ("45.20.1", 3)],
        "n": 260, "inside": 0.7, "tags": ["Automobilzulieferer", "Kunststoffverarbeitung"],
        "words": ["Kunststofftechnik", "Präzisionsteile", "Formenbau", "Metallbearbeitung", "Fahrzeugteile", "Spritzguss"],
        "competences": "Spritzguss, Werkzeug- und Formenbau, Baugruppen für die Automobilindustrie",
        "sizes": (0.55, 0.3, 0.12),
    },
    "virtual": {
        "codes": [("71.12.2", 30), ("74.10.1", 20), ("62.01.9", 35), ("72.19.0", 15)],
        "n": 230, "inside": 0.65, "tags": ["Virtuelle Produktentwicklung", "Engineering"],
        "words": ["Engineering", "Design", "Simulation", "Software", "CAD-Service", "Digital Prototyping"],
        "competences": "CAD/CAE, Simulation, Produktdesign, Software für virtuelle Produktentwicklung",
        "sizes": (0.7, 0.25, 0.045),
    },
    "energy": {
        "codes": [("35.11.1", 10), ("27.11.0", 15), ("28.25.0", 15), ("38.32.0", 15), ("71.20.0", 10),
                  ("43.22.0", 15), ("35.30.0", 8), ("39.00.0", 8), ("27.90.0", 6), ("26.51.1", 6)],
        "n": 190, "inside": 0.6, "tags": ["Energietechnik", "Umwelttechnik"],
        "words": ["Energietechnik", "Umwelttechnik", "Solar", "Recycling", "Wärmesysteme", "Messtechnik"],
        "competences": "Erneuerbare Energien, Energieeffizienz, Recycling, Umweltmesstechnik",
        "sizes": (0.6, 0.3, 0.08),
    },
    "media": {
        "codes": [("59.11.0", 25), ("58.11.0", 15), ("73.11.0", 30), ("90.03.3", 15), ("60.10.0", 3),
                  ("18.12.0", 10), ("74.20.1", 15), ("59.20.1", 8), ("58.14.0", 8), ("62.01.1", 15)],
        "n": 320, "inside": 0.03, "prefer": MEDIA_DISTRICTS, "tags": ["Medien", "Kreativwirtschaft"],
        "words": ["Medien", "Film", "Agentur", "Verlag", "Studio", "Kommunikation"],
        "competences": "Film- und Videoproduktion, Kommunikation, Gestaltung, Verlagswesen",
        "sizes": (0.85, 0.12, 0.025),
    },
}  # fmt: skip
SURNAMES = [
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
    "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
    "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Krause", "Meier",
    "Lehmann", "Schmid", "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter", "Mayer",
    "Huber", "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn",
    "Vogel", "Friedrich", "Keller", "Günther", "Frank", "Berger", "Winkler", "Roth", "Beck",
    "Lorenz", "Baumann", "Franke", "Albrecht", "Ludwig", "Winter", "Kraus", "Martin", "Böhm",
]  # fmt: skip
FIRSTNAMES = ["Anna", "Jonas", "Lea", "Paul", "Marie", "Felix", "Sophie", "Lukas", "Julia", "Tim",
              "Laura", "Max", "Katrin", "Jens", "Sabine", "Uwe", "Claudia", "Thomas", "Ines", "Rico"]  # fmt: skip
STREETS = [
    "Karl-Heine-Straße", "Zschochersche Straße", "Merseburger Straße", "Lützner Straße",
    "Josephstraße", "Gießerstraße", "Naumburger Straße", "Holbeinstraße", "Weißenfelser Straße",
    "Könneritzstraße", "Erich-Zeigner-Allee", "Jahnallee", "Georg-Schwarz-Straße", "Hauptstraße",
    "Gohliser Straße", "Eisenbahnstraße", "Karl-Liebknecht-Straße", "Prager Straße",
    "Dresdner Straße", "Bornaische Straße", "Delitzscher Straße", "Landsberger Straße",
    "Torgauer Straße", "Riebeckstraße", "Kurt-Eisner-Straße", "Wurzner Straße", "Industriestraße",
]  # fmt: skip
BACKGROUND_WORDS = {
    "47": "Handel", "56": "Gastronomie", "41": "Bau", "43": "Haustechnik", "86": "Praxis",
    "69": "Kanzlei", "70": "Beratung", "49": "Transporte", "52": "Logistik", "46": "Großhandel",
    "96": "Salon", "62": "IT-Service", "68": "Immobilien", "10": "Bäckerei", "45": "Autolackiererei",
    "81": "Gebäudeservice", "55": "Hotel", "85": "Bildung", "66": "Versicherungsmakler",
    "33": "Maschinenservice", "64": "Bank",
}  # fmt: skip
LEGAL_FORMS = [("GmbH", 55), ("e.K.", 12), ("UG (haftungsbeschränkt)", 8), ("GmbH & Co. KG", 8),
               ("", 12), ("AG", 1), ("PartG", 4)]  # fmt: skip


def _grid_vertices(rng: random.Random) -> np.ndarray:
    rows, cols = len(GRID), len(GRID[0])
    lon = np.linspace(WEST, EAST, cols + 1)
    lat = np.linspace(NORTH, SOUTH, rows + 1)
    v = np.zeros((rows + 1, cols + 1, 2))
    for r in range(rows + 1):
        for c in range(cols + 1):
            dx = dy = 0.0
            if 0 < r < rows and 0 < c < cols:  # jitter inner vertices: shapes stay a tiling
                dx, dy = rng.uniform(-0.008, 0.008), rng.uniform(-0.006, 0.006)
            v[r, c] = (lon[c] + dx, lat[r] + dy)
    return v


def demo_districts(rng: random.Random) -> dict[str, object]:
    """Name -> shapely polygon of the simplified demo districts."""
    v = _grid_vertices(rng)
    shapes = {}
    for r, row in enumerate(GRID):
        for c, name in enumerate(row):
            ring = [v[r, c], v[r, c + 1], v[r + 1, c + 1], v[r + 1, c], v[r, c]]
            shapes[name] = shapely.Polygon([tuple(p) for p in ring])
    return shapes


def _weighted(rng: random.Random, items: list[tuple[str, int]]) -> str:
    return rng.choices([i for i, _w in items], weights=[w for _i, w in items])[0]


def _employees(rng: random.Random, sizes: tuple[float, float, float]) -> int:
    micro, small, medium = sizes
    x = rng.random()
    if x < micro:
        return rng.randint(1, 9)
    if x < micro + small:
        return rng.randint(10, 49)
    if x < micro + small + medium:
        return rng.randint(50, 249)
    return rng.randint(250, 1800)


def _point_in(rng: random.Random, poly, hotspot: bool) -> tuple[float, float]:
    minx, miny, maxx, maxy = poly.bounds
    cx, cy = poly.centroid.x, poly.centroid.y
    for _ in range(200):
        if hotspot:
            x, y = rng.gauss(cx, 0.006), rng.gauss(cy, 0.004)
        else:
            x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if shapely.contains_xy(poly, x, y):
            return round(x, 6), round(y, 6)
    return round(cx, 6), round(cy, 6)


def _company_rows(shapes: dict, rng: random.Random) -> list[dict]:
    names = list(shapes)
    postcodes = {name: f"04{100 + 7 * i:03d}" for i, name in enumerate(names)}
    outside = [n for n in names if n not in PROGRAMME_DISTRICTS]
    weights = {n: (3 if n in INNER else 2 if n in PROGRAMME_DISTRICTS else 1) for n in names}
    rows: list[dict] = []
    planned: list[tuple[str, str | None]] = []
    for key, cluster in CLUSTERS.items():
        planned += [(key, None)] * cluster["n"]
    planned += [("background", None)] * (N_COMPANIES - len(planned))
    rng.shuffle(planned)
    for i, (profile, _unused) in enumerate(planned, start=1):
        if profile == "background":
            code = _weighted(rng, BACKGROUND)
            district = rng.choices(names, weights=[weights[n] for n in names])[0]
            word = BACKGROUND_WORDS.get(code[:2], "Service")
            sizes, tags, competences, hotspot = (0.84, 0.13, 0.025), [], "", False
        else:
            c = CLUSTERS[profile]
            code = _weighted(rng, c["codes"])
            if rng.random() < c["inside"]:
                district = rng.choice(PROGRAMME_DISTRICTS)
            else:
                district = rng.choice(c.get("prefer") or outside)
            word = rng.choice(c["words"])
            sizes, tags, competences = c["sizes"], c["tags"], c["competences"]
            hotspot = rng.random() < 0.6
        surname = rng.choice(SURNAMES)
        legal = _weighted(rng, LEGAL_FORMS)
        pattern = rng.random()
        if pattern < 0.55:
            base = f"{surname} {word}"
        elif pattern < 0.65:
            base = f"{word} {district.split('-')[0]}"
        elif pattern < 0.85:
            base = f"{surname} & {rng.choice(SURNAMES)} {word}"
        else:
            base = f"{word}werk {surname}" if profile != "background" else f"{word} {surname}"
        name = f"{base} {legal}".strip()
        employees = _employees(rng, sizes)
        known = rng.random() < 0.9
        lon, lat = _point_in(rng, shapes[district], hotspot)
        register = legal not in {"", "PartG"}
        rows.append(
            {
                "n": i, "name": name, "legal_form": legal, "code": code, "district": district,
                "street": f"{rng.choice(STREETS)} {rng.randint(1, 180)}",
                "postcode": postcodes[district], "lon": lon, "lat": lat,
                "employees": employees if known else None,
                "size_class": size_class_for(employees),
                "founding_year": rng.choice([rng.randint(1990, 2024), rng.randint(1990, 2024),
                                             rng.randint(1880, 1989)]),
                "register": (("HRA " if legal == "e.K." else "HRB ") + str(20000 + i))
                if register else "",
                "tags": tags, "competences": competences,
            }
        )  # fmt: skip
    for n, src in enumerate(rows[:3], start=len(rows) + 1):  # planted near-duplicates
        twin = dict(
            src,
            n=n,
            name=src["name"].replace(" GmbH", "").replace("&", "und"),
            street=src["street"].replace("straße", "str.").replace("Straße", "Str."),
        )
        rows.append(twin)
    return rows


@transaction.atomic
def load(*, users: dict) -> None:
    """Districts, the programme area, ~3,000 companies, a member company with contacts.

    Every history row written here names the demo's office user as its author.
    """
    demo_user = users.get("office")
    with acting_user(demo_user):
        _load(users, demo_user)


def _load(users: dict, demo_user) -> None:
    load_wz_codes()
    rng = random.Random(SEED)
    shapes = demo_districts(rng)
    districts = {}
    for i, (name, poly) in enumerate(shapes.items(), start=1):
        number = {"Plagwitz": "51", "Lindenau": "70", "Altlindenau": "71"}.get(name, f"D{i:02d}")
        # District has no history; its shapes are written as the district import does
        districts[name], _created = District.objects.update_or_create(
            layer=DEMO_LAYER, number=number, name=name,
            defaults={"geometry": to_geojson_text(poly), "area_km2": area_km2(poly),
                      "source": f"{DEMO_SOURCE} (vereinfachte Form)"},
        )  # fmt: skip
    save_area(
        area=Area.objects.filter(name=PROGRAMME_AREA).first(),
        name=PROGRAMME_AREA,
        is_programme_area=True,
        description="Demo: vereinfachte Form aus den Ortsteilen Plagwitz, Lindenau und "
        "Altlindenau (das URBAN-II-Gebiet umfasste auch Teile von Kleinzschocher und Leutzsch).",
        districts=[districts[n] for n in PROGRAMME_DISTRICTS],
        user=demo_user,
        recompute=False,  # placed below, in this transaction
    )

    rows = _company_rows(shapes, rng)
    wz = dict(WzCode.objects.values_list("code", "pk"))
    existing = set(Company.objects.filter(source=DEMO_SOURCE).values_list("external_id", flat=True))
    new = []
    for row in rows:
        external = f"demo-{row['n']:04d}"
        if external in existing:
            continue
        new.append(
            Company(
                public_id=uuid.uuid5(_NS, external),
                external_id=external,
                source=DEMO_SOURCE,
                name=row["name"],
                legal_form=row["legal_form"],
                register_court="Amtsgericht Leipzig" if row["register"] else "",
                register_number=row["register"],
                street=row["street"],
                postcode=row["postcode"],
                city="Leipzig",
                lat=row["lat"],
                lon=row["lon"],
                main_wz_id=wz[row["code"]],
                employees=row["employees"],
                size_class=row["size_class"],
                founding_year=row["founding_year"],
                competences=row["competences"],
                match_key=match_key(
                    name=row["name"], street=row["street"], postcode=row["postcode"]
                ),
            )
        )
    if new:
        created = bulk_create_as(Company, new, user=demo_user, batch_size=1000)
        tag_names = sorted({t for r in rows for t in r["tags"]})
        for t in tag_names:
            Tag.objects.get_or_create(name=t)
        tag_ids = dict(Tag.objects.filter(name__in=tag_names).values_list("name", "pk"))
        by_external = {r_ext: r for r_ext, r in ((f"demo-{r['n']:04d}", r) for r in rows)}
        through = Company.tags.through
        through.objects.bulk_create(
            [through(company_id=c.pk, tag_id=tag_ids[t])
             for c in created for t in by_external[c.external_id]["tags"]],
            batch_size=2000,
        )  # fmt: skip
    place_companies()
    _member_company(users, districts, wz, demo_user)


def _member_company(users: dict, districts: dict, wz: dict, demo_user) -> None:
    """The demo member user's firm (a plastics supplier in Plagwitz) and the carrier's institute."""
    from verbund.companies.domain.companies import save_company, save_contact

    firms = [
        ("demo-member", "Westwerk Kunststofftechnik GmbH", "22.29.0", "Karl-Heine-Straße 99",
         "04229", 12.3425, 51.3297, 48, "member",
         [("Maria Mitglied", "Geschäftsführerin", "m.mitglied@westwerk.example"),
          ("Tobias Technik", "Leiter Entwicklung", "t.technik@westwerk.example")]),
        ("demo-carrier", "Kunststoffzentrum Leipzig gGmbH", "72.19.0", "Erich-Zeigner-Allee 44",
         "04229", 12.3355, 51.3329, 35, "carrier",
         [("Klaus Träger", "Netzwerkmanager", "k.traeger@kunststoffzentrum.example")]),
    ]  # fmt: skip
    for ext, name, code, street, postcode, lon, lat, employees, user_key, contacts in firms:
        company = Company.objects.filter(source=DEMO_SOURCE, external_id=ext).first()
        if company is None:
            company = save_company(
                name=name, legal_form=name.rsplit(" ", 1)[-1], street=street, postcode=postcode,
                city="Leipzig", lat=lat, lon=lon, main_wz=WzCode.objects.get(pk=wz[code]),
                employees=employees, source=DEMO_SOURCE, external_id=ext,
                competences="Spritzguss und Kunststoff-Baugruppen; Prototypen",
                offers="Kleinserien, Werkstoffberatung", tags=["Kunststoffverarbeitung"],
                user=demo_user,
            )  # fmt: skip
            for cname, role, email in contacts:
                save_contact(
                    company=company, name=cname, role=role, email=email,
                    phone="+49 341 000000", consent=True, user=demo_user,
                )  # fmt: skip
        if user_key in users:
            affiliate_user(user=users[user_key], company=company, role=contacts[0][1], by=demo_user)
    if ContactPerson.objects.filter(company__source=DEMO_SOURCE).count() < 50:
        rng = random.Random(SEED + 1)
        picks = list(
            Company.objects.filter(source=DEMO_SOURCE, contacts__isnull=True)
            .order_by("external_id")
            .values_list("pk", flat=True)[::60]
        )
        bulk_create_as(
            ContactPerson,
            [ContactPerson(company_id=pk, name=f"{rng.choice(FIRSTNAMES)} {rng.choice(SURNAMES)}",
                           role="Geschäftsführung", email=f"kontakt{pk}@demo.example",
                           consent=(consent := rng.random() < 0.8),
                           consent_date=date(2025, 1, 15) if consent else None)
             for pk in picks],
            user=demo_user,
        )  # fmt: skip
