"""Pages of reporting: indicators, their values and the records behind them, progress, the
programme report, and the public open-data files (thin: load, check permission, call, render)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from verbund.core.errors import DomainError, add_to_form
from verbund.core.exports import XLSX_TYPE
from verbund.core.permissions import require, visible_or_404
from verbund.programmes.domain.queries import project_by_code
from verbund.reporting.domain import indicators as writes
from verbund.reporting.domain import queries
from verbund.reporting.domain.periods import Period
from verbund.reporting.domain.reports import default_period, fail_stale_reports, start_report
from verbund.reporting.enums import ReportStatus
from verbund.reporting.interfaces import open_data, presenters
from verbund.reporting.interfaces.forms import IndicatorForm, NoteForm, ReportForm, ValueForm


def _indicator(request, pk: int):
    return visible_or_404(request, "reporting.view_reporting", queries.indicator_by_pk(pk))


@login_required
@require_GET
def index(request):
    require(request, "reporting.view_reporting")
    today = timezone.localdate()
    return render(
        request,
        "reporting/index.html",
        {
            "projects": presenters.index_rows(today=today),
            "all_projects": queries.projects_for_indicators(),
            "can_change": request.user.has_perm("reporting.change_indicator"),
            "reports": list(queries.report_jobs()[:5]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_new(request, code: str):
    require(request, "reporting.change_indicator")
    project = project_by_code(code)
    if project is None:
        raise Http404
    form = IndicatorForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = writes.create_indicator(
                project=project, user=request.user, milestones=form.cleaned_data["milestones"],
                **form.domain_values(),
            )  # fmt: skip
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The indicator has been saved."))
            return redirect(indicator)
    return render(request, "reporting/indicator_form.html", {"form": form, "project": project})


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request, pk: int):
    indicator = _indicator(request, pk)
    require(request, "reporting.change_indicator", indicator)
    form = IndicatorForm(request.POST or None, instance=indicator, project=indicator.project)
    if request.method == "POST" and form.is_valid():
        try:
            writes.update_indicator(
                indicator=queries.indicator_by_pk(pk), user=request.user,
                milestones=form.cleaned_data["milestones"], **form.domain_values(),
            )  # fmt: skip
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The indicator has been saved."))
            return redirect("reporting:indicator", pk=pk)
    return render(
        request,
        "reporting/indicator_form.html",
        {"form": form, "project": indicator.project, "indicator": indicator},
    )


@login_required
@require_GET
def indicator_detail(request, pk: int):
    indicator = _indicator(request, pk)
    context = presenters.indicator_context(indicator, today=timezone.localdate())
    context["can_change"] = request.user.has_perm("reporting.change_indicator", indicator)
    context["can_see_enterprises"] = request.user.has_perm("reporting.view_enterprises", indicator)
    return render(request, "reporting/indicator_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def value_new(request, pk: int):
    indicator = _indicator(request, pk)
    require(request, "reporting.change_indicator", indicator)
    form = ValueForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            writes.enter_value(
                indicator=indicator, period_start=data["period_start"],
                period_end=data["period_end"], value=data["value"], upload=data["file"],
                note=data["note"], user=request.user,
            )  # fmt: skip
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The value has been recorded."))
            return redirect(indicator)
    return render(request, "reporting/value_form.html", {"form": form, "indicator": indicator})


@login_required
@require_http_methods(["GET", "POST"])
def note_new(request, pk: int):
    indicator = _indicator(request, pk)
    require(request, "reporting.change_indicator", indicator)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            writes.annotate(
                indicator=indicator, period_start=data["period_start"],
                period_end=data["period_end"], text=data["text"], user=request.user,
            )  # fmt: skip
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The note has been saved."))
            return redirect(indicator)
    return render(request, "reporting/note_form.html", {"form": form, "indicator": indicator})


@login_required
@require_GET
def indicator_records(request, pk: int):
    """The enterprises and records behind one value (office and auditor only, never public)."""
    indicator = _indicator(request, pk)
    require(request, "reporting.view_enterprises", indicator)
    try:
        period = Period.parse(request.GET.get("period", ""))
    except ValueError:
        raise Http404 from None
    computed = queries.value_of(indicator, period)
    return render(
        request,
        "reporting/indicator_records.html",
        {
            "indicator": indicator,
            "computed": computed,
            "period": period,
            "definition": queries.definition_for(indicator),
        },
    )


@login_required
@require_GET
def common_records(request, pk: int, kind: str):
    """The enterprises behind a programme's RCO01/RCO02/RCO04 (each counted once across all its
    projects); office and auditor only."""
    require(request, "reporting.view_enterprises")
    programme = queries.programme_by_pk(pk)
    if programme is None or kind not in queries.COMMON_KINDS:
        raise Http404
    try:
        period = Period.parse(request.GET.get("period", ""))
    except ValueError:
        raise Http404 from None
    result = queries.programme_common_indicators(programme, period)[kind]
    return render(
        request,
        "reporting/common_records.html",
        {"programme": programme, "code": kind.upper(), "result": result, "period": period,
         "definition": queries.definition_of(kind)},
    )  # fmt: skip


@login_required
@require_GET
def value_evidence(request, pk: int):
    entry = queries.entered_value_by_pk(pk)
    visible_or_404(request, "reporting.view_reporting", entry and entry.indicator)
    try:
        handle = entry.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=entry.name)


@login_required
@require_GET
def progress(request):
    require(request, "reporting.view_reporting")
    return render(
        request, "reporting/progress.html", presenters.progress_context(today=timezone.localdate())
    )


# The programme report ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def report_list(request):
    require(request, "reporting.view_reporting")
    programmes = queries.programmes()
    form = None
    if request.user.has_perm("reporting.add_reportjob"):
        initial = {}
        first = programmes.first()
        if first is not None:
            initial["period_start"], initial["period_end"] = default_period(first)
        form = ReportForm(request.POST or None, programmes=programmes, initial=initial)
    if request.method == "POST":
        require(request, "reporting.add_reportjob")
        if form.is_valid():
            data = form.cleaned_data
            try:
                job = start_report(
                    programme=data["programme"], period_start=data["period_start"],
                    period_end=data["period_end"], language=data["language"], user=request.user,
                )  # fmt: skip
            except DomainError as error:
                add_to_form(form, error)
            else:
                return redirect(job)
    return render(
        request, "reporting/report_list.html", {"form": form, "jobs": list(queries.report_jobs())}
    )


def _job(request, pk: int):
    job = visible_or_404(request, "reporting.view_reporting", queries.report_job_by_pk(pk))
    if job.status == ReportStatus.RUNNING and fail_stale_reports():
        job = queries.report_job_by_pk(pk)
    return job


@login_required
@require_GET
def report_detail(request, pk: int):
    return render(request, "reporting/report_detail.html", {"job": _job(request, pk)})


@login_required
@require_GET
def report_progress(request, pk: int):
    job = _job(request, pk)
    response = render(request, "reporting/_report_progress.html", {"job": job})
    if request.htmx and not job.is_active:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def report_repeat(request, pk: int):
    job = _job(request, pk)
    require(request, "reporting.add_reportjob")
    new = start_report(
        programme=job.programme, period_start=job.period_start, period_end=job.period_end,
        language=job.language, user=request.user,
    )  # fmt: skip
    return redirect(new)


@login_required
@require_GET
def report_download(request, pk: int, fmt: str):
    job = _job(request, pk)
    if fmt not in ("xlsx", "pdf") or not job.is_done:
        raise Http404
    body = queries.report_file(job.pk, fmt)
    if body is None:
        raise Http404
    name = f"programmbericht-{job.period_start:%Y%m%d}-{job.period_end:%Y%m%d}-{job.language}.{fmt}"
    response = HttpResponse(body, content_type=XLSX_TYPE if fmt == "xlsx" else "application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


# Open data (public) -----------------------------------------------------------------------------


@require_GET
def open_data_page(request):
    return render(
        request,
        "reporting/open_data.html",
        {"files": open_data.file_list(), "licence": open_data.LICENCE},
    )


def _open_data_response(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(False, filename)
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "no-cache"  # always the current records
    return response


@require_GET
def open_data_csv(request, kind: str):
    return _open_data_response(
        open_data.csv_document(kind), "text/csv; charset=utf-8", f"{kind}.csv"
    )


@require_GET
def open_data_json(request, kind: str):
    return _open_data_response(
        open_data.json_bytes(kind), "application/json; charset=utf-8", f"{kind}.json"
    )


@require_GET
def open_data_schema(request, kind: str):
    response = JsonResponse(
        open_data.schema(kind, base_url=request.build_absolute_uri("/").rstrip("/")),
        json_dumps_params={"ensure_ascii": False, "indent": 1},
        content_type="application/schema+json",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
