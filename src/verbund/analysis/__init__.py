"""Cluster-potential analysis: plain numerics over numpy arrays, no Django import.

Matrices have rows = area units and columns = industries; points are projected metres
(EPSG:25833). Every function documents its formula and reference; tests pin them to esda/libpysal,
ecomplexity and hand-computed numbers. The whole analysis of a company table is
:func:`run_site_analysis`, of a unit × industry counts table :func:`run_counts_analysis`;
``verbund analyze`` runs them on files.
"""

from .clusters import (
    StarThresholds,
    categorise,
    load_categories,
    star_ratings,
    strong_clusters,
)
from .counts import read_counts, run_counts_analysis
from .io import (
    areas_from_geojson,
    normalise_wz,
    prepare_companies,
    read_areas,
    read_companies,
    read_reference,
)
from .networks import NetworkParams, candidate_networks
from .partners import PartnerIndex, PartnerParams
from .pipeline import AnalysisParams, SiteAnalysisResult, run_site_analysis
from .relatedness import (
    co_occurrence,
    potentials,
    proximity,
    relatedness,
    relatedness_density,
)
from .spatial import (
    colocation_quotient,
    distance_band_weights,
    getis_ord_gi_star,
    gi_star,
    grid_hotspots,
    hdbscan_groups,
    knn_weights,
    local_moran,
)
from .specialisation import (
    binary_presence,
    count_matrix,
    diversity,
    entropy,
    herfindahl,
    hoover_index,
    krugman_index,
    location_quotient,
    locational_gini,
    ubiquity,
)

__all__ = [
    "AnalysisParams",
    "NetworkParams",
    "PartnerIndex",
    "PartnerParams",
    "SiteAnalysisResult",
    "StarThresholds",
    "areas_from_geojson",
    "binary_presence",
    "candidate_networks",
    "categorise",
    "co_occurrence",
    "colocation_quotient",
    "count_matrix",
    "distance_band_weights",
    "diversity",
    "entropy",
    "getis_ord_gi_star",
    "gi_star",
    "grid_hotspots",
    "hdbscan_groups",
    "herfindahl",
    "hoover_index",
    "knn_weights",
    "krugman_index",
    "load_categories",
    "local_moran",
    "location_quotient",
    "locational_gini",
    "normalise_wz",
    "potentials",
    "prepare_companies",
    "proximity",
    "read_areas",
    "read_companies",
    "read_counts",
    "read_reference",
    "relatedness",
    "relatedness_density",
    "run_counts_analysis",
    "run_site_analysis",
    "star_ratings",
    "strong_clusters",
    "ubiquity",
]
