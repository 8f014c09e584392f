"""Benchmark the cluster-potential analysis against the reference packages on the same data.

    .venv/bin/python benchmarks/analysis.py            # the issue's sizes (about 5 minutes)
    .venv/bin/python benchmarks/analysis.py --quick    # small sizes, a smoke test

Parts (each side runs in its own subprocess so peak memory, ru_maxrss, is its own):
  spec      3.5M establishments × 839 WZ subclasses × 400 districts written to Parquet, then
            read → crosstab → LQ, presence, diversity/ubiquity, Krugman, Herfindahl, entropy,
            Hoover, locational Gini, proximity, density, categories, stars, strong clusters.
            Reference: ecomplexity.ecomplexity() on the same unit × industry matrix (it also
            computes ECI/PCI/COI/COG, which verbund does not: stated in the output).
  gi        Gi* on 100,000 points, 500 m band, analytical z. Reference: libpysal DistanceBand
            + esda G_Local(star=True, transform="B").
  networks  run_site_analysis on 20,000 synthetic companies (candidate networks stage and total).
  partners  partner index over 100,000 companies; latency of 200 single-company queries.
  counts    `verbund analyze --counts` end to end on a 300 units × 600 NACE classes CSV
            (read, specialisation, relatedness, clusters, HTML report and results.json; no PDF).
Agreement is checked (max |difference|) and printed with times, peak memory and ratios.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

FULL = {"estab": 3_500_000, "districts": 400, "gi_points": 100_000, "net": 20_000, "part": 100_000}
FULL |= {"count_units": 300, "count_industries": 600}
QUICK = {"estab": 200_000, "districts": 100, "gi_points": 10_000, "net": 3_000, "part": 10_000}
QUICK |= {"count_units": 50, "count_industries": 100}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------- data generation (parent)


def make_establishments(path: Path, n: int, districts: int, seed: int = 1) -> None:
    """Skewed district sizes; 70 % of establishments follow national industry popularity,
    30 % one of ten district specialities, so LQs and relatedness have structure."""
    from wz_code import WZ, WZVersion

    subs = np.array([c for c in WZ(WZVersion.WZ_2008).get_all_codes() if len(c) == 7])
    rng = np.random.default_rng(seed)
    dsize = rng.lognormal(0, 0.8, districts)
    district = rng.choice(districts, n, p=dsize / dsize.sum())
    pop = rng.lognormal(0, 1.2, len(subs))
    general = rng.choice(len(subs), n, p=pop / pop.sum())
    special = rng.integers(0, len(subs), size=(districts, 10))
    pick = special[district, rng.integers(0, 10, n)]
    industry = np.where(rng.random(n) < 0.3, pick, general)
    df = pd.DataFrame(
        {
            "district": pd.Categorical.from_codes(
                district, [f"D{i:03d}" for i in range(districts)]
            ),
            "wz": pd.Categorical.from_codes(industry, subs),
            "employees": np.maximum(1, rng.lognormal(1.5, 1.2, n)).astype(np.int32),
        }
    )
    df.to_parquet(path, index=False)


def make_points(path: Path, n: int, seed: int = 2) -> None:
    """Half uniform over 20 × 20 km, half in 60 Gaussian clusters (σ 700 m); value = employees."""
    rng = np.random.default_rng(seed)
    half = n // 2
    uni = rng.uniform(0, 20_000, size=(half, 2))
    centres = rng.uniform(2_000, 18_000, size=(60, 2))
    clu = centres[rng.integers(0, 60, n - half)] + rng.normal(0, 700, size=(n - half, 2))
    xy = np.vstack([uni, clu])
    v = np.maximum(1, rng.lognormal(1.5, 1.0, n)).round()
    np.savez(path, xy=xy, v=v)


# ---------------------------------------------------------------- children


def child_spec_verbund(work: Path) -> dict:
    from verbund.analysis import (
        binary_presence,
        categorise,
        count_matrix,
        diversity,
        entropy,
        herfindahl,
        hoover_index,
        krugman_index,
        location_quotient,
        locational_gini,
        proximity,
        relatedness_density,
        star_ratings,
        strong_clusters,
        ubiquity,
    )

    t0 = time.perf_counter()
    df = pd.read_parquet(work / "establishments.parquet")
    t_read = time.perf_counter() - t0
    emp, units, inds = count_matrix(df["district"], df["wz"], df["employees"].to_numpy(float))
    est, _, _ = count_matrix(df["district"], df["wz"])
    t_cross = time.perf_counter() - t0 - t_read
    t1 = time.perf_counter()
    lq = location_quotient(est)
    m = binary_presence(est)
    phi = proximity(m)
    dens = relatedness_density(m, phi, include_diagonal=True)
    t_core = time.perf_counter() - t1
    diversity(m), ubiquity(m), krugman_index(emp), herfindahl(emp), entropy(emp)
    hoover_index(emp, emp.sum(axis=1)), locational_gini(emp)
    density_default = relatedness_density(m, phi)
    cats = categorise(pd.Series(inds, dtype="string"))
    onehot = pd.get_dummies(cats).astype(float)
    emp_c, est_c = emp @ onehot.to_numpy(), est @ onehot.to_numpy()
    stars = star_ratings(emp_c, units, list(onehot.columns))
    strong = strong_clusters(emp_c, est_c, emp_c.sum(axis=1))
    total = time.perf_counter() - t0
    np.savez(work / "spec_verbund.npz", lq=lq, dens=dens, units=units, inds=inds, est=est)
    return {
        "read_s": t_read,
        "crosstab_s": t_cross,
        "rca_proximity_density_s": t_core,
        "total_s": total,
        "peak_mb": peak_mb(),
        "stars_rows": len(stars),
        "strong": int(strong.sum()),
        "density_default_max": float(density_default.max()),
    }


def child_spec_ecomplexity(work: Path) -> dict:
    from ecomplexity import ecomplexity

    z = np.load(work / "spec_verbund.npz", allow_pickle=True)
    est, units, inds = z["est"], z["units"], z["inds"]
    long = pd.DataFrame(
        {
            "year": 2024,
            "loc": np.repeat(units, len(inds)),
            "prod": np.tile(inds, len(units)),
            "val": est.ravel(),
        }
    )
    from ecomplexity import proximity as ecx_proximity

    cols = {"time": "year", "loc": "loc", "prod": "prod", "val": "val"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0 = time.perf_counter()
        ecx_proximity(long, cols)  # RCA, Mcp and proximity only: the closest public subset
        t_prox = time.perf_counter() - t0
        t0 = time.perf_counter()
        out = ecomplexity(long, cols)
        t = time.perf_counter() - t0
    rca = out.pivot(index="loc", columns="prod", values="rca").loc[units, inds].to_numpy()
    dens = out.pivot(index="loc", columns="prod", values="density").loc[units, inds].to_numpy()
    np.savez(work / "spec_ecx.npz", lq=rca, dens=dens)
    return {"total_s": t, "proximity_s": t_prox, "peak_mb": peak_mb()}


def child_gi_verbund(work: Path) -> dict:
    from verbund.analysis import gi_star

    z = np.load(work / "points.npz")
    t0 = time.perf_counter()
    res = gi_star(z["xy"], z["v"], 500.0)
    t = time.perf_counter() - t0
    np.save(work / "gi_verbund.npy", res.z)
    return {"total_s": t, "peak_mb": peak_mb(), "mean_neighbours": float(res.n_neighbours.mean())}


def child_gi_pysal(work: Path) -> dict:
    from esda import G_Local
    from libpysal.weights import DistanceBand

    z = np.load(work / "points.npz")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0 = time.perf_counter()
        w = DistanceBand(z["xy"], threshold=500.0, binary=True, silence_warnings=True)
        t_w = time.perf_counter() - t0
        g = G_Local(z["v"], w, transform="B", star=True, permutations=0)
        t = time.perf_counter() - t0
    np.save(work / "gi_pysal.npy", g.Zs)
    return {"weights_s": t_w, "total_s": t, "peak_mb": peak_mb()}


def child_networks(work: Path, n: int) -> dict:
    from verbund.analysis import run_site_analysis
    from verbund.analysis.synthetic import generate

    df = generate(n, seed=7).drop(columns="planted")
    t0 = time.perf_counter()
    r = run_site_analysis(df)
    t = time.perf_counter() - t0
    return {
        "total_s": t,
        "networks_s": r.timings["networks"],
        "stages": r.timings,
        "candidates": len(r.candidates),
        "peak_mb": peak_mb(),
    }


def child_partners(work: Path, n: int) -> dict:
    from verbund.analysis import PartnerIndex, count_matrix, prepare_companies, proximity
    from verbund.analysis.io import wz_at_level
    from verbund.analysis.synthetic import generate

    df = prepare_companies(generate(n, seed=5).drop(columns="planted"))
    t0 = time.perf_counter()
    industry = wz_at_level(df["wz"], "group")
    counts, _, labels = count_matrix(df["district"], industry)
    codes = pd.Categorical(industry, categories=labels).codes
    phi = proximity((counts > 0).astype(float))
    index = PartnerIndex(df, industry=codes, industry_labels=labels, relatedness=phi)
    t_build = time.perf_counter() - t0
    rng = np.random.default_rng(0)
    lat = []
    for cid in rng.choice(df["id"].to_numpy(), 200, replace=False):
        t1 = time.perf_counter()
        index.query(cid, k=10)
        lat.append((time.perf_counter() - t1) * 1000)
    lat = np.array(lat)
    return {
        "build_s": t_build,
        "query_ms_median": float(np.median(lat)),
        "query_ms_p95": float(np.percentile(lat, 95)),
        "query_ms_max": float(lat.max()),
        "peak_mb": peak_mb(),
    }


def child_counts(work: Path, units: int, industries: int) -> dict:
    from verbund.analysis.cli import main as analyze

    rng = np.random.default_rng(3)
    # NACE-like classes C10.10 … C33.44: 600 distinct codes at most
    codes = [f"C{d}{k}{j}" for d in range(10, 34) for k in range(1, 6) for j in range(5)]
    codes = codes[:industries]
    rows = [
        (f"R{u:03d}", c, int(rng.lognormal(3, 1.5)), int(rng.integers(1, 50)))
        for u in range(units)
        for c in codes
    ]
    path = work / "counts.csv"
    pd.DataFrame(rows, columns=["unit", "industry", "employees", "establishments"]).to_csv(
        path, index=False
    )
    t0 = time.perf_counter()
    code = analyze(["--counts", str(path), "--out", str(work / "counts-out"), "--no-pdf"])
    return {
        "total_s": time.perf_counter() - t0,
        "rows": len(rows),
        "ok": code == 0,
        "peak_mb": peak_mb(),
    }


CHILDREN = {
    "spec-verbund": lambda w, s: child_spec_verbund(w),
    "spec-ecomplexity": lambda w, s: child_spec_ecomplexity(w),
    "gi-verbund": lambda w, s: child_gi_verbund(w),
    "gi-pysal": lambda w, s: child_gi_pysal(w),
    "networks": lambda w, s: child_networks(w, s["net"]),
    "partners": lambda w, s: child_partners(w, s["part"]),
    "counts": lambda w, s: child_counts(w, s["count_units"], s["count_industries"]),
}


def run_child(name: str, work: Path, quick: bool) -> dict:
    cmd = [sys.executable, __file__, "--child", name, "--work", str(work)]
    if quick:
        cmd.append("--quick")
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{name} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--parts", default="spec,gi,networks,partners,counts")
    ap.add_argument("--child")
    ap.add_argument("--work", type=Path)
    a = ap.parse_args()
    sizes = QUICK if a.quick else FULL
    if a.child:
        print(json.dumps(CHILDREN[a.child](a.work, sizes), default=float))
        return 0
    parts = a.parts.split(",")
    ok = True
    with tempfile.TemporaryDirectory(prefix="analysisbench-") as tmp:
        work = Path(tmp)
        print(f"sizes: {sizes}")
        if "spec" in parts:
            t = time.perf_counter()
            make_establishments(work / "establishments.parquet", sizes["estab"], sizes["districts"])
            print(f"\n[spec] generated Parquet in {time.perf_counter() - t:.1f} s")
            v = run_child("spec-verbund", work, a.quick)
            e = run_child("spec-ecomplexity", work, a.quick)
            zv, ze = np.load(work / "spec_verbund.npz"), np.load(work / "spec_ecx.npz")
            d_lq = float(np.nanmax(np.abs(zv["lq"] - ze["lq"])))
            d_de = float(np.nanmax(np.abs(zv["dens"] - ze["dens"])))
            ok &= d_lq < 1e-9 and d_de < 1e-9
            print(
                f"verbund: read {v['read_s']:.2f} s, crosstab {v['crosstab_s']:.2f} s, "
                f"RCA+proximity+density {v['rca_proximity_density_s']:.2f} s, "
                f"end to end {v['total_s']:.2f} s, peak {v['peak_mb']:.0f} MB"
            )
            print(
                f"ecomplexity (same matrix, no file read; also ECI/PCI/COI/COG): "
                f"{e['total_s']:.2f} s, peak {e['peak_mb']:.0f} MB"
            )
            print(
                f"ecomplexity.proximity() alone (RCA, Mcp, proximity; no density): "
                f"{e['proximity_s']:.2f} s"
            )
            print(
                f"ratio ecomplexity / verbund RCA+proximity+density: "
                f"{e['total_s'] / v['rca_proximity_density_s']:.0f}x; "
                f"/ verbund end to end: {e['total_s'] / v['total_s']:.1f}x; "
                f"max |ΔRCA| {d_lq:.1e}, max |Δdensity| {d_de:.1e}"
            )
        if "gi" in parts:
            make_points(work / "points.npz", sizes["gi_points"])
            v = run_child("gi-verbund", work, a.quick)
            p = run_child("gi-pysal", work, a.quick)
            dz = float(
                np.abs(np.load(work / "gi_verbund.npy") - np.load(work / "gi_pysal.npy")).max()
            )
            ok &= dz < 1e-9
            print(
                f"\n[gi] {sizes['gi_points']:,} points, 500 m band, "
                f"{v['mean_neighbours']:.0f} neighbours on average"
            )
            print(f"verbund Gi*: {v['total_s']:.2f} s, peak {v['peak_mb']:.0f} MB")
            print(
                f"libpysal DistanceBand + esda G_Local: {p['total_s']:.2f} s "
                f"(weights {p['weights_s']:.2f} s), peak {p['peak_mb']:.0f} MB"
            )
            print(f"ratio: {p['total_s'] / v['total_s']:.0f}x; max |Δz| {dz:.1e}")
        if "networks" in parts:
            r = run_child("networks", work, a.quick)
            print(
                f"\n[networks] {sizes['net']:,} companies: candidate networks "
                f"{r['networks_s']:.2f} s; whole run_site_analysis {r['total_s']:.2f} s "
                f"({r['candidates']} candidates), peak {r['peak_mb']:.0f} MB; stages {r['stages']}"
            )
        if "partners" in parts:
            r = run_child("partners", work, a.quick)
            print(
                f"\n[partners] {sizes['part']:,} companies: index built in {r['build_s']:.2f} s; "
                f"query median {r['query_ms_median']:.1f} ms, p95 {r['query_ms_p95']:.1f} ms, "
                f"max {r['query_ms_max']:.1f} ms, peak {r['peak_mb']:.0f} MB"
            )
        if "counts" in parts:
            r = run_child("counts", work, a.quick)
            ok &= r["ok"]
            print(
                f"\n[counts] {sizes['count_units']} units × {sizes['count_industries']} "
                f"industries ({r['rows']:,} rows): verbund analyze --counts --no-pdf end to end "
                f"{r['total_s']:.2f} s, peak {r['peak_mb']:.0f} MB"
            )
    print("\nagreement:", "OK" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
