"""The retention report: per project, the last payment and the end of its retention period; per kind
of personal data, how many records are held, past the period and already anonymised."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils import timezone

from verbund.contracts.models import Payment
from verbund.core.retention import counts, last_expired_year, retention_ends
from verbund.programmes.domain import queries as programme_queries


@dataclass(frozen=True)
class ProjectRetention:
    project: object
    last_payment: dt.date | None
    ends: dt.date | None
    may_be_deleted: bool


def project_retention(*, today: dt.date) -> list[ProjectRetention]:
    last = dict(
        Payment.objects.values("milestone__contract__network__project")
        .annotate(last=Max(Coalesce("confirmed_at", "prepared_at")))
        .values_list("milestone__contract__network__project", "last")
    )
    rows = []
    for project in programme_queries.projects():
        paid = last.get(project.pk)
        day = timezone.localtime(paid).date() if isinstance(paid, dt.datetime) else paid
        ends = retention_ends(day) if day else None
        rows.append(ProjectRetention(project, day, ends, bool(ends and today > ends)))
    return rows


def report(*, today: dt.date) -> dict:
    return {
        "today": today,
        "last_expired_year": last_expired_year(today),
        "projects": project_retention(today=today),
        "personal_data": counts(today=today),
    }
