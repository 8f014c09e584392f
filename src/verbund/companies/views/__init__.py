"""Thin views: check the permission, call a form/domain function, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from verbund.companies.domain import companies as company_domain
from verbund.companies.domain import districts as district_domain
from verbund.companies.domain import postcodes as postcode_domain
from verbund.companies.domain import queries
from verbund.companies.domain.duplicates import (
    mark_not_duplicate,
    merge_companies,
    withdraw_not_duplicate,
)
from verbund.companies.domain.geo import GeoError
from verbund.companies.interfaces import presenters
from verbund.companies.interfaces.exporters import FORMATS, export_companies
from verbund.companies.interfaces.filters import CompanyFilter
from verbund.companies.interfaces.forms import (
    AreaForm,
    CompanyForm,
    ContactForm,
    DistrictImportForm,
    PostcodeImportForm,
)
from verbund.companies.interfaces.tables import CompanyTable
from verbund.companies.interfaces.widgets import picker_result
from verbund.companies.models import Area, Company, ContactPerson, NotDuplicate, WzCode
from verbund.core.errors import DomainError, add_to_form
from verbund.core.permissions import require as _require
from verbund.core.ratelimit import limited

GEOJSON = "application/geo+json"


def _filtered(request) -> CompanyFilter:
    return CompanyFilter(request.GET, queryset=queries.company_list_queryset())


# ------------------------------------------------------------------------------------ companies


@login_required
def company_list(request):
    _require(request, "companies.view_company")
    filterset = CompanyFilter(request.GET, queryset=queries.company_table_queryset())
    table = CompanyTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    query = request.GET.copy()
    for key in ("page", "sort"):
        query.pop(key, None)
    return render(
        request,
        "companies/company_list.html",
        {"filter": filterset, "table": table, "query": query.urlencode()},
    )


@login_required
def company_export(request, fmt: str):
    _require(request, "companies.export_company")
    if fmt not in FORMATS:
        raise Http404
    return export_companies(_filtered(request).qs.order_by("name", "id"), fmt=fmt)


@login_required
def company_api_list(request):
    """JSON list with the list page's filters; `page` and `page_size` (≤ 500) paginate."""
    _require(request, "companies.view_company")
    filterset = _filtered(request)
    if not filterset.is_valid():
        return JsonResponse({"errors": filterset.errors}, status=400)
    data = presenters.api_page(
        filterset.qs.order_by("name", "id"), params=request.GET, path=request.path
    )
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def _get_company(request, public_id) -> Company:
    company = get_object_or_404(
        Company.objects.select_related("main_wz__parent", "district"), public_id=public_id
    )
    if not request.user.has_perm("companies.view_company", company):
        raise Http404
    return company


@login_required
def company_detail(request, public_id):
    company = _get_company(request, public_id)
    can_see_contacts = request.user.has_perm("companies.view_contacts", company)
    return render(
        request,
        "companies/company_detail.html",
        {
            "company": company,
            "contacts": company.contacts.all() if can_see_contacts else None,
            "can_see_contacts": can_see_contacts,
            "can_edit": request.user.has_perm("companies.change_company", company),
            "merges": company.merges.all(),
            "secondary_wz": company.secondary_wz.all(),
            "tags": company.tags.all(),
        },
    )


@login_required
def company_by_pk(request, pk: int):
    """Short link used by the map (keeps its data compact)."""
    _require(request, "companies.view_company")
    company = get_object_or_404(Company, pk=pk)
    return redirect(company.get_absolute_url())


@login_required
def company_edit(request, public_id=None):
    company = _get_company(request, public_id) if public_id else None
    _require(request, "companies.change_company" if company else "companies.add_company", company)
    form = CompanyForm(request.POST or None, instance=company)
    if request.method == "POST" and form.is_valid():
        company = company_domain.save_company(
            company=company, user=request.user, **form.domain_kwargs()
        )
        messages.success(request, _("Saved."))
        return redirect(company)
    return render(request, "companies/company_form.html", {"form": form, "company": company})


@login_required
def contact_edit(request, public_id, contact_id=None):
    company = _get_company(request, public_id)
    _require(request, "companies.change_company", company)
    contact = (
        get_object_or_404(ContactPerson, pk=contact_id, company=company) if contact_id else None
    )
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST":
        if "delete" in request.POST and contact:
            company_domain.delete_contact(contact=contact, user=request.user)
            return redirect(company)
        if form.is_valid():
            company_domain.save_contact(
                company=company, contact=contact, user=request.user, **form.cleaned_data
            )
            messages.success(request, _("Saved."))
            return redirect(company)
    return render(
        request,
        "companies/contact_form.html",
        {"form": form, "company": company, "contact": contact},
    )


# ------------------------------------------------------------------------------------ map


@login_required
def company_map(request):
    _require(request, "companies.view_company")
    filterset = _filtered(request)
    return render(
        request,
        "companies/company_map.html",
        {
            "filter": filterset,
            "query": request.GET.urlencode(),
            "demo_shapes": queries.has_demo_shapes(),
        },
    )


@login_required
def map_data(request):
    """Companies as compact GeoJSON (properties: i = id, n = name, s = WZ section, a = inside),
    cached per filter until the register changes (see docs/benchmarks.md for timings)."""
    _require(request, "companies.view_company")
    filterset = CompanyFilter(request.GET, queryset=Company.objects.all())
    if not filterset.is_valid():
        return JsonResponse({"errors": filterset.errors}, status=400)
    body = presenters.map_data_body(filterset.qs, filter_key=request.GET.urlencode())
    return HttpResponse(body, content_type=GEOJSON)


@login_required
def map_areas(request):
    """Districts and areas as GeoJSON."""
    _require(request, "companies.view_area")
    return HttpResponse(presenters.areas_body(queries.areas_geojson()), content_type=GEOJSON)


# ------------------------------------------------------------------------------------ WZ


@login_required
def wz_browser(request):
    query = request.GET.get("q", "")
    codes = list(queries.search_wz(query))
    counts = queries.wz_company_counts(codes)
    for w in codes:
        w.n_companies = counts.get(w.pk)
    return render(
        request,
        "companies/wz_browser.html",
        {"codes": codes, "q": query, "counts": counts, "total": WzCode.objects.count()},
    )


@login_required
def wz_detail(request, code: str):
    wz = get_object_or_404(WzCode, code=code)
    return render(
        request,
        "companies/wz_detail.html",
        {
            "wz": wz,
            "ancestors": queries.wz_ancestors(wz),
            "children": wz.children.all(),
            "company_count": queries.wz_company_count(wz),
            "list_url": reverse("companies:company_list") + f"?wz={wz.code}",
        },
    )


# ------------------------------------------------------------------------------------ areas


@login_required
def area_list(request):
    _require(request, "companies.view_area")
    return render(
        request,
        "companies/area_list.html",
        {
            "areas": queries.areas_with_districts(),
            "layers": queries.district_layers_with_counts(),
            "can_edit": request.user.has_perm("companies.change_area"),
            **queries.placement_summary(),
            "demo_shapes": queries.has_demo_shapes(),
        },
    )


@login_required
def area_detail(request, pk: int):
    _require(request, "companies.view_area")
    area = get_object_or_404(Area.objects.prefetch_related("districts"), pk=pk)
    return render(request, "companies/area_detail.html", {"area": area})


@login_required
def area_edit(request, pk: int | None = None):
    _require(request, "companies.change_area")
    area = get_object_or_404(Area, pk=pk) if pk else None
    form = AreaForm(request.POST or None, instance=area)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            area = district_domain.save_area(
                area=area, name=d["name"], description=d["description"],
                is_programme_area=d["is_programme_area"], districts=list(d["districts"]),
                drawn_geometry=d["drawn_geometry"], user=request.user,
            )  # fmt: skip
        except GeoError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Saved. Companies are being placed again."))
            return redirect("companies:area_list")
    return render(request, "companies/area_form.html", {"form": form, "area": area})


@login_required
def postcode_import(request, pk: int):
    """The office replaces an area's postcode ↔ district table (all or nothing)."""
    _require(request, "companies.change_area")
    area = get_object_or_404(Area, pk=pk)
    form = PostcodeImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = postcode_domain.import_postcode_districts(
                area=area, data=upload.read(), file_name=upload.name, user=request.user
            )
        except postcode_domain.PostcodeImportError as exc:
            problems = exc.problems
            form.add_error("file", exc.reason)
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            messages.success(
                request,
                _("%(n)s postcodes in %(d)s districts imported. Companies are being placed again.")
                % {"n": result.postcodes, "d": len(result.districts)},
            )
            return redirect(area)
    return render(
        request,
        "companies/postcode_import.html",
        {"form": form, "area": area, "problems": problems,
         "table": postcode_domain.postcode_table(area)},
    )  # fmt: skip


@login_required
def district_import(request):
    _require(request, "companies.change_area")
    form = DistrictImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            result = district_domain.import_districts(
                data=d["file"].read(), layer=d["layer"], number_property=d["number_property"],
                name_property=d["name_property"], crs=d["crs"], source=d["file"].name,
                replace_layer=d["replace_layer"],
            )  # fmt: skip
        except GeoError as exc:
            add_to_form(form, exc)
        else:
            district_domain.schedule_placement()
            messages.success(
                request,
                _("%(c)s districts created, %(u)s updated (CRS %(crs)s).")
                % {"c": result.created, "u": result.updated, "crs": result.crs},
            )
            for problem in result.skipped:
                messages.warning(request, problem)
            return redirect("companies:area_list")
    return render(request, "companies/district_import.html", {"form": form})


@login_required
@require_POST
def place_now(request):
    _require(request, "companies.change_area")
    district_domain.schedule_placement()
    messages.success(request, _("Companies are being placed again."))
    return redirect("companies:area_list")


# ------------------------------------------------------------------------------------ duplicates


@login_required
def duplicate_list(request):
    _require(request, "companies.merge_company")
    pairs = queries.duplicate_pairs(limit=100)
    return render(
        request,
        "companies/duplicate_list.html",
        {"pairs": pairs, "decisions": queries.not_duplicate_decisions()},
    )


@login_required
@limited(group="company-search", rate="240/m", methods=("GET",))
def company_search(request):
    """Companies matching the typed text, as JSON for the company picker (at most 20)."""
    _require(request, "companies.view_company")
    value_field = "public_id" if request.GET.get("value") == "public_id" else "pk"
    found, more = queries.search_companies(request.GET.get("q", "")[:200])
    return JsonResponse(
        {"results": [picker_result(c, value_field=value_field) for c in found], "more": more}
    )


@login_required
@require_POST
def not_duplicate(request, first_id, second_id):
    """The office marks a suggested pair as different companies; it is not suggested again."""
    _require(request, "companies.merge_company")
    first = get_object_or_404(Company, public_id=first_id)
    second = get_object_or_404(Company, public_id=second_id)
    try:
        mark_not_duplicate(
            company=first, other=second, reason=request.POST.get("reason", ""), user=request.user
        )
    except DomainError as exc:
        messages.error(request, exc.reason)
    else:
        messages.success(
            request,
            _("%(a)s and %(b)s are kept apart and not suggested again.")
            % {"a": first, "b": second},
        )
    return redirect("companies:duplicate_list")


@login_required
@require_POST
def not_duplicate_withdraw(request, pk: int):
    _require(request, "companies.merge_company")
    decision = get_object_or_404(NotDuplicate, pk=pk)
    withdraw_not_duplicate(decision=decision, user=request.user)
    messages.success(request, _("The pair may be suggested again."))
    return redirect("companies:duplicate_list")


@login_required
def company_merge(request, keep_id, remove_id):
    _require(request, "companies.merge_company")
    keep = get_object_or_404(Company, public_id=keep_id)
    remove = get_object_or_404(Company, public_id=remove_id)
    if keep.pk == remove.pk:
        raise Http404
    if request.method == "POST":
        merge_companies(keep=keep, remove=remove, user=request.user)
        messages.success(
            request, _("%(removed)s merged into %(kept)s.") % {"removed": remove, "kept": keep}
        )
        return redirect(keep)
    return render(request, "companies/company_merge.html", {"keep": keep, "remove": remove})


from verbund.companies.views.imports import (  # noqa: E402
    import_apply,
    import_detail,
    import_list,
    import_mapping,
    import_recheck,
)

__all__ = ["import_apply", "import_detail", "import_list", "import_mapping", "import_recheck"]
