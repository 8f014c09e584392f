"""Every network page and download for anonymous, office, carrier of this network, carrier of
another network, member company, applicant and auditor. Allowed pages must answer 200 (not 404),
so the test tells "allowed" from "missing"."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories.companies import AffiliationFactory
from tests.factories.networks import (
    ActivityFactory,
    ActorFactory,
    MeasureFactory,
    MembershipFactory,
    NetworkFactory,
    carrier_of,
)
from verbund.networks.enums import ActorKind
from verbund.networks.models import Activity, Evidence, Measure, Membership

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "office", "carrier", "other_carrier", "member", "applicant", "auditor"]
LOGIN = 302  # anonymous visitors are sent to the sign-in page


@pytest.fixture
def world(make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    network = NetworkFactory(is_public=False, slug="intern")
    other = NetworkFactory(slug="andere")
    users = {
        "office": make_user("office"),
        "carrier": make_user("carrier"),
        "other_carrier": make_user("carrier"),
        "member": make_user("member"),
        "applicant": make_user("applicant"),
        "auditor": make_user("auditor"),
    }
    carrier_of(network, users["carrier"])
    carrier_of(other, users["other_carrier"])
    own = MembershipFactory(network=network)
    AffiliationFactory(user=users["member"], company=own.company)
    foreign = MembershipFactory(network=network)
    measure = MeasureFactory(network=network, responsible=own)
    activity = ActivityFactory(network=network)
    evidence = Evidence(activity=activity, name="beleg.pdf", kind="pdf", size=8)
    evidence.file.save("beleg.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return {"network": network, "users": users, "own": own, "foreign": foreign,
            "measure": measure, "evidence": evidence}  # fmt: skip


def _get(client, world, role, url):
    if role != "anonymous":
        client.force_login(world["users"][role])
    return client.get(url).status_code


READ_INTERNAL = {"anonymous": LOGIN, "office": 200, "carrier": 200, "other_carrier": 404,
                 "member": 200, "applicant": 404, "auditor": 200}  # fmt: skip
EDIT_CATALOGUE = {"anonymous": LOGIN, "office": 200, "carrier": 200, "other_carrier": 404,
                  "member": 403, "applicant": 404, "auditor": 403}  # fmt: skip
OFFICE_ONLY = {"anonymous": LOGIN, "office": 200, "carrier": 403, "other_carrier": 403,
               "member": 403, "applicant": 403, "auditor": 403}  # fmt: skip
OFFICE_AUDITOR = {**OFFICE_ONLY, "auditor": 200}
NOT_PUBLIC_DETAIL = {**READ_INTERNAL, "anonymous": 404}
EDIT_NETWORK = {**EDIT_CATALOGUE, "carrier": 403}

PAGES = {
    "detail": (lambda w: reverse("networks:detail", args=["intern"]), NOT_PUBLIC_DETAIL),
    "members": (lambda w: reverse("networks:members", args=["intern"]), READ_INTERNAL),
    "catalogue": (lambda w: reverse("networks:catalogue", args=["intern"]), READ_INTERNAL),
    "activities": (lambda w: reverse("networks:activities", args=["intern"]), READ_INTERNAL),
    "health": (lambda w: reverse("networks:health", args=["intern"]), READ_INTERNAL),
    "evidence": (
        lambda w: reverse("networks:evidence", args=["intern", w["evidence"].pk]),
        READ_INTERNAL,
    ),
    "measure_create": (
        lambda w: reverse("networks:measure_create", args=["intern"]),
        EDIT_CATALOGUE,
    ),
    "measure_edit": (
        lambda w: reverse("networks:measure_edit", args=["intern", w["measure"].pk]),
        EDIT_CATALOGUE,
    ),
    "members_csv": (
        lambda w: reverse("networks:members_export", args=["intern", "csv"]),
        READ_INTERNAL,
    ),
    "members_xlsx": (
        lambda w: reverse("networks:members_export", args=["intern", "xlsx"]),
        READ_INTERNAL,
    ),
    "create": (lambda w: reverse("networks:create"), OFFICE_ONLY),
    "edit": (lambda w: reverse("networks:edit", args=["intern"]), EDIT_NETWORK),
    "overview": (lambda w: reverse("networks:overview"), OFFICE_AUDITOR),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_permissions(client, world, role, page):
    url, expected = PAGES[page]
    assert _get(client, world, role, url(world)) == expected[role]


@pytest.mark.parametrize("role", ROLES)
def test_public_pages_for_everyone(client, world, role):
    assert _get(client, world, role, reverse("networks:detail", args=["andere"])) == 200
    listing = client.get(reverse("networks:list"))
    assert listing.status_code == 200
    sees_internal = role not in ("anonymous", "applicant", "other_carrier")
    assert (world["network"].name in listing.content.decode()) == sees_internal


@pytest.mark.parametrize("role", ROLES)
def test_my_networks_lists_only_own(client, world, role):
    status = _get(client, world, role, reverse("networks:mine"))
    if role == "anonymous":
        assert status == LOGIN
        return
    body = client.get(reverse("networks:mine")).content.decode()
    assert status == 200
    assert (world["network"].name in body) == (role in ("carrier", "member"))


POST_MEASURE = {"title": "Messeauftritt", "type": "event", "progress": "0", "status": "planning"}


@pytest.mark.parametrize(
    ("role", "status", "created"),
    [("anonymous", LOGIN, False), ("office", 302, True), ("carrier", 302, True),
     ("other_carrier", 404, False), ("member", 403, False), ("applicant", 404, False),
     ("auditor", 403, False)],
)  # fmt: skip
def test_only_office_and_carrier_add_measures(client, world, role, status, created):
    if role != "anonymous":
        client.force_login(world["users"][role])
    response = client.post(reverse("networks:measure_create", args=["intern"]), POST_MEASURE)
    assert response.status_code == status
    assert Measure.objects.filter(title="Messeauftritt").exists() == created


@pytest.mark.parametrize(
    ("role", "own_status", "foreign_status"),
    [("member", 302, 403), ("carrier", 302, 302), ("auditor", 403, 403), ("applicant", 404, 404)],
)
def test_member_leaves_only_its_own_membership(client, world, role, own_status, foreign_status):
    client.force_login(world["users"][role])
    foreign = client.post(
        reverse("networks:member_leave", args=["intern", world["foreign"].pk])
    ).status_code
    own = client.post(reverse("networks:member_leave", args=["intern", world["own"].pk]))
    assert (own.status_code, foreign) == (own_status, foreign_status)
    left = Membership.objects.get(pk=world["own"].pk).left
    assert (left is not None) == (own_status == 302)


def test_auditor_cannot_approve_or_change_phase(client, world):
    client.force_login(world["users"]["auditor"])
    for name in ("catalogue_approve", "catalogue_submit", "phase", "public", "member_add"):
        assert client.post(reverse(f"networks:{name}", args=["intern"])).status_code == 403


def test_measure_form_keeps_input_and_names_the_field(client, world):
    client.force_login(world["users"]["carrier"])
    response = client.post(
        reverse("networks:measure_create", args=["intern"]),
        {**POST_MEASURE, "planned_start": "2003-05-01", "planned_end": "2003-04-01"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="Messeauftritt"' in body
    assert "Das Ende liegt vor dem Beginn." in body or "The end lies before the start." in body
    assert not Measure.objects.filter(title="Messeauftritt").exists()


def test_english_pages_under_en(client, world):
    response = client.get("/en/networks/andere/")
    assert response.status_code == 200
    assert "Members" in response.content.decode()


def test_companion_edits_the_catalogue_but_not_the_members(client, world, make_user):
    companion = make_user("applicant")
    ActorFactory(network=world["network"], user=companion, kind=ActorKind.COMPANION)
    client.force_login(companion)
    assert client.get(reverse("networks:members", args=["intern"])).status_code == 200
    response = client.post(reverse("networks:measure_create", args=["intern"]), POST_MEASURE)
    assert response.status_code == 302
    assert Measure.objects.filter(title="Messeauftritt").exists()
    assert client.post(reverse("networks:member_add", args=["intern"])).status_code == 403


def test_member_admin_without_affiliation_reads_and_leaves_its_company(client, world, make_user):
    admin = make_user("member")
    ActorFactory(
        network=world["network"], user=admin, kind=ActorKind.MEMBER_ADMIN,
        company=world["foreign"].company,
    )  # fmt: skip
    client.force_login(admin)
    assert client.get(reverse("networks:catalogue", args=["intern"])).status_code == 200
    assert (
        client.post(reverse("networks:member_leave", args=["intern", world["own"].pk])).status_code
        == 403
    )
    response = client.post(reverse("networks:member_leave", args=["intern", world["foreign"].pk]))
    assert response.status_code == 302
    assert Membership.objects.get(pk=world["foreign"].pk).left is not None


def test_evidence_upload_is_checked_by_content_and_the_form_keeps_the_text(client, world):
    client.force_login(world["users"]["carrier"])
    fake = SimpleUploadedFile("foto.png", b"<html>not an image</html>", content_type="image/png")
    response = client.post(
        reverse("networks:activities", args=["intern"]),
        {"date": "2003-05-05", "kind": "event", "text": "Designertag", "evidence": fake},
    )
    assert response.status_code == 400
    assert 'value="Designertag"' in response.content.decode()
    assert not Activity.objects.filter(text="Designertag").exists()
    png = SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    response = client.post(
        reverse("networks:activities", args=["intern"]),
        {"date": "2003-05-05", "kind": "event", "text": "Designertag", "evidence": png},
    )
    assert response.status_code == 302
    assert Activity.objects.get(text="Designertag").evidence.get().kind == "png"


def test_office_adds_actors_and_the_carrier_records_an_agreement(client, world, make_user):
    newcomer = make_user("carrier", username="neu")
    client.force_login(world["users"]["office"])
    response = client.post(
        reverse("networks:actor_add", args=["intern"]), {"username": "neu", "kind": "carrier"}
    )
    assert response.status_code == 302
    client.force_login(newcomer)
    assert client.get(reverse("networks:catalogue", args=["intern"])).status_code == 200
    url = reverse("networks:member_update", args=["intern", world["foreign"].pk])
    response = client.post(url, {"role": "partner", "agreement_on_file": "on"})
    assert response.status_code == 302
    foreign = Membership.objects.get(pk=world["foreign"].pk)
    assert foreign.role == "partner" and foreign.agreement_on_file
    client.force_login(world["users"]["member"])
    assert client.post(url, {"role": "member"}).status_code == 403
    client.force_login(world["users"]["auditor"])
    assert (
        client.post(
            reverse("networks:actor_add", args=["intern"]), {"username": "neu", "kind": "companion"}
        ).status_code
        == 403
    )


def test_every_membership_change_is_in_the_history(client, world):
    client.force_login(world["users"]["carrier"])
    client.post(reverse("networks:member_leave", args=["intern", world["foreign"].pk]))
    client.force_login(world["users"]["auditor"])
    members_page = client.get(reverse("networks:members", args=["intern"])).content.decode()
    url = reverse("core:history", args=["networks", "membership", world["foreign"].pk])
    assert url in members_page
    response = client.get(url)
    assert response.status_code == 200
    assert len(world["foreign"].history.all()) == 2


def test_members_download_guards_formulas(client, world):
    company = world["foreign"].company
    company.name = "=HYPERLINK(1)"
    company.save()
    client.force_login(world["users"]["auditor"])
    body = client.get(reverse("networks:members_export", args=["intern", "csv"])).content.decode(
        "utf-8-sig"
    )
    assert "'=HYPERLINK(1)" in body
    assert client.get(reverse("networks:members_export", args=["intern", "pdf"])).status_code == 404


def test_a_company_user_asks_to_join_and_the_carrier_decides(client, world, make_user):
    from tests.factories.companies import CompanyFactory
    from verbund.networks.models import JoinRequest

    asker = make_user("member")
    company = CompanyFactory(name="Fragende Firma GmbH")
    AffiliationFactory(user=asker, company=company)
    client.force_login(asker)
    detail = reverse("networks:detail", args=["andere"])
    assert "Fragende Firma GmbH" in client.get(detail).content.decode()
    other = world["network"].__class__.objects.get(slug="andere")
    join = reverse("networks:join", args=["andere"])
    assert client.post(join, {"company": company.pk, "message": "Gern"}).status_code == 302
    assert client.post(join, {"company": company.pk}).status_code == 404  # already asked
    request = JoinRequest.objects.get(network=other, company=company)
    stranger = CompanyFactory()
    assert client.post(join, {"company": stranger.pk}).status_code == 404  # not the user's company
    carrier = make_user("carrier")
    carrier_of(other, carrier)
    client.force_login(carrier)
    decide = reverse("networks:join_decide", args=["andere", request.pk])
    assert client.post(decide, {"accept": "1"}).status_code == 302
    assert Membership.objects.filter(network=other, company=company, left=None).exists()
