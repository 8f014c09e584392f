"""Issue 11's speed targets: a counts table and a zone-placed register, end to end.

    .venv/bin/python benchmarks/analysis_issue11.py            # 300 × 600 counts, 100,000 zoned
    .venv/bin/python benchmarks/analysis_issue11.py --quick    # small sizes, a smoke test

counts  a CSV of 300 units × 600 NACE classes (employees, establishments) through
        ``verbund analyze --counts FILE --out DIR --no-pdf`` as a user runs it (a subprocess; the
        wall clock includes the interpreter's start and imports), all stages that apply
        (specialisation, relatedness, clusters) and the report (HTML + results.json); then the
        PDF of the same report timed on its own. Reference in the same run: the LQs computed
        independently with pandas from the CSV (max |ΔLQ| against results.json).
zones   100,000 establishments on 253 zones (each placed on its zone's centre, ``precision`` =
        zone) through ``verbund analyze FILE --out DIR --no-pdf --json``: specialisation,
        relatedness, clusters, zone hotspots, zone networks, partners and the report. Reference
        in the same run: libpysal KNN(k=6) + esda ``G_Local(star=True, transform="B")`` on the
        zone totals (max |Δz| against verbund's zone Gi*).
Targets: counts < 10 s, zones < 30 s (issue 11).
"""

from __future__ import annotations

import argparse
import json
import os
import re
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
VERBUND = [sys.executable, "-m", "verbund"]


CPU = {}
"""CPU seconds (user + system) of the last command: steadier than the wall clock on a loaded
machine, where a process waits for a core."""


PYCACHE = Path(tempfile.gettempdir()) / "verbund-bench-pycache"


def cli_env() -> dict[str, str]:
    """The command's environment as an installed verbund has it: compiled bytecode is kept (in a
    cache of its own, `PYCACHE`, outside the working tree), not compiled again on every start."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), PYTHONPYCACHEPREFIX=str(PYCACHE))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def warm_up() -> None:
    """Fill the bytecode cache once (untimed), as the first start after installing does."""
    code = "import verbund.analysis.cli, verbund.analysis.report, weasyprint, sklearn, esda"
    subprocess.run([sys.executable, "-c", code], env=cli_env(), check=True)


def run_cli(args: list[str]) -> tuple[float, float, str]:
    """Wall clock of the command, its own "done in" figure, and its stderr."""
    env = cli_env()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run([*VERBUND, "analyze", *args], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU["last"] = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    CPU["rss_mb"] = after.ru_maxrss / 1024
    if out.returncode != 0:
        raise SystemExit(f"verbund analyze failed:\n{out.stderr}")
    inner = re.search(r"done in ([\d.]+) s", out.stderr)
    return wall, float(inner.group(1)) if inner else float("nan"), out.stderr


def counts_table(path: Path, units: int, industries: int, seed: int = 3) -> pd.DataFrame:
    """NACE classes C10.1.0 …: lognormal employment with a few strong specialisations."""
    rng = np.random.default_rng(seed)
    codes = [f"C{d}{k}{j}" for d in range(10, 34) for k in range(1, 6) for j in range(5)]
    codes = codes[:industries]
    emp = rng.lognormal(3, 1.5, size=(units, len(codes)))
    hot = rng.integers(0, len(codes), size=(units, 3))
    np.put_along_axis(emp, hot, np.take_along_axis(emp, hot, 1) * 20, axis=1)
    df = pd.DataFrame(
        {
            "unit": np.repeat([f"R{u:03d}" for u in range(units)], len(codes)),
            "industry": np.tile(codes, units),
            "employees": emp.ravel().astype(int) + 1,
            "establishments": rng.integers(1, 50, units * len(codes)),
        }
    )
    df.to_csv(path, index=False)
    return df


def reference_lq(df: pd.DataFrame) -> tuple[pd.Series, float]:
    t0 = time.perf_counter()
    e = df.pivot_table(index="unit", columns="industry", values="employees", aggfunc="sum")
    e = e.fillna(0)
    lq = e.div(e.sum(axis=1), axis=0).div(e.sum(axis=0) / e.to_numpy().sum(), axis=1)
    return lq.stack(), time.perf_counter() - t0


def bench_counts(work: Path, units: int, industries: int) -> None:
    path = work / "counts.csv"
    df = counts_table(path, units, industries)
    out = work / "counts-out"
    wall, inner, _ = run_cli(["--counts", str(path), "--out", str(out), "--no-pdf"])
    cells = pd.DataFrame(json.loads((out / "results.json").read_text())["cells"])
    ref, t_ref = reference_lq(df)
    got = cells.set_index(["unit", "industry"])["lq"]
    diff = float(np.abs(got - ref.reindex(got.index)).max())
    html_kb = (out / "report.html").stat().st_size / 1024
    # the PDF of the same result, on its own
    from verbund.analysis.counts import read_counts, run_counts_analysis
    from verbund.analysis.report import render_html

    result = run_counts_analysis(read_counts(path))
    html = render_html(result)
    from weasyprint import HTML

    t0, c0 = time.perf_counter(), time.process_time()
    HTML(string=html).write_pdf(work / "counts.pdf")
    t_pdf, c_pdf = time.perf_counter() - t0, time.process_time() - c0
    print(
        f"[counts] {units} units × {industries} industries ({len(df):,} rows): "
        f"verbund analyze --counts --no-pdf {wall:.2f} s wall clock end to end, "
        f"{CPU['last']:.2f} s CPU "
        f"({inner:.2f} s from reading the file to the written report; HTML {html_kb:.0f} kB); "
        f"target < 10 s — wall clock {'met' if wall < 10 else 'NOT met'}, CPU "
        f"{'met' if CPU['last'] < 10 else 'NOT met'}. PDF of the same report: "
        f"{t_pdf:.2f} s ({c_pdf:.2f} s CPU). Reference pandas LQ {t_ref:.2f} s; max |ΔLQ| {diff:.1e} "
        f"over {len(got):,} cells."
    )


def zoned_register(path: Path, n: int, zones: int) -> pd.DataFrame:
    from verbund.analysis.synthetic import generate

    df = generate(n, seed=7, districts=zones).drop(columns="planted")
    centres = df.groupby("district")[["x", "y"]].transform("mean")
    df[["x", "y"]] = centres.to_numpy()
    df["precision"] = "zone"
    df.to_csv(path, index=False)
    return df


def reference_zone_gi(df: pd.DataFrame) -> tuple[pd.Series, float]:
    from esda.getisord import G_Local
    from libpysal.weights import KNN

    zones = df.groupby("district").agg(x=("x", "first"), y=("y", "first"), n=("id", "size"))
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = KNN.from_array(zones[["x", "y"]].to_numpy(), k=6)
        g = G_Local(zones["n"].to_numpy(float), w, star=True, transform="B", permutations=0)
    return pd.Series(g.Zs, index=zones.index.astype(str)), time.perf_counter() - t0


def bench_zones(work: Path, n: int, zones: int) -> None:
    path = work / "zoned.csv"
    df = zoned_register(path, n, zones)
    out = work / "zones-out"
    wall, inner, stderr = run_cli([str(path), "--out", str(out), "--no-pdf", "--json"])
    data = json.loads((out / "results.json").read_text())
    hot = pd.DataFrame(data["hotspots"]).set_index("unit")["z"]
    ref, t_ref = reference_zone_gi(df)
    diff = float(np.abs(hot - ref.reindex(hot.index)).max())
    cands = data["candidates"]
    single = sum(1 for c in cands if c.get("zones", 0) < 2)
    empty = sum(1 for h in data["hotspots"] if h["value"] <= 0)
    timings = ", ".join(f"{k} {v:.2f}" for k, v in data["timings"].items())
    print(
        f"[zones] {n:,} establishments on {df['district'].nunique()} zones: verbund analyze "
        f"--no-pdf --json {wall:.2f} s wall clock end to end, {CPU['last']:.2f} s CPU, peak "
        f"{CPU['rss_mb']:.0f} MB ({inner:.2f} s from reading the file "
        f"to the written report; stages: {timings}); target < 30 s — "
        f"wall clock {'met' if wall < 30 else 'NOT met'}, CPU "
        f"{'met' if CPU['last'] < 30 else 'NOT met'}. {len(cands)} candidate networks, {single} of a "
        f"single zone; {empty} hot zones without establishments. Reference libpysal KNN(6) + "
        f"esda G_Local on the zone totals {t_ref:.2f} s; max |Δz| {diff:.1e}."
    )
    assert "placed by zone" in stderr


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--parts", default="counts,zones")
    a = ap.parse_args()
    units, industries, n, zones = (50, 100, 5_000, 60) if a.quick else (300, 600, 100_000, 253)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the start")
    warm_up()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if "counts" in a.parts:
            bench_counts(work, units, industries)
        if "zones" in a.parts:
            bench_zones(work, n, zones)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
