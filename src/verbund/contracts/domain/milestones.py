"""Milestones, their evidence, and the review (see `states.py` for the state machine)."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.contracts.domain import states
from verbund.contracts.domain.contracts import check_due_date, check_money
from verbund.contracts.domain.errors import ContractError
from verbund.contracts.domain.money import eur
from verbund.contracts.enums import EVIDENCE_KINDS, MilestoneState
from verbund.contracts.models import (
    ChecklistItem,
    Contract,
    EvidenceFile,
    EvidenceSubmission,
    Milestone,
    MilestoneTransition,
)
from verbund.core.audit import save_as
from verbund.core.uploads import validate_upload

TEXT_FIELDS = ("title", "title_en", "description", "description_en", "acceptance_criteria",
               "acceptance_criteria_en")  # fmt: skip
EDITABLE = frozenset({*TEXT_FIELDS, "due_date", "lump_sum"})


def _check_within_volume(contract: Contract, *, lump_sum: Decimal, exclude_pk=None) -> None:
    others = Milestone.objects.filter(contract=contract).exclude(pk=exclude_pk).aggregate(
        s=Sum("lump_sum")
    )["s"] or Decimal(0)
    if others + lump_sum > contract.volume:
        raise ContractError(
            _(
                "the milestones' lump sums (%(sum)s EUR) would exceed the contract volume (%(volume)s EUR)"
            )
            % {"sum": eur(others + lump_sum), "volume": eur(contract.volume)},
            field="lump_sum",
        )


def _set_checklist(milestone: Milestone, checklist, user) -> None:
    wanted = [t.strip() for t in checklist if t and t.strip()]
    existing = {c.text: c for c in milestone.checklist.all()}
    for text in wanted:
        if text not in existing:
            if len(text) > ChecklistItem._meta.get_field("text").max_length:
                raise ContractError(_("a required document's name is too long"), field="checklist")
            save_as(ChecklistItem(milestone=milestone, text=text), user)
    for text, item in existing.items():
        if text not in wanted:
            item.delete()


@transaction.atomic
def add_milestone(
    *,
    contract: Contract,
    title: str,
    due_date: dt.date,
    lump_sum,
    user,
    checklist: list[str] = (),
    **texts,
) -> Milestone:
    unknown = set(texts) - set(TEXT_FIELDS)
    if unknown:
        raise ContractError(_("unknown fields: %s") % ", ".join(sorted(unknown)))
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if not (title or "").strip():
        raise ContractError(_("a milestone needs a title"), field="title")
    lump_sum = check_money(lump_sum, field="lump_sum")
    check_due_date(contract, due_date)
    _check_within_volume(contract, lump_sum=lump_sum)
    milestone = Milestone(
        contract=contract, title=title.strip(), due_date=due_date, lump_sum=lump_sum, **texts
    )
    save_as(milestone, user)
    _set_checklist(milestone, checklist, user)
    return milestone


@transaction.atomic
def update_milestone(*, milestone: Milestone, user, checklist: list[str] | None = None, **values):
    """Change a milestone while it is a draft; a later change of date or sum is an amendment."""
    unknown = set(values) - EDITABLE
    if unknown:
        raise ContractError(
            _("these fields cannot be changed here: %s") % ", ".join(sorted(unknown))
        )
    contract = Contract.objects.select_for_update().get(pk=milestone.contract_id)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    money_or_date = {
        k for k in ("due_date", "lump_sum") if k in values and values[k] != getattr(milestone, k)
    }
    if money_or_date and milestone.state != MilestoneState.DRAFT:
        raise ContractError(
            _("the evidence was submitted: change due date or lump sum by an amendment"),
            field=sorted(money_or_date)[0],
        )
    if "title" in values and not (values["title"] or "").strip():
        raise ContractError(_("a milestone needs a title"), field="title")
    if "lump_sum" in values:
        values["lump_sum"] = check_money(values["lump_sum"], field="lump_sum")
        _check_within_volume(contract, lump_sum=values["lump_sum"], exclude_pk=milestone.pk)
    if "due_date" in values:
        check_due_date(contract, values["due_date"])
    changed = [k for k, v in values.items() if getattr(milestone, k) != v]
    for k in changed:
        setattr(milestone, k, values[k])
    if changed:
        save_as(milestone, user)
    if checklist is not None:
        _set_checklist(milestone, checklist, user)
    return milestone


@transaction.atomic
def upload_evidence(
    *, milestone: Milestone, upload, user, checklist_item=None, now=None
) -> EvidenceFile:
    """The carrier adds a file while the evidence is a draft or changes were requested."""
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.state not in (MilestoneState.DRAFT, MilestoneState.CHANGES_REQUESTED):
        raise ContractError(
            _(
                "the evidence is “%(state)s”: files can be added only to a draft or after a request for changes"
            )
            % {"state": milestone.get_state_display()},
            field="file",
        )
    kind = validate_upload(upload, kinds=EVIDENCE_KINDS, field="file")
    if checklist_item is not None and checklist_item.milestone_id != milestone.pk:
        raise ContractError(
            _("this required document belongs to another milestone"), field="checklist_item"
        )
    name = (getattr(upload, "name", "") or "evidence").rsplit("/", 1)[-1][:200]
    item = EvidenceFile(
        milestone=milestone, checklist_item=checklist_item, name=name, kind=kind,
        size=upload.size, uploaded_by=user, uploaded_at=now or timezone.now(),
    )  # fmt: skip
    item.file.save(name, upload, save=False)
    save_as(item, user)
    return item


def _transition(milestone: Milestone, to_state: str, *, user, comment: str, now) -> Milestone:
    states.check(milestone.state, to_state)
    MilestoneTransition.objects.create(
        milestone=milestone, from_state=milestone.state, to_state=to_state, by=user,
        at=now or timezone.now(), comment=comment,
    )  # fmt: skip
    milestone.state = to_state
    save_as(milestone, user)
    return milestone


def _submit(milestone: Milestone, to_state: str, *, user, note: str, now) -> Milestone:
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    states.check(milestone.state, to_state)
    new_files = list(milestone.files.filter(submission__isnull=True))
    if not new_files:
        raise ContractError(_("upload at least one evidence file before submitting"), field="file")
    number = milestone.submissions.count() + 1
    submission = EvidenceSubmission(
        milestone=milestone, number=number, note=note or "", submitted_by=user,
        submitted_at=now or timezone.now(),
    )  # fmt: skip
    save_as(submission, user)
    for item in new_files:
        item.submission = submission
        save_as(item, user)
    return _transition(milestone, to_state, user=user, comment=note or "", now=now)


@transaction.atomic
def submit_evidence(*, milestone: Milestone, user, note: str = "", now=None) -> Milestone:
    return _submit(milestone, MilestoneState.SUBMITTED, user=user, note=note, now=now)


@transaction.atomic
def resubmit_evidence(*, milestone: Milestone, user, note: str = "", now=None) -> Milestone:
    return _submit(milestone, MilestoneState.RESUBMITTED, user=user, note=note, now=now)


def _needs_comment(comment: str) -> str:
    if not (comment or "").strip():
        raise ContractError(_("say what is missing or wrong"), field="comment")
    return comment.strip()


@transaction.atomic
def request_changes(*, milestone: Milestone, user, comment: str, now=None) -> Milestone:
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    states.check(milestone.state, MilestoneState.CHANGES_REQUESTED)
    return _transition(
        milestone,
        MilestoneState.CHANGES_REQUESTED,
        user=user,
        comment=_needs_comment(comment),
        now=now,
    )


@transaction.atomic
def reject_milestone(*, milestone: Milestone, user, comment: str, now=None) -> Milestone:
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    states.check(milestone.state, MilestoneState.REJECTED)
    return _transition(
        milestone, MilestoneState.REJECTED, user=user, comment=_needs_comment(comment), now=now
    )


@transaction.atomic
def accept_milestone(*, milestone: Milestone, user, comment: str = "", now=None) -> Milestone:
    """Accept the evidence; every document of the checklist must be among the files."""
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    states.check(milestone.state, MilestoneState.ACCEPTED)
    missing = [str(c) for c in milestone.checklist.filter(files__isnull=True)]
    if missing:
        raise ContractError(
            _("these required documents are missing: %s") % ", ".join(missing), field="checklist"
        )
    return _transition(
        milestone, MilestoneState.ACCEPTED, user=user, comment=(comment or "").strip(), now=now
    )


ACTIONS = {
    "submit": submit_evidence,
    "resubmit": resubmit_evidence,
    "request_changes": request_changes,
    "accept": accept_milestone,
    "reject": reject_milestone,
}


@transaction.atomic
def mark_subgrant(*, milestone: Milestone, company, user) -> Milestone:
    """Record that the milestone's money is passed on to one member company of the contract's
    network (a sub-grant), or clear it with `company=None`; reporting counts it for RCO02."""
    from verbund.networks.models import Membership

    milestone = (
        Milestone.objects.select_for_update().select_related("contract").get(pk=milestone.pk)
    )
    if (
        company is not None
        and not Membership.objects.filter(
            network_id=milestone.contract.network_id, company=company
        ).exists()
    ):
        raise ContractError(
            _("a sub-grant goes to a member company of the contract's network"),
            field="subgrant_company",
        )
    new_id = company.pk if company is not None else None
    if milestone.subgrant_company_id != new_id:
        milestone.subgrant_company = company
        save_as(milestone, user)
    return milestone
