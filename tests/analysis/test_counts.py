"""Counts tables (one row per unit × industry), e.g. Eurostat SBS: `verbund analyze --counts`."""

import json

import numpy as np
import pandas as pd
import pytest

from verbund.analysis.cli import main
from verbund.analysis.counts import (
    choose_industry_level,
    choose_units,
    parse_cells,
    run_counts_analysis,
    strongest_specialisations,
)

pytestmark = pytest.mark.unit


def _table(rows):
    return pd.DataFrame(rows, columns=["unit", "industry", "employees", "establishments"])


def test_flagged_and_confidential_cells_are_missing_not_numbers():
    values, flagged = parse_cells(pd.Series(["1234", "12.5", "", ":", "1234 d", "0 d", "12:00 AM"]))
    assert values.iloc[:2].tolist() == [1234.0, 12.5]
    assert values.iloc[2:].isna().all() and flagged == 5
    r = run_counts_analysis(
        _table(
            [
                ["A1", "C29", "100", "5"],
                ["A1", "C10", ":", "1"],
                ["A2", "C29", "1234 d", "3"],
                ["A2", "C10", "50", "2"],
            ]
        )
    )
    assert any("2 of 4 employment cells" in w for w in r.warnings)
    cells = r.cells.set_index(["unit", "industry"])["employees"].to_dict()
    assert cells == {("A1", "C29"): 100.0, ("A2", "C10"): 50.0}  # never 1, never 1234


def test_mixed_industry_levels_use_the_finest_level_that_covers_the_coarser_codes():
    # groups exist only for C: they do not cover section B, so the divisions are used
    assert choose_industry_level(["B", "C", "B06", "C29", "C291", "C292"]) == 2
    # here the groups cover every coarser code (G and G45)
    assert choose_industry_level(["G", "G45", "G451", "G452"]) == 3
    # a confidential cell does not matter: coverage is by the codes present
    r = run_counts_analysis(
        _table(
            [
                ["A1", "B", "300", ""],
                ["A1", "B06", "100", ""],
                ["A1", "C29", "200", ""],
                ["A1", "C291", ":", ""],
                ["A2", "B06", "50", ""],
                ["A2", "C29", "400", ""],
            ]
        )
    )
    assert sorted(r.industry_labels) == ["B06", "C29"]
    assert r.counts.sum() == 750  # the section B is not added on top of its division
    assert any("the divisions are analysed" in w for w in r.warnings)


def test_nested_nuts_units_are_analysed_on_one_level_and_plain_names_never_nest():
    codes = ["AT", "AT1", "AT11", "AT12", "DE", "DE1", "DE11"]
    assert choose_units(codes) == {"AT11", "AT12", "DE11"}
    assert choose_units(codes, unit_level=3) == {"AT1", "DE1"}
    assert choose_units(["Leipzig", "Leipzig-Nord", "Halle"]) == {
        "Leipzig",
        "Leipzig-Nord",
        "Halle",
    }


def test_lq_strongest_specialisations_and_strong_clusters_with_establishments():
    rows = []
    for u, (a, b) in {
        "R1": (900, 100),
        "R2": (100, 900),
        "R3": (500, 500),
        "R4": (450, 550),
    }.items():
        rows += [[u, "C29", str(a), str(a // 10)], [u, "J62", str(b), str(b // 10)]]
    r = run_counts_analysis(_table(rows))
    lq = r.cells.set_index(["unit", "industry"])["lq"]
    assert lq["R1", "C29"] == pytest.approx((900 / 1000) / (1950 / 4000))
    top = strongest_specialisations(r.cells, per_unit=1, min_employees=100)
    assert top.set_index("unit")["industry"].to_dict() == {
        "R1": "C29",
        "R2": "J62",
        "R3": "C29",
        "R4": "J62",
    }
    strong = r.stars[r.stars.strong]
    assert ("R1", "automotive") in set(zip(strong.unit, strong.category, strict=True))
    d = json.loads(json.dumps(r.to_dict()))
    assert {"unit", "industry", "employees", "establishments", "lq"} <= set(d["cells"][0])


def test_counts_refuse_stages_that_need_positions():
    with pytest.raises(ValueError, match="no positions"):
        run_counts_analysis(_table([["A", "C29", "1", "1"]]), stages=["hotspots"])


@pytest.mark.shared_data
def test_eurostat_nuts2_oil_and_gas_in_scotland_and_cars_in_stuttgart(shared_data, tmp_path):
    path = shared_data / "eurostat-sbs-nuts2-2015.csv"
    out = tmp_path / "out"
    args = ["--counts", str(path), "--unit-column", "geo", "--industry-column", "nace_r2"]
    args += ["--employees-column", "n2015", "--out", str(out), "--no-pdf"]
    assert main(args) == 0
    data = json.loads((out / "results.json").read_text())
    cells = pd.DataFrame(data["cells"])
    top = strongest_specialisations(cells, per_unit=10, min_employees=100)
    strongest = top.groupby("unit")["industry"].apply(set)
    assert {"B06", "B09"} <= strongest["UKM5"]
    assert "C29" in strongest["DE11"]
    # the report names them in its first section
    html = (out / "report.html").read_text()
    first = html[html.index("id='specialisations'") : html.index("id='stars'")]
    assert "UKM5" in first and "B09" in first and "DE11" in first and "C29" in first

    # an independent computation from the raw file: plain numbers only, divisions, NUTS 2
    raw = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False)
    raw = raw[raw["n2015"].str.fullmatch(r"\d+")]
    raw = raw[raw["nace_r2"].str.fullmatch(r"[A-Z]\d\d") & (raw["geo"].str.len() == 4)]
    e = raw.astype({"n2015": float}).pivot_table(
        index="geo", columns="nace_r2", values="n2015", aggfunc="sum", fill_value=0.0
    )
    expected = e.div(e.sum(axis=1), axis=0).div(e.sum(axis=0) / e.to_numpy().sum(), axis=1)
    got = cells.set_index(["unit", "industry"])["lq"]
    for unit, industry in [("UKM5", "B06"), ("UKM5", "B09"), ("DE11", "C29")]:
        # results.json keeps 10 decimal places
        assert got[unit, industry] == pytest.approx(expected.loc[unit, industry], abs=1e-9)
    sample = cells.sample(200, random_state=1)
    np.testing.assert_allclose(
        sample["lq"].to_numpy(),
        [expected.loc[u, i] for u, i in zip(sample["unit"], sample["industry"], strict=True)],
        rtol=0,
        atol=1e-9,
    )


@pytest.mark.parametrize(
    ("code", "digits"),
    [
        ("C29", "29"),
        ("c29", "29"),
        ("C29.1", "291"),
        ("C29.10", "2910"),
        ("29.10", "2910"),
        ("2910", "2910"),
        ("G451", "451"),
        ("B", ""),
        ("C06", None),  # division 06 belongs to section B, not C
        ("12:00 AM", None),
        ("TOTAL", None),
    ],
)
def test_nace_spellings(code, digits):
    from verbund.analysis.counts import nace_digits

    assert nace_digits(code) == digits


def test_a_categories_file_from_the_command_line(tmp_path):
    cats = tmp_path / "cats.toml"
    cats.write_text(
        '[oil_gas]\nen = "Oil and gas"\nde = "Öl und Gas"\nprefixes = ["06", "09"]\n\n'
        '[automotive]\nen = "Automotive"\nprefixes = ["29"]\n',
        encoding="utf-8",
    )
    table = tmp_path / "counts.csv"
    rows = ["unit;industry;employees"]
    rows += [f"R{u};B06;{e}" for u, e in enumerate([5000, 10, 20, 30])]
    rows += [f"R{u};C29;{e}" for u, e in enumerate([100, 900, 800, 700])]
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["--counts", str(table), "--out", str(out), "--no-pdf", "--categories", str(cats)]
    assert main(args) == 0
    data = json.loads((out / "results.json").read_text())
    names = {s["category"]: s["category_name"] for s in data["stars"]}
    assert names["oil_gas"] == "Oil and gas" and names["automotive"] == "Automotive"
    best = max(data["stars"], key=lambda s: (s["category"] == "oil_gas", s["lq"]))
    assert (best["unit"], best["category"]) == ("R0", "oil_gas")
    bad = tmp_path / "bad.toml"
    bad.write_text("[x\n", encoding="utf-8")
    assert main([*args[:-1], str(bad)]) == 2
