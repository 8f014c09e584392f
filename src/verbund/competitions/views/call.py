"""The call: list, detail, setup (office), criteria, phases and the published results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbund.competitions.domain import competitions as comp_domain
from verbund.competitions.enums import NEXT_PHASES, Phase
from verbund.competitions.interfaces import forms
from verbund.competitions.interfaces.presenters import amendment_lines
from verbund.competitions.models import Competition
from verbund.competitions.views._common import competition_or_404, show_error
from verbund.core.permissions import require


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
    competition = competition_or_404(request, pk)
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
            "amendments": [
                {"made_at": a.made_at, "reason": a.reason, "lines": amendment_lines(a)}
                for a in competition.amendments.all()
            ],
            "own": own,
            "can_submit": user.has_perm("competitions.submit_idea", competition),
            "office": user.has_perm("competitions.view_office_pages"),
            "can_manage": user.has_perm("competitions.manage_competition"),
            "next_phases": list(NEXT_PHASES[Phase(competition.phase)]),
            "results_visible": user.has_perm("competitions.view_results", competition),
        },
    )


@login_required
def competition_create(request):
    require(request, "competitions.manage_competition")
    form = forms.CompetitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            competition = comp_domain.create_competition(
                project=data.pop("project"), title=data.pop("title"),
                deadline=data.pop("deadline"), user=request.user, **data,
            )  # fmt: skip
        except ValidationError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Competition created. Now set the evaluation criteria."))
            return redirect("competitions:criteria", competition.pk)
    return render(request, "competitions/competition_form.html", {"form": form})


@login_required
def competition_edit(request, pk: int):
    competition = competition_or_404(request, pk)
    require(request, "competitions.manage_competition", competition)
    form = forms.CompetitionForm(
        request.POST or None, instance=Competition.objects.get(pk=pk),
        amendment=comp_domain.needs_amendment(competition),
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "project"}
        try:
            comp_domain.update_competition(competition=competition, user=request.user, **data)
        except ValidationError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Saved."))
            return redirect("competitions:competition_detail", pk)
    return render(
        request, "competitions/competition_form.html", {"form": form, "competition": competition}
    )


@login_required
def criteria_edit(request, pk: int):
    competition = competition_or_404(request, pk)
    require(request, "competitions.manage_competition", competition)
    initial = [
        {"name": c.name, "name_en": c.name_en, "weight": c.weight,
         "scale_min": c.scale_min, "scale_max": c.scale_max}
        for c in competition.criteria.all()
    ]  # fmt: skip
    formset = forms.CriteriaFormSet(request.POST or None, initial=initial, prefix="c")
    amendment = comp_domain.needs_amendment(competition) and not competition.criteria_locked
    reason_form = forms.AmendmentForm(request.POST or None) if amendment else None
    if request.method == "POST":
        if competition.criteria_locked:
            raise PermissionDenied
        if formset.is_valid() and (reason_form is None or reason_form.is_valid()):
            specs = [
                comp_domain.CriterionSpec(
                    **{k: v for k, v in f.cleaned_data.items() if k != "DELETE"}
                )
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            reason = reason_form.cleaned_data["amendment_reason"] if reason_form else ""
            try:
                comp_domain.set_criteria(
                    competition=competition, criteria=specs, user=request.user,
                    amendment_reason=reason,
                )  # fmt: skip
            except ValidationError as exc:
                on_reason = getattr(exc, "field", None) == "amendment_reason"
                show_error(request, exc, reason_form if on_reason else None)
            else:
                messages.success(request, _("Criteria saved."))
                return redirect("competitions:competition_detail", pk)
    return render(
        request,
        "competitions/criteria_form.html",
        {
            "competition": competition,
            "formset": formset,
            "locked": competition.criteria_locked,
            "reason_form": reason_form,
        },
    )


MAX_CRITERIA_ROWS = 50


@login_required
def criteria_row(request, pk: int):
    """htmx: one more empty criterion row (and the formset's new total, swapped out of band), so
    rows are added without saving first."""
    competition = competition_or_404(request, pk)
    require(request, "competitions.manage_competition", competition)
    try:
        index = int(request.GET.get("c-TOTAL_FORMS", ""))
    except ValueError:
        index = competition.criteria.count() + 1
    index = max(0, min(index, MAX_CRITERIA_ROWS))
    form = forms.CriteriaFormSet(prefix="c").empty_form
    form.prefix = f"c-{index}"
    return render(
        request,
        "competitions/_criterion_row.html",
        {"competition": competition, "form": form, "number": index + 1, "total": index + 1,
         "oob": True},
    )  # fmt: skip


@login_required
def criteria_row_remove(request, pk: int):
    """htmx: a removed row becomes its DELETE mark (the formset leaves it out when saving)."""
    competition = competition_or_404(request, pk)
    require(request, "competitions.manage_competition", competition)
    try:
        index = int(request.GET.get("index", ""))
    except ValueError:
        index = -1
    return render(request, "competitions/_criterion_removed.html", {"index": index})


@login_required
@require_POST
def competition_phase(request, pk: int):
    competition = competition_or_404(request, pk)
    require(request, "competitions.manage_competition", competition)
    to = request.POST.get("to", "")
    if to not in Phase.values:
        messages.error(request, _("Unknown phase."))
        return redirect("competitions:competition_detail", pk)
    try:
        comp_domain.change_phase(competition=competition, to=to, user=request.user)
    except ValidationError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Phase changed."))
    return redirect("competitions:competition_detail", pk)


def results(request, pk: int):
    competition = competition_or_404(request, pk, "competitions.view_results")
    entries = (
        competition.decision.entries.filter(selected=True)
        .select_related("submission__carrier")
        .order_by("rank")
    )
    return render(
        request, "competitions/results.html", {"competition": competition, "entries": entries}
    )
