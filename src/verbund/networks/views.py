"""Thin views: load, check the permission, call the domain, render.

A network the user may not see answers 404 (so its existence is not revealed); an action on a
network the user may see but not change answers 403. Forms keep what was typed when the domain
refuses, with the message on the field it concerns.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbund.core.cache import public_page
from verbund.core.errors import DomainError, add_to_form
from verbund.core.exports import export_response
from verbund.core.permissions import require, visible_or_404
from verbund.core.sheets import network_sections_for
from verbund.networks.domain import activities as act_domain
from verbund.networks.domain import catalogue as cat_domain
from verbund.networks.domain import members as mem_domain
from verbund.networks.domain import networks as net_domain
from verbund.networks.domain import queries
from verbund.networks.enums import MemberRole
from verbund.networks.interfaces import charts, presenters
from verbund.networks.interfaces.forms import (
    ActivityForm,
    ActorForm,
    FeeForm,
    MeasureForm,
    MemberForm,
    MembershipEditForm,
    NetworkEditForm,
    NetworkForm,
    OptionForm,
    PhaseForm,
    PublicForm,
    ReturnForm,
)
from verbund.networks.models import Evidence, JoinRequest, Measure, Membership, Network


def _network(request, slug: str, perm: str = "networks.view_network") -> Network:
    return visible_or_404(request, perm, queries.network_by_slug(slug))


def _internal(request, slug: str) -> Network:
    return _network(request, slug, "networks.view_internal")


def _as_of(request):
    """The day the health figures are computed for (?on=YYYY-MM-DD; default today)."""
    try:
        return dt.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return timezone.localdate()


def _context(request, network: Network, tab: str, **extra) -> dict:
    user = request.user
    return {
        "network": network,
        "tab": tab,
        "can": {
            "internal": user.has_perm("networks.view_internal", network),
            "change": user.has_perm("networks.change_network", network),
            "members": user.has_perm("networks.manage_members", network),
            "catalogue": user.has_perm("networks.edit_catalogue", network),
            "approve": user.has_perm("networks.approve_catalogue", network),
            "activity": user.has_perm("networks.record_activity", network),
        },
        **extra,
    }


# Lists ------------------------------------------------------------------------------------------


@public_page
def network_list(request):
    networks = list(queries.visible_networks(request.user).order_by("name", "pk"))
    return render(request, "networks/list.html", {"networks": networks})


@login_required
def my_networks(request):
    networks = list(queries.networks_of_user(request.user).order_by("name", "pk"))
    return render(request, "networks/mine.html", {"networks": networks})


@login_required
def overview(request):
    require(request, "networks.view_overview")
    today = _as_of(request)
    data = queries.programme_overview(request.user, today=today)
    rows = [
        {
            "network": n,
            "health": h,
            "light": presenters.light_text(h.light),
            "reasons": [presenters.reason_text(r) for r in h.reasons],
            "committed": presenters.percent(h.committed_share),
            "active": presenters.percent(h.active_share),
        }
        for n, h in data["rows"]
    ]
    ideas = list(queries.selected_ideas_without_network())
    return render(request, "networks/overview.html", {**data, "rows": rows, "ideas": ideas})


# Creating networks ------------------------------------------------------------------------------


@login_required
def network_create(request):
    require(request, "networks.add_network")
    form = NetworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            network = net_domain.create_network(user=request.user, **form.cleaned_data)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Network created."))
            return redirect("networks:detail", network.slug)
    return render(request, "networks/network_form.html", {"form": form})


@login_required
@require_POST
def network_from_idea(request, submission_pk: int):
    require(request, "networks.add_network")
    from verbund.competitions.models import Submission

    submission = get_object_or_404(Submission, pk=submission_pk)
    try:
        network = net_domain.create_network_from_submission(
            submission=submission, user=request.user
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("networks:overview")
    messages.success(request, _("The idea is now a network."))
    return redirect("networks:detail", network.slug)


# One network ------------------------------------------------------------------------------------


@public_page
def network_detail(request, slug: str):
    network = _network(request, slug)
    members = list(queries.public_members(network))
    results = list(queries.activities(network, public_only=True))
    return render(
        request,
        "networks/detail.html",
        _context(
            request, network, "detail", members=members, results=results,
            goals=network.tr("goals"),
            joinable=list(queries.companies_that_may_ask_to_join(request.user, network)),
            measures=list(queries.catalogue(network)) if network.catalogue_state == "approved"
            else [],
            phase_form=PhaseForm(initial={"phase": network.phase, "changed_on": timezone.localdate()}),
            public_form=PublicForm(initial={"is_public": network.is_public}),
        ),
    )  # fmt: skip


@login_required
@require_POST
def network_phase(request, slug: str):
    network = _internal(request, slug)
    require(request, "networks.change_network", network)
    form = PhaseForm(request.POST)
    if form.is_valid():
        try:
            net_domain.change_phase(
                network=network, phase=form.cleaned_data["phase"], on=form.cleaned_data["changed_on"],
                note=form.cleaned_data["note"], user=request.user,
            )  # fmt: skip
            messages.success(request, _("Phase changed."))
        except DomainError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("Enter a phase and a date."))
    return redirect("networks:detail", network.slug)


@login_required
@require_POST
def network_public(request, slug: str):
    network = _internal(request, slug)
    require(request, "networks.change_network", network)
    is_public = request.POST.get("is_public") == "on"
    net_domain.update_network(network=network, user=request.user, is_public=is_public)
    messages.success(request, _("Saved."))
    return redirect("networks:detail", network.slug)


@login_required
def network_edit(request, slug: str):
    network = _internal(request, slug)
    require(request, "networks.change_network", network)
    if request.method == "POST":
        form = NetworkEditForm(request.POST)
        if form.is_valid():
            try:
                net_domain.update_network(network=network, user=request.user, **form.cleaned_data)
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("networks:detail", network.slug)
    else:
        form = NetworkEditForm(initial=NetworkEditForm.initial_for(network))
    actors = list(
        network.actors.select_related("user", "company").order_by("kind", "user__username")
    )
    return render(
        request,
        "networks/network_edit.html",
        _context(request, network, "detail", form=form, actors=actors, actor_form=ActorForm()),
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def actor_add(request, slug: str):
    network = _internal(request, slug)
    require(request, "networks.change_network", network)
    form = ActorForm(request.POST)
    if form.is_valid():
        try:
            net_domain.add_actor(
                network=network, user_to_add=form.cleaned_data["username"],
                kind=form.cleaned_data["kind"], company=form.cleaned_data["company"],
                user=request.user,
            )  # fmt: skip
            messages.success(request, _("Saved."))
        except DomainError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("networks:edit", network.slug)


# Members ----------------------------------------------------------------------------------------


def _members_page(request, network, *, form=None, status=200):
    today = timezone.localdate()
    ways = queries.is_committed_map(network, today=today)
    own = queries.own_company_ids(request.user, network)
    can_manage = request.user.has_perm("networks.manage_members", network)
    rows = [
        {
            "membership": m,
            "committed": bool(ways.get(m.pk)),
            "ways": presenters.way_texts(ways.get(m.pk, [])),
            "may_leave": m.left is None and (can_manage or m.company_id in own),
            "own": m.company_id in own,
        }
        for m in queries.memberships(network)
    ]
    return render(
        request,
        "networks/members.html",
        _context(
            request, network, "members", rows=rows, roles=MemberRole.choices,
            form=form or (MemberForm(initial={"joined": today}) if can_manage else None),
            requests=list(queries.open_join_requests(network)) if can_manage else [],
            today=today,
        ),
        status=status,
    )  # fmt: skip


@login_required
def network_members(request, slug: str):
    return _members_page(request, _internal(request, slug))


@login_required
def members_export(request, slug: str, fmt: str):
    network = _internal(request, slug)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    ways = queries.is_committed_map(network, today=timezone.localdate())
    header = [_("Company"), _("City"), _("Role"), _("in the programme area"), _("joined"),
              _("left"), _("committed")]  # fmt: skip
    rows = (
        [m.company.name, m.company.city, m.get_role_display(), m.company.get_placement_display(),
         m.joined, m.left, bool(ways.get(m.pk))]
        for m in queries.memberships(network)
    )  # fmt: skip
    return export_response(
        header=header, rows=rows, fmt=fmt, filename=f"{network.slug}-members", sheet=_("Members")
    )


@login_required
@require_POST
def join_request(request, slug: str):
    """A signed-in user asks to join for a company they work for (the carrier decides)."""
    network = _network(request, slug)
    company = queries.company_of_user_for_join(request.user, network, request.POST.get("company"))
    if company is None:
        raise Http404
    try:
        mem_domain.request_join(
            network=network, company=company, user=request.user,
            message=request.POST.get("message", "")[:2000],
        )  # fmt: skip
        messages.success(request, _("Your request has been sent to the carrier."))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("networks:detail", network.slug)


@login_required
@require_POST
def member_add(request, slug: str):
    network = _internal(request, slug)
    require(request, "networks.manage_members", network)
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            mem_domain.add_member(network=network, user=request.user, **form.cleaned_data)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Member added."))
            return redirect("networks:members", network.slug)
    return _members_page(request, network, form=form, status=400)


def _membership(request, slug: str, pk: int) -> Membership:
    network = _internal(request, slug)
    return get_object_or_404(
        Membership.objects.select_related("network", "company"), pk=pk, network=network
    )


@login_required
@require_POST
def member_leave(request, slug: str, pk: int):
    membership = _membership(request, slug, pk)
    require(request, "networks.leave_membership", membership)
    try:
        mem_domain.leave(membership=membership, user=request.user)
        messages.success(
            request, _("%(company)s has left the network.") % {"company": membership.company}
        )
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("networks:members", slug)


@login_required
@require_POST
def member_update(request, slug: str, pk: int):
    membership = _membership(request, slug, pk)
    require(request, "networks.manage_members", membership.network)
    form = MembershipEditForm(request.POST)
    if form.is_valid():
        mem_domain.update_membership(membership=membership, user=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Choose a role."))
    return redirect("networks:members", slug)


@login_required
@require_POST
def member_fee(request, slug: str, pk: int):
    membership = _membership(request, slug, pk)
    require(request, "networks.manage_members", membership.network)
    form = FeeForm(request.POST)
    if form.is_valid():
        try:
            mem_domain.record_fee(membership=membership, user=request.user, **form.cleaned_data)
            messages.success(request, _("Fee recorded."))
        except DomainError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("Enter year and amount."))
    return redirect("networks:members", slug)


@login_required
@require_POST
def join_decide(request, slug: str, pk: int):
    network = _internal(request, slug)
    require(request, "networks.manage_members", network)
    join_request = get_object_or_404(JoinRequest, pk=pk, network=network)
    try:
        mem_domain.decide_join(
            join_request=join_request, accept=request.POST.get("accept") == "1", user=request.user
        )
        messages.success(request, _("Request decided."))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("networks:members", slug)


# Catalogue --------------------------------------------------------------------------------------


@login_required
def network_catalogue(request, slug: str, *, return_form=None, status=200):
    network = _internal(request, slug)
    return render(
        request,
        "networks/catalogue.html",
        _context(
            request, network, "catalogue", measures=list(queries.catalogue(network)),
            changes=cat_domain.catalogue_changes_since_approval(network),
            return_form=return_form or ReturnForm(),
            versions=list(network.catalogue_versions.select_related("approved_by")),
        ),
        status=status,
    )  # fmt: skip


def _measure_page(request, network, form, measure=None, status=200):
    return render(
        request,
        "networks/measure_form.html",
        _context(request, network, "catalogue", form=form, measure=measure),
        status=status,
    )


@login_required
def measure_create(request, slug: str):
    network = _internal(request, slug)
    require(request, "networks.edit_catalogue", network)
    form = MeasureForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        try:
            cat_domain.create_measure(
                network=network, user=request.user,
                participants=list(form.cleaned_data["participants"]), **form.domain_values(),
            )  # fmt: skip
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Measure saved."))
            return redirect("networks:catalogue", network.slug)
    return _measure_page(request, network, form, status=400 if form.errors else 200)


def _measure(request, slug: str, pk: int) -> tuple[Network, Measure]:
    network = _internal(request, slug)
    return network, get_object_or_404(Measure, pk=pk, network=network)


@login_required
def measure_edit(request, slug: str, pk: int):
    network, measure = _measure(request, slug, pk)
    require(request, "networks.edit_catalogue", network)
    if request.method == "POST":
        form = MeasureForm(request.POST, network=network)
        if form.is_valid():
            try:
                cat_domain.update_measure(
                    measure=measure, user=request.user,
                    participants=list(form.cleaned_data["participants"]), **form.domain_values(),
                )  # fmt: skip
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("Measure saved."))
                return redirect("networks:catalogue", network.slug)
    else:
        form = MeasureForm(initial=MeasureForm.initial_for(measure), network=network)
    option_form = OptionForm(network=network)
    return render(
        request,
        "networks/measure_form.html",
        _context(request, network, "catalogue", form=form, measure=measure, option_form=option_form,
                 options=list(measure.options.prefetch_related("companies"))),
        status=400 if form.errors else 200,
    )  # fmt: skip


@login_required
@require_POST
def measure_delete(request, slug: str, pk: int):
    network, measure = _measure(request, slug, pk)
    require(request, "networks.edit_catalogue", network)
    try:
        cat_domain.delete_measure(measure=measure, user=request.user)
        messages.success(request, _("Measure deleted."))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("networks:catalogue", network.slug)


@login_required
@require_POST
def option_add(request, slug: str, pk: int):
    network, measure = _measure(request, slug, pk)
    require(request, "networks.edit_catalogue", network)
    form = OptionForm(request.POST, network=network)
    if form.is_valid():
        try:
            cat_domain.add_option(measure=measure, user=request.user, **form.cleaned_data)
            messages.success(request, _("Realization option added."))
        except DomainError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("Describe the realization option."))
    return redirect("networks:measure_edit", network.slug, measure.pk)


@login_required
@require_POST
def catalogue_submit(request, slug: str):
    network = _internal(request, slug)
    require(request, "networks.submit_catalogue", network)
    try:
        cat_domain.submit_catalogue(network=network, user=request.user)
        messages.success(request, _("Catalogue submitted to the office."))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("networks:catalogue", network.slug)


@login_required
@require_POST
def catalogue_approve(request, slug: str):
    network = _internal(request, slug)
    require(request, "networks.approve_catalogue", network)
    try:
        version = cat_domain.approve_catalogue(network=network, user=request.user)
        messages.success(request, _("Catalogue approved (version %(n)s).") % {"n": version.number})
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("networks:catalogue", network.slug)


@login_required
@require_POST
def catalogue_return(request, slug: str):
    network = _internal(request, slug)
    require(request, "networks.approve_catalogue", network)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            cat_domain.return_catalogue(
                network=network, comment=form.cleaned_data["comment"], user=request.user
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Catalogue sent back to the carrier."))
            return redirect("networks:catalogue", network.slug)
    return network_catalogue(request, slug, return_form=form, status=400)


# Activities -------------------------------------------------------------------------------------


@login_required
def network_activities(request, slug: str):
    network = _internal(request, slug)
    form = None
    if request.user.has_perm("networks.record_activity", network):
        form = ActivityForm(request.POST or None, request.FILES or None, network=network)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            upload = data.pop("evidence")
            try:
                act_domain.record_activity(
                    network=network, user=request.user, evidence=[upload] if upload else [],
                    participants=list(data.pop("participants")), **data,
                )  # fmt: skip
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("Activity recorded."))
                return redirect("networks:activities", network.slug)
    elif request.method == "POST":
        require(request, "networks.record_activity", network)
    return render(
        request,
        "networks/activities.html",
        _context(request, network, "activities", activities=list(queries.activities(network)),
                 form=form),
        status=400 if form is not None and form.errors else 200,
    )  # fmt: skip


@login_required
def evidence_download(request, slug: str, pk: int):
    network = _internal(request, slug)
    item = get_object_or_404(Evidence, pk=pk, activity__network=network)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=item.name)


# Health -----------------------------------------------------------------------------------------


@login_required
def network_health(request, slug: str):
    network = _internal(request, slug)
    today = _as_of(request)
    h = queries.health_of(network, today=today)
    return render(
        request,
        "networks/health.html",
        _context(
            request, network, "health", health=h, light=presenters.light_text(h.light), today=today,
            reasons=[presenters.reason_text(r) for r in h.reasons],
            committed=presenters.percent(h.committed_share),
            active=presenters.percent(h.active_share),
            density=presenters.percent(h.density),
            centralisation=presenters.percent(h.centralisation),
            carrier_share=presenters.percent(h.carrier_share),
            cut_off_share=presenters.percent(h.cut_off_share),
            members_chart=charts.members_chart(h), ties_chart=charts.ties_chart(h),
            graph=charts.graph_chart(h, h.nodes, network.carrier_company_id),
            sections=network_sections_for(network, request.user),
        ),
    )  # fmt: skip
