"""Applicants: their ideas, the idea form, submit and withdraw, attachments, decision letters."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbund.competitions.domain import decisions as decision_domain
from verbund.competitions.domain import invitations as invitation_domain
from verbund.competitions.domain import potential as potential_domain
from verbund.competitions.domain import queries
from verbund.competitions.domain import submissions as sub_domain
from verbund.competitions.interfaces import forms
from verbund.competitions.interfaces.tables import describe_change
from verbund.competitions.models import Assignment, Attachment, Submission
from verbund.competitions.views._common import competition_or_404, show_error, submission_or_404
from verbund.core.pdf import pdf_response, render_pdf
from verbund.core.permissions import require, visible_or_404


@login_required
def my_submissions(request):
    subs = (
        Submission.objects.filter(Q(applicant=request.user) | Q(co_applicants=request.user))
        .distinct()
        .select_related("competition")
        .order_by("-created_at", "-pk")
    )
    return render(request, "competitions/my_submissions.html", {"submissions": subs})


def _save(request, form, **target) -> Submission | None:
    """Write the form through the domain; None (and the error on the form) when refused."""
    data = dict(form.cleaned_data)
    data["founding_members"] = list(data["founding_members"])
    try:
        submission, matched = sub_domain.save_submission(user=request.user, **target, **data)
    except ValidationError as exc:
        show_error(request, exc, form)
        return None
    for name, company in matched:
        messages.info(
            request,
            _("“%(name)s” matched the register entry “%(company)s”.")
            % {"name": name, "company": company},
        )
    return submission


@login_required
def submission_create(request, pk: int):
    competition = competition_or_404(request, pk)
    require(request, "competitions.submit_idea", competition)
    form = forms.SubmissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        submission = _save(request, form, competition=competition)
        if submission is not None:
            messages.success(request, _("Draft saved. Submit it before the deadline."))
            return redirect("competitions:submission_detail", submission.pk)
    return render(
        request, "competitions/submission_form.html", {"form": form, "competition": competition}
    )


@login_required
def submission_edit(request, pk: int):
    submission = submission_or_404(request, pk)
    require(request, "competitions.change_submission", submission)
    form = forms.SubmissionForm(
        request.POST or None, initial=forms.SubmissionForm.initial_for(submission)
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(request, form, submission=submission) is not None
    ):
        messages.success(request, _("Saved."))
        return redirect("competitions:submission_detail", pk)
    return render(
        request,
        "competitions/submission_form.html",
        {"form": form, "competition": submission.competition, "submission": submission},
    )


def _frozen_eligibility(sub: Submission) -> dict | None:
    """The idea's eligibility as the decision saw it and what changed since (None: undecided)."""
    entry = getattr(sub, "decision_entry", None)
    if entry is None or not entry.figures:
        return None
    changes = decision_domain.changes_since_decision(sub.competition).get(sub.pk, [])
    return {
        "issues": decision_domain.frozen_issues(entry.figures),
        "changes": [describe_change(c) for c in changes],
    }


def submission_detail(request, pk: int):
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={request.path}")
    submission = submission_or_404(request, pk)
    user = request.user
    sub = (
        queries.annotated_submissions(submission.competition, include_drafts=True)
        .prefetch_related("founding_members", "wz_codes", "co_applicants", "financing__funding_source", "attachments")
        .get(pk=pk)
    )  # fmt: skip
    facts = queries.facts_of(sub)
    own_assignment = (
        Assignment.objects.filter(reviewer__user=user, submission=sub)
        .select_related("review")
        .first()
    )
    office = user.has_perm("competitions.view_office_pages")
    frozen = _frozen_eligibility(sub) if office else None
    potential = (
        potential_domain.potentials([sub.pk])[sub.pk]
        if user.has_perm("competitions.view_potential", sub)
        else None
    )
    return render(
        request,
        "competitions/submission_detail.html",
        {
            "submission": sub,
            "competition": sub.competition,
            "facts": facts,
            "profile": queries.member_profile(sub),
            "potential": potential,
            "issues": queries.eligibility.check(queries.rules_of(sub.competition), facts),
            "office": office,
            "frozen": frozen,
            "can_edit": user.has_perm("competitions.change_submission", sub),
            "can_withdraw": user.has_perm("competitions.withdraw_submission", sub),
            "can_letter": user.has_perm("competitions.view_letter", sub),
            "own_assignment": own_assignment,
            "reviews": queries.reviews_for_discussion(sub)
            if user.has_perm("competitions.see_other_reviews", sub)
            else [],
            "attachment_form": forms.AttachmentForm(),
            "conflicts": sub.conflicts.select_related("reviewer__user") if office else [],
            "invitations": sub.invitations.all()
            if user.has_perm("competitions.view_invitations", sub)
            else [],
        },
    )


@login_required
@require_POST
def submission_submit(request, pk: int):
    submission = submission_or_404(request, pk)
    require(request, "competitions.change_submission", submission)
    try:
        sub_domain.submit(submission=submission, user=request.user, request=request)
    except ValidationError as exc:
        show_error(request, exc)
    else:
        messages.success(
            request,
            _("Your network idea has been submitted. A confirmation has been sent by e-mail."),
        )
    return redirect("competitions:submission_detail", pk)


@login_required
@require_POST
def submission_withdraw(request, pk: int):
    submission = submission_or_404(request, pk)
    require(request, "competitions.withdraw_submission", submission)
    try:
        sub_domain.withdraw(submission=submission, user=request.user)
    except ValidationError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("The idea has been withdrawn."))
    return redirect("competitions:submission_detail", pk)


@login_required
@require_POST
def attachment_upload(request, pk: int):
    submission = submission_or_404(request, pk)
    require(request, "competitions.change_submission", submission)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    else:
        try:
            sub_domain.add_attachment(
                submission=submission, upload=form.cleaned_data["file"], user=request.user
            )
        except ValidationError as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("Attachment uploaded."))
    return redirect("competitions:submission_detail", pk)


def _attachment(request, pk: int) -> Attachment:
    attachment = get_object_or_404(
        Attachment.objects.select_related("submission__competition"), pk=pk
    )
    visible_or_404(request, "competitions.view_submission", attachment.submission)
    return attachment


@login_required
def attachment_download(request, pk: int):
    attachment = _attachment(request, pk)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type="application/pdf",
    )


@login_required
@require_POST
def attachment_delete(request, pk: int):
    attachment = _attachment(request, pk)
    require(request, "competitions.change_submission", attachment.submission)
    try:
        sub_domain.remove_attachment(attachment=attachment, user=request.user)
    except ValidationError as exc:
        show_error(request, exc)
    return redirect("competitions:submission_detail", attachment.submission_id)


@login_required
def decision_letter(request, pk: int):
    submission = submission_or_404(request, pk, "competitions.view_letter")
    lang = request.GET.get("lang", translation.get_language() or "de")
    lang = "en" if lang.startswith("en") else "de"
    with translation.override(lang):
        pdf = render_pdf(
            "competitions/letter.html", decision_domain.letter_context(submission), request=request
        )
    return pdf_response(pdf, filename=f"decision-{slugify(submission.title)}-{lang}.pdf")


# --- invitations to co-apply ---------------------------------------------------------------------


@login_required
def invitations(request):
    return render(
        request,
        "competitions/invitations.html",
        {"invitations": invitation_domain.pending_for(request.user)},
    )


def _invitation(request, pk: int):
    return get_object_or_404(invitation_domain.pending_for(request.user), pk=pk)


@login_required
@require_POST
def invitation_accept(request, pk: int):
    invitation = _invitation(request, pk)
    try:
        submission = invitation_domain.accept(invitation=invitation, user=request.user)
    except ValidationError as exc:
        show_error(request, exc)
        return redirect("competitions:invitations")
    messages.success(request, _("You are now a co-applicant of this idea."))
    return redirect("competitions:submission_detail", submission.pk)


@login_required
@require_POST
def invitation_decline(request, pk: int):
    invitation = _invitation(request, pk)
    try:
        invitation_domain.decline(invitation=invitation, user=request.user)
    except ValidationError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Invitation declined."))
    return redirect("competitions:invitations")
