"""The office: eligibility, reviewer pool and assignments (one view per action), progress, the
ranking and its export, the decision and the letters."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbund.competitions.domain import competitions as comp_domain
from verbund.competitions.domain import decisions as decision_domain
from verbund.competitions.domain import queries
from verbund.competitions.domain import reviews as review_domain
from verbund.competitions.interfaces import forms
from verbund.competitions.interfaces.exporters import ranking_export_response
from verbund.competitions.interfaces.tables import RankingTable, describe_change, ranking_page
from verbund.competitions.models import Assignment, ConflictOfInterest
from verbund.competitions.views._common import competition_or_404, show_error
from verbund.core.exports import FORMATS
from verbund.core.permissions import require

OFFICE = "competitions.view_office_pages"
MANAGE = "competitions.manage_competition"


@login_required
def eligibility(request, pk: int):
    competition = competition_or_404(request, pk, OFFICE)
    rows, run = queries.eligibility_rows(competition)
    frozen = {}
    decision = getattr(competition, "decision", None)
    if decision is not None:
        changes = decision_domain.changes_since_decision(competition)
        for entry in decision.entries.exclude(figures={}):
            frozen[entry.submission_id] = {
                "issues": decision_domain.frozen_issues(entry.figures),
                "changes": [describe_change(c) for c in changes.get(entry.submission_id, [])],
            }
    items = [(row, frozen.get(row.submission.pk)) for row in rows]
    return render(
        request,
        "competitions/eligibility.html",
        {"competition": competition, "items": items, "run": run, "decided": bool(frozen)},
    )


# --- reviewer pool and assignments: one page, one view per action -------------------------------


def _reviewers_page(request, competition, **bound_forms):
    """The page with the pool, conflicts and assignments; `bound_forms` replace the empty forms
    (a refused form is shown again with its errors)."""
    page_forms = {
        "add_form": forms.ReviewerAddForm(competition=competition),
        "assign_form": forms.AssignForm(competition=competition),
        "conflict_form": forms.ConflictForm(competition=competition),
        **bound_forms,
    }
    assignments = (
        Assignment.objects.filter(submission__competition=competition)
        .select_related("reviewer__user", "submission", "review")
        .order_by("submission__title", "reviewer__user__last_name")
    )
    conflicts = ConflictOfInterest.objects.filter(
        submission__competition=competition
    ).select_related("reviewer__user", "submission")
    pool = competition.reviewers.select_related("user").order_by(
        "user__last_name", "user__username"
    )
    return render(
        request,
        "competitions/reviewers.html",
        {
            "competition": competition,
            "pool": pool,
            "assignments": assignments,
            "conflicts": conflicts,
            "can_manage": request.user.has_perm(MANAGE, competition),
            **page_forms,
        },
    )


def _managed(request, pk: int):
    competition = competition_or_404(request, pk, OFFICE)
    require(request, MANAGE, competition)
    return competition


def _form_action(request, pk, form_class, form_name, write, success):
    """Bind the form, call `write(cleaned_data)`; on success back to the page, else the page
    with the form and its errors."""
    competition = _managed(request, pk)
    form = form_class(request.POST, competition=competition)
    if form.is_valid():
        try:
            write(competition, form.cleaned_data)
        except ValidationError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, success)
            return redirect("competitions:reviewers", pk)
    return _reviewers_page(request, competition, **{form_name: form})


@login_required
def reviewers(request, pk: int):
    return _reviewers_page(request, competition_or_404(request, pk, OFFICE))


@login_required
@require_POST
def reviewer_add(request, pk: int):
    def write(competition, data):
        comp_domain.add_reviewer(
            competition=competition, reviewer_user=data["user"], user=request.user
        )

    return _form_action(
        request, pk, forms.ReviewerAddForm, "add_form", write, _("Reviewer added to the pool.")
    )


@login_required
@require_POST
def assign(request, pk: int):
    def write(competition, data):
        review_domain.assign(**data, user=request.user)

    return _form_action(
        request, pk, forms.AssignForm, "assign_form", write, _("Reviewer assigned.")
    )


@login_required
@require_POST
def conflict_record(request, pk: int):
    def write(competition, data):
        review_domain.declare_conflict(**data, user=request.user)

    return _form_action(
        request, pk, forms.ConflictForm, "conflict_form", write, _("Conflict of interest recorded.")
    )


@login_required
@require_POST
def auto_assign(request, pk: int):
    competition = _managed(request, pk)
    try:
        result = review_domain.auto_assign(competition=competition, user=request.user)
    except ValidationError as exc:
        show_error(request, exc)
        return redirect("competitions:reviewers", pk)
    messages.success(request, _("%(n)s assignments created.") % {"n": result["created"]})
    if result["short"]:
        messages.warning(
            request,
            _("%(n)s ideas have too few reviewers free of conflicts.")
            % {"n": len(result["short"])},
        )
    return redirect("competitions:reviewers", pk)


@login_required
@require_POST
def conflicts_detect(request, pk: int):
    competition = _managed(request, pk)
    found = review_domain.detect_conflicts(competition=competition, user=request.user)
    messages.success(request, _("%(n)s conflicts found.") % {"n": len(found)})
    return redirect("competitions:reviewers", pk)


@login_required
@require_POST
def unassign(request, pk: int, assignment: int):
    competition = _managed(request, pk)
    target = get_object_or_404(Assignment, pk=assignment, submission__competition=competition)
    try:
        review_domain.unassign(assignment=target, user=request.user)
    except ValidationError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Assignment removed."))
    return redirect("competitions:reviewers", pk)


# --- progress, ranking, decision ----------------------------------------------------------------


@login_required
def progress(request, pk: int):
    competition = competition_or_404(request, pk, OFFICE)
    data = queries.progress(competition)
    return render(request, "competitions/progress.html", {"competition": competition, **data})


def _ranking_options(request, competition):
    aggregation = request.GET.get("aggregation") or competition.aggregation
    if aggregation not in ("mean", "median"):
        aggregation = competition.aggregation
    normalise = request.GET.get("normalise")
    normalise = competition.normalise_reviewers if normalise is None else normalise == "1"
    return aggregation, normalise


@login_required
def ranking(request, pk: int):
    competition = competition_or_404(request, pk, OFFICE)
    aggregation, normalise = _ranking_options(request, competition)
    page = ranking_page(competition, aggregation=aggregation, normalise=normalise)
    params = request.GET.copy()
    params.pop("sort", None)
    table = RankingTable(
        page.records, sort=request.GET.get("sort") or "rank",
        changes=page.changes if page.decided else None,
    )  # fmt: skip
    return render(
        request,
        "competitions/ranking.html",
        {"competition": competition, "table": table, "aggregation": aggregation, "normalise": normalise,
         "n": len(page.records), "run": page.run, "query": request.GET.urlencode(), "params": params.urlencode(),
         "decided": page.decided},
    )  # fmt: skip


@login_required
def ranking_export(request, pk: int, fmt: str):
    competition = competition_or_404(request, pk, OFFICE)
    if fmt not in FORMATS:
        raise Http404
    aggregation, normalise = _ranking_options(request, competition)
    page = ranking_page(competition, aggregation=aggregation, normalise=normalise)
    return ranking_export_response(
        page.records, fmt=fmt, filename=f"ranking-{slugify(competition.title)}"
    )


@login_required
def decision(request, pk: int):
    competition = competition_or_404(request, pk, OFFICE)
    recorded = getattr(competition, "decision", None)
    if recorded is not None:
        entries = list(recorded.entries.select_related("submission").order_by("rank"))
        changes = decision_domain.changes_since_decision(competition)
        for e in entries:
            e.frozen_issues = decision_domain.frozen_issues(e.figures)
            e.changes = [describe_change(c) for c in changes.get(e.submission_id, [])]
        return render(
            request,
            "competitions/decision.html",
            {"competition": competition, "decision": recorded, "entries": entries},
        )
    rows = queries.ranking(competition)
    form = forms.DecisionForm(
        request.POST or None, rows=rows, missing_reviews=decision_domain.missing_reviews(rows)
    )
    if request.method == "POST":
        require(request, MANAGE, competition)
        if form.is_valid():
            try:
                decision_domain.record_decision(
                    competition=competition, selected=form.selected(),
                    justifications=form.justifications(), user=request.user,
                    committee=form.cleaned_data["committee"], notes=form.cleaned_data["notes"],
                    missing_reviews_reason=form.cleaned_data.get("missing_reviews_reason", ""),
                )  # fmt: skip
            except ValidationError as exc:
                show_error(request, exc, form)
            else:
                messages.success(request, _("The decision has been recorded."))
                return redirect("competitions:decision", pk)
    return render(
        request,
        "competitions/decision_form.html",
        {
            "competition": competition,
            "form": form,
            "can_manage": request.user.has_perm("competitions.record_decision", competition),
            "can_decide": competition.in_review,
        },
    )


@login_required
def letters(request, pk: int):
    competition = competition_or_404(request, pk, "competitions.view_letters")
    entries = list(
        competition.decision.entries.select_related("decision", "submission__applicant").order_by(
            "rank"
        )
    )
    programme = competition.project.measure.programme
    for e in entries:
        e.reference = decision_domain.letter_reference(e, programme)
    return render(
        request, "competitions/letters.html", {"competition": competition, "entries": entries}
    )
