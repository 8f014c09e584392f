"""The real 1912 Leipzig book trade: hotspots, dense groups and partners where history put them.

The "Graphisches Viertel" east and south-east of the centre is today's Ortsteile Zentrum-Südost,
Zentrum-Ost, Reudnitz-Thonberg and Neustadt-Neuschönefeld.
"""

import numpy as np
import pandas as pd
import pytest

from verbund.analysis import (
    AnalysisParams,
    PartnerIndex,
    colocation_quotient,
    count_matrix,
    grid_hotspots,
    hdbscan_groups,
    proximity,
    run_site_analysis,
)
from verbund.analysis.spatial import point_cells

pytestmark = [pytest.mark.unit, pytest.mark.shared_data]

GRAPHISCHES_VIERTEL = {
    "Zentrum-Südost",
    "Zentrum-Ost",
    "Reudnitz-Thonberg",
    "Neustadt-Neuschönefeld",
}
PUBLISHERS = "Buchhandel und Verlagswesen"
COMPLEMENTS = {"Druckereien", "Buchbinderhandwerk", "Papierhandlung/Papierherstellung"}
# 1912 trades → today's WZ 2008 classes (for the whole-pipeline run)
WZ = {
    PUBLISHERS: "58.11.0",
    "Druckereien": "18.12.0",
    "Graphische Anstalt": "18.13.0",
    "Satzherstellung": "18.13.0",
    "Buchbinderhandwerk": "18.14.0",
    "Papierhandlung/Papierherstellung": "17.12.0",
    "Zuliefer- und Hilfsgewerbe": "20.59.0",
    "Polygraphischer Maschinenbau": "28.99.0",
    "Leihbibliotheken / Lesehallen": "91.01.0",
    "Ausbildungseinrichtungen": "85.41.0",
}


@pytest.fixture(scope="module")
def firms(shared_data):
    df = pd.read_csv(shared_data / "leipzig1912-buchgewerbe.csv", sep=";")
    assert len(df) == 2181 and df.ETRS_UTM33N_X.isna().sum() == 12
    return df.dropna(subset=["ETRS_UTM33N_X", "ETRS_UTM33N_Y"]).reset_index(drop=True)


def _xy(firms):
    return firms[["ETRS_UTM33N_X", "ETRS_UTM33N_Y"]].to_numpy(float)


def test_strongest_gi_star_hotspots_lie_in_the_graphisches_viertel(firms):
    grid = grid_hotspots(_xy(firms), cell=250, distance=500)
    cells = point_cells(_xy(firms), grid, 250)
    top = grid.sort_values("z", ascending=False).head(5)
    assert (top.z > 10).all()
    assert (top.moran_i > 0).all()  # high values among high values: local Moran agrees
    for idx in top.index:
        districts = firms.OT_NAME_2018[cells == idx]
        assert districts.isin(GRAPHISCHES_VIERTEL).mean() >= 0.8, districts.value_counts()


def test_largest_hdbscan_group_lies_in_the_graphisches_viertel(firms):
    labels, groups = hdbscan_groups(_xy(firms))
    largest = groups.iloc[0]
    assert largest["size"] >= 200
    inside = firms.OT_NAME_2018[labels == largest["group"]].isin(GRAPHISCHES_VIERTEL)
    assert inside.mean() >= 0.9
    assert len(largest["hull"]) >= 4  # a closed outline


def test_printers_co_locate_with_binders(firms):
    clq = colocation_quotient(_xy(firms), firms.Gewerbetyp)
    assert clq.loc["Buchbinderhandwerk", "Druckereien"] > 1
    assert clq.loc["Druckereien", "Druckereien"] > clq.loc["Druckereien", PUBLISHERS]


def test_partner_suggestions_for_publishers_favour_printers_binders_paper(firms):
    kinds, _ = pd.factorize(firms.Gewerbetyp, sort=True)
    labels = np.array(sorted(firms.Gewerbetyp.unique()))
    counts, _, _ = count_matrix(firms.OT_NAME_2018.fillna("?"), firms.Gewerbetyp)
    phi = proximity((counts > 0).astype(float))
    companies = pd.DataFrame(
        {"id": firms.Id, "name": firms.Firma, "x": firms.ETRS_UTM33N_X, "y": firms.ETRS_UTM33N_Y,
         "competences": firms.Gewerbename.fillna("")}
    )  # fmt: skip
    index = PartnerIndex(companies, industry=kinds, industry_labels=labels, relatedness=phi)
    publishers = firms.Id[firms.Gewerbetyp == PUBLISHERS]
    suggested = pd.concat([index.query(pid, k=5) for pid in publishers.iloc[::5]])
    share = suggested.industry.value_counts(normalize=True)
    assert share.reindex(list(COMPLEMENTS)).fillna(0).sum() > 0.7
    assert share.get(PUBLISHERS, 0) < 0.05
    assert suggested.distance_m.median() < 600  # nearby, not just any printer in town
    assert suggested.reason.str.contains("km away").all()


def test_whole_pipeline_on_1912(firms):
    companies = pd.DataFrame(
        {"id": firms.Id, "name": firms.Firma, "wz": firms.Gewerbetyp.map(WZ), "employees": 1,
         "x": firms.ETRS_UTM33N_X, "y": firms.ETRS_UTM33N_Y, "district": firms.OT_NAME_2018,
         "competences": firms.Gewerbename.fillna("")}
    )  # fmt: skip
    r = run_site_analysis(companies, params=AnalysisParams(wz_level="class"))
    media = r.categories.set_index("category").loc["media_creative"]
    assert media.hotspot_unit in GRAPHISCHES_VIERTEL
    assert set(r.groups.iloc[0]["units"][:2]) <= GRAPHISCHES_VIERTEL
    publisher = r.companies.id[r.companies.industry == "58.11"].iloc[0]
    assert not (r.partners(publisher, 5).industry == "58.11").any()
