"""Company self-service: claim a register entry, edit the profile, manage consent field by field,
invite further admins, ask to join a network. Every view checks that the user administers the
company it acts on (404 otherwise, so other companies' pages are not revealed)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbund.companies.models import Company
from verbund.core.errors import DomainError, add_to_form
from verbund.core.ratelimit import limited
from verbund.core.rules import is_office
from verbund.portal.domain import claims as claim_domain
from verbund.portal.domain import members as member_domain
from verbund.portal.domain import profiles as profile_domain
from verbund.portal.domain import queries
from verbund.portal.enums import ConsentSource, PublicField
from verbund.portal.interfaces.forms import (
    ClaimForm,
    ConsentForm,
    InviteForm,
    JoinForm,
    PaperConsentForm,
    ProfileForm,
)
from verbund.portal.models import CompanyAdmin, CompanyClaim


def _company(public_id) -> Company:
    company = Company.objects.select_related("portal_profile").filter(public_id=public_id).first()
    if company is None:
        raise Http404
    return company


def _administered(request, public_id) -> Company:
    company = _company(public_id)
    if not (queries.is_admin_of(request.user, company) or is_office(request.user)):
        raise Http404
    return company


@login_required
def my_portal(request):
    companies = list(queries.administered_companies(request.user))
    return render(
        request,
        "portal/my.html",
        {
            "companies": companies,
            "claims": list(queries.claims_of(request.user).exclude(state="confirmed")),
            "posts": list(queries.posts_of_companies(companies)),
            "memberships": list(queries.member_networks_of(companies)),
            "moderates": list(queries.carried_networks(request.user)),
        },
    )


@login_required
@limited(group="portal-claim", rate="60/h", methods=("GET", "POST"))
def claim_search(request):
    query = request.GET.get("q", "")
    found = list(queries.claimable_companies(query))
    return render(request, "portal/claim_search.html", {"query": query, "found": found})


@login_required
@limited(group="portal-claim-post", rate="10/h")
def claim_company(request, public_id):
    company = _company(public_id)
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            claim, _token = claim_domain.claim_company(
                company=company, user=request.user, message=form.cleaned_data["message"]
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            if claim.email_sent_to:
                messages.success(request, _("We have sent a confirmation link to the company's "
                                            "address in the register; the office can confirm too."))  # fmt: skip
            else:
                messages.success(request, _("The office will confirm your claim."))
            return redirect("portal:my")
    return render(
        request, "portal/claim_form.html", {"company": company, "form": form},
        status=400 if form.errors else 200,
    )  # fmt: skip


@login_required
def claim_confirm(request, token: str):
    if request.method == "POST":
        try:
            claim = claim_domain.confirm_claim_by_token(token=token, user=request.user)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("portal:my")
        messages.success(request, _("Confirmed: you now administer %(company)s.")
                         % {"company": claim.company})  # fmt: skip
        return redirect("portal:profile_edit", claim.company.public_id)
    return render(request, "portal/confirm.html", {"action": _("Confirm the claim")})


@login_required
@require_POST
def claim_withdraw(request, pk: int):
    claim = get_object_or_404(CompanyClaim, pk=pk, user=request.user)
    try:
        claim_domain.withdraw_claim(claim=claim, user=request.user)
        messages.success(request, _("Claim withdrawn."))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("portal:my")


@login_required
def profile_edit(request, public_id):
    company = _administered(request, public_id)
    profile = queries.profile_of(company)
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                profile_domain.update_profile(
                    company=company, user=request.user, logo=data.pop("logo"),
                    remove_logo=data.pop("remove_logo"), website=data.pop("website"), **data,
                )  # fmt: skip
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("Profile saved."))
                return redirect("portal:profile_edit", company.public_id)
    else:
        form = ProfileForm(initial=ProfileForm.initial_for(profile) or {
            "competences": company.competences, "offers": company.offers,
            "website": company.website,
        })  # fmt: skip
    return render(
        request,
        "portal/profile_edit.html",
        _company_context(request, company, form=form, tab="profile"),
        status=400 if form.errors else 200,
    )


def _company_context(request, company, **extra) -> dict:
    profile = queries.profile_of(company)
    return {
        "company": company,
        "profile": profile,
        "public": queries.public_profile(company),
        "is_admin": queries.is_admin_of(request.user, company),
        **extra,
    }


@login_required
def consent_edit(request, public_id):
    company = _administered(request, public_id)
    profile = queries.profile_of(company)
    paper = not queries.is_admin_of(request.user, company)  # the office records paper consent
    form_class = PaperConsentForm if paper else ConsentForm
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                profile_domain.set_consent(
                    company=company, user=request.user, fields=form.cleaned_data["public"],
                    source=ConsentSource.PAPER if paper else ConsentSource.SELF_SERVICE,
                    note=form.cleaned_data.get("consent_note", ""),
                )  # fmt: skip
            except DomainError as error:
                add_to_form(form, error)
                if error.field == "name":
                    form.add_error("public", error.reason)
            else:
                messages.success(request, _("Consent saved."))
                return redirect("portal:consent_edit", company.public_id)
    else:
        form = form_class(initial={"public": sorted(profile.consented()) if profile else []})
    return render(
        request,
        "portal/consent_edit.html",
        _company_context(
            request, company, form=form, tab="consent", paper=paper, fields=PublicField.choices
        ),
        status=400 if form.errors else 200,
    )


@login_required
def admins(request, public_id):
    company = _administered(request, public_id)
    form = InviteForm()
    return render(
        request,
        "portal/admins.html",
        _company_context(
            request, company, form=form, tab="admins", admins=list(queries.admins_of(company))
        ),
    )


@login_required
@require_POST
@limited(group="portal-invite", rate="20/h")
def admin_invite(request, public_id):
    company = _administered(request, public_id)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            claim_domain.invite_admin(
                company=company, email=form.cleaned_data["email"], user=request.user
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Invitation sent."))
            return redirect("portal:admins", company.public_id)
    return render(
        request,
        "portal/admins.html",
        _company_context(
            request, company, form=form, tab="admins", admins=list(queries.admins_of(company))
        ),
        status=400,
    )


@login_required
@require_POST
def admin_remove(request, public_id, pk: int):
    company = _administered(request, public_id)
    admin = get_object_or_404(CompanyAdmin, pk=pk, company=company)
    try:
        claim_domain.remove_admin(admin=admin, user=request.user)
        messages.success(request, _("Admin removed."))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("portal:admins", company.public_id)


@login_required
def invitation_accept(request, token: str):
    if request.method == "POST":
        try:
            admin = claim_domain.accept_invitation(token=token, user=request.user)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("portal:my")
        messages.success(request, _("You now administer %(company)s.") % {"company": admin.company})
        return redirect("portal:profile_edit", admin.company.public_id)
    return render(request, "portal/confirm.html", {"action": _("Become an admin of the company")})


def _joinable(company):
    from verbund.networks.models import JoinRequest, Membership

    member_of = Membership.objects.filter(company=company, left__isnull=True).values("network_id")
    asked = JoinRequest.objects.filter(company=company, state="open").values("network_id")
    return list(queries.public_networks().exclude(pk__in=member_of).exclude(pk__in=asked))


@login_required
@limited(group="portal-join", rate="20/h")
def join(request, public_id):
    company = _administered(request, public_id)
    networks = _joinable(company)
    initial = {"network": request.GET.get("network", "")}
    form = JoinForm(request.POST or None, networks=networks, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            member_domain.ask_to_join(
                user=request.user, network=form.cleaned_data["network"], company=company,
                message=form.cleaned_data["message"],
            )  # fmt: skip
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Your request has been sent to the carrier."))
            return redirect("portal:my")
    return render(
        request,
        "portal/join.html",
        _company_context(request, company, form=form, tab="join", networks=networks),
        status=400 if form.errors else 200,
    )
