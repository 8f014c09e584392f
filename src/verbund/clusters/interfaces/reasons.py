"""Plain-language reasons for findings, in the user's language.

The analysis core writes English reasons; the pages rebuild them from the stored numbers with
gettext so that German users read German.
"""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def num(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "–"
    return number_format(value, digits, use_l10n=True)


def pct(value: float | None) -> str:
    if value is None:
        return "–"
    return number_format(100 * value, 0, use_l10n=True) + " %"


def industry_label(code: str, title: str | None) -> str:
    return f"{code} {title}".strip() if title else code


def candidate_reason(c: dict[str, Any], titles: dict[str, str]) -> str:
    inds = ", ".join(
        f"{industry_label(k, titles.get(k))} ({v})" for k, v in list(c["industries"].items())[:3]
    )
    parts = [
        ngettext(
            "%(n)s company within about %(km)s km of each other",
            "%(n)s companies within about %(km)s km of each other",
            c["size"],
        )
        % {"n": c["size"], "km": num(c["median_radius_m"] / 1000, 1)},
        _("industries: %(list)s") % {"list": inds},
    ]
    if c.get("terms"):
        parts.append(_("shared competences: %(terms)s") % {"terms": ", ".join(c["terms"])})
    if c.get("share_in_area") is not None:
        parts.append(_("%(share)s inside the programme area") % {"share": pct(c["share_in_area"])})
    return "; ".join(parts) + "."


def potential_reason(p: dict[str, Any]) -> str:
    return _(
        "%(industry)s is not yet specialised in %(unit)s (LQ %(lq)s), but %(density)s of its "
        "related industries are."
    ) % {
        "industry": industry_label(p["industry"], p.get("title")),
        "unit": p["unit"],
        "lq": num(p["lq"]),
        "density": pct(p["density"]),
    }


def partner_reason(own: str, other: str, p: dict[str, Any], titles: dict[str, str]) -> str:
    if own == other:
        kind = _("same industry")
    else:
        kind = _("%(other)s is related to %(own)s (φ = %(phi)s)") % {
            "other": industry_label(other, titles.get(other)),
            "own": own,
            "phi": num(p["relatedness"]),
        }
    parts = [kind, _("%(km)s km away") % {"km": num(p["distance_m"] / 1000, 1)}]
    if p.get("text_similarity", 0) > 0.05:
        parts.append(_("competence texts match (%(share)s)") % {"share": pct(p["text_similarity"])})
    return "; ".join(parts) + "."


def star_reason(s: dict[str, Any], thresholds: dict[str, Any]) -> str:
    parts = []
    if s["size_star"]:
        parts.append(
            _("size: %(e)s employees ≥ %(min)s (top %(q)s)")
            % {
                "e": num(s["employment"], 0),
                "min": num(thresholds.get("size_min"), 0),
                "q": pct(1 - thresholds.get("size_quantile", 0.9)),
            }
        )
    if s["specialisation_star"]:
        parts.append(
            _("specialisation: LQ %(lq)s ≥ %(min)s")
            % {"lq": num(s["lq"]), "min": num(thresholds.get("lq_min"))}
        )
    if s["focus_star"]:
        parts.append(_("focus: %(share)s of the unit's employment") % {"share": pct(s["focus"])})
    return "; ".join(parts)


def strong_reason(s: dict[str, Any]) -> str:
    return _(
        "LQ %(lq)s is at least 1 and in the top quarter of comparable units; employment and "
        "establishments are above the lowest quarter."
    ) % {"lq": num(s["lq"])}
