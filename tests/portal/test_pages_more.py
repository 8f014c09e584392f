"""More of the portal's pages: double submissions, rate limits, English, the feed's image, editing,
renewing and withdrawing posts, invitations and links by mail, paper consent, the start page."""

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tests.factories.companies import CompanyFactory
from tests.factories.networks import MembershipFactory, NetworkFactory, carrier_of
from tests.factories.portal import AdminFactory, PostFactory, consenting
from verbund.portal.models import AdminInvitation, CompanyAdmin, Interest, NewsItem, Post

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user):
    network = NetworkFactory(slug="metall", name="Netzwerk Metall", name_en="Metal network")
    carrier = make_user("carrier")
    carrier_of(network, carrier)
    member = MembershipFactory(network=network)
    consenting(member.company)
    admin = AdminFactory(company=member.company).user
    return dict(network=network, carrier=carrier, company=member.company, admin=admin)


def _png():
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "blue").save(out, format="PNG")
    return SimpleUploadedFile("bild.png", out.getvalue(), content_type="image/png")


def test_double_post_creates_one_post(client, world):
    client.force_login(world["admin"])
    data = {"company": world["company"].pk, "network": world["network"].pk, "kind": "offer",
            "type": "business", "title": "Doppelt", "text": "Einmal bitte.",
            "expires_on": (timezone.localdate() + dt.timedelta(days=9)).isoformat()}  # fmt: skip
    assert client.post("/portal/board/new/", data).status_code == 302
    assert client.post("/portal/board/new/", data).status_code == 400
    assert Post.objects.filter(title="Doppelt").count() == 1


def test_double_interest_is_one(client, world):
    post = PostFactory(network=world["network"], company=CompanyFactory())
    client.force_login(world["admin"])
    data = {"company": world["company"].pk, "message": "Gern"}
    client.post(f"/portal/board/{post.pk}/interest/", data)
    response = client.post(f"/portal/board/{post.pk}/interest/", data)
    assert response.status_code == 400 and "Gern" in response.content.decode()
    assert Interest.objects.count() == 1


def test_claim_form_is_rate_limited(client, make_user):
    client.force_login(make_user("member"))
    companies = [CompanyFactory() for _ in range(11)]
    codes = [
        client.post(f"/portal/companies/{c.public_id}/claim/", {"message": ""}).status_code
        for c in companies
    ]
    assert codes[:10] == [302] * 10 and codes[10] == 429


def test_english_portal(client, world):
    body = client.get("/en/portal/").content.decode()
    assert "Portal of the networks" in body and "Metal network" in body
    assert "Portal der Netzwerke" in client.get("/portal/").content.decode()


def test_feed_carries_the_image_as_absolute_enclosure(client, world):
    client.force_login(world["carrier"])
    response = client.post(
        "/portal/networks/metall/news/new/",
        {"title": "Mit Bild", "text": "Siehe Bild", "visibility": "public", "image": _png(),
         "image_alt": "Ein blaues Quadrat"},
    )  # fmt: skip
    assert response.status_code == 302
    client.logout()
    feed = client.get("/portal/networks/metall/feed.atom").content.decode()
    assert re.search(r'<link href="http://testserver/[^"]+\.(png|jpg)"[^>]*rel="enclosure"', feed)
    item = NewsItem.objects.get(title="Mit Bild")
    body = client.get(item.get_absolute_url()).content.decode()
    assert 'alt="Ein blaues Quadrat"' in body


def test_news_double_submit_and_edit(client, world):
    client.force_login(world["carrier"])
    data = {"title": "Einmal", "text": "Text", "visibility": "public"}
    client.post("/portal/networks/metall/news/new/", data)
    assert client.post("/portal/networks/metall/news/new/", data).status_code == 400
    item = NewsItem.objects.get(title="Einmal")
    url = f"/portal/networks/metall/news/{item.pk}/edit/"
    assert client.get(url).status_code == 200
    client.post(url, {"title": "Geändert", "text": "Text", "visibility": "members"})
    item.refresh_from_db()
    assert item.title == "Geändert" and item.visibility == "members"
    client.post(f"/portal/networks/metall/news/{item.pk}/delete/")
    assert not NewsItem.objects.filter(pk=item.pk).exists()


def test_edit_renew_withdraw_own_post(client, world, make_user):
    post = PostFactory(network=world["network"], company=world["company"],
                       expires_on=timezone.localdate() + dt.timedelta(days=3))  # fmt: skip
    client.force_login(make_user("member"))
    assert client.get(f"/portal/board/{post.pk}/edit/").status_code == 404
    client.force_login(world["admin"])
    new_date = (timezone.localdate() + dt.timedelta(days=60)).isoformat()
    client.post(f"/portal/board/{post.pk}/renew/", {"expires_on": new_date})
    post.refresh_from_db()
    assert post.expires_on.isoformat() == new_date
    client.post(f"/portal/board/{post.pk}/edit/", {
        "kind": "offer", "type": "business", "title": "Neu", "text": "Neuer Text",
        "expires_on": new_date,
    })  # fmt: skip
    post.refresh_from_db()
    assert post.title == "Neu" and post.state == "pending"  # back to moderation
    client.post(f"/portal/board/{post.pk}/withdraw/")
    post.refresh_from_db()
    assert post.state == "withdrawn"


def test_invitation_by_page_and_link(client, world, make_user):
    client.force_login(world["admin"])
    url = f"/portal/companies/{world['company'].public_id}/admins/invite/"
    assert client.post(url, {"email": "neu@firma.example"}).status_code == 302
    assert client.post(url, {"email": "neu@firma.example"}).status_code == 400
    assert AdminInvitation.objects.count() == 1
    link = re.search(r"/portal/invitation/[^/\s]+/", mail.outbox[-1].body).group(0)
    colleague = make_user("member", email="neu@firma.example")
    client.force_login(colleague)
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 302
    assert CompanyAdmin.objects.filter(user=colleague, company=world["company"]).exists()


def test_claim_confirmed_by_the_mailed_link(client, make_user):
    company = CompanyFactory(name="Link GmbH")
    company.contacts.create(name="Info", email="info@link.example")
    user = make_user("member")
    client.force_login(user)
    client.post(f"/portal/companies/{company.public_id}/claim/", {"message": ""})
    message = next(m for m in mail.outbox if "info@link.example" in m.to)
    link = re.search(r"/portal/claim/confirm/[^/\s]+/", message.body).group(0)
    assert client.post(link).status_code == 302
    assert CompanyAdmin.objects.filter(user=user, company=company).exists()


def test_office_records_paper_consent(client, make_user):
    company = CompanyFactory(name="Papier KG")
    client.force_login(make_user("office"))
    url = f"/portal/companies/{company.public_id}/consent/"
    assert client.post(url, {"public": ["name"]}).status_code == 400  # the document is required
    assert (
        client.post(url, {"public": ["name"], "consent_note": "Formular 1.2.2026"}).status_code
        == 302
    )
    client.logout()
    assert "Papier KG" in client.get("/portal/companies/").content.decode()


def test_start_page_lists_portal_tasks(client, world, make_user):
    PostFactory(network=world["network"], company=world["company"], state="pending")
    client.force_login(world["carrier"])
    assert "Angebote und Gesuche zu moderieren" in client.get("/").content.decode()
    client.force_login(world["admin"])
    assert str(world["company"]) in client.get("/").content.decode()


def test_visitor_start_page_links_to_the_portal(client):
    assert 'href="/portal/"' in client.get("/").content.decode()
