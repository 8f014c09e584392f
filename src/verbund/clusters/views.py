"""Pages of the site analysis: runs, their progress and their results (thin: forms → domain)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from verbund.clusters.domain.merging import MIN_OVERLAP
from verbund.clusters.domain.queries import runs_visible_to
from verbund.clusters.domain.references import import_reference_totals
from verbund.clusters.domain.runs import fail_stale_runs, repeat_run, start_run
from verbund.clusters.enums import RunStatus
from verbund.clusters.interfaces import presenters
from verbund.clusters.interfaces.filters import ResultRowFilter, RunFilter
from verbund.clusters.interfaces.forms import PartnerForm, ReferenceTotalsForm, RunForm
from verbund.clusters.interfaces.tables import (
    PER_PAGE,
    PotentialTable,
    RunTable,
    SpecialisationTable,
)
from verbund.clusters.models import AnalysisRun, ReferenceTotals
from verbund.core.errors import DomainError, add_to_form
from verbund.core.pdf import pdf_response, render_pdf
from verbund.core.permissions import require, visible_or_404


def _run(request, pk: int, *, done: bool = True) -> AnalysisRun:
    """The run if the user may see it (404 otherwise); result pages need a finished run."""
    run = get_object_or_404(
        AnalysisRun.objects.select_related("created_by", "reference_totals"), pk=pk
    )
    visible_or_404(request, "clusters.view_analysisrun", run)
    if done and not run.is_done:
        raise Http404
    return run


def _checked(run: AnalysisRun) -> AnalysisRun:
    """A running run whose worker stopped beating is marked failed before it is shown."""
    if run.status == RunStatus.RUNNING and fail_stale_runs():
        run.refresh_from_db()
    return run


def _page(request, run: AnalysisRun, template: str, tab: str, **context) -> HttpResponse:
    return render(request, template, {"run": run, "tab": tab, **context})


@login_required
def index(request):
    require(request, "clusters.view_index")
    filterset = RunFilter(request.GET, queryset=runs_visible_to(request.user))
    table = RunTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render(
        request,
        "clusters/index.html",
        {
            "filter": filterset,
            "table": table,
            "runs": [row.record for row in table.page.object_list] if table.page else [],
            "can_start": request.user.has_perm("clusters.add_analysisrun"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def run_new(request):
    require(request, "clusters.add_analysisrun")
    form = RunForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        run = start_run(
            title=form.cleaned_data["title"], params=form.parameters(), user=request.user
        )
        messages.success(request, _("The analysis has been started."))
        return redirect(run)
    return render(request, "clusters/run_form.html", {"form": form})


@login_required
def run_detail(request, pk: int):
    run = _checked(_run(request, pk, done=False))
    context = presenters.overview_context(run) if run.is_done else {}
    context["can_repeat"] = not run.is_active and request.user.has_perm(
        "clusters.repeat_analysisrun", run
    )
    return _page(request, run, "clusters/run_detail.html", "overview", **context)


@login_required
@require_http_methods(["POST"])
def run_repeat(request, pk: int):
    run = _run(request, pk, done=False)
    require(request, "clusters.repeat_analysisrun", run)
    new = repeat_run(run=run, user=request.user)
    messages.success(request, _("The analysis has been started."))
    return redirect(new)


@login_required
def run_progress(request, pk: int):
    run = _checked(_run(request, pk, done=False))
    response = render(request, "clusters/_progress.html", {"run": run})
    if request.htmx and not run.is_active:
        response["HX-Refresh"] = "true"
    return response


@login_required
def run_specialisation(request, pk: int):
    run = _run(request, pk)
    units = [u["unit"] for u in run.results.get("units", [])]
    form = ResultRowFilter(request.GET or None, units=units)
    unit = form.cleaned_data["unit"] if form.is_bound and form.is_valid() else ""
    context = presenters.specialisation_context(run, unit=unit)
    context["rows"] = form.apply(context["rows"]) if form.is_bound else context["rows"]
    table = SpecialisationTable(context["rows"])
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return _page(
        request,
        run,
        "clusters/run_specialisation.html",
        "specialisation",
        filter_form=form,
        table=table,
        **context,
    )


@login_required
def run_clusters(request, pk: int):
    run = _run(request, pk)
    return _page(
        request, run, "clusters/run_clusters.html", "clusters", **presenters.clusters_context(run)
    )


@login_required
def run_potentials(request, pk: int):
    run = _run(request, pk)
    context = presenters.potentials_context(run)
    units = [u["unit"] for u in run.results.get("units", [])]
    form = ResultRowFilter(request.GET or None, units=units)
    if form.is_bound:
        context["potentials"] = form.apply(context["potentials"])
    table = PotentialTable(context["potentials"])
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return _page(
        request,
        run,
        "clusters/run_potentials.html",
        "potentials",
        filter_form=form,
        table=table,
        **context,
    )


@login_required
def run_networks(request, pk: int):
    run = _run(request, pk)
    candidates, merged = presenters.candidates(run)
    return _page(
        request,
        run,
        "clusters/run_networks.html",
        "networks",
        candidates=candidates,
        merged=merged,
        merge_overlap=round(MIN_OVERLAP * 100),
    )


@login_required
def run_pdf(request, pk: int):
    """The run's findings as a PDF: summary, stars, strong clusters, potentials, candidates, charts."""
    run = _run(request, pk)
    pdf = render_pdf("clusters/run_report_pdf.html", presenters.pdf_context(run), request=request)
    return pdf_response(pdf, filename=f"standortanalyse-{run.pk}-{get_language() or 'de'}.pdf")


@login_required
def run_map(request, pk: int):
    run = _run(request, pk)
    return _page(request, run, "clusters/run_map.html", "map", **presenters.map_context(run))


@login_required
def run_partners(request, pk: int):
    run = _run(request, pk)
    r = run.results
    by_id = {c["id"]: c for c in r.get("companies", [])}
    stored = r.get("partners", {})
    choices = sorted(
        (
            (int(cid), f"{by_id[int(cid)]['name']} ({by_id[int(cid)]['wz']})")
            for cid in stored
            if int(cid) in by_id
        ),
        key=lambda c: c[1],
    )
    form = PartnerForm(request.GET or None, companies=choices)
    company, partners = None, []
    if form.is_bound and form.is_valid():
        company = by_id[form.cleaned_data["company"]]
        partners = presenters.partners(run, company, by_id)
    return _page(
        request,
        run,
        "clusters/run_partners.html",
        "partners",
        form=form,
        company=company,
        partners=partners,
        limited=len(stored) < len(by_id),
    )


@login_required
def run_json(request, pk: int):
    run = _run(request, pk)
    response = JsonResponse(
        {"title": run.title, "parameters": run.parameters, "results": run.results},
        json_dumps_params={"ensure_ascii": False},
    )
    response["Content-Disposition"] = f'attachment; filename="analysis-{run.pk}.json"'
    return response


@login_required
def reference_list(request):
    require(request, "clusters.view_index")
    refs = list(ReferenceTotals.objects.select_related("created_by"))
    return render(
        request,
        "clusters/reference_list.html",
        {"references": refs, "can_add": request.user.has_perm("clusters.add_referencetotals")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def reference_new(request):
    require(request, "clusters.add_referencetotals")
    form = ReferenceTotalsForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            ref = import_reference_totals(
                name=form.cleaned_data["name"],
                source=form.cleaned_data["source"],
                rows=form.cleaned_data["file"],
                user=request.user,
            )
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("%(n)s reference totals imported.") % {"n": len(ref.rows)})
            return redirect("clusters:reference_list")
    return render(request, "clusters/reference_form.html", {"form": form})
