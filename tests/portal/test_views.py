"""The portal's pages: who gets what (an allowed role gets 200, others 404/403/redirect), forms keep
what was typed, the feed, and that nothing is public without consent on each page."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories.companies import CompanyFactory
from tests.factories.networks import MembershipFactory, NetworkFactory, carrier_of
from tests.factories.portal import AdminFactory, NewsFactory, PostFactory, consenting
from verbund.networks.models import JoinRequest, Membership
from verbund.portal.enums import NewsVisibility, PostState
from verbund.portal.models import CompanyClaim, CompanyProfile, Interest, Post

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user):
    network = NetworkFactory(slug="holz", name="Netzwerk Holz")
    carrier = make_user("carrier", username="carrier1")
    carrier_of(network, carrier)
    shown = MembershipFactory(network=network, company=CompanyFactory(name="Gezeigt GmbH",
                                                                      city="Leipzig"))  # fmt: skip
    consenting(shown.company, fields={"name", "city", "competences"}, description="Verborgen!")
    hidden = MembershipFactory(network=network, company=CompanyFactory(name="Versteckt AG"))
    admin = AdminFactory(company=shown.company, user=make_user("member", username="admin1")).user
    post = PostFactory(network=network, company=shown.company, title="Fräsen im Angebot")
    news = NewsFactory(network=network, title="Öffentliche Nachricht")
    internal = NewsFactory(network=network, title="Interne Nachricht",
                           visibility=NewsVisibility.MEMBERS)  # fmt: skip
    return dict(network=network, carrier=carrier, shown=shown.company, hidden=hidden.company,
                admin=admin, post=post, news=news, internal=internal)  # fmt: skip


PUBLIC = ["/portal/", "/en/portal/", "/portal/networks/holz/", "/portal/companies/",
          "/portal/board/", "/portal/news/", "/portal/map/", "/portal/feed.atom",
          "/portal/networks/holz/feed.atom", "/networks/holz/"]  # fmt: skip


@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages_answer_and_hide_what_is_not_consented(client, world, url):
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Versteckt AG" not in body
    assert "Verborgen!" not in body  # description not consented
    assert "Interne Nachricht" not in body


def test_network_page_lists_consented_member_and_counts_the_rest(client, world):
    body = client.get("/portal/networks/holz/").content.decode()
    assert "Gezeigt GmbH" in body and "Leipzig" in body
    assert "1 weiteres Mitglied" in body or "1 further member" in body


def test_company_page_public_only_with_name_consent(client, world):
    assert client.get(f"/portal/companies/{world['shown'].public_id}/").status_code == 200
    assert client.get(f"/portal/companies/{world['hidden'].public_id}/").status_code == 404


def test_members_read_internal_news(client, world):
    client.force_login(world["admin"])
    body = client.get("/portal/networks/holz/").content.decode()
    assert "Interne Nachricht" in body
    url = f"/portal/networks/holz/news/{world['internal'].pk}/"
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 404


def test_feed_is_atom_with_public_news_only(client, world):
    response = client.get("/portal/feed.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Öffentliche Nachricht" in body and "Interne Nachricht" not in body
    assert client.get("/portal/networks/unbekannt/feed.atom").status_code == 404


def test_private_network_is_not_in_the_portal(client, world):
    NetworkFactory(slug="geheim", is_public=False)
    assert client.get("/portal/networks/geheim/").status_code == 404
    assert client.get("/portal/networks/geheim/feed.atom").status_code == 404


SELF_SERVICE = ["edit/", "consent/", "admins/", "join/"]


@pytest.mark.parametrize("page", SELF_SERVICE)
def test_self_service_pages_only_for_the_companys_admins(client, world, make_user, page):
    url = f"/portal/companies/{world['shown'].public_id}/{page}"
    assert client.get(url).status_code == 302  # anonymous: sign in first
    client.force_login(make_user("member"))
    assert client.get(url).status_code == 404
    client.force_login(world["admin"])
    assert client.get(url).status_code == 200
    client.force_login(make_user("office"))
    assert client.get(url).status_code == 200


def test_profile_form_keeps_typed_input_on_error(client, world):
    client.force_login(world["admin"])
    url = f"/portal/companies/{world['shown'].public_id}/edit/"
    response = client.post(url, {"description": "Neu <b>fett</b>", "website": "kein url"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Neu &lt;b&gt;fett&lt;/b&gt;" in body
    response = client.post(url, {"description": "Neu <b>fett</b>", "website": ""})
    assert response.status_code == 302
    assert CompanyProfile.objects.get(company=world["shown"]).description == "Neu <b>fett</b>"


def test_consent_page_saves_and_refuses_fields_without_name(client, world):
    client.force_login(world["admin"])
    url = f"/portal/companies/{world['shown'].public_id}/consent/"
    response = client.post(url, {"public": ["city"]})
    assert response.status_code == 400
    response = client.post(url, {"public": ["name", "description"]})
    assert response.status_code == 302
    client.logout()
    body = client.get(f"/portal/companies/{world['shown'].public_id}/").content.decode()
    assert "Verborgen!" in body and "Leipzig" not in body


def test_claim_flow_through_pages(client, world, make_user):
    office = make_user("office")
    user = make_user("member")
    client.force_login(user)
    found = client.get("/portal/claim/", {"q": "Versteckt"}).content.decode()
    assert "Versteckt AG" in found
    response = client.post(f"/portal/companies/{world['hidden'].public_id}/claim/",
                           {"message": "Ich bin die Chefin"})  # fmt: skip
    assert response.status_code == 302
    claim = CompanyClaim.objects.get(user=user)
    assert client.get("/portal/office/claims/").status_code == 403
    client.force_login(office)
    assert "Versteckt AG" in client.get("/portal/office/claims/").content.decode()
    client.post(f"/portal/office/claims/{claim.pk}/", {"confirm": "1"})
    claim.refresh_from_db()
    assert claim.state == "confirmed"
    client.force_login(user)
    assert client.get(f"/portal/companies/{world['hidden'].public_id}/edit/").status_code == 200


def test_join_through_the_portal_and_the_carriers_answer(client, world, make_user):
    company = CompanyFactory(name="Neuling GmbH")
    admin = AdminFactory(company=company).user
    client.force_login(admin)
    url = f"/portal/companies/{company.public_id}/join/"
    response = client.post(url, {"network": world["network"].pk, "message": "Wir möchten"})
    assert response.status_code == 302
    request = JoinRequest.objects.get(company=company)
    client.force_login(world["carrier"])
    assert "Neuling GmbH" in client.get("/portal/moderation/").content.decode()
    client.post(f"/portal/join-requests/{request.pk}/", {"accept": "1", "message": "Willkommen"})
    assert Membership.objects.filter(company=company, left__isnull=True).exists()
    assert any("Willkommen" in m.body for m in mail.outbox)
    client.force_login(make_user("carrier"))
    assert client.get("/portal/moderation/").status_code == 404


def test_post_and_moderate_through_pages(client, world):
    client.force_login(world["admin"])
    assert client.get("/portal/board/new/").status_code == 200
    expires = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    data = {"company": world["shown"].pk, "network": world["network"].pk, "kind": "request",
            "type": "research", "title": "Labor gesucht", "text": "Für Versuche.",
            "expires_on": expires}  # fmt: skip
    response = client.post("/portal/board/new/", {**data, "title": ""})
    assert response.status_code == 400 and "Für Versuche." in response.content.decode()
    response = client.post("/portal/board/new/", data)
    post = Post.objects.get(title="Labor gesucht")
    assert response.status_code == 302 and post.state == PostState.PENDING
    client.logout()
    assert client.get(f"/portal/board/{post.pk}/").status_code == 404
    client.force_login(world["carrier"])
    client.post(f"/portal/board/{post.pk}/moderate/", {"approve": "1"})
    client.logout()
    assert client.get(f"/portal/board/{post.pk}/").status_code == 200


def test_interest_page_and_count_for_the_owner(client, world, make_user):
    other = CompanyFactory(name="Interessent KG")
    other_admin = AdminFactory(company=other).user
    client.force_login(other_admin)
    url = f"/portal/board/{world['post'].pk}/"
    assert "express-interest" in client.get(url).content.decode()
    client.post(f"{url}interest/", {"company": other.pk, "message": "Wir sind interessiert"})
    assert Interest.objects.filter(post=world["post"], company=other).exists()
    client.force_login(world["admin"])
    body = client.get(url).content.decode()
    assert "Interessent KG" in body and 'id="interest-count"' in body


def test_anonymous_cannot_write(client, world):
    post = world["post"]
    for url in [f"/portal/board/{post.pk}/interest/", f"/portal/board/{post.pk}/moderate/",
                "/portal/board/new/", "/portal/networks/holz/news/new/"]:  # fmt: skip
        response = client.post(url, {})
        assert response.status_code in (302, 404, 405)
    assert Interest.objects.count() == 0


def test_news_pages_for_carrier_only(client, world, make_user):
    client.force_login(world["carrier"])
    assert client.get("/portal/networks/holz/news/new/").status_code == 200
    response = client.post("/portal/networks/holz/news/new/",
                           {"title": "Neu", "text": "Text", "visibility": "public"})  # fmt: skip
    assert response.status_code == 302
    client.force_login(world["admin"])
    assert client.get("/portal/networks/holz/news/new/").status_code == 404


def test_my_portal_page(client, world):
    client.force_login(world["admin"])
    body = client.get("/portal/my/").content.decode()
    assert "Gezeigt GmbH" in body and "Fräsen im Angebot" in body
