"""Shared constants of the analysis.

One place for thresholds that the pipeline, the report and the apps built on it
(clusters, competitions) must agree on.
"""

HOTSPOT_Z = 1.96
"""Getis-Ord Gi* z-score from which a grid cell counts as a hotspot.

1.96 is the two-sided 5 % significance level of the standard normal distribution,
the usual reading of Gi* (Getis & Ord 1992, Ord & Getis 1995): a cell with
z >= HOTSPOT_Z has significantly more employment in its neighbourhood than chance.
"""
