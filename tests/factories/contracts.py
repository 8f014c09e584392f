"""Contracts test data: an awardable network (approved catalogue, project financed 75/25) and a
contract built through the domain functions, so the figures are the ones the app computes."""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories.networks import NetworkFactory, carrier_of
from tests.factories.programmes import FinancingShareFactory, FundingSourceFactory, ProjectFactory
from verbund.networks.enums import CatalogueState

AWARD = dt.date(2002, 11, 15)
PDF = b"%PDF-1.4\n% evidence\n"


def financed_project(**kwargs):
    project = ProjectFactory(**kwargs)
    efre = FundingSourceFactory(name="EFRE")
    city = FundingSourceFactory(name="Stadt", kind="municipal")
    FinancingShareFactory(project=project, source=efre, percentage=Decimal("75.00"))
    FinancingShareFactory(project=project, source=city, percentage=Decimal("25.00"))
    return project


def awardable_network(*, carrier_user=None, project=None, **kwargs):
    kwargs.setdefault("catalogue_state", CatalogueState.APPROVED)
    network = NetworkFactory(project=project or financed_project(), **kwargs)
    if carrier_user is not None:
        carrier_of(network, carrier_user)
    return network


def pdf_upload(name: str = "nachweis.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def contract_with_milestone(
    *, office, carrier_user=None, network=None, volume="100000.00", lump_sum="30000.00",
    due=dt.date(2003, 6, 30), checklist=(),
):  # fmt: skip
    from verbund.contracts.domain.contracts import award_contract
    from verbund.contracts.domain.milestones import add_milestone

    network = network or awardable_network(carrier_user=carrier_user)
    contract = award_contract(
        network=network, award_date=AWARD, volume=Decimal(volume), user=office
    )
    milestone = add_milestone(
        contract=contract, title="Auftaktveranstaltung", due_date=due, lump_sum=Decimal(lump_sum),
        checklist=list(checklist), user=office,
    )  # fmt: skip
    return contract, milestone


def accepted_milestone(*, office, carrier, **kwargs):
    from verbund.contracts.domain.milestones import (
        accept_milestone,
        submit_evidence,
        upload_evidence,
    )

    contract, milestone = contract_with_milestone(office=office, carrier_user=carrier, **kwargs)
    upload_evidence(milestone=milestone, upload=pdf_upload(), user=carrier)
    submit_evidence(milestone=milestone, user=carrier)
    accept_milestone(milestone=milestone, user=office)
    milestone.refresh_from_db()
    return contract, milestone
