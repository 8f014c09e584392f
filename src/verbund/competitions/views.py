"""Thin views: check the permission on the object, call the domain, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbund.competitions.domain import competitions as comp_domain
from verbund.competitions.domain import decisions as decision_domain
from verbund.competitions.domain import potential as potential_domain
from verbund.competitions.domain import queries
from verbund.competitions.domain import reviews as review_domain
from verbund.competitions.domain import submissions as sub_domain
from verbund.competitions.domain.errors import StaleReview
from verbund.competitions.enums import NEXT_PHASES, Phase
from verbund.competitions.interfaces import forms
from verbund.competitions.interfaces.exporters import ranking_csv, ranking_xlsx
from verbund.competitions.interfaces.tables import RankingTable, ranking_records
from verbund.competitions.models import (
    Assignment,
    Attachment,
    Competition,
    ConflictOfInterest,
    Submission,
)
from verbund.core.pdf import pdf_response, render_pdf
from verbund.core.permissions import require as _may
from verbund.core.permissions import visible_or_404 as _see


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _competition(request, pk: int, perm: str = "competitions.view_competition") -> Competition:
    competition = get_object_or_404(Competition.objects.select_related("project"), pk=pk)
    return _see(request, perm, competition)


def _submission(request, pk: int, perm: str = "competitions.view_submission") -> Submission:
    sub = get_object_or_404(
        Submission.objects.select_related("competition", "applicant", "carrier"), pk=pk
    )
    return _see(request, perm, sub)


# --- call pages -------------------------------------------------------------------------------


def index(request):
    qs = Competition.objects.select_related("project")
    if not request.user.has_perm("competitions.view_office_pages"):
        qs = qs.exclude(phase=Phase.DRAFT)
    return render(
        request,
        "competitions/index.html",
        {
            "competitions": qs,
            "can_manage": request.user.has_perm("competitions.manage_competition"),
        },
    )


def competition_detail(request, pk: int):
    competition = _competition(request, pk)
    user = request.user
    own = []
    if user.is_authenticated:
        own = list(
            competition.submissions.filter(Q(applicant=user) | Q(co_applicants=user)).distinct()
        )
    return render(
        request,
        "competitions/competition_detail.html",
        {
            "competition": competition,
            "criteria": competition.criteria.all(),
            "own": own,
            "can_submit": user.has_perm("competitions.submit_idea", competition),
            "office": user.has_perm("competitions.view_office_pages"),
            "can_manage": user.has_perm("competitions.manage_competition"),
            "next_phases": [p for p in NEXT_PHASES[Phase(competition.phase)]],
            "results_visible": user.has_perm("competitions.view_results", competition),
        },
    )


@login_required
def competition_create(request):
    _may(request, "competitions.manage_competition")
    form = forms.CompetitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        competition = comp_domain.create_competition(
            project=data.pop("project"), title=data.pop("title"),
            deadline=data.pop("deadline"), user=request.user, **data,
        )  # fmt: skip
        messages.success(request, _("Competition created. Now set the evaluation criteria."))
        return redirect("competitions:criteria", competition.pk)
    return render(request, "competitions/competition_form.html", {"form": form})


@login_required
def competition_edit(request, pk: int):
    competition = _competition(request, pk)
    _may(request, "competitions.manage_competition", competition)
    form = forms.CompetitionForm(request.POST or None, instance=Competition.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "project"}
        try:
            comp_domain.update_competition(competition=competition, user=request.user, **data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("competitions:competition_detail", pk)
    return render(
        request, "competitions/competition_form.html", {"form": form, "competition": competition}
    )


@login_required
def criteria_edit(request, pk: int):
    competition = _competition(request, pk)
    _may(request, "competitions.manage_competition", competition)
    initial = [
        {"name": c.name, "name_en": c.name_en, "weight": c.weight,
         "scale_min": c.scale_min, "scale_max": c.scale_max}
        for c in competition.criteria.all()
    ]  # fmt: skip
    formset = forms.CriteriaFormSet(request.POST or None, initial=initial, prefix="c")
    if request.method == "POST":
        if competition.criteria_locked:
            raise PermissionDenied
        if formset.is_valid():
            specs = [
                comp_domain.CriterionSpec(
                    **{k: v for k, v in f.cleaned_data.items() if k != "DELETE"}
                )
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            try:
                comp_domain.set_criteria(competition=competition, criteria=specs, user=request.user)
            except ValidationError as exc:
                _errors(request, exc)
            else:
                messages.success(request, _("Criteria saved."))
                return redirect("competitions:competition_detail", pk)
    return render(
        request,
        "competitions/criteria_form.html",
        {"competition": competition, "formset": formset, "locked": competition.criteria_locked},
    )


@login_required
@require_POST
def competition_phase(request, pk: int):
    competition = _competition(request, pk)
    _may(request, "competitions.manage_competition", competition)
    try:
        comp_domain.change_phase(
            competition=competition, to=request.POST.get("to", ""), user=request.user
        )
    except (ValidationError, ValueError) as exc:
        _errors(request, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
    else:
        messages.success(request, _("Phase changed."))
    return redirect("competitions:competition_detail", pk)


def results(request, pk: int):
    competition = _competition(request, pk, "competitions.view_results")
    if not competition.is_decided:
        raise Http404
    entries = (
        competition.decision.entries.filter(selected=True)
        .select_related("submission__carrier")
        .order_by("rank")
    )
    return render(
        request, "competitions/results.html", {"competition": competition, "entries": entries}
    )


# --- applicants -------------------------------------------------------------------------------


@login_required
def my_submissions(request):
    subs = (
        Submission.objects.filter(Q(applicant=request.user) | Q(co_applicants=request.user))
        .distinct()
        .select_related("competition")
        .order_by("-created_at", "-pk")
    )
    return render(request, "competitions/my_submissions.html", {"submissions": subs})


def _save_submission(request, form, *, competition=None, submission=None):
    data = dict(form.cleaned_data)
    new_members = data.pop("new_members")
    financing = data.pop("financing")
    common = {
        "wz_codes": data.pop("wz_codes"), "co_applicants": data.pop("co_applicants"),
        "founding_members": list(data.pop("founding_members")), "financing": financing,
    }  # fmt: skip
    if submission is None:
        submission = sub_domain.create_submission(
            competition=competition, applicant=request.user, **common, **data
        )
    else:
        sub_domain.update_submission(submission=submission, user=request.user, **common, **data)
    for name in new_members:
        company, created = sub_domain.add_founding_member(
            submission=submission, name=name, user=request.user
        )
        if not created:
            messages.info(
                request,
                _("“%(name)s” matched the register entry “%(company)s”.")
                % {"name": name, "company": company},
            )
    return submission


@login_required
def submission_create(request, pk: int):
    competition = _competition(request, pk)
    _may(request, "competitions.submit_idea", competition)
    form = forms.SubmissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            submission = _save_submission(request, form, competition=competition)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Draft saved. Submit it before the deadline."))
            return redirect("competitions:submission_detail", submission.pk)
    return render(
        request, "competitions/submission_form.html", {"form": form, "competition": competition}
    )


@login_required
def submission_edit(request, pk: int):
    submission = _submission(request, pk)
    _may(request, "competitions.change_submission", submission)
    form = forms.SubmissionForm(
        request.POST or None, initial=forms.SubmissionForm.initial_for(submission)
    )
    if request.method == "POST" and form.is_valid():
        try:
            _save_submission(request, form, submission=submission)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("competitions:submission_detail", pk)
    return render(
        request,
        "competitions/submission_form.html",
        {"form": form, "competition": submission.competition, "submission": submission},
    )


def submission_detail(request, pk: int):
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={request.path}")
    submission = _submission(request, pk)
    user = request.user
    sub = (
        queries.annotated_submissions(submission.competition, include_drafts=True)
        .prefetch_related("founding_members", "wz_codes", "co_applicants", "financing__funding_source", "attachments")
        .get(pk=pk)
    )  # fmt: skip
    facts = queries.facts_of(sub)
    issues = queries.eligibility.check(queries.rules_of(submission.competition), facts)
    own_assignment = (
        Assignment.objects.filter(reviewer__user=user, submission=sub)
        .select_related("review")
        .first()
    )
    see_reviews = user.has_perm("competitions.see_other_reviews", sub)
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
            "issues": issues,
            "office": user.has_perm("competitions.view_office_pages"),
            "can_edit": user.has_perm("competitions.change_submission", sub),
            "can_withdraw": user.has_perm("competitions.withdraw_submission", sub),
            "can_letter": user.has_perm("competitions.view_letter", sub) and sub.competition.is_decided,
            "own_assignment": own_assignment,
            "reviews": queries.reviews_for_discussion(sub) if see_reviews else [],
            "attachment_form": forms.AttachmentForm(),
            "conflicts": sub.conflicts.select_related("reviewer__user") if user.has_perm("competitions.view_office_pages") else [],
        },
    )  # fmt: skip


@login_required
@require_POST
def submission_submit(request, pk: int):
    submission = _submission(request, pk)
    _may(request, "competitions.change_submission", submission)
    try:
        sub_domain.submit(submission=submission, user=request.user, request=request)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request,
            _("Your network idea has been submitted. A confirmation has been sent by e-mail."),
        )
    return redirect("competitions:submission_detail", pk)


@login_required
@require_POST
def submission_withdraw(request, pk: int):
    submission = _submission(request, pk)
    _may(request, "competitions.withdraw_submission", submission)
    try:
        sub_domain.withdraw(submission=submission, user=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The idea has been withdrawn."))
    return redirect("competitions:submission_detail", pk)


@login_required
@require_POST
def attachment_upload(request, pk: int):
    submission = _submission(request, pk)
    _may(request, "competitions.change_submission", submission)
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
            _errors(request, exc)
        else:
            messages.success(request, _("Attachment uploaded."))
    return redirect("competitions:submission_detail", pk)


@login_required
def attachment_download(request, pk: int):
    attachment = get_object_or_404(
        Attachment.objects.select_related("submission__competition"), pk=pk
    )
    _see(request, "competitions.view_submission", attachment.submission)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type="application/pdf",
    )


@login_required
@require_POST
def attachment_delete(request, pk: int):
    attachment = get_object_or_404(
        Attachment.objects.select_related("submission__competition"), pk=pk
    )
    _see(request, "competitions.view_submission", attachment.submission)
    _may(request, "competitions.change_submission", attachment.submission)
    try:
        sub_domain.remove_attachment(attachment=attachment, user=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("competitions:submission_detail", attachment.submission_id)


@login_required
def decision_letter(request, pk: int):
    submission = _submission(request, pk, "competitions.view_letter")
    if not submission.competition.is_decided:
        raise Http404
    lang = request.GET.get("lang", translation.get_language() or "de")
    lang = "en" if lang.startswith("en") else "de"
    with translation.override(lang):
        pdf = render_pdf(
            "competitions/letter.html", decision_domain.letter_context(submission), request=request
        )
    return pdf_response(pdf, filename=f"decision-{slugify(submission.title)}-{lang}.pdf")


# --- office -----------------------------------------------------------------------------------


@login_required
def eligibility(request, pk: int):
    competition = _competition(request, pk, "competitions.view_office_pages")
    subs = list(
        queries.annotated_submissions(competition, include_drafts=True).order_by("status", "title")
    )
    figures = potential_domain.potentials([s.pk for s in subs], competition=competition)
    rules = queries.rules_of(competition)
    rows = [
        (s, queries.facts_of(s), queries.eligibility.check(rules, queries.facts_of(s)), figures[s.pk])
        for s in subs
    ]  # fmt: skip
    return render(
        request,
        "competitions/eligibility.html",
        {"competition": competition, "rows": rows, "run": figures.run},
    )


@login_required
def reviewers(request, pk: int):
    competition = _competition(request, pk, "competitions.view_office_pages")
    can_manage = request.user.has_perm("competitions.manage_competition", competition)
    add_form = forms.ReviewerAddForm(competition=competition)
    assign_form = forms.AssignForm(competition=competition)
    conflict_form = forms.ConflictForm(competition=competition)
    if request.method == "POST":
        _may(request, "competitions.manage_competition", competition)
        action = request.POST.get("action")
        try:
            if action == "add_reviewer":
                add_form = forms.ReviewerAddForm(request.POST, competition=competition)
                if add_form.is_valid():
                    comp_domain.add_reviewer(
                        competition=competition,
                        reviewer_user=add_form.cleaned_data["user"],
                        user=request.user,
                    )
                    messages.success(request, _("Reviewer added to the pool."))
            elif action == "assign":
                assign_form = forms.AssignForm(request.POST, competition=competition)
                if assign_form.is_valid():
                    review_domain.assign(**assign_form.cleaned_data, user=request.user)
                    messages.success(request, _("Reviewer assigned."))
            elif action == "auto_assign":
                result = review_domain.auto_assign(competition=competition, user=request.user)
                messages.success(
                    request, _("%(n)s assignments created.") % {"n": result["created"]}
                )
                if result["short"]:
                    messages.warning(
                        request,
                        _("%(n)s ideas have too few reviewers free of conflicts.")
                        % {"n": len(result["short"])},
                    )
            elif action == "conflict":
                conflict_form = forms.ConflictForm(request.POST, competition=competition)
                if conflict_form.is_valid():
                    review_domain.declare_conflict(**conflict_form.cleaned_data, user=request.user)
                    messages.success(request, _("Conflict of interest recorded."))
            elif action == "detect":
                found = review_domain.detect_conflicts(competition=competition, user=request.user)
                messages.success(request, _("%(n)s conflicts found.") % {"n": len(found)})
            elif action == "unassign":
                assignment = get_object_or_404(
                    Assignment,
                    pk=request.POST.get("assignment"),
                    submission__competition=competition,
                )
                review_domain.unassign(assignment=assignment, user=request.user)
                messages.success(request, _("Assignment removed."))
            else:
                raise PermissionDenied
        except ValidationError as exc:
            _errors(request, exc)
        if not any(f.errors for f in (add_form, assign_form, conflict_form)):
            return HttpResponseRedirect(request.path)
    pool = competition.reviewers.select_related("user").order_by(
        "user__last_name", "user__username"
    )
    assignments = (
        Assignment.objects.filter(submission__competition=competition)
        .select_related("reviewer__user", "submission", "review")
        .order_by("submission__title", "reviewer__user__last_name")
    )
    conflicts = ConflictOfInterest.objects.filter(
        submission__competition=competition
    ).select_related("reviewer__user", "submission")
    return render(
        request,
        "competitions/reviewers.html",
        {
            "competition": competition, "pool": pool, "assignments": assignments,
            "conflicts": conflicts, "add_form": add_form, "assign_form": assign_form,
            "conflict_form": conflict_form, "can_manage": can_manage,
        },
    )  # fmt: skip


@login_required
def progress(request, pk: int):
    competition = _competition(request, pk, "competitions.view_office_pages")
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
    competition = _competition(request, pk, "competitions.view_office_pages")
    aggregation, normalise = _ranking_options(request, competition)
    rows = queries.ranking(competition, aggregation=aggregation, normalise=normalise)
    figures = potential_domain.potentials([r.submission.pk for r in rows], competition=competition)
    params = request.GET.copy()
    params.pop("sort", None)
    table = RankingTable(ranking_records(rows, figures), sort=request.GET.get("sort") or "rank")
    return render(
        request,
        "competitions/ranking.html",
        {"competition": competition, "table": table, "aggregation": aggregation, "normalise": normalise,
         "n": len(rows), "run": figures.run, "query": request.GET.urlencode(), "params": params.urlencode()},
    )  # fmt: skip


@login_required
def ranking_export(request, pk: int, fmt: str):
    competition = _competition(request, pk, "competitions.view_office_pages")
    aggregation, normalise = _ranking_options(request, competition)
    rows = queries.ranking(competition, aggregation=aggregation, normalise=normalise)
    figures = potential_domain.potentials([r.submission.pk for r in rows], competition=competition)
    records = ranking_records(rows, figures)
    name = f"ranking-{slugify(competition.title)}"
    return (
        ranking_xlsx(records, filename=name)
        if fmt == "xlsx"
        else ranking_csv(records, filename=name)
    )


@login_required
def decision(request, pk: int):
    competition = _competition(request, pk, "competitions.view_office_pages")
    recorded = getattr(competition, "decision", None)
    if recorded is not None:
        entries = recorded.entries.select_related("submission").order_by("rank")
        return render(
            request,
            "competitions/decision.html",
            {"competition": competition, "decision": recorded, "entries": entries},
        )
    rows = queries.ranking(competition)
    form = forms.DecisionForm(request.POST or None, rows=rows)
    if request.method == "POST":
        _may(request, "competitions.manage_competition", competition)
        if form.is_valid():
            try:
                decision_domain.record_decision(
                    competition=competition, selected=form.selected(),
                    justifications=form.justifications(), user=request.user,
                    committee=form.cleaned_data["committee"], notes=form.cleaned_data["notes"],
                )  # fmt: skip
            except ValidationError as exc:
                _errors(request, exc)
            else:
                messages.success(request, _("The decision has been recorded."))
                return redirect("competitions:decision", pk)
    return render(
        request,
        "competitions/decision_form.html",
        {
            "competition": competition, "form": form,
            "can_manage": request.user.has_perm("competitions.manage_competition", competition),
            "can_decide": competition.in_review,
        },
    )  # fmt: skip


@login_required
def letters(request, pk: int):
    competition = _competition(request, pk, "competitions.view_office_pages")
    if not competition.is_decided:
        raise Http404
    entries = competition.decision.entries.select_related("submission__applicant").order_by("rank")
    return render(
        request, "competitions/letters.html", {"competition": competition, "entries": entries}
    )


# --- reviewers --------------------------------------------------------------------------------


@login_required
def my_assignments(request):
    _may(request, "competitions.list_assignments")
    assignments = (
        Assignment.objects.filter(reviewer__user=request.user)
        .exclude(submission__conflicts__reviewer__user=request.user)
        .select_related("submission__competition", "review")
        .order_by("submission__competition", "submission__title")
    )
    return render(request, "competitions/my_assignments.html", {"assignments": assignments})


def _assignment(request, pk: int) -> Assignment:
    assignment = get_object_or_404(
        Assignment.objects.select_related("submission__competition", "reviewer__user", "review"),
        pk=pk,
    )
    return _see(request, "competitions.view_assignment", assignment)


@login_required
def review_form(request, pk: int):
    assignment = _assignment(request, pk)
    review = assignment.review
    competition = assignment.submission.competition
    criteria = list(competition.criteria.all())
    can_review = request.user.has_perm("competitions.review", assignment)
    initial = forms.ReviewForm.initial_for(review)
    form = forms.ReviewForm(request.POST or None, initial=initial, criteria=criteria)
    if request.method == "POST":
        _may(request, "competitions.review", assignment)
        if form.is_valid():
            try:
                review_domain.save_review(
                    review=review, expected_version=form.cleaned_data["version"],
                    scores=form.scores(), recommendation=form.cleaned_data["recommendation"],
                    comment=form.cleaned_data["comment"], submit="submit" in request.POST,
                    user=request.user,
                )  # fmt: skip
            except StaleReview as exc:
                _errors(request, exc)
            except ValidationError as exc:
                _errors(request, exc)
            else:
                messages.success(
                    request,
                    _("Review submitted.") if "submit" in request.POST else _("Review saved."),
                )
                return redirect("competitions:review_form", pk)
    return render(
        request,
        "competitions/review_form.html",
        {
            "assignment": assignment, "review": review, "submission": assignment.submission,
            "competition": competition, "form": form, "can_review": can_review,
            "conflict_form": forms.DeclareConflictForm(),
        },
    )  # fmt: skip


@login_required
@require_POST
def declare_conflict(request, pk: int):
    assignment = _assignment(request, pk)
    _may(request, "competitions.declare_conflict", assignment)
    form = forms.DeclareConflictForm(request.POST)
    if form.is_valid():
        try:
            review_domain.declare_conflict(
                reviewer=assignment.reviewer, submission=assignment.submission,
                reason=form.cleaned_data["reason"], user=request.user,
            )  # fmt: skip
        except ValidationError as exc:
            _errors(request, exc)
            return redirect("competitions:review_form", pk)
        messages.success(
            request, _("Conflict of interest declared; the idea is no longer assigned to you.")
        )
        return redirect("competitions:my_assignments")
    messages.error(request, _("Please give a reason for the conflict."))
    return redirect("competitions:review_form", pk)
