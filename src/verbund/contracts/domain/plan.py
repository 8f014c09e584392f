"""The project's financing plan as the contracts read it (a thin read over the programmes models'
public fields: `programmes.domain.queries` has no financing-plan function yet)."""

from decimal import Decimal

from verbund.programmes.models import FinancingShare


def financing_plan(project_id: int) -> list[tuple[object, Decimal]]:
    """The plan's `(funding source, percent)` pairs in the plan's order (largest share first)."""
    return [
        (share.source, share.percentage)
        for share in FinancingShare.objects.filter(project_id=project_id)
        .select_related("source")
        .order_by("-percentage", "pk")
    ]


def plans_for(project_ids) -> dict[int, list[tuple[object, Decimal]]]:
    """project id -> plan, for many projects in one query."""
    out: dict[int, list] = {pk: [] for pk in project_ids}
    for share in (
        FinancingShare.objects.filter(project_id__in=list(out))
        .select_related("source")
        .order_by("project_id", "-percentage", "pk")
    ):
        out[share.project_id].append((share.source, share.percentage))
    return out
