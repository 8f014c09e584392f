"""Pages of the audit app: the global audit log, the auditor's file per project, the retention
report. The office and the auditor may open them (audit/rules.py); everybody else gets 403.
Every page only reads: GET and HEAD only (a POST gets 405)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from verbund.audit.domain import dossier as dossiers
from verbund.audit.domain import log
from verbund.audit.domain import retention as retention_queries
from verbund.audit.interfaces import exporters
from verbund.audit.interfaces.filters import AuditLogFilter
from verbund.core.exports import FORMATS
from verbund.core.models import AccessLog
from verbund.core.pdf import pdf_response, render_pdf
from verbund.core.permissions import require

PAGE_SIZE = 50
EXPORT_LIMIT = 100_000


def _action_labels() -> dict:
    return dict(AuditLogFilter.base_filters["action"].extra["choices"]())


@require_safe
@login_required
def log_page(request):
    require(request, "audit.view_log")
    filterset = AuditLogFilter(request.GET or None, queryset=AccessLog.objects.none())
    entries = log.log_entries(filterset.log_filter())
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "rows": log.rows_of(page.object_list),
        "action_labels": _action_labels(),
        "query": query.urlencode(),
        "formats": FORMATS,
    }
    return render(request, "audit/log.html", context)


@require_safe
@login_required
def log_export(request, fmt: str):
    require(request, "audit.view_log")
    if fmt not in FORMATS:
        raise Http404
    filterset = AuditLogFilter(request.GET or None, queryset=AccessLog.objects.none())
    rows = log.all_rows(filterset.log_filter(), limit=EXPORT_LIMIT)
    return exporters.log_export_response(
        rows, fmt=fmt, filename=f"audit-log-{timezone.localdate():%Y-%m-%d}",
        action_labels=_action_labels(),
    )  # fmt: skip


@require_safe
@login_required
def project_list(request):
    require(request, "audit.export_project")
    return render(request, "audit/projects.html", {"projects": dossiers.projects()})


def _dossier(request, code: str):
    require(request, "audit.export_project")
    project = dossiers.project_for_dossier(code)
    if project is None:
        raise Http404
    return dossiers.dossier_of(project)


@require_safe
@login_required
def project_dossier(request, code: str):
    return render(request, "audit/dossier.html", {"dossier": _dossier(request, code)})


@require_safe
@login_required
def project_dossier_xlsx(request, code: str):
    dossier = _dossier(request, code)
    return exporters.dossier_xlsx_response(
        dossier, request=request, filename=f"audit-{dossier.project.code}.xlsx"
    )


@require_safe
@login_required
def project_dossier_pdf(request, code: str):
    dossier = _dossier(request, code)
    context = {"dossier": dossier, "printed": timezone.localtime()}
    pdf = render_pdf("audit/dossier_pdf.html", context, request=request)
    return pdf_response(
        pdf, filename=f"audit-{dossier.project.code}-{get_language() or 'de'}.pdf", inline=False
    )


@require_safe
@login_required
def retention_report(request):
    require(request, "audit.view_retention")
    today = timezone.localdate()
    context = retention_queries.report(today=today)
    context["title"] = _("Retention of records")
    return render(request, "audit/retention.html", context)
