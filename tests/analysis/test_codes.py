"""Industry codes that lost their leading zero are read with it or refused, never misread."""

import pandas as pd
import pytest

from verbund.analysis.codes import read_lost_zeros
from verbund.analysis.counts import run_counts_analysis
from verbund.analysis.io import prepare_companies

pytestmark = pytest.mark.unit


def test_a_file_of_classes_reads_161_as_01_61_and_says_so():
    reading = read_lost_zeros(["2910", "2562", "161", "170", "6201"])
    assert reading.restored == {"161": "0161", "170": "0170"}
    assert "01.61" in reading.note() and not reading.ambiguous


def test_a_short_code_that_can_only_be_a_group_stays_a_group():
    # 01.91 does not exist, so "191" is group 19.1; it shows the file holds coarser codes, and
    # "161" (01.61 or 16.1) can then not be told: refused
    reading = read_lost_zeros(["2910", "2562", "191", "161"])
    assert "191" not in reading.restored
    assert reading.ambiguous == ["161"]


def test_companies_with_a_lost_zero_are_read_correctly_with_a_warning():
    from verbund.analysis import run_site_analysis

    df = prepare_companies(
        pd.DataFrame(
            {
                "wz": ["161", "2910", "2910", "6201", "6201"],
                "x": [0.0, 100, 200, 300, 400],
                "y": [0.0, 0, 0, 0, 0],
                "district": ["a", "a", "b", "b", "a"],
            }
        )
    )
    assert df["wz"].iloc[0] == "01.61"  # not 16.1, sawmilling
    r = run_site_analysis(df, stages=["specialisation"])
    assert any("lost their leading zero" in w and "161 → 01.61" in w for w in r.warnings)


def test_companies_with_an_ambiguous_code_are_refused_naming_row_and_reason():
    with pytest.raises(ValueError) as err:
        prepare_companies(pd.DataFrame({"wz": ["2910", "191", "161", "6201"], "x": 1, "y": 1}))
    msg = str(err.value)
    assert "'161' (row 3)" in msg and "01.61" in msg and "16.1" in msg


def test_counts_with_a_lost_zero_read_the_class_not_the_group():
    table = pd.DataFrame(
        [["R1", "161", "100"], ["R1", "2910", "50"], ["R2", "2910", "500"], ["R2", "161", "5"]],
        columns=["unit", "industry", "employees"],
    )
    r = run_counts_analysis(table)
    assert set(r.cells["industry"]) == {"0161", "2910"}
    assert any("01.61" in w for w in r.warnings)


def test_naf_codes_keep_their_subclass_letter_and_are_nace_above_it():
    from verbund.analysis.counts import nace_digits
    from verbund.analysis.io import normalise_wz, wz_at_level

    got = normalise_wz(["6420Z", "64.20Z", "2910a", "6201"])
    assert got.tolist() == ["64.20Z", "64.20Z", "29.10A", "62.01"]
    assert wz_at_level(got, "subclass").tolist()[0] == "64.20Z"
    assert wz_at_level(got, "class").tolist()[:3] == ["64.20", "64.20", "29.10"]
    assert wz_at_level(got, "group").tolist()[0] == "64.2"
    assert nace_digits("6420Z") == "6420" and nace_digits("C6420Z") is None


def test_uk_sic_subclasses_are_read_as_their_nace_class_at_subclass_level():
    from verbund.analysis import AnalysisParams, run_site_analysis

    df = pd.DataFrame(
        {
            "wz": ["62012", "62020", "29100", "62.01.9"],
            "x": [0.0, 10, 20, 30],
            "y": 0.0,
            "district": ["a", "a", "b", "b"],
        }
    )
    r = run_site_analysis(df, params=AnalysisParams(wz_level="subclass"), stages=["clusters"])
    # 62012 (UK SIC: business software) is no WZ subclass: its class 62.01; 62.01.9 is one
    assert set(r.industry_labels) == {"62.01", "62.02.0", "29.10", "62.01.9"}
    assert any("UK SIC 2007" in w and "62.01.2" in w for w in r.warnings)
