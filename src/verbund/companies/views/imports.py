"""Import views: upload, mapping, dry run, apply."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import OperationalError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbund.companies.domain import imports as import_domain
from verbund.companies.interfaces.forms import (
    ImportUploadForm,
    MappingForm,
)
from verbund.companies.models import ImportJob
from verbund.core.errors import DomainError, add_to_form
from verbund.core.permissions import require as _require

API_PAGE_SIZE = 50
API_MAX_PAGE_SIZE = 500

# ------------------------------------------------------------------------------------ imports


def _file_error(form, exc: DomainError) -> None:
    form.add_error("file", exc.reason if exc.field == "file" or exc.row is None else str(exc))


@login_required
def import_list(request):
    _require(request, "companies.view_import")
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        _require(request, "companies.import_company")
        if form.is_valid():
            f = form.cleaned_data["file"]
            try:
                job = import_domain.create_import_job(
                    data=f.read(), file_name=f.name, user=request.user
                )
            except DomainError as exc:
                _file_error(form, exc)
            except OperationalError as exc:
                if not import_domain.is_locked(exc):
                    raise
                form.add_error(None, import_domain.BUSY_MESSAGE)
            else:
                return redirect("companies:import_mapping", job.public_id)
    jobs = ImportJob.objects.select_related("created_by")[:50]
    return render(request, "companies/import_list.html", {"form": form, "jobs": jobs})


def _get_job(request, public_id) -> ImportJob:
    _require(request, "companies.view_import")
    return get_object_or_404(ImportJob, public_id=public_id)


@login_required
def import_mapping(request, public_id):
    job = _get_job(request, public_id)
    _require(request, "companies.import_company")
    form = MappingForm(
        request.POST or None, columns=job.columns, initial=MappingForm.initial_for(job),
        samples=import_domain.job_samples(job),
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            job = import_domain.set_mapping(
                job=job, mapping=form.mapping(), options=form.options(), user=request.user
            )
            import_domain.start_check(job=job)
        except DomainError as exc:
            add_to_form(form, exc)
        except OperationalError as exc:
            if not import_domain.is_locked(exc):
                raise
            form.add_error(None, import_domain.BUSY_MESSAGE)
        else:
            return redirect(job)
    return render(request, "companies/import_mapping.html", {"form": form, "job": job})


@login_required
def import_detail(request, public_id):
    job = _get_job(request, public_id)
    if job.status in import_domain.RUNNING:
        try:
            if import_domain.fail_stale_jobs(now=timezone.now()):
                job.refresh_from_db()
        except OperationalError as exc:  # busy database: the periodic job will do it
            if not import_domain.is_locked(exc):
                raise
    errors = job.errors
    paginator = Paginator(errors, 200)
    page = paginator.get_page(request.GET.get("page"))
    template = "companies/_import_status.html" if request.htmx else "companies/import_detail.html"
    can_import = request.user.has_perm("companies.import_company")
    return render(
        request,
        template,
        {
            "job": job,
            "page": page,
            "running": job.status in import_domain.RUNNING,
            "can_apply": can_import and import_domain.can_apply(job),
            "can_import": can_import,
        },
    )


def _start(request, job: ImportJob, start) -> None:
    try:
        started = start(job=job)
    except OperationalError as exc:
        if not import_domain.is_locked(exc):
            raise
        messages.error(request, import_domain.BUSY_MESSAGE)
        return
    if started:
        return
    job.refresh_from_db(fields=["status"])
    if job.status in import_domain.RUNNING:
        messages.info(request, import_domain.ALREADY_RUNNING)
    else:
        messages.error(request, _("Only a checked import without problems can be applied."))


@login_required
@require_POST
def import_apply(request, public_id):
    job = _get_job(request, public_id)
    _require(request, "companies.import_company")
    _start(request, job, import_domain.start_apply)
    return redirect(job)


@login_required
@require_POST
def import_recheck(request, public_id):
    job = _get_job(request, public_id)
    _require(request, "companies.import_company")
    _start(request, job, import_domain.start_check)
    return redirect(job)
