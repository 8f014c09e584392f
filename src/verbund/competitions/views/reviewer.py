"""Reviewers: their assignments, the review form, declaring a conflict of interest."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbund.competitions.domain import reviews as review_domain
from verbund.competitions.interfaces import forms
from verbund.competitions.models import Assignment
from verbund.competitions.views._common import assignment_or_404, show_error
from verbund.core.permissions import require


@login_required
def my_assignments(request):
    require(request, "competitions.list_assignments")
    assignments = (
        Assignment.objects.filter(reviewer__user=request.user)
        .exclude(submission__conflicts__reviewer__user=request.user)
        .select_related("submission__competition", "review")
        .order_by("submission__competition", "submission__title")
    )
    return render(request, "competitions/my_assignments.html", {"assignments": assignments})


@login_required
def review_form(request, pk: int):
    assignment = assignment_or_404(request, pk)
    review = assignment.review
    competition = assignment.submission.competition
    criteria = list(competition.criteria.all())
    form = forms.ReviewForm(
        request.POST or None, initial=forms.ReviewForm.initial_for(review), criteria=criteria
    )
    if request.method == "POST":
        require(request, "competitions.review", assignment)
        if form.is_valid():
            submit = "submit" in request.POST
            try:
                review_domain.save_review(
                    review=review, expected_version=form.cleaned_data["version"],
                    scores=form.scores(), recommendation=form.cleaned_data["recommendation"],
                    comment=form.cleaned_data["comment"], submit=submit, user=request.user,
                )  # fmt: skip
            except ValidationError as exc:
                show_error(request, exc)
            else:
                messages.success(request, _("Review submitted.") if submit else _("Review saved."))
                return redirect("competitions:review_form", pk)
    return render(
        request,
        "competitions/review_form.html",
        {
            "assignment": assignment, "review": review, "submission": assignment.submission,
            "competition": competition, "form": form,
            "can_review": request.user.has_perm("competitions.review", assignment),
            "conflict_form": forms.DeclareConflictForm(),
        },
    )  # fmt: skip


@login_required
@require_POST
def declare_conflict(request, pk: int):
    assignment = assignment_or_404(request, pk)
    require(request, "competitions.declare_conflict", assignment)
    form = forms.DeclareConflictForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give a reason for the conflict."))
        return redirect("competitions:review_form", pk)
    try:
        review_domain.declare_conflict(
            reviewer=assignment.reviewer, submission=assignment.submission,
            reason=form.cleaned_data["reason"], user=request.user,
        )  # fmt: skip
    except ValidationError as exc:
        show_error(request, exc)
        return redirect("competitions:review_form", pk)
    messages.success(
        request, _("Conflict of interest declared; the idea is no longer assigned to you.")
    )
    return redirect("competitions:my_assignments")
