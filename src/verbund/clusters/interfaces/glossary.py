"""What each figure of the result pages means, in one plain sentence (for non-statisticians).

The pages show a short legend (a `<details>` element, open by default, so it works by keyboard and
without script) beside each table or chart, built from `legend(...)`; the table headers carry the
same sentence as `<abbr title>`. One place for the sentences keeps the pages, the PDF and the
translations consistent.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Term:
    key: str
    label: Promise
    meaning: Promise


TERMS: dict[str, Term] = {
    t.key: t
    for t in [
        Term(
            "lq",
            _("LQ"),
            _(
                "Location quotient: how much more common the industry is here than in the "
                "reference; above 1 means more common than usual, 2 means twice as common."
            ),
        ),
        Term(
            "establishments",
            _("Establishments"),
            _("How many companies (sites) of the register are counted in this row."),
        ),
        Term(
            "count",
            _("Count"),
            _("The measure the analysis weighs by: companies, or their employees."),
        ),
        Term(
            "density",
            _("Relatedness density"),
            _(
                "How many of the industries related to this one are already strong here, from 0 "
                "(none) to 1 (all): high values show where an industry could grow."
            ),
        ),
        Term(
            "diversity",
            _("Diversity"),
            _("How many industries are more common here than in the reference (LQ of 1 or more)."),
        ),
        Term(
            "krugman",
            _("Krugman"),
            _(
                "How different the mix of industries is from the reference: 0 the same, "
                "2 entirely different."
            ),
        ),
        Term(
            "herfindahl",
            _("Herfindahl"),
            _("How much the area depends on a few industries: near 0 many, 1 a single one."),
        ),
        Term(
            "entropy",
            _("Entropy"),
            _("How evenly the companies spread over industries: the higher, the more varied."),
        ),
        Term(
            "ubiquity",
            _("Ubiquity"),
            _("In how many area units the industry is more common than in the reference."),
        ),
        Term(
            "hoover",
            _("Hoover"),
            _(
                "Share of the industry that would have to move to spread like all companies: "
                "0 spread evenly, towards 1 in few places."
            ),
        ),
        Term(
            "gini",
            _("Locational Gini"),
            _(
                "How unevenly the industry is spread over the area units: 0 evenly, towards 1 in few."
            ),
        ),
        Term(
            "stars",
            _("Stars"),
            _(
                "One star each for being large, specialised and important for the area unit; "
                "three stars is the strongest rating."
            ),
        ),
        Term(
            "employment",
            _("Employees"),
            _("People working in the companies counted here (as recorded in the register)."),
        ),
        Term(
            "focus",
            _("Focus"),
            _("Share of the area unit's employees who work in this category (0.10 = one in ten)."),
        ),
        Term(
            "strong",
            _("Strong cluster"),
            _(
                "The category is specialised here and among the largest of all area units, by "
                "the rules of the US Cluster Mapping Project."
            ),
        ),
        Term(
            "clq",
            _("CLQ"),
            _(
                "Co-location quotient: above 1, companies of the second category sit next to "
                "the first more often than by chance."
            ),
        ),
        Term(
            "z",
            _("z"),
            _(
                "Gi* z-score: how much more companies cluster here than chance would give; "
                "from about 2 it is a hotspot, the higher the clearer."
            ),
        ),
        Term(
            "p_sim",
            _("pseudo p"),
            _(
                "How often randomly shuffled companies gave as strong a cluster: the smaller, "
                "the less likely the hotspot is chance (0.05 = 1 in 20)."
            ),
        ),
        Term(
            "hotspot_companies",
            _("Companies"),
            _("Companies (or their employees, by the analysis' measure) inside the hotspot."),
        ),
        Term(
            "share_in_area",
            _("Share inside the programme area"),
            _("Part of the network's companies that lie inside the programme area (100 % = all)."),
        ),
        Term(
            "candidate_size",
            _("Companies"),
            _("How many companies the suggested network would bring together."),
        ),
        Term(
            "phi",
            _("Relatedness"),
            _(
                "How often two industries are strong in the same places (φ, 0 to 1): related "
                "industries tend to need similar skills or suppliers."
            ),
        ),
        Term(
            "distance",
            _("Distance (km)"),
            _("Straight-line distance between the two companies."),
        ),
        Term(
            "score",
            _("Score"),
            _(
                "How good a partner the company is, combining related industry, nearness and "
                "matching competences: the higher, the better (best first)."
            ),
        ),
        Term(
            "group_area",
            _("Area (km²)"),
            _("The size of the outline around the dense group."),
        ),
    ]
}


def legend(*keys: str) -> list[Term]:
    """The terms a table or chart uses, in the order given (unknown keys are a programming error)."""
    return [TERMS[k] for k in keys]


def meaning(key: str) -> str:
    return str(TERMS[key].meaning)
