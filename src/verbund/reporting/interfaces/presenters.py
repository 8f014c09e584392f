"""What the reporting pages show: rows and charts built from the queries module only."""

import datetime as dt

from django.utils.translation import gettext as _

from verbund.core.i18n import localized
from verbund.reporting.domain import queries
from verbund.reporting.domain.periods import Period, to_date
from verbund.reporting.domain.reports import size_labels
from verbund.reporting.interfaces.charts import Bar, bar_chart


def _number(value) -> str:
    return f"{value.normalize():f}" if value is not None else "–"


def _bar(progress: queries.Progress, label: str) -> Bar:
    indicator = progress.indicator
    mark = None
    if progress.next_milestone is not None and indicator.target > indicator.baseline:
        span = indicator.target - indicator.baseline
        mark = float((progress.next_milestone.value - indicator.baseline) / span * 100)
    note = f"({_number(progress.value)} / {_number(indicator.target)})"
    return Bar(label, progress.percent, note, mark)


def progress_context(*, today: dt.date) -> dict:
    """Per programme: its projects' indicators against target, the project's and the programme's
    roll-up (mean of capped percentages), each network's catalogue progress, and the common
    indicators counted once across the programme."""
    programmes = []
    for programme in queries.programmes():
        projects = []
        for project in queries.projects_of_programme(programme):
            rows, percent = queries.project_progress(project, today=today)
            if not rows:
                continue
            projects.append(
                {
                    "project": project,
                    "rows": rows,
                    "percent": percent,
                    "chart": bar_chart(
                        [_bar(r, f"{r.indicator.code} {r.indicator.tr('name')}") for r in rows],
                        title=_("Indicators of %(project)s against target")
                        % {"project": project.code},
                    ),
                }
            )
        networks = queries.networks_of_programme(programme)
        health = queries.network_health(networks, today=today)
        network_bars = [
            Bar(
                localized(n, "name"),
                health[n.pk].catalogue_progress,
                f"({health[n.pk].measures_completed}/{health[n.pk].measures})",
            )
            for n in networks
        ]
        percents = [p["percent"] for p in projects if p["percent"] is not None]
        start = dt.date(programme.period_start_year, 1, 1)
        period = Period(start, max(today, start))
        common = queries.programme_common_indicators(programme, period)
        if not projects and not networks:
            continue
        programmes.append(
            {
                "programme": programme,
                "projects": projects,
                "percent": sum(percents) / len(percents) if percents else None,
                "networks": [(n, health[n.pk]) for n in networks],
                "network_chart": bar_chart(
                    network_bars, title=_("Catalogue progress of the networks")
                ),
                "common": [
                    (kind, kind.upper(), d.value, size_labels(d.breakdown))
                    for kind, d in common.items()
                ],
                "period": period,
            }
        )
    return {"programmes": programmes}


def index_rows(*, today: dt.date) -> list[dict]:
    """Every project's indicators with value to date and progress."""
    out: dict[int, dict] = {}
    version = queries.data_version()
    for indicator in queries.all_indicators():
        entry = out.setdefault(indicator.project_id, {"project": indicator.project, "rows": []})
        entry["rows"].append(queries.progress_of(indicator, today=today, version=version))
    return list(out.values())


def indicator_context(indicator, *, today: dt.date) -> dict:
    periods = queries.periods_of(indicator, today=today)
    version = queries.data_version()
    values = [queries.value_of(indicator, p, version=version) for p in periods]
    return {
        "indicator": indicator,
        "values": [
            {
                "computed": c,
                "breakdown": size_labels(c.derived.breakdown) if c.derived else {},
                "count": len(c.derived.enterprises) if c.derived else 0,
                "records": len(c.derived.records) if c.derived else len(c.entered),
            }
            for c in values
        ],
        "progress": queries.progress_of(indicator, today=today, version=version),
        "entered": list(indicator.values.order_by("period_start", "pk"))
        if not indicator.is_derived
        else [],
        "notes": list(queries.notes_of(indicator)),
        "term": to_date(indicator.project, today=today),
        "definition": queries.definition_for(indicator),
    }
