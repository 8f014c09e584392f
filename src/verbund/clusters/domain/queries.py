"""Read helpers of the clusters app."""

from django.db.models import QuerySet

from verbund.clusters.models import AnalysisRun
from verbund.core.rules import can_read_everything


def runs_visible_to(user) -> QuerySet[AnalysisRun]:
    """Runs a user may open: all for office and auditor, their own for a consultancy.

    The results column is deferred: lists never need it and it can be megabytes per run.
    """
    qs = AnalysisRun.objects.select_related("created_by").defer("results")
    if can_read_everything(user):
        return qs
    return qs.filter(created_by=user)
