"""``verbund analyze``: cluster-potential analysis on files, writing an HTML and a PDF report."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from .clusters import BUILT_IN, load_categories
from .io import read_areas, read_companies, read_reference
from .pipeline import STAGES, AnalysisParams, resolve_stages, run_site_analysis
from .report import write_report


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(
        prog="verbund analyze",
        description="Cluster-potential analysis of a company file (CSV/XLSX/Parquet with columns "
        "id, name, wz, employees, x, y (EPSG:25833, or --crs) or lon, lat, district, in_area, "
        "competences, precision = point|zone: zone-placed establishments get hotspots and "
        "networks between neighbouring zones), or a counts table (--counts).",
    )
    ap.add_argument("companies", type=Path, nargs="?", help="establishments, one row each")
    ap.add_argument(
        "--counts",
        type=Path,
        help="instead of establishments: a counts table, one row per unit × industry (columns "
        "unit, industry, employees and optionally establishments; see --*-column)",
    )
    ap.add_argument("--unit-column", default="unit", help="counts: the unit column (e.g. geo)")
    ap.add_argument(
        "--industry-column", default="industry", help="counts: the NACE column (e.g. nace_r2)"
    )
    ap.add_argument("--employees-column", default="employees", help="counts: the employment column")
    ap.add_argument(
        "--establishments-column",
        default="establishments",
        help="counts: the establishments column (optional in the file)",
    )
    ap.add_argument(
        "--unit-level",
        type=int,
        help="counts with nested unit codes (NUTS): keep the codes of this many characters "
        "(e.g. 4 for NUTS 2; default: the finest level)",
    )
    ap.add_argument("--areas", type=Path, help="programme area(s) as GeoJSON")
    ap.add_argument("--reference", type=Path, help="reference totals CSV: wz, value")
    ap.add_argument("--out", type=Path, required=True, help="output directory")
    ap.add_argument("--level", default="group", choices=["division", "group", "class", "subclass"])
    ap.add_argument("--measure", default="employees", choices=["employees", "establishments"])
    ap.add_argument("--no-pdf", action="store_true", help="write only the HTML report")
    ap.add_argument(
        "--lang",
        default="en",
        choices=["en", "de"],
        help="language of the report: texts, industry titles, category names, numbers",
    )
    ap.add_argument(
        "--unit-name-column",
        help="counts: a column with the units' names (default: unit_name, name or label if "
        "present), shown beside the codes in the report",
    )
    ap.add_argument("--json", action="store_true", help="also write results.json")
    ap.add_argument(
        "--crs",
        help="CRS of the x/y columns, any pyproj knows (e.g. EPSG:2154, EPSG:27700); "
        "default EPSG:25833; lon/lat columns are WGS84. Distances are computed in the UTM zone "
        "of the data's centre",
    )
    ap.add_argument(
        "--size-bands",
        choices=["insee"],
        help="the employees column holds size-band codes of this coding (insee: TEFET, "
        "e.g. 12 = 20-49, read as its midpoint 34.5); written ranges (20-49, 250+) need none",
    )
    ap.add_argument(
        "--categories",
        help="cluster categories: 'traded' (US Cluster Mapping traded clusters on NACE Rev. 2; "
        "the default for --counts), 'city' (a German city's cluster fields; the default for "
        "establishments) or a TOML file ([key] en, de, prefixes = [NACE/WZ prefixes], "
        "traded = true|false)",
    )
    ap.add_argument(
        "--stages",
        help="comma-separated stages to run (default: all): "
        + ", ".join((*STAGES, "report"))
        + "; without 'report' only results.json is written",
    )
    a = ap.parse_args(argv)
    if (a.companies is None) == (a.counts is None):
        print("verbund analyze: give either a company file or --counts FILE", file=sys.stderr)
        return 2
    stages = a.stages.split(",") if a.stages else None
    try:
        categories = (
            load_categories(a.categories if a.categories in BUILT_IN else Path(a.categories))
            if a.categories
            else None
        )
    except (OSError, ValueError, KeyError) as exc:
        print(f"verbund analyze: cannot read the categories file: {exc}", file=sys.stderr)
        return 2
    if a.counts is not None:
        return _counts(a, stages, categories)
    try:
        resolve_stages(stages)
    except ValueError as exc:
        print(f"verbund analyze: {exc}", file=sys.stderr)
        return 2
    write_html = stages is None or "report" in {s.strip() for s in stages}
    t0 = time.perf_counter()
    try:
        companies = read_companies(a.companies, size_bands=a.size_bands, crs=a.crs)
        crs = companies.attrs.get("crs", "EPSG:25833")
        areas = read_areas(a.areas, crs=crs) if a.areas else None
        reference = read_reference(a.reference) if a.reference else None
    except (OSError, ValueError, KeyError) as exc:
        print(f"verbund analyze: cannot read input: {exc}", file=sys.stderr)
        return 2
    params = AnalysisParams(wz_level=a.level, measure=a.measure)

    def progress(f: float, msg: str) -> None:
        print(f"[{f:4.0%}] {msg}", file=sys.stderr)

    try:
        result = run_site_analysis(
            companies,
            areas=areas,
            reference=reference,
            params=params,
            progress=progress,
            stages=stages,
            categories=categories,
        )
    except ValueError as exc:
        print(f"verbund analyze: {exc}", file=sys.stderr)
        return 2
    paths = (
        write_report(result, a.out, areas=areas, pdf=not a.no_pdf, lang=a.lang)
        if write_html
        else {}
    )
    if a.json or not write_html:
        a.out.mkdir(parents=True, exist_ok=True)
        paths["json"] = a.out / "results.json"
        paths["json"].write_text(json.dumps(result.to_dict(), ensure_ascii=False), "utf-8")
    for w in result.warnings:
        print(f"warning: {w}", file=sys.stderr)
    for p in paths.values():
        print(p)
    print(f"done in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


def _counts(a, stages: list[str] | None, categories) -> int:
    from .counts import read_counts, run_counts_analysis

    t0 = time.perf_counter()
    try:
        table = read_counts(
            a.counts,
            unit=a.unit_column,
            industry=a.industry_column,
            employees=a.employees_column,
            establishments=a.establishments_column,
            unit_name=a.unit_name_column,
        )
        result = run_counts_analysis(
            table,
            params=AnalysisParams(measure=a.measure),
            unit_level=a.unit_level,
            stages=stages,
            progress=lambda f, msg: print(f"[{f:4.0%}] {msg}", file=sys.stderr),
            categories=categories,
        )
    except (OSError, ValueError, KeyError) as exc:
        print(f"verbund analyze: {exc}", file=sys.stderr)
        return 2
    write_html = stages is None or "report" in {s.strip() for s in stages}
    paths = write_report(result, a.out, pdf=not a.no_pdf, lang=a.lang) if write_html else {}
    a.out.mkdir(parents=True, exist_ok=True)
    paths["json"] = a.out / "results.json"
    paths["json"].write_text(json.dumps(result.to_dict(), ensure_ascii=False), "utf-8")
    for w in result.warnings:
        print(f"warning: {w}", file=sys.stderr)
    for p in paths.values():
        print(p)
    print(f"done in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
