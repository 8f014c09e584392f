"""The auditor's file on one project: financing plan, decisions with their justifications,
contracts, payments and the list of evidence, as titled tables for the XLSX and PDF exports.

Reads the other apps through their query functions and models only (the audit app writes nothing).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from verbund.competitions.models import DecisionEntry
from verbund.contracts.models import Contract, EvidenceFile, Payment
from verbund.networks.domain.queries import networks_for_project
from verbund.networks.models import Evidence
from verbund.programmes.domain import queries as programme_queries


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list] = field(default_factory=list)
    empty_text: str = ""


@dataclass
class Dossier:
    project: object
    tables: list[Table]


def _user(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def project_for_dossier(code: str):
    return programme_queries.project_by_code(code)


def _overview(project) -> Table:
    programme = project.measure.programme
    rows = [
        [_("operation code"), project.code],
        [_("title"), project.tr("title")],
        [_("programme"), str(programme)],
        [_("measure"), str(project.measure)],
        [_("status"), project.get_status_display()],
        [_("start"), project.start_month],
        [_("end"), project.end_month],
        [_("beneficiary"), project.beneficiary],
        [_("carriers"), ", ".join(str(c) for c in project.carriers.all())],
    ]
    return Table(_("Project"), [_("field"), _("value")], rows)


def _financing(project) -> Table:
    rows = [
        [str(share.source), share.percentage, share.amount]
        for share in project.financing.select_related("source").order_by("-percentage", "pk")
    ]
    return Table(
        _("Financing plan"), [_("source"), _("share (%)"), _("amount (EUR)")], rows,
        _("No financing plan recorded."),
    )  # fmt: skip


def _decisions(project) -> Table:
    entries = (
        DecisionEntry.objects.filter(decision__competition__project=project)
        .select_related("decision__competition", "decision__decided_by", "submission")
        .order_by("decision__decided_at", "rank", "pk")
    )
    rows = [
        [
            str(e.decision.competition),
            e.decision.decided_at,
            _user(e.decision.decided_by),
            e.decision.committee,
            e.rank,
            e.submission.title,
            e.submission.applicant_organisation,
            e.score,
            e.selected,
            e.deviation,
            e.justification,
            e.decision.notes,
        ]
        for e in entries
    ]
    header = [
        _("competition"), _("decided"), _("recorded by"), _("deciding committee"), _("rank"),
        _("idea"), _("applicant"), _("score"), _("selected"), _("deviates from the ranking"),
        _("justification"), _("notes"),
    ]  # fmt: skip
    return Table(_("Decisions"), header, rows, _("No decisions recorded for this project."))


def _contracts(contracts: list) -> Table:
    rows = [
        [c.number, str(c.network), c.award_date, c.end_date, c.term_months, c.volume]
        for c in contracts
    ]
    header = [
        _("contract number"), _("network"), _("award date"), _("end of the funded term"),
        _("funded term (months)"), _("contract volume (EUR)"),
    ]  # fmt: skip
    return Table(_("Contracts"), header, rows, _("No contracts for this project."))


def _payments(contracts: list) -> Table:
    payments = (
        Payment.objects.filter(milestone__contract__in=contracts)
        .select_related("milestone__contract", "prepared_by", "confirmed_by")
        .prefetch_related("parts__source")
        .order_by("prepared_at", "pk")
    )
    rows = [
        [
            p.pk,
            p.milestone.contract.number,
            str(p.milestone),
            p.get_kind_display(),
            p.amount,
            p.get_state_display(),
            "; ".join(f"{part.source}: {part.amount}" for part in p.parts.all()),
            _user(p.prepared_by),
            p.prepared_at,
            _user(p.confirmed_by),
            p.confirmed_at,
            p.reason,
        ]
        for p in payments
    ]
    header = [
        _("payment"), _("contract number"), _("milestone"), _("kind"), _("amount (EUR)"),
        _("state"), _("by funding source"), _("prepared by"), _("prepared"), _("confirmed by"),
        _("confirmed"), _("reason"),
    ]  # fmt: skip
    return Table(_("Payments"), header, rows, _("No payments for this project."))


def _evidence(contracts: list, networks: list) -> Table:
    rows = [
        [_("milestone evidence"), f.milestone.contract.number, str(f.milestone), f.name, f.kind,
         f.size, f.uploaded_at, _user(f.uploaded_by)]
        for f in EvidenceFile.objects.filter(milestone__contract__in=contracts)
        .select_related("milestone__contract", "uploaded_by").order_by("uploaded_at", "pk")
    ]  # fmt: skip
    rows += [
        [_("activity evidence"), str(e.activity.network), str(e.activity), e.name, e.kind,
         e.size, e.uploaded_at, _user(e.uploaded_by)]
        for e in Evidence.objects.filter(activity__network__in=networks)
        .select_related("activity__network", "uploaded_by").order_by("uploaded_at", "pk")
    ]  # fmt: skip
    header = [
        _("kind"), _("contract or network"), _("milestone or activity"), _("file"), _("type"),
        _("size (bytes)"), _("uploaded"), _("uploaded by"),
    ]  # fmt: skip
    return Table(_("Evidence"), header, rows, _("No evidence on file."))


def dossier_of(project) -> Dossier:
    networks = list(networks_for_project(project, public_only=False))
    contracts = list(
        Contract.objects.filter(network__in=networks).select_related("network").order_by("number")
    )
    tables = [
        _overview(project),
        _financing(project),
        _decisions(project),
        _contracts(contracts),
        _payments(contracts),
        _evidence(contracts, networks),
    ]
    return Dossier(project, tables)


def projects():
    """Every project, by operation code, for the choice of the auditor's file."""
    return programme_queries.projects().select_related("measure__programme")
