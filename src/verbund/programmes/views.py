"""Thin views: load, check the permission on the object, call the domain, render.

Objects a user may not see answer 404 (also for the PDF); actions a signed-in user may not do, 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from verbund.core.cache import public_page
from verbund.core.errors import DomainError, add_to_form
from verbund.core.pdf import pdf_response, render_pdf
from verbund.core.permissions import require, visible_or_404
from verbund.core.sheets import sections_for
from verbund.programmes.domain import programmes as prog
from verbund.programmes.domain import queries
from verbund.programmes.domain.history import project_history_entries
from verbund.programmes.domain.projects import create_project, update_project
from verbund.programmes.domain.queries import project_for_sheet, visible_projects
from verbund.programmes.enums import ProjectStatus
from verbund.programmes.interfaces.filters import ProjectFilter
from verbund.programmes.interfaces.forms import (
    FundingSourceForm,
    MeasureForm,
    OrganisationForm,
    ProgrammeForm,
    ProjectForm,
    project_formsets,
)
from verbund.programmes.interfaces.tables import ProgrammeTable, ProjectTable
from verbund.programmes.models import FundingSource, Measure, Organisation, Programme, Project


def _attach_errors(error: DomainError, form, formsets: dict | None = None) -> None:
    """Show a domain refusal next to the field or formset (the financing plan) it concerns."""
    formsets = formsets or {}
    if error.field in formsets:
        formsets[error.field].non_form_errors().append(error.reason)
    else:
        add_to_form(form, error)


# Projects ---------------------------------------------------------------------------------------


@public_page
def project_list(request):
    projects = ProjectFilter(request.GET, queryset=visible_projects(request.user))
    table = ProjectTable(projects.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "programmes/project_list.html",
        {"filter": projects, "table": table},
    )


def _visible_project(request, code: str) -> Project:
    return visible_or_404(request, "programmes.view_project", project_for_sheet(code, request.user))


@public_page
def project_detail(request, code: str):
    project = _visible_project(request, code)
    return render(
        request,
        "programmes/project_detail.html",
        _sheet_context(project, request.user, public_only=False),
    )


def _sheet_context(project: Project, user=None, *, public_only: bool = True) -> dict:
    shares = list(project.financing.all())
    return {
        "project": project,
        "sections": sections_for(project, user, public_only=public_only),
        "status_options": [
            (value, label, value == project.status) for value, label in ProjectStatus.choices
        ],
        "milestones": list(project.milestones.all()),
        "shares": shares,
        "has_amounts": any(s.amount is not None for s in shares),
        "total_amount": sum((s.amount for s in shares if s.amount is not None), 0),
    }


@public_page
def project_sheet(request, code: str):
    project = _visible_project(request, code)
    return render(request, "programmes/project_sheet.html", _sheet_context(project, request.user))


@public_page
def project_sheet_pdf(request, code: str) -> HttpResponse:
    project = _visible_project(request, code)
    context = _sheet_context(project, request.user)
    pdf = render_pdf("programmes/project_sheet_pdf.html", context, request=request)
    return pdf_response(pdf, filename=f"{project.code}-{get_language() or 'de'}.pdf")


def _project_form_page(request, *, project: Project | None):
    instance = project or Project()
    if request.method == "POST":
        form = ProjectForm(request.POST, instance=instance)
        formsets = project_formsets(data=request.POST, instance=instance)
        valid = [form.is_valid()] + [fs.is_valid() for fs in formsets.values()]
        if all(valid):
            parts = {name: fs.inputs() for name, fs in formsets.items()}
            values = form.domain_values()
            carriers = form.cleaned_data["carriers"]
            try:
                if project is None:
                    saved = create_project(user=request.user, carriers=carriers, **values, **parts)
                else:
                    saved = update_project(
                        project=project,
                        user=request.user,
                        carriers=carriers,
                        **values,
                        **parts,
                    )
            except DomainError as error:
                _attach_errors(error, form, formsets)
            else:
                messages.success(request, _("The project has been saved."))
                return redirect(saved)
    else:
        initial = {}
        if project is None and request.GET.get("measure", "").isdigit():
            initial["measure"] = request.GET["measure"]
        form = ProjectForm(instance=instance, initial=initial)
        formsets = project_formsets(instance=instance)
    return render(
        request,
        "programmes/project_form.html",
        {"form": form, "formsets": formsets, "project": project},
    )


@login_required
def project_create(request):
    require(request, "programmes.add_project")
    return _project_form_page(request, project=None)


@login_required
def project_edit(request, code: str):
    project = visible_or_404(
        request, "programmes.view_project", get_object_or_404(Project, code=code)
    )
    require(request, "programmes.change_project", project)
    return _project_form_page(request, project=project)


# Programmes, measures and master data -------------------------------------------------------------


@public_page
def programme_list(request):
    require(request, "programmes.view_programme")
    table = ProgrammeTable(queries.programmes())
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(request, "programmes/programme_list.html", {"table": table})


@public_page
def programme_detail(request, pk: int):
    found = queries.programme_page(pk)
    if found is None:
        raise Http404
    programme, measures = found
    visible_or_404(request, "programmes.view_programme", programme)
    projects = visible_projects(request.user).filter(measure__programme=programme)
    return render(
        request,
        "programmes/programme_detail.html",
        {"programme": programme, "measures": measures, "projects": projects},
    )


@public_page
def measure_detail(request, pk: int):
    measure = visible_or_404(request, "programmes.view_measure", queries.measure_with_programme(pk))
    projects = visible_projects(request.user).filter(measure=measure)
    return render(
        request, "programmes/measure_detail.html", {"measure": measure, "projects": projects}
    )


def _simple_form_page(request, *, form, title: str, save, back_url: str, obj=None):
    """Create or edit one master-data object: validate, save through the domain, redirect."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except DomainError as error:
            _attach_errors(error, form)
        else:
            messages.success(request, _("Saved."))
            url = saved.get_absolute_url() if hasattr(saved, "get_absolute_url") else back_url
            return redirect(url)
    return render(
        request,
        "programmes/simple_form.html",
        {"form": form, "title": title, "back_url": back_url, "object": obj},
    )


@login_required
def programme_create(request):
    require(request, "programmes.add_programme")
    form = ProgrammeForm(request.POST or None, request.FILES or None)
    return _simple_form_page(
        request,
        form=form,
        title=_("New programme"),
        back_url=reverse("programmes:programme_list"),
        save=lambda data: prog.create_programme(user=request.user, **data),
    )


@login_required
def programme_edit(request, pk: int):
    programme = get_object_or_404(Programme, pk=pk)
    require(request, "programmes.change_programme", programme)
    form = ProgrammeForm(request.POST or None, request.FILES or None, instance=programme)
    return _simple_form_page(
        request,
        form=form,
        title=_("Edit programme"),
        back_url=programme.get_absolute_url(),
        obj=programme,
        save=lambda data: prog.update_programme(programme=programme, user=request.user, **data),
    )


@login_required
def measure_create(request):
    require(request, "programmes.add_measure")
    initial = {"programme": request.GET.get("programme")}
    form = MeasureForm(request.POST or None, initial=initial)
    return _simple_form_page(
        request,
        form=form,
        title=_("New measure"),
        back_url=reverse("programmes:programme_list"),
        save=lambda data: prog.create_measure(user=request.user, **data),
    )


@login_required
def measure_edit(request, pk: int):
    measure = get_object_or_404(Measure, pk=pk)
    require(request, "programmes.change_measure", measure)
    form = MeasureForm(request.POST or None, instance=measure)
    return _simple_form_page(
        request,
        form=form,
        title=_("Edit measure"),
        back_url=measure.get_absolute_url(),
        obj=measure,
        save=lambda data: prog.update_measure(measure=measure, user=request.user, **data),
    )


@login_required
def master_data(request):
    """Organisations (carriers, supervising bodies) and funding sources, for office and auditor."""
    require(request, "programmes.view_organisation")
    return render(
        request,
        "programmes/master_data.html",
        {"organisations": queries.organisations(), "sources": queries.funding_sources()},
    )


@login_required
def organisation_form(request, pk: int | None = None):
    organisation = get_object_or_404(Organisation, pk=pk) if pk else None
    require(
        request,
        "programmes.change_organisation" if organisation else "programmes.add_organisation",
        organisation,
    )
    form = OrganisationForm(request.POST or None, instance=organisation)

    def save(data):
        if organisation is None:
            return prog.create_organisation(user=request.user, **data)
        return prog.update_organisation(organisation=organisation, user=request.user, **data)

    return _simple_form_page(
        request,
        form=form,
        title=_("Edit organisation") if organisation else _("New organisation"),
        back_url=reverse("programmes:master_data"),
        obj=organisation,
        save=save,
    )


@login_required
def source_form(request, pk: int | None = None):
    source = get_object_or_404(FundingSource, pk=pk) if pk else None
    require(
        request,
        "programmes.change_fundingsource" if source else "programmes.add_fundingsource",
        source,
    )
    form = FundingSourceForm(request.POST or None, instance=source)

    def save(data):
        if source is None:
            return prog.create_funding_source(user=request.user, **data)
        return prog.update_funding_source(source=source, user=request.user, **data)

    return _simple_form_page(
        request,
        form=form,
        title=_("Edit funding source") if source else _("New funding source"),
        back_url=reverse("programmes:master_data"),
        obj=source,
        save=save,
    )


@login_required
def project_history(request, code: str):
    """Every recorded change of the project and of its parts on one page, newest first."""
    require(request, "core.view_history")
    project = get_object_or_404(Project, code=code)
    return render(
        request,
        "programmes/project_history.html",
        {"project": project, "entries": project_history_entries(project)},
    )
