"""The demo's objects that fill the URL parameters of the permission matrix, and the users who
request them.

Objects are found by natural keys (codes, slugs, titles, usernames), never by primary key, so the
matrix works on SQLite and PostgreSQL alike. Where the demo has no object of a kind (an import, a
join request, an attachment, …) one is added here, in the test's savepoint, pointing at a file the
demo already stored (no new files).

"The owner" of an object is the demo login of the row's owner role (the applicant of the idea, the
carrier of the network, the member company in it, the assigned reviewer); "another owner" is a user
of the same role who owns something else of the same kind (`OTHER`).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from verbund.core.permission_matrix import ROLES

NETWORK = "netzwerk-automobilzulieferer"  # carried by the demo carrier; the demo member is in it
OTHER_NETWORK = "netzwerk-energie-und-umwelttechnik"
CONTRACT = "LV-2002-01"  # the contract of NETWORK
EVENT = (
    "kooperationsboerse-automobilzulieferer"  # NETWORK's matchmaking event; the member registered
)
IDEA = "Netzwerk Kultur und Freizeit im Leipziger Westen"  # the demo applicant's, the reviewer reviews it
OTHER_APPLICANT = "jb-ingconsult"  # applicant of another idea in the demo
MEMBER_COMPANY_CONTACT = "Maria Mitglied"  # contact person of the demo member's company


@dataclass
class World:
    users: dict[str, Any]  # ROLES (anonymous is None) + "other:<role>"
    objects: dict[str, Any]


def build_world(demo_users: dict) -> World:
    """The demo's objects for every URL parameter, plus the few kinds the demo has none of."""
    import datetime as dt

    from django.utils import timezone

    from tests.factories.companies import AffiliationFactory
    from tests.factories.core import UserFactory
    from tests.factories.networks import carrier_of
    from verbund.clusters.models import AnalysisRun
    from verbund.companies.models import Area, ContactPerson, ImportJob
    from verbund.competitions.models import (
        Assignment,
        Attachment,
        CoApplicantInvitation,
        ConflictOfInterest,
        Reviewer,
        Submission,
    )
    from verbund.contracts.models import Contract, EvidenceFile, Payment
    from verbund.core.models import Invitation, User
    from verbund.events.models import CalendarFeed, MeetingRequest, Registration
    from verbund.networks.models import Activity, Evidence, JoinRequest, Membership, Network
    from verbund.networks.models import Measure as NetworkMeasure
    from verbund.programmes.models import FundingSource, Measure, Organisation, Programme, Project

    users: dict[str, Any] = {role: demo_users.get(role) for role in ROLES}
    users["anonymous"] = None
    office = users["office"]
    network = Network.objects.get(slug=NETWORK)
    other_network = Network.objects.get(slug=OTHER_NETWORK)
    submission = Submission.objects.get(title=IDEA, applicant=users["applicant"])
    contract = Contract.objects.get(number=CONTRACT)
    milestone = contract.milestones.filter(state="submitted").first()
    evidence_file = EvidenceFile.objects.filter(milestone=milestone).first()
    payment = Payment.objects.filter(milestone__contract=contract, state="prepared").first()
    member_company = users["member"].company_affiliations.get().company
    membership = Membership.objects.get(network=network, company=member_company)

    # Another owner of each kind.
    other_carrier = UserFactory(username="matrix-other-carrier", roles=["carrier"])
    carrier_of(other_network, other_carrier)
    other_member = UserFactory(username="matrix-other-member", roles=["member"])
    other_membership = Membership.objects.filter(network=other_network).first()
    AffiliationFactory(user=other_member, company=other_membership.company)
    busy = set(Assignment.objects.filter(submission=submission).values_list("reviewer", flat=True))
    busy |= set(
        ConflictOfInterest.objects.filter(submission=submission).values_list("reviewer", flat=True)
    )
    other_reviewer = (
        Reviewer.objects.filter(competition=submission.competition)
        .exclude(pk__in=busy)
        .exclude(user=users["reviewer"])
        .first()
    ).user
    users |= {
        "other:applicant": User.objects.get(username=OTHER_APPLICANT),
        "other:reviewer": other_reviewer,
        "other:carrier": other_carrier,
        "other:member": other_member,
    }

    # Kinds the demo has none of, added in the test's savepoint on files the demo stored.
    stored = evidence_file.file.name
    attachment = Attachment.objects.create(
        submission=submission,
        file=stored,
        name="skizze.pdf",
        size=8,
        uploaded_by=users["applicant"],
    )
    co_invitation = CoApplicantInvitation.objects.create(
        submission=submission, address="member", user=users["member"], invited_by=users["applicant"]
    )
    activity = Activity.objects.filter(network=network).first()
    evidence = Evidence.objects.create(
        activity=activity, file=stored, name="beleg.pdf", kind="pdf", size=8, uploaded_by=office
    )
    join_request = JoinRequest.objects.create(
        network=network, company=other_membership.company, requested_by=other_member
    )
    import_job = ImportJob.objects.create(
        file=stored, file_name="firmen.csv", columns=["name", "city"], created_by=office
    )
    invitation = Invitation.objects.create(
        email="neu@demo.verbund.invalid", role="reviewer", token="matrix-invitation-token",
        invited_by=office, expires_at=timezone.now() + dt.timedelta(days=7),
    )  # fmt: skip
    merge_pair = _duplicate_pair()
    registration = Registration.objects.get(event__slug=EVENT, user=users["member"])
    meeting_request = MeetingRequest.objects.filter(event__slug=EVENT).first()
    feed, _created = CalendarFeed.objects.get_or_create(
        user=users["member"], defaults={"token": "matrix-feed-token"}
    )

    objects = {
        **_newer_apps(merge_pair, office, stored),
        "project": Project.objects.get(code="URBAN-LW-1.2-01"),
        "programme": Programme.objects.get(short_name="URBAN II"),
        "measure": Measure.objects.get(code="1.2"),
        "organisation": Organisation.objects.get(name="Amt für Wirtschaftsförderung"),
        "source": FundingSource.objects.get(name="EFRE"),
        "company": member_company,
        "contact": ContactPerson.objects.get(company=member_company, name=MEMBER_COMPANY_CONTACT),
        "area": Area.objects.get(is_programme_area=True),
        "import": import_job,
        "merge": merge_pair,
        "run": AnalysisRun.objects.get(status="done"),
        "competition": submission.competition,
        "submission": submission,
        "assignment": Assignment.objects.get(
            submission=submission, reviewer__user=users["reviewer"]
        ),
        "attachment": attachment,
        "co_invitation": co_invitation,
        "network": network,
        "membership": membership,
        "join_request": join_request,
        "network_measure": NetworkMeasure.objects.filter(network=network).first(),
        "evidence": evidence,
        "contract": contract,
        "milestone": milestone,
        "accepted_milestone": contract.milestones.filter(state="accepted").first(),
        "feed": feed,
        "evidence_file": evidence_file,
        "payment": payment,
        "event": registration.event,
        "registration": registration,
        "meeting_request": meeting_request,
        "invitation": invitation,
    }
    return World(users=users, objects=objects)


def _newer_apps(merge_pair, office, stored: str) -> dict:
    """Objects of the reporting and portal apps (and newer company pages)."""
    from verbund.companies.models import NotDuplicate
    from verbund.portal.models import CompanyAdmin, CompanyClaim, NewsItem, Post
    from verbund.reporting.models import Indicator, IndicatorValue, ReportJob

    not_duplicate = NotDuplicate.objects.first() or NotDuplicate.objects.create(
        first=merge_pair[0], second=merge_pair[1], decided_by=office
    )
    indicator = Indicator.objects.order_by("pk").first()
    value = IndicatorValue.objects.exclude(file="").order_by("pk").first()
    if value is None:
        value = IndicatorValue.objects.create(
            indicator=indicator, period_start=dt.date(2003, 1, 1), period_end=dt.date(2003, 12, 31),
            value=Decimal("1"), file=stored, name="nachweis.pdf", kind="pdf", size=8,
            uploaded_by=office,
        )  # fmt: skip
    return {
        "not_duplicate": not_duplicate,
        "indicator": indicator,
        "indicator_value": value,
        "report": ReportJob.objects.order_by("pk").first(),
        "post": Post.objects.order_by("pk").first(),
        "news": NewsItem.objects.order_by("pk").first(),
        "claim": CompanyClaim.objects.order_by("pk").first(),
        "company_admin": CompanyAdmin.objects.order_by("pk").first(),
    }


def _duplicate_pair():
    """Two companies of the same name (the duplicates page offers them for merging)."""
    from django.db.models import Count

    from verbund.companies.models import Company

    name = (
        Company.objects.values("name")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("name")
        .values_list("name", flat=True)
        .first()
    )
    keep, remove = Company.objects.filter(name=name).order_by("register_number")[:2]
    return keep, remove


def url_kwargs(name: str, params: list[str], world: World) -> dict | None:
    """The keyword arguments of URL `name` filled with the demo's objects (None: not known)."""
    o = world.objects
    if name in SPECIAL:
        return SPECIAL[name](o)
    defaults = DEFAULTS.get(name.split(":")[0] if ":" in name else "", {})
    if not set(params) <= set(defaults):
        return None
    return {param: defaults[param](o) for param in params}


DEFAULTS: dict[str, dict] = {
    "programmes": {"code": lambda o: o["project"].code},
    "companies": {"public_id": lambda o: o["company"].public_id},
    "clusters": {"pk": lambda o: o["run"].pk},
    "competitions": {"pk": lambda o: o["competition"].pk},
    "networks": {"slug": lambda o: o["network"].slug},
    "contracts": {
        "pk": lambda o: o["contract"].pk,
        "mpk": lambda o: o["milestone"].pk,
        "fpk": lambda o: o["evidence_file"].pk,
        "ppk": lambda o: o["payment"].pk,
    },
    "events": {"slug": lambda o: o["event"].slug, "token": lambda o: o["registration"].token},
    "audit": {"code": lambda o: o["project"].code, "fmt": lambda o: "csv"},
    "reporting": {"pk": lambda o: o["indicator"].pk},
    "portal": {
        "public_id": lambda o: o["company"].public_id,
        "pk": lambda o: o["post"].pk,
        "slug": lambda o: o["network"].slug,
    },
}

SPECIAL = {
    # Newer pages of the existing apps.
    "companies:postcode_import": lambda o: {"pk": o["area"].pk},
    "companies:not_duplicate": lambda o: {
        "first_id": o["merge"][0].public_id, "second_id": o["merge"][1].public_id
    },
    "companies:not_duplicate_withdraw": lambda o: {"pk": o["not_duplicate"].pk},
    "contracts:subgrant": lambda o: {"pk": o["contract"].pk, "mpk": o["accepted_milestone"].pk},
    # Reporting.
    "reporting:indicator_new": lambda o: {"code": o["project"].code},
    "reporting:common_records": lambda o: {"pk": o["programme"].pk, "kind": "rco01"},
    "reporting:value_evidence": lambda o: {"pk": o["indicator_value"].pk},
    "reporting:report": lambda o: {"pk": o["report"].pk},
    "reporting:report_progress": lambda o: {"pk": o["report"].pk},
    "reporting:report_repeat": lambda o: {"pk": o["report"].pk},
    "reporting:report_download": lambda o: {"pk": o["report"].pk, "fmt": "xlsx"},
    # Portal.
    "portal:admin_remove": lambda o: {
        "public_id": o["company_admin"].company.public_id, "pk": o["company_admin"].pk
    },
    "portal:claim_confirm": lambda o: {"token": "not-a-token"},
    "portal:invitation": lambda o: {"token": "not-a-token"},
    "portal:claim_withdraw": lambda o: {"pk": o["claim"].pk},
    "portal:claim_decide": lambda o: {"pk": o["claim"].pk},
    "portal:join_answer": lambda o: {"pk": o["join_request"].pk},
    "portal:news_detail": lambda o: {"slug": o["news"].network.slug, "pk": o["news"].pk},
    "portal:news_edit": lambda o: {"slug": o["news"].network.slug, "pk": o["news"].pk},
    "portal:news_delete": lambda o: {"slug": o["news"].network.slug, "pk": o["news"].pk},
    # API.
    "api:programme-detail": lambda o: {"pk": o["programme"].pk},
    "api:project-detail": lambda o: {"code": o["project"].code},
    "api:network-detail": lambda o: {"slug": o["network"].slug},
    "api:network-members": lambda o: {"slug": o["network"].slug},
    "api:company-detail": lambda o: {"public_id": o["company"].public_id},
    "api:post-detail": lambda o: {"pk": o["post"].pk},
    "api:post-moderation": lambda o: {"pk": o["post"].pk},
    "api:news-detail": lambda o: {"pk": o["news"].pk},
    "account_confirm_email": lambda o: {"key": "not-a-key"},
    "account_reset_password_from_key": lambda o: {"uidb36": "1", "key": "not-a-key"},
    "core:invitation": lambda o: {"token": o["invitation"].token},
    "core:history": lambda o: {
        "app_label": "programmes", "model_name": "project", "pk": o["project"].pk
    },
    "programmes:programme_detail": lambda o: {"pk": o["programme"].pk},
    "programmes:programme_edit": lambda o: {"pk": o["programme"].pk},
    "programmes:measure_detail": lambda o: {"pk": o["measure"].pk},
    "programmes:measure_edit": lambda o: {"pk": o["measure"].pk},
    "programmes:organisation_edit": lambda o: {"pk": o["organisation"].pk},
    "programmes:source_edit": lambda o: {"pk": o["source"].pk},
    "companies:company_export": lambda o: {"fmt": "csv"},
    "companies:company_by_pk": lambda o: {"pk": o["company"].pk},
    "companies:wz_detail": lambda o: {"code": o["company"].main_wz.code},
    "companies:area_detail": lambda o: {"pk": o["area"].pk},
    "companies:area_edit": lambda o: {"pk": o["area"].pk},
    "companies:import_detail": lambda o: {"public_id": o["import"].public_id},
    "companies:import_mapping": lambda o: {"public_id": o["import"].public_id},
    "companies:import_apply": lambda o: {"public_id": o["import"].public_id},
    "companies:import_recheck": lambda o: {"public_id": o["import"].public_id},
    "companies:company_merge": lambda o: {
        "keep_id": o["merge"][0].public_id, "remove_id": o["merge"][1].public_id
    },
    "companies:contact_edit": lambda o: {
        "public_id": o["company"].public_id, "contact_id": o["contact"].pk
    },
    "competitions:ranking_export": lambda o: {"pk": o["competition"].pk, "fmt": "csv"},
    "competitions:unassign": lambda o: {
        "pk": o["competition"].pk, "assignment": o["assignment"].pk
    },
    "competitions:invitation_accept": lambda o: {"pk": o["co_invitation"].pk},
    "competitions:invitation_decline": lambda o: {"pk": o["co_invitation"].pk},
    "competitions:submission_detail": lambda o: {"pk": o["submission"].pk},
    "competitions:submission_edit": lambda o: {"pk": o["submission"].pk},
    "competitions:submission_submit": lambda o: {"pk": o["submission"].pk},
    "competitions:submission_withdraw": lambda o: {"pk": o["submission"].pk},
    "competitions:attachment_upload": lambda o: {"pk": o["submission"].pk},
    "competitions:decision_letter": lambda o: {"pk": o["submission"].pk},
    "competitions:attachment_download": lambda o: {"pk": o["attachment"].pk},
    "competitions:attachment_delete": lambda o: {"pk": o["attachment"].pk},
    "competitions:review_form": lambda o: {"pk": o["assignment"].pk},
    "competitions:declare_conflict": lambda o: {"pk": o["assignment"].pk},
    "networks:from_idea": lambda o: {"submission_pk": o["submission"].pk},
    "networks:members_export": lambda o: {"slug": o["network"].slug, "fmt": "csv"},
    "networks:member_leave": lambda o: {"slug": o["network"].slug, "pk": o["membership"].pk},
    "networks:member_fee": lambda o: {"slug": o["network"].slug, "pk": o["membership"].pk},
    "networks:member_update": lambda o: {"slug": o["network"].slug, "pk": o["membership"].pk},
    "networks:join_decide": lambda o: {"slug": o["network"].slug, "pk": o["join_request"].pk},
    "networks:measure_edit": lambda o: {"slug": o["network"].slug, "pk": o["network_measure"].pk},
    "networks:measure_delete": lambda o: {
        "slug": o["network"].slug, "pk": o["network_measure"].pk
    },
    "networks:option_add": lambda o: {"slug": o["network"].slug, "pk": o["network_measure"].pk},
    "networks:evidence": lambda o: {"slug": o["network"].slug, "pk": o["evidence"].pk},
    "contracts:export": lambda o: {"fmt": "csv"},
    "contracts:milestone_pdf": lambda o: {
        "pk": o["contract"].pk, "mpk": o["accepted_milestone"].pk
    },
    "events:feed": lambda o: {"token": o["feed"].token},
    "events:attendees_export": lambda o: {"slug": o["event"].slug, "fmt": "csv"},
    "events:moderate": lambda o: {"slug": o["event"].slug, "pk": o["registration"].pk},
    "events:request": lambda o: {"slug": o["event"].slug, "pk": o["registration"].pk},
    "events:answer": lambda o: {"slug": o["event"].slug, "pk": o["meeting_request"].pk},
}  # fmt: skip
