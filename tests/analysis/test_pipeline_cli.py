"""run_site_analysis finds what the synthetic generator planted; `verbund analyze` writes reports."""

import json

import numpy as np
import pandas as pd
import pytest

from verbund.analysis import AnalysisParams, read_companies, run_site_analysis
from verbund.analysis.cli import main
from verbund.analysis.constants import HOTSPOT_Z
from verbund.analysis.synthetic import PLANTED, areas_geojson, generate

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def companies():
    return generate(4000, seed=11)


@pytest.fixture(scope="module")
def result(companies):
    seen = []
    r = run_site_analysis(
        companies.drop(columns="planted"), progress=lambda f, m: seen.append((f, m))
    )
    r.progress_seen = seen
    return r


def test_generator_is_deterministic():
    pd.testing.assert_frame_equal(generate(500, seed=3), generate(500, seed=3))


def test_progress_reaches_completion(result):
    fractions = [f for f, _ in result.progress_seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


@pytest.mark.parametrize("cluster", PLANTED, ids=lambda c: c.key)
def test_planted_concentrations_are_found(result, cluster):
    cat = result.categories.set_index("category").loc[cluster.category]
    assert cat.hotspot_z > 4
    assert np.hypot(cat.hotspot_x - cluster.centre[0], cat.hotspot_y - cluster.centre[1]) < 1000
    assert cat.max_stars >= 2
    # a candidate network sits on the planted spot and names the planted competences
    near = result.candidates[
        np.hypot(result.candidates.cx - cluster.centre[0], result.candidates.cy - cluster.centre[1])
        < 1000
    ]
    assert len(near), f"no candidate network near {cluster.key}"
    assert any(w.lower() in near.iloc[0].reason for w in cluster.words)


def test_media_cluster_is_inside_the_programme_area(result):
    top = result.candidates.iloc[
        np.argmin(np.hypot(result.candidates.cx - 312_500, result.candidates.cy - 5_690_000))
    ]
    assert top.share_in_area > 0.8
    assert "inside the programme area" in top.reason


def test_partner_query_returns_related_not_identical(result, companies):
    it = result.companies[result.companies.industry == "62.0"].id.iloc[0]
    p = result.partners(it, k=8)
    assert len(p) == 8 and (p.score.diff().dropna() <= 0).all()
    assert (p.industry != "62.0").sum() >= 4


def test_result_is_json_serialisable(result):
    d = json.loads(json.dumps(result.to_dict()))
    assert d["params"]["wz_level"] == "group"
    assert len(d["companies"]) == 4000 and d["candidates"][0]["reason"]
    assert d["star_thresholds"]["lq_min"] == 2.0


def test_lon_lat_input_is_projected(tmp_path):
    df = pd.DataFrame(
        {"id": [1], "name": ["A"], "wz": ["62010"], "employees": [3], "lon": [12.3731], "lat": [51.3397]}
    )  # fmt: skip
    path = tmp_path / "c.xlsx"
    df.to_excel(path, index=False)
    got = read_companies(path)
    assert got.wz.iat[0] == "62.01.0"
    assert got.x.iat[0] == pytest.approx(317_000, abs=2_000)  # Leipzig, EPSG:25833
    assert got.y.iat[0] == pytest.approx(5_690_000, abs=2_000)


def test_reference_totals_change_the_lq(companies):
    ref = pd.Series({"62": 1.0e6, "29": 1.0e6, "59": 1.0e6})
    r = run_site_analysis(
        companies.drop(columns="planted").head(1500),
        reference=ref,
        params=AnalysisParams(wz_level="division"),
    )
    assert any("Reference totals lack" in w for w in r.warnings)
    col = list(r.industry_labels).index("62")
    assert r.lq[:, col].max() > 0
    # the city as a whole: 62 holds about 1/3 of the reference but a far smaller share here
    city = r.industries.set_index("industry").lq_reference
    assert 0 < city["62"] < 1 and city.isna().sum() == 0


def test_verbund_analyze_writes_html_and_pdf(tmp_path, companies, capsys):
    from pypdf import PdfReader

    csv = tmp_path / "companies.csv"
    companies.to_csv(csv, index=False)
    areas = tmp_path / "areas.geojson"
    areas.write_text(json.dumps(areas_geojson()))
    out = tmp_path / "out"
    assert main([str(csv), "--areas", str(areas), "--out", str(out), "--json"]) == 0
    html = (out / "report.html").read_text()
    for section in ("map", "stars", "potentials", "networks", "relatedness"):
        assert f"id='{section}'" in html
    assert html.count("<svg") >= 3  # map, bubble chart, industry space: server-side SVG
    assert "★★★" in html and "<script" not in html
    pdf = PdfReader(out / "report.pdf")
    text = " ".join(page.extract_text() for page in pdf.pages)
    for heading in ("Map", "Star table", "Potentials", "Candidate networks"):
        assert heading in text
    assert json.loads((out / "results.json").read_text())["candidates"]


def test_verbund_analyze_reports_bad_input(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,employees\nA,3\n")
    assert main([str(bad), "--out", str(tmp_path / "o"), "--no-pdf"]) == 2
    assert "wz" in capsys.readouterr().err


def test_analysis_package_imports_no_django():
    import subprocess
    import sys

    code = "import sys, verbund.analysis, verbund.analysis.cli, verbund.analysis.report; "
    code += "sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.shared_data
def test_programme_area_from_leipzig_ortsteile(shared_data):
    """URBAN II "Leipziger Westen" as Ortsteile 51, 70, 71 (WGS84 GeoJSON) → in_area."""
    from verbund.analysis import areas_from_geojson
    from verbund.analysis.io import points_in_areas

    data = json.loads((shared_data / "leipzig-ortsteile.geojson").read_text())
    data["features"] = [f for f in data["features"] if f["properties"]["OT"] in {"51", "70", "71"}]
    areas = areas_from_geojson(data)
    assert len(areas) == 3
    # Plagwitz (Karl-Heine-Straße) inside, the Augustusplatz outside
    inside = points_in_areas(
        np.array([314_440.0, 317_585.0]), np.array([5_689_725.0, 5_690_880.0]), areas
    )
    assert inside.tolist() == [True, False]


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame(
            {"wz": ["62.01.0", "29.10.0"], "x": [317_000, 317_100], "y": [5.69e6, 5.69e6]}
        ),
        pd.DataFrame({"wz": ["62.01.0"] * 5, "x": [317_000] * 5, "y": [5.69e6] * 5}),
    ],
    ids=["two companies", "five at one address"],
)
def test_tiny_registers_still_give_a_report(frame):
    from verbund.analysis.report import render_html

    r = run_site_analysis(frame)
    assert "id='stars'" in render_html(r)
    json.dumps(r.to_dict())


def test_stages_selection_runs_only_what_is_asked_and_leaves_the_rest_empty(companies, result):
    small = run_site_analysis(
        companies.drop(columns="planted"), stages=["specialisation", "relatedness", "clusters"]
    )
    assert list(small.timings) == ["prepare", "specialisation", "relatedness", "clusters"]
    # the same specialisation, relatedness and stars as the full run
    np.testing.assert_array_equal(small.lq, result.lq)
    np.testing.assert_array_equal(small.density, result.density)
    pd.testing.assert_frame_equal(small.stars, result.stars)
    # the skipped spatial and network stages: empty, not invented
    assert small.hotspots.empty and small.groups.empty and small.candidates.empty
    assert small.companies.hotspot_z.isna().all() and (small.companies.network == -1).all()
    assert small.partner_index is None
    assert small.categories.hotspot_z.isna().all()
    json.dumps(small.to_dict())


def test_a_stage_brings_the_stages_it_needs():
    from verbund.analysis.pipeline import resolve_stages

    assert resolve_stages(["networks"]) == ("specialisation", "clusters", "networks")
    assert resolve_stages(["report", "relatedness"]) == ("specialisation", "relatedness")
    with pytest.raises(ValueError, match="unknown stage"):
        resolve_stages(["hotspot"])


def test_verbund_analyze_stages_without_report_writes_only_results_json(tmp_path, companies):
    csv = tmp_path / "companies.csv"
    companies.head(800).to_csv(csv, index=False)
    out = tmp_path / "out"
    assert main([str(csv), "--out", str(out), "--stages", "specialisation,clusters"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["results.json"]
    data = json.loads((out / "results.json").read_text())
    assert data["stars"] and data["hotspots"] == [] and data["candidates"] == []
    assert main([str(csv), "--out", str(out), "--stages", "hotspot"]) == 2


def _one_point(r, ids) -> bool:
    return (
        len({(x, y) for x, y in r.companies.set_index("id").loc[ids, ["x", "y"]].to_numpy()}) == 1
    )


def test_zone_placed_register_gets_zone_hotspots_and_no_single_point_networks(companies):
    """Issue 11 acceptance 3: establishments placed on their zone's centroid only."""
    zoned = companies.drop(columns="planted").copy()
    centres = zoned.groupby("district")[["x", "y"]].transform("mean")
    zoned[["x", "y"]] = centres.to_numpy()
    r = run_site_analysis(zoned)
    assert any("placed by zone" in w and "between neighbouring zones" in w for w in r.warnings)
    # hotspots are zones, each holding establishments: no hot cell without establishments
    assert len(r.hotspots) == zoned["district"].nunique() and r.hotspots.attrs.get("zones")
    assert (r.hotspots.value > 0).all() and (r.hotspots.z >= HOTSPOT_Z).any()
    assert set(r.hotspots["unit"]) == set(zoned["district"])
    # candidate networks span neighbouring zones, never a single point
    assert len(r.candidates)
    assert not any(_one_point(r, ids) for ids in r.candidates["company_ids"])
    assert (r.candidates["zones"] >= 2).all()
    # specialisation and stars are still computed on the zones; no co-location on centroids
    assert r.lq.shape[0] == zoned["district"].nunique() and len(r.stars)
    assert "colocation" not in r.timings and "hotspots" in r.timings
    assert r.companies["hotspot_z"].notna().all()


def test_the_precision_column_places_a_register_by_zone_or_leaves_zone_rows_out(companies):
    zoned = companies.drop(columns="planted").copy()
    zoned["precision"] = "zone"
    centres = zoned.groupby("district")[["x", "y"]].transform("mean").to_numpy()
    zoned[["x", "y"]] = centres
    r = run_site_analysis(zoned, stages=["hotspots"])
    assert r.hotspots.attrs.get("zones") and (r.hotspots.value > 0).all()
    # mixed: a tenth placed by zone, the rest by address; zone rows stay out of the grid
    mixed = companies.drop(columns="planted").copy()
    mixed["precision"] = "Point"
    some = mixed.index[::10]
    mixed.loc[some, "precision"] = "zone"
    mixed.loc[some, ["x", "y"]] = centres[some]
    r = run_site_analysis(mixed)
    assert any("placed only by zone" in w for w in r.warnings)
    assert r.companies.loc[some, "hotspot_z"].isna().all()
    assert r.companies.drop(index=some)["hotspot_z"].notna().all()
    assert not r.companies.loc[some, "network"].gt(0).any()
    assert r.hotspots["value"].sum() == len(mixed) - len(some)
    with pytest.raises(ValueError, match="precision"):
        run_site_analysis(mixed.assign(precision="roughly"))


def test_companies_without_employees_count_as_one_with_a_warning():
    frame = pd.DataFrame(
        {
            "wz": ["62.01.0", "29.10.0", "62.01.0"],
            "employees": [3, None, ""],
            "x": [317_000, 317_100, 317_200],
            "y": [5.69e6] * 3,
        }
    )
    r = run_site_analysis(frame)
    assert r.companies.employees.tolist() == [3.0, 1.0, 1.0]
    assert "2 companies have no number of employees; each counts as 1." in r.warnings


def test_size_bands_are_read_as_their_midpoints(tmp_path):
    from verbund.analysis.io import parse_employees

    got, banded = parse_employees(pd.Series(["3", "20-49", "250+", "10 bis 19", "abc"]))
    assert got.tolist()[:4] == [3.0, 34.5, 250.0, 14.5] and np.isnan(got.iat[4])
    assert banded == 3
    # INSEE's TEFET codes with --size-bands insee: 01 = 1-2, 12 = 20-49, NN unknown
    csv = tmp_path / "sirene.csv"
    csv.write_text("wz;employees;x;y\n62.01.0;01;317000;5690000\n29.10.0;12;317100;5690000\n")
    out = tmp_path / "out"
    args = [str(csv), "--out", str(out), "--no-pdf", "--json", "--size-bands", "insee"]
    assert main(args) == 0
    data = json.loads((out / "results.json").read_text())
    assert [c["employees"] for c in data["companies"]] == [1.5, 34.5]
    assert any("size band" in w for w in data["warnings"])


@pytest.mark.parametrize(
    ("crs", "x0", "y0", "zone"),
    [
        ("EPSG:2154", 652_000.0, 6_862_000.0, "EPSG:25831"),  # Lambert-93, Paris
        ("EPSG:27700", 530_000.0, 180_000.0, "EPSG:25830"),  # British National Grid, London
    ],
)
def test_files_in_other_projections_keep_their_distances(tmp_path, crs, x0, y0, zone):
    from verbund.analysis.io import read_areas

    rng = np.random.default_rng(4)
    n = 200
    dx, dy = rng.uniform(-3000, 3000, n), rng.uniform(-3000, 3000, n)
    frame = pd.DataFrame(
        {"wz": ["62.01.0", "29.10.0"] * (n // 2), "x": x0 + dx, "y": y0 + dy, "employees": 5}
    )
    frame.loc[0, ["x", "y"]] = [x0, y0]
    frame.loc[1, ["x", "y"]] = [x0 + 1000.0, y0]
    path = tmp_path / "c.csv"
    frame.to_csv(path, index=False)
    got = read_companies(path, crs=crs)
    assert got.attrs["crs"] == zone  # the data's own UTM zone, not a fixed one
    d = np.hypot(got.x.iat[1] - got.x.iat[0], got.y.iat[1] - got.y.iat[0])
    assert d == pytest.approx(1000.0, rel=2e-3)  # 1 km stays 1 km (scale factors differ by < 0.2 %)
    # an area file in the same CRS (legacy GeoJSON crs member) lands on the same points
    ring = [
        [x0 - 500, y0 - 500],
        [x0 + 1500, y0 - 500],
        [x0 + 1500, y0 + 500],
        [x0 - 500, y0 + 500],
    ]
    areas = tmp_path / "a.geojson"
    areas.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "crs": {"type": "name", "properties": {"name": f"urn:ogc:def:crs:{crs}"}},
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"name": "Zone"},
                        "geometry": {"type": "Polygon", "coordinates": [[*ring, ring[0]]]},
                    }
                ],
            }
        )
    )
    r = run_site_analysis(got, areas=read_areas(areas, crs=zone))
    inside = r.companies.set_index("id")["in_area"]
    assert bool(inside[1]) and bool(inside[2])
    assert main([str(path), "--crs", crs, "--out", str(tmp_path / "o"), "--no-pdf"]) == 0
