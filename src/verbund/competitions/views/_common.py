"""Loading helpers shared by the views: an object the user may see, or 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404

from verbund.competitions.models import Assignment, Competition, Submission
from verbund.core.errors import add_to_form
from verbund.core.permissions import visible_or_404


def competition_or_404(
    request, pk: int, perm: str = "competitions.view_competition"
) -> Competition:
    competition = get_object_or_404(Competition.objects.select_related("project"), pk=pk)
    return visible_or_404(request, perm, competition)


def submission_or_404(request, pk: int, perm: str = "competitions.view_submission") -> Submission:
    sub = get_object_or_404(
        Submission.objects.select_related("competition", "applicant", "carrier"), pk=pk
    )
    return visible_or_404(request, perm, sub)


def assignment_or_404(request, pk: int) -> Assignment:
    assignment = get_object_or_404(
        Assignment.objects.select_related("submission__competition", "reviewer__user", "review"),
        pk=pk,
    )
    return visible_or_404(request, "competitions.view_assignment", assignment)


def show_error(request, error: ValidationError, form=None) -> None:
    """A domain error next to the form field it names (the form is shown again), else as messages
    on the page the user is sent back to."""
    if form is not None:
        add_to_form(form, error)
        return
    for message in error.messages:
        messages.error(request, message)
