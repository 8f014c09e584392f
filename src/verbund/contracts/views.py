"""Thin views: load, check the permission, call the domain, render.

A contract the user may not see answers 404 (so its existence is not revealed); an action on a
contract the user may see but not take answers 403. A refusal of the domain shows at the field and
keeps what was typed; nothing is saved.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbund.contracts.domain import contracts as contract_domain
from verbund.contracts.domain import milestones as milestone_domain
from verbund.contracts.domain import payments as payment_domain
from verbund.contracts.domain import queries, states
from verbund.contracts.enums import MilestoneState
from verbund.contracts.interfaces import presenters
from verbund.contracts.interfaces.forms import (
    AmendmentForm,
    AwardForm,
    CommentForm,
    EvidenceForm,
    MilestoneForm,
    PaymentForm,
    RecoveryForm,
    SubgrantForm,
)
from verbund.contracts.models import Contract, Milestone, Payment
from verbund.core.errors import DomainError, add_to_form
from verbund.core.exports import FORMATS, export_response
from verbund.core.pdf import pdf_response, render_pdf
from verbund.core.permissions import require, visible_or_404


def _contract(request, pk: int) -> Contract:
    return visible_or_404(request, "contracts.view_contract", queries.contract_by_pk(pk))


def _milestone(request, pk: int, mpk: int) -> tuple[Contract, Milestone]:
    contract = _contract(request, pk)
    milestone = queries.milestone_in(contract, mpk)
    if milestone is None:
        raise Http404
    return contract, milestone


def _payment(request, pk: int, ppk: int) -> tuple[Contract, Payment]:
    contract = _contract(request, pk)
    payment = queries.payments_of(contract=contract).filter(pk=ppk).first()
    if payment is None:
        raise Http404
    return contract, payment


def _can(request, contract) -> dict:
    user = request.user
    return {
        "change": user.has_perm("contracts.change_contract", contract),
        "submit": user.has_perm("contracts.submit_evidence", contract),
        "review": user.has_perm("contracts.review_evidence", contract),
        "prepare": user.has_perm("contracts.prepare_payment", contract),
        "export": user.has_perm("contracts.export_payments"),
    }


# Lists ------------------------------------------------------------------------------------------


@login_required
def contract_list(request):
    """The office's overview of all contracts; a carrier's list of its own."""
    require(request, "contracts.view_list")
    today = timezone.localdate()
    contracts = list(queries.visible_contracts(request.user, today=today))
    budgets = queries.budgets_of(contracts)
    rows = [{"contract": c, "budget": budgets[c.pk]} for c in contracts]
    context = {"rows": rows, "today": today, "formats": FORMATS,
               "can_award": request.user.has_perm("contracts.award_contract"),
               "can_export": request.user.has_perm("contracts.export_payments")}  # fmt: skip
    return render(request, "contracts/list.html", context)


@login_required
def payments_export(request, fmt: str):
    require(request, "contracts.export_payments")
    if fmt not in FORMATS:
        raise Http404
    parts = queries.payments_for_export(request.user)
    return export_response(
        header=presenters.export_header(), rows=presenters.export_rows(parts), fmt=fmt,
        filename=f"zahlungen-{timezone.localdate():%Y-%m-%d}", sheet=_("Payments"),
    )  # fmt: skip


# Award ------------------------------------------------------------------------------------------


@login_required
def contract_award(request):
    require(request, "contracts.award_contract")
    form = AwardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contract = contract_domain.award_contract(user=request.user, **form.cleaned_data)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Contract awarded."))
            return redirect(contract)
    return render(request, "contracts/form.html", {"form": form, "title": _("Award a contract")})


# Contract ---------------------------------------------------------------------------------------


def _detail_context(request, contract: Contract) -> dict:
    today = timezone.localdate()
    milestones = list(queries.milestones_of(contract))
    for m in milestones:
        m.overdue = queries.is_overdue(m, today=today)
    amendments = [
        (a, presenters.amendment_lines(a.changes)) for a in contract.amendments.order_by("number")
    ]
    return {
        "contract": contract,
        "milestones": milestones,
        "budget": queries.budget_of(contract),
        "needs_project_amendment": queries.needs_project_amendment(contract),
        "amendments": amendments,
        "payments": list(queries.payments_of(contract=contract)),
        "today": today,
    }


@login_required
def contract_detail(request, pk: int):
    contract = _contract(request, pk)
    context = _detail_context(request, contract)
    return render(request, "contracts/detail.html", {**context, "can": _can(request, contract)})


@login_required
def contract_pdf(request, pk: int):
    contract = _contract(request, pk)
    pdf = render_pdf(
        "contracts/contract_pdf.html", _detail_context(request, contract), request=request
    )
    return pdf_response(pdf, filename=f"{contract.number}-{get_language() or 'de'}.pdf")


@login_required
def milestone_add(request, pk: int):
    contract = _contract(request, pk)
    require(request, "contracts.change_contract", contract)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            milestone_domain.add_milestone(contract=contract, user=request.user, **form.values())
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Milestone added."))
            return redirect(contract)
    title = _("New milestone of %(contract)s") % {"contract": contract}
    return render(request, "contracts/form.html", {"form": form, "title": title, "back": contract})


@login_required
def milestone_edit(request, pk: int, mpk: int):
    contract, milestone = _milestone(request, pk, mpk)
    require(request, "contracts.change_contract", contract)
    form = MilestoneForm(request.POST or None, instance=Milestone.objects.get(pk=milestone.pk))
    if request.method == "POST" and form.is_valid():
        try:
            milestone_domain.update_milestone(
                milestone=milestone, user=request.user, **form.values()
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Milestone saved."))
            return redirect(milestone)
    title = _("Edit milestone “%(title)s”") % {"title": milestone}
    return render(request, "contracts/form.html", {"form": form, "title": title, "back": milestone})


@login_required
def contract_amend(request, pk: int):
    contract = _contract(request, pk)
    require(request, "contracts.change_contract", contract)
    milestones = list(contract.milestones.order_by("due_date", "pk"))
    form = AmendmentForm(request.POST or None, contract=contract, milestones=milestones)
    if request.method == "POST" and form.is_valid():
        try:
            amendment = contract_domain.amend_contract(
                contract=contract, user=request.user, **form.values()
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Amendment %(n)s recorded.") % {"n": amendment.number})
            return redirect(contract)
    title = _("Amend %(contract)s") % {"contract": contract}
    return render(request, "contracts/form.html", {"form": form, "title": title, "back": contract})


# Milestone and evidence -------------------------------------------------------------------------


def _milestone_context(request, contract, milestone, **forms) -> dict:
    can = _can(request, contract)
    actions = states.actions_from(milestone.state)
    return {
        "contract": contract,
        "milestone": milestone,
        "files": list(queries.evidence_files(milestone)),
        "checklist": list(milestone.checklist.annotate(n_files=Count("files"))),
        "transitions": list(queries.transitions(milestone)),
        "payments": list(queries.payments_of(milestone=milestone)),
        "overdue": queries.is_overdue(milestone, today=timezone.localdate()),
        "can": can,
        "can_upload": can["submit"]
        and milestone.state in (MilestoneState.DRAFT, MilestoneState.CHANGES_REQUESTED),
        "carrier_actions": [(a, ACTION_LABELS[a]) for a in actions if a in states.CARRIER_ACTIONS]
        if can["submit"]
        else [],
        "office_actions": [(a, ACTION_LABELS[a]) for a in actions if a in states.OFFICE_ACTIONS]
        if can["review"]
        else [],
        "can_pay": can["prepare"] and milestone.state == MilestoneState.ACCEPTED,
        "upload_form": forms.get("upload_form") or EvidenceForm(milestone=milestone),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "payment_form": forms.get("payment_form") or PaymentForm(),
        "subgrant_form": forms.get("subgrant_form") or SubgrantForm(milestone=milestone),
    }


ACTION_LABELS = {
    "submit": gettext_lazy("Submit evidence"),
    "resubmit": gettext_lazy("Resubmit evidence"),
    "request_changes": gettext_lazy("Ask for changes"),
    "accept": pgettext_lazy("milestone action", "Accept"),
    "reject": gettext_lazy("Reject"),
}


@login_required
def milestone_detail(request, pk: int, mpk: int):
    contract, milestone = _milestone(request, pk, mpk)
    return render(
        request, "contracts/milestone.html", _milestone_context(request, contract, milestone)
    )


@login_required
def milestone_pdf(request, pk: int, mpk: int):
    contract, milestone = _milestone(request, pk, mpk)
    if milestone.state != MilestoneState.ACCEPTED:
        raise Http404
    context = _milestone_context(request, contract, milestone)
    pdf = render_pdf("contracts/milestone_pdf.html", context, request=request)
    return pdf_response(
        pdf, filename=f"{contract.number}-{milestone.pk}-{get_language() or 'de'}.pdf"
    )


@login_required
@require_POST
def evidence_upload(request, pk: int, mpk: int):
    contract, milestone = _milestone(request, pk, mpk)
    require(request, "contracts.submit_evidence", contract)
    form = EvidenceForm(request.POST, request.FILES, milestone=milestone)
    if form.is_valid():
        try:
            milestone_domain.upload_evidence(
                milestone=milestone, upload=form.cleaned_data["file"], user=request.user,
                checklist_item=form.cleaned_data["checklist_item"],
            )  # fmt: skip
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("File uploaded."))
            return redirect(milestone)
    context = _milestone_context(request, contract, milestone, upload_form=form)
    return render(request, "contracts/milestone.html", context, status=400)


@login_required
def evidence_download(request, pk: int, mpk: int, fpk: int):
    _contract_obj, milestone = _milestone(request, pk, mpk)
    item = milestone.files.filter(pk=fpk).first()
    if item is None:
        raise Http404
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=item.name)


def _transition_view(action: str, perm: str):
    @login_required
    @require_POST
    def view(request, pk: int, mpk: int):
        contract, milestone = _milestone(request, pk, mpk)
        require(request, perm, contract)
        form = CommentForm(request.POST)
        form.is_valid()
        text = form.cleaned_data.get("comment", "")
        kwargs = {"note": text} if action in states.CARRIER_ACTIONS else {"comment": text}
        try:
            milestone_domain.ACTIONS[action](milestone=milestone, user=request.user, **kwargs)
        except DomainError as error:
            add_to_form(form, error)
            context = _milestone_context(request, contract, milestone, comment_form=form)
            return render(request, "contracts/milestone.html", context, status=400)
        messages.success(request, _("Saved: %(action)s.") % {"action": ACTION_LABELS[action]})
        return redirect(milestone)

    view.__name__ = f"milestone_{action}"
    return view


milestone_submit = _transition_view("submit", "contracts.submit_evidence")
milestone_resubmit = _transition_view("resubmit", "contracts.submit_evidence")
milestone_request_changes = _transition_view("request_changes", "contracts.review_evidence")
milestone_accept = _transition_view("accept", "contracts.review_evidence")
milestone_reject = _transition_view("reject", "contracts.review_evidence")


@login_required
@require_POST
def milestone_subgrant(request, pk: int, mpk: int):
    """Record (or clear) the member company the milestone's money is passed on to (RCO02)."""
    contract, milestone = _milestone(request, pk, mpk)
    require(request, "contracts.change_contract", contract)
    form = SubgrantForm(request.POST, milestone=milestone)
    if form.is_valid():
        try:
            milestone_domain.mark_subgrant(
                milestone=milestone, company=form.cleaned_data["company"], user=request.user
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The sub-grant has been recorded."))
            return redirect("contracts:milestone", contract.pk, milestone.pk)
    context = _milestone_context(request, contract, milestone, subgrant_form=form)
    return render(request, "contracts/milestone.html", context, status=400)


# Payments ---------------------------------------------------------------------------------------


@login_required
@require_POST
def payment_prepare(request, pk: int, mpk: int):
    contract, milestone = _milestone(request, pk, mpk)
    require(request, "contracts.prepare_payment", contract)
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            payment = payment_domain.prepare_payment(
                milestone=milestone, amount=form.cleaned_data["amount"], user=request.user
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Payment prepared; another office user confirms it."))
            return redirect("contracts:payment", contract.pk, payment.pk)
    context = _milestone_context(request, contract, milestone, payment_form=form)
    return render(request, "contracts/milestone.html", context, status=400)


def _payment_context(request, contract, payment, **forms) -> dict:
    user = request.user
    return {
        "contract": contract,
        "payment": payment,
        "parts": list(payment.parts.all()),
        "recoveries": list(payment.recoveries.order_by("prepared_at", "pk")),
        "can_confirm": user.has_perm("contracts.confirm_payment", payment),
        "is_preparer": payment.prepared_by_id == user.pk,
        "can_recover": user.has_perm("contracts.prepare_payment", contract)
        and payment.kind == "payment"
        and payment.state == "confirmed",
        "recovery_form": forms.get("recovery_form") or RecoveryForm(),
        "error": forms.get("error"),
    }


@login_required
def payment_detail(request, pk: int, ppk: int):
    contract, payment = _payment(request, pk, ppk)
    return render(request, "contracts/payment.html", _payment_context(request, contract, payment))


@login_required
@require_POST
def payment_confirm(request, pk: int, ppk: int):
    contract, payment = _payment(request, pk, ppk)
    require(request, "contracts.confirm_payment", payment)
    try:
        payment_domain.confirm_payment(payment=payment, user=request.user)
    except DomainError as error:
        context = _payment_context(request, contract, payment, error=error)
        return render(request, "contracts/payment.html", context, status=400)
    messages.success(request, _("Payment confirmed."))
    return redirect("contracts:payment", contract.pk, payment.pk)


@login_required
@require_POST
def payment_recover(request, pk: int, ppk: int):
    contract, payment = _payment(request, pk, ppk)
    require(request, "contracts.prepare_payment", contract)
    form = RecoveryForm(request.POST)
    if form.is_valid():
        try:
            recovery = payment_domain.record_recovery(
                payment=payment, user=request.user, **form.cleaned_data
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Recovery prepared; another office user confirms it."))
            return redirect("contracts:payment", contract.pk, recovery.pk)
    context = _payment_context(request, contract, payment, recovery_form=form)
    return render(request, "contracts/payment.html", context, status=400)
