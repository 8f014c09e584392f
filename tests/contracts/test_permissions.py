"""Every contract, milestone, evidence and payment page and download for anonymous, office (the
preparer of the payment and a second office user, the confirmer), the network's carrier, another
carrier, a member company, an applicant and the auditor (issue 13, acceptance 2). Allowed pages
answer 200 (or the redirect after a successful action), so allowed is told apart from missing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories.companies import AffiliationFactory
from tests.factories.contracts import accepted_milestone, awardable_network, pdf_upload
from tests.factories.networks import MembershipFactory, carrier_of
from verbund.contracts.domain import milestones as m_domain
from verbund.contracts.domain import payments as p_domain
from verbund.contracts.models import Payment

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "office", "office2", "carrier", "other_carrier", "member", "applicant",
         "auditor"]  # fmt: skip
LOGIN = 302


@pytest.fixture
def world(make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    users = {r: make_user("office" if r.startswith("office") else r.replace("other_", ""))
             for r in ROLES if r != "anonymous"}  # fmt: skip
    contract, accepted = accepted_milestone(office=users["office"], carrier=users["carrier"])
    network = contract.network
    carrier_of(awardable_network(), users["other_carrier"])
    AffiliationFactory(user=users["member"], company=MembershipFactory(network=network).company)
    draft = m_domain.add_milestone(
        contract=contract, title="Portal", due_date=dt.date(2003, 9, 30),
        lump_sum=Decimal("20000"), user=users["office"],
    )  # fmt: skip
    submitted = m_domain.add_milestone(
        contract=contract, title="Studie", due_date=dt.date(2004, 3, 31),
        lump_sum=Decimal("10000"), user=users["office"],
    )  # fmt: skip
    m_domain.upload_evidence(milestone=submitted, upload=pdf_upload(), user=users["carrier"])
    m_domain.submit_evidence(milestone=submitted, user=users["carrier"])
    payment = p_domain.prepare_payment(
        milestone=accepted, amount=Decimal("5000"), user=users["office"]
    )
    confirmed = p_domain.prepare_payment(
        milestone=accepted, amount=Decimal("1000"), user=users["office"]
    )
    p_domain.confirm_payment(payment=confirmed, user=users["office2"])
    return {"users": users, "contract": contract, "accepted": accepted, "draft": draft,
            "submitted": submitted, "payment": payment, "confirmed": confirmed,
            "file": accepted.files.get()}  # fmt: skip


def _as(client, world, role):
    if role != "anonymous":
        client.force_login(world["users"][role])


READ = {"anonymous": LOGIN, "office": 200, "office2": 200, "carrier": 200, "other_carrier": 404,
        "member": 404, "applicant": 404, "auditor": 200}  # fmt: skip
OFFICE_PAGE = {**READ, "carrier": 403, "auditor": 403}
LIST = {"anonymous": LOGIN, "office": 200, "office2": 200, "carrier": 200, "other_carrier": 200,
        "member": 403, "applicant": 403, "auditor": 200}  # fmt: skip
OFFICE_AUDITOR = {**LIST, "carrier": 403, "other_carrier": 403}
OFFICE_ONLY = {**OFFICE_AUDITOR, "auditor": 403}


def url(name, *args):
    return lambda w: reverse(f"contracts:{name}", args=[a(w) if callable(a) else a for a in args])


C = lambda w: w["contract"].pk  # noqa: E731
PAGES = {
    "list": (url("list"), LIST),
    "award": (url("award"), OFFICE_ONLY),
    "export_csv": (url("export", "csv"), OFFICE_AUDITOR),
    "export_xlsx": (url("export", "xlsx"), OFFICE_AUDITOR),
    "detail": (url("detail", C), READ),
    "pdf": (url("pdf", C), READ),
    "amend": (url("amend", C), OFFICE_PAGE),
    "milestone_add": (url("milestone_add", C), OFFICE_PAGE),
    "milestone": (url("milestone", C, lambda w: w["accepted"].pk), READ),
    "milestone_draft": (url("milestone", C, lambda w: w["draft"].pk), READ),
    "milestone_edit": (url("milestone_edit", C, lambda w: w["draft"].pk), OFFICE_PAGE),
    "milestone_pdf": (url("milestone_pdf", C, lambda w: w["accepted"].pk), READ),
    "evidence": (url("evidence", C, lambda w: w["accepted"].pk, lambda w: w["file"].pk), READ),
    "payment": (url("payment", C, lambda w: w["payment"].pk), READ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(PAGES))
def test_pages(client, world, role, page):
    make_url, expected = PAGES[page]
    _as(client, world, role)
    response = client.get(make_url(world))
    assert response.status_code == expected[role], (page, role)
    if response.status_code == 200 and page == "pdf":
        assert response.content.startswith(b"%PDF")


def test_milestone_pdf_only_for_accepted(client, world):
    _as(client, world, "office")
    assert client.get(url("milestone_pdf", C, lambda w: w["draft"].pk)(world)).status_code == 404


DONE = 302  # the action succeeded and redirects
CARRIER_ACTION = {"anonymous": LOGIN, "office": 403, "office2": 403, "carrier": DONE,
                  "other_carrier": 404, "member": 404, "applicant": 404, "auditor": 403}  # fmt: skip


def _done(expected, role) -> bool:
    """Did the action succeed (a redirect that is not the sign-in page)?"""
    return role != "anonymous" and expected[role] == DONE


OFFICE_ACTION = {**CARRIER_ACTION, "office": DONE, "office2": DONE, "carrier": 403}


@pytest.mark.parametrize("role", ROLES)
def test_upload_and_submit(client, world, role):
    _as(client, world, role)
    draft = world["draft"]
    response = client.post(
        reverse("contracts:upload", args=[draft.contract_id, draft.pk]), {"file": pdf_upload()}
    )
    assert response.status_code == CARRIER_ACTION[role]
    response = client.post(reverse("contracts:submit", args=[draft.contract_id, draft.pk]))
    assert response.status_code == CARRIER_ACTION[role]
    draft.refresh_from_db()
    assert (draft.state == "submitted") == _done(CARRIER_ACTION, role)


@pytest.mark.parametrize("action", ["request_changes", "accept", "reject"])
@pytest.mark.parametrize("role", ROLES)
def test_review(client, world, role, action):
    _as(client, world, role)
    m = world["submitted"]
    response = client.post(
        reverse(f"contracts:{action}", args=[m.contract_id, m.pk]), {"comment": "Begründung"}
    )
    assert response.status_code == OFFICE_ACTION[role]


@pytest.mark.parametrize("role", ROLES)
def test_prepare_payment(client, world, role):
    _as(client, world, role)
    m = world["accepted"]
    before = Payment.objects.count()
    response = client.post(
        reverse("contracts:prepare", args=[m.contract_id, m.pk]), {"amount": "100,00"}
    )
    assert response.status_code == OFFICE_ACTION[role]
    assert Payment.objects.count() == before + _done(OFFICE_ACTION, role)


CONFIRM = {**OFFICE_ACTION, "office": 403}  # the preparer cannot confirm


@pytest.mark.parametrize("role", ROLES)
def test_confirm_payment(client, world, role):
    _as(client, world, role)
    p = world["payment"]
    response = client.post(reverse("contracts:confirm", args=[world["contract"].pk, p.pk]))
    assert response.status_code == CONFIRM[role]
    p.refresh_from_db()
    assert (p.state == "confirmed") == _done(CONFIRM, role)


@pytest.mark.parametrize("role", ROLES)
def test_record_recovery(client, world, role):
    _as(client, world, role)
    p = world["confirmed"]
    response = client.post(
        reverse("contracts:recover", args=[world["contract"].pk, p.pk]),
        {"amount": "100,00", "reason": "Zu viel gezahlt"},
    )
    assert response.status_code == OFFICE_ACTION[role]


@pytest.mark.parametrize("role", ["office", "carrier", "auditor"])
def test_office_pages_post(client, world, role):
    """Award, new milestone and amendment change nothing for carrier and auditor."""
    _as(client, world, role)
    c = world["contract"]
    response = client.post(
        reverse("contracts:amend", args=[c.pk]),
        {"date": "2003-05-01", "reason": "Mehr", "volume": "120000,00", "term_months": "24"},
    )
    assert response.status_code == {"office": DONE, "carrier": 403, "auditor": 403}[role]
    c.refresh_from_db()
    assert (c.volume == Decimal("120000")) == (role == "office")
