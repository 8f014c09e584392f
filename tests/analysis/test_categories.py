"""Standard traded cluster categories on NACE Rev. 2, and who takes part in the star cut-offs."""

import json

import numpy as np
import pandas as pd
import pytest

from verbund.analysis.cli import main
from verbund.analysis.clusters import (
    TRADED_FILE,
    categorise,
    load_categories,
    rated_keys,
    star_ratings,
)
from verbund.analysis.counts import run_counts_analysis

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("code", "key"),
    [
        ("06.10", "oil_and_gas_production_and_transportation"),
        ("09", "oil_and_gas_production_and_transportation"),  # a division alone (Eurostat B09)
        ("30.30.0", "aerospace_vehicles_and_defense"),  # a WZ subclass
        ("29", "automotive"),
        ("29.10", "automotive"),
        ("64.19", "financial_services"),
        ("21.20", "biopharmaceuticals"),
        ("85.42", "education_and_knowledge_creation"),
        ("72.11", "education_and_knowledge_creation"),
        ("51.10", "transportation_and_logistics"),  # air transport
        ("59.11", "video_production_and_distribution"),
        ("58.11", "marketing_design_and_publishing"),
        ("90.01", "performing_arts"),
        ("84.11", "other"),  # public administration: no US cluster
        ("86.10", "local_health_services"),
    ],
)
def test_traded_categories_give_the_known_industries_their_own_category(code, key):
    assert categorise(pd.Series([code]), load_categories("traded")).iat[0] == key


def test_the_traded_file_documents_its_source_and_rules():
    header = TRADED_FILE.read_text(encoding="utf-8").split("\n[", 1)[0]
    assert "U.S. Cluster Mapping" in header and "Delgado, Porter & Stern" in header
    assert "NAICS 2012 -> NAICS 2017" in header and "NACE Rev. 2 -> ISIC Rev. 4" in header
    assert "Mapping rules" in header and "traded = false" in header
    cats = load_categories("traded")
    assert {c.key for c in cats if not c.traded} >= {"other", "local_health_services"}
    assert "other" not in rated_keys(cats) and "local_health_services" not in rated_keys(cats)
    assert len(rated_keys(cats)) == 51


def test_unrated_categories_set_no_star_cut_off():
    # unit × [traded A, traded B, other]; "other" is huge and would lift the size cut-off
    e = np.array([[100.0, 10, 10_000], [20, 200, 20_000], [30, 30, 30_000]])
    everything = star_ratings(e, ["u1", "u2", "u3"], ["a", "b", "other"])
    rated = star_ratings(e, ["u1", "u2", "u3"], ["a", "b", "other"], rated=[True, True, False])
    assert "other" not in set(rated.category)
    assert rated.attrs["thresholds"]["size_min"] < everything.attrs["thresholds"]["size_min"]
    # LQ and focus stay shares of all of a unit's employment
    row = rated.set_index(["unit", "category"]).loc[("u1", "a")]
    assert row.focus == pytest.approx(100 / 10_110)


def test_counts_use_the_traded_categories_by_default_and_other_gets_no_stars():
    table = pd.DataFrame(
        [
            ["R1", "B06", "5000"],
            ["R1", "O84", "90000"],
            ["R2", "C29", "900"],
            ["R2", "O84", "80000"],
            ["R3", "C30", "400"],
            ["R3", "O84", "70000"],
        ],
        columns=["unit", "industry", "employees"],
    )
    r = run_counts_analysis(table)
    assert "other" not in set(r.stars.category)
    best = r.stars.set_index(["unit", "category"])
    assert best.loc[("R1", "oil_and_gas_production_and_transportation"), "stars"] >= 1


def test_a_named_category_set_from_the_command_line(tmp_path):
    table = tmp_path / "counts.csv"
    rows = ["unit;industry;employees"]
    rows += [f"R{u};C29;{e}" for u, e in enumerate([5000, 10, 20, 30])]
    rows += [f"R{u};J62;{e}" for u, e in enumerate([100, 900, 800, 700])]
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    for name, key in [("city", "it_software"), ("traded", "business_services")]:
        out = tmp_path / name
        args = ["--counts", str(table), "--out", str(out), "--no-pdf", "--categories", name]
        assert main(args) == 0
        cats = {c["category"] for c in json.loads((out / "results.json").read_text())["stars"]}
        assert key in cats, (name, cats)
