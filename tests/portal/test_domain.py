"""The portal's domain: consent, claims and admins, news, the board, join requests, mails."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tests.factories.companies import CompanyFactory
from tests.factories.networks import MembershipFactory, NetworkFactory, carrier_of
from tests.factories.portal import AdminFactory, PostFactory, consenting
from verbund.core.audit import acting_user
from verbund.core.errors import DomainError
from verbund.networks.models import Membership
from verbund.portal.domain import board, claims, members, news, profiles, queries
from verbund.portal.enums import ClaimState, ConsentSource, NewsVisibility, PostState
from verbund.portal.models import CompanyAdmin, CompanyProfile, Post

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)


def _png(exif: bool = False) -> SimpleUploadedFile:
    image = Image.new("RGB", (40, 30), "red")
    out = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010E] = "secret camera note"
        image.save(out, format="JPEG", exif=data)
        return SimpleUploadedFile("logo.jpg", out.getvalue(), content_type="image/jpeg")
    image.save(out, format="PNG")
    return SimpleUploadedFile("logo.png", out.getvalue(), content_type="image/png")


# Consent -----------------------------------------------------------------------------------------


def test_public_profile_holds_only_consented_fields():
    company = CompanyFactory(name="Muster GmbH", city="Leipzig", street="Hauptstr. 1",
                             website="https://muster.example")  # fmt: skip
    consenting(company, fields={"name", "city"}, description="Geheim", needs="Auch geheim")
    out = queries.public_profile(company)
    assert out["name"] == "Muster GmbH" and out["city"] == "Leipzig"
    assert "street" not in out and "website" not in out and "description" not in out


def test_no_name_consent_means_not_public():
    company = CompanyFactory()
    consenting(company, fields=set())
    assert queries.public_profile(company) is None
    assert company not in queries.public_companies()


def test_consent_needs_the_name(make_user):
    company = CompanyFactory()
    admin = AdminFactory(company=company).user
    with pytest.raises(DomainError) as error:
        profiles.set_consent(company=company, user=admin, fields={"city"})
    assert error.value.field == "name"
    profile = profiles.set_consent(company=company, user=admin, fields={"name", "city"})
    assert profile.consented() == {"name", "city"}
    assert profile.consent_by == admin and profile.consent_source == ConsentSource.SELF_SERVICE


def test_only_admins_consent_online_and_only_office_on_paper(make_user, office_user):
    company = CompanyFactory()
    stranger = make_user("member")
    with pytest.raises(DomainError):
        profiles.set_consent(company=company, user=stranger, fields={"name"})
    with pytest.raises(DomainError):
        profiles.set_consent(company=company, user=stranger, fields={"name"}, source="paper",
                             note="Formular")  # fmt: skip
    with pytest.raises(DomainError) as error:
        profiles.set_consent(company=company, user=office_user, fields={"name"}, source="paper")
    assert error.value.field == "consent_note"
    profile = profiles.set_consent(company=company, user=office_user, fields={"name"},
                                   source="paper", note="Formular vom 3.3.2026")  # fmt: skip
    assert profile.show_name and profile.history.first().history_user == office_user


def test_profile_edit_by_admin_reencodes_logo_without_metadata():
    company = CompanyFactory()
    admin = AdminFactory(company=company).user
    profile = profiles.update_profile(
        company=company,
        user=admin,
        description="Wir fräsen.",
        logo=_png(exif=True),
        website="https://fraes.example",
    )
    profile.logo.open("rb")
    data = profile.logo.read()
    assert b"secret camera note" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()
    assert profile.description == "Wir fräsen."


def test_profile_refuses_bad_logo_and_foreign_users(make_user):
    company = CompanyFactory()
    admin = AdminFactory(company=company).user
    fake = SimpleUploadedFile("logo.png", b"<script>alert(1)</script>", content_type="image/png")
    with pytest.raises(DomainError) as error:
        profiles.update_profile(company=company, user=admin, logo=fake)
    assert error.value.field == "logo"
    with pytest.raises(DomainError):
        profiles.update_profile(company=company, user=make_user("member"), description="x")
    with pytest.raises(DomainError) as error:
        profiles.update_profile(company=company, user=admin, website="javascript:alert(1)")
    assert error.value.field == "website"


# Claims and admins -------------------------------------------------------------------------------


def test_claim_confirmed_by_the_office_makes_an_admin(make_user, office_user):
    company = CompanyFactory()
    user = make_user("member")
    claim, token = claims.claim_company(company=company, user=user, message="Chefin")
    assert token == ""  # no e-mail in the register: the office confirms
    assert any(office_user.email in m.to for m in mail.outbox)
    with pytest.raises(DomainError):
        claims.claim_company(company=company, user=user)
    with pytest.raises(DomainError):
        claims.confirm_claim(claim=claim, user=user)
    claims.confirm_claim(claim=claim, user=office_user)
    claim.refresh_from_db()
    assert claim.state == ClaimState.CONFIRMED and claim.confirmation == "office"
    assert queries.is_admin_of(user, company)
    assert company.affiliations.filter(user=user).exists()
    assert CompanyProfile.objects.filter(company=company).exists()
    assert any(user.email in m.to for m in mail.outbox)


def test_claim_confirmed_by_the_link_to_the_register_address(make_user):
    company = CompanyFactory()
    company.contacts.create(name="Frau Register", email="info@firma.example")
    user = make_user("member")
    claim, token = claims.claim_company(company=company, user=user)
    link_mail = next(m for m in mail.outbox if "info@firma.example" in m.to)
    assert token in link_mail.body
    with pytest.raises(DomainError):
        claims.confirm_claim_by_token(token=token, user=make_user("member"))
    with pytest.raises(DomainError):
        claims.confirm_claim_by_token(token="wrong", user=user)
    claims.confirm_claim_by_token(token=token, user=user)
    claim.refresh_from_db()
    assert claim.state == ClaimState.CONFIRMED and claim.confirmation == "email"
    with pytest.raises(DomainError):
        claims.confirm_claim_by_token(token=token, user=user)  # used once


def test_declining_needs_a_reason(make_user, office_user):
    claim, _t = claims.claim_company(company=CompanyFactory(), user=make_user("member"))
    with pytest.raises(DomainError) as error:
        claims.decline_claim(claim=claim, user=office_user)
    assert error.value.field == "note"
    claims.decline_claim(claim=claim, user=office_user, note="Nicht nachweisbar")
    claim.refresh_from_db()
    assert claim.state == ClaimState.DECLINED


def test_invited_colleague_becomes_admin_and_last_admin_stays(make_user):
    company = CompanyFactory()
    first = AdminFactory(company=company)
    _invitation, token = claims.invite_admin(company=company, email="kollege@firma.example",
                                            user=first.user)  # fmt: skip
    assert any(token in m.body for m in mail.outbox)
    with pytest.raises(DomainError):
        claims.invite_admin(company=company, email="x@y.example", user=make_user("member"))
    colleague = make_user("member", email="kollege@firma.example")
    admin = claims.accept_invitation(token=token, user=colleague)
    assert admin.company == company
    with pytest.raises(DomainError):
        claims.accept_invitation(token=token, user=colleague)
    claims.remove_admin(admin=admin, user=first.user)
    with pytest.raises(DomainError):
        claims.remove_admin(admin=first, user=first.user)


def test_expired_invitation_is_refused(make_user):
    company = CompanyFactory()
    first = AdminFactory(company=company)
    _inv, token = claims.invite_admin(company=company, email="a@b.example", user=first.user)
    with pytest.raises(DomainError):
        claims.accept_invitation(token=token, user=make_user("member"),
                                 now=timezone.now() + dt.timedelta(days=30))  # fmt: skip


# News --------------------------------------------------------------------------------------------


def test_carrier_publishes_news_for_own_network_only(make_user):
    network, other = NetworkFactory(), NetworkFactory()
    carrier = make_user("carrier")
    carrier_of(network, carrier)
    item = news.publish_news(user=carrier, network=network, title="Treffen", text="Am Montag.",
                             image=_png(), image_alt="Ein rotes Bild")  # fmt: skip
    assert item.image and item in queries.public_news()
    with pytest.raises(DomainError):
        news.publish_news(user=carrier, network=other, title="x", text="y")
    with pytest.raises(DomainError) as error:
        news.publish_news(user=carrier, network=network, title="", text="y")
    assert error.value.field == "title"
    with pytest.raises(DomainError) as error:
        news.publish_news(user=carrier, network=network, title="t", text="y", image=_png())
    assert error.value.field == "image_alt"


def test_members_only_news_not_public(make_user):
    network = NetworkFactory()
    carrier = make_user("carrier")
    carrier_of(network, carrier)
    item = news.publish_news(user=carrier, network=network, title="Intern", text="Nur für uns",
                             visibility=NewsVisibility.MEMBERS)  # fmt: skip
    assert item not in queries.public_news()
    member = MembershipFactory(network=network)
    member_user = AdminFactory(company=member.company).user
    assert item in queries.news_for(member_user, network)
    assert item not in queries.news_for(make_user("member"), network)


# Board -------------------------------------------------------------------------------------------


def _member_admin(network, make_user=None):
    membership = MembershipFactory(network=network)
    admin = AdminFactory(company=membership.company)
    return membership.company, admin.user


def test_post_waits_for_moderation_then_publishes(make_user):
    network = NetworkFactory()
    carrier = make_user("carrier")
    carrier_of(network, carrier)
    company, admin = _member_admin(network)
    post = board.create_post(
        user=admin, network=network, company=company, kind="offer", type="technology",
        title="Fräsen", text="Wir fräsen.", expires_on=TODAY + dt.timedelta(days=30), today=TODAY,
    )  # fmt: skip
    assert post.state == PostState.PENDING
    assert any(carrier.email in m.to for m in mail.outbox)
    assert post not in queries.published_posts(today=TODAY)
    with pytest.raises(DomainError):
        board.moderate_post(user=admin, post=post, approve=True)
    with pytest.raises(DomainError) as error:
        board.moderate_post(user=carrier, post=post, approve=False)
    assert error.value.field == "note"
    mail.outbox.clear()
    board.moderate_post(user=carrier, post=post, approve=True)
    assert post in queries.published_posts(today=TODAY)
    assert any(admin.email in m.to for m in mail.outbox)


def test_post_checks(make_user):
    network = NetworkFactory()
    company, admin = _member_admin(network)
    outsider = CompanyFactory()
    AdminFactory(company=outsider, user=admin)
    base = dict(user=admin, network=network, kind="offer", type="technology", title="T",
                text="x", today=TODAY)  # fmt: skip
    with pytest.raises(DomainError) as error:
        board.create_post(company=outsider, expires_on=TODAY + dt.timedelta(days=5), **base)
    assert error.value.field == "company"
    with pytest.raises(DomainError) as error:
        board.create_post(company=company, expires_on=TODAY - dt.timedelta(days=1), **base)
    assert error.value.field == "expires_on"
    with pytest.raises(DomainError) as error:
        board.create_post(company=company, expires_on=TODAY + dt.timedelta(days=400), **base)
    assert error.value.field == "expires_on"
    with pytest.raises(DomainError) as error:
        board.create_post(company=company, expires_on=TODAY + dt.timedelta(days=5),
                          **{**base, "type": "gossip"})  # fmt: skip
    assert error.value.field == "type"
    assert not Post.objects.exists()


def test_expired_post_leaves_public_view_and_can_be_renewed():
    network = NetworkFactory()
    company, admin = _member_admin(network)
    post = PostFactory(network=network, company=company, expires_on=TODAY - dt.timedelta(days=1))
    assert post not in queries.published_posts(today=TODAY)
    with pytest.raises(DomainError):
        board.renew_post(user=admin, post=post, expires_on=TODAY - dt.timedelta(days=2),
                         today=TODAY)  # fmt: skip
    board.renew_post(user=admin, post=post, expires_on=TODAY + dt.timedelta(days=30), today=TODAY)
    assert post in queries.published_posts(today=TODAY)


def test_interest_notifies_both_sides_once(make_user):
    network = NetworkFactory()
    owner_company, owner = _member_admin(network)
    post = PostFactory(network=network, company=owner_company)
    other_company, other = _member_admin(network)
    with pytest.raises(DomainError):
        board.express_interest(user=owner, post=post, company=owner_company, message="Hallo")
    with pytest.raises(DomainError) as error:
        board.express_interest(user=other, post=post, company=other_company, message=" ")
    assert error.value.field == "message"
    board.express_interest(user=other, post=post, company=other_company, message="Passt!")
    recipients = {address for m in mail.outbox for address in m.to}
    assert owner.email in recipients and other.email in recipients
    with pytest.raises(DomainError):
        board.express_interest(user=other, post=post, company=other_company, message="Noch mal")
    counted = queries.posts_of_companies([owner_company]).get(pk=post.pk)
    assert counted.n_interests == 1


def test_muted_category_sends_no_mail(make_user):
    network = NetworkFactory()
    owner_company, owner = _member_admin(network)
    owner.muted_notifications = ["portal_board"]
    owner.save()
    post = PostFactory(network=network, company=owner_company)
    other_company, other = _member_admin(network)
    board.express_interest(user=other, post=post, company=other_company, message="Passt!")
    assert all(owner.email not in m.to for m in mail.outbox)
    assert any(other.email in m.to for m in mail.outbox)


# Join requests -----------------------------------------------------------------------------------


def test_join_request_answered_with_a_message(make_user):
    network = NetworkFactory()
    carrier = make_user("carrier")
    carrier_of(network, carrier)
    company = CompanyFactory()
    admin = AdminFactory(company=company).user
    with pytest.raises(DomainError):
        members.ask_to_join(user=make_user("member"), network=network, company=company)
    request = members.ask_to_join(user=admin, network=network, company=company, message="Gern")
    assert any(carrier.email in m.to for m in mail.outbox)
    mail.outbox.clear()
    with pytest.raises(DomainError):
        members.answer_join_request(user=admin, join_request=request, accept=True)
    members.answer_join_request(user=carrier, join_request=request, accept=True,
                                message="Willkommen im Netzwerk!")  # fmt: skip
    assert Membership.objects.filter(network=network, company=company, left__isnull=True).exists()
    welcome = next(m for m in mail.outbox if admin.email in m.to)
    assert "Willkommen im Netzwerk!" in welcome.body


def test_writes_outside_a_request_record_the_acting_user(make_user):
    company = CompanyFactory()
    admin = AdminFactory(company=company).user
    with acting_user(admin):
        profiles.update_profile(company=company, user=admin, description="Neu")
    assert CompanyProfile.objects.get(company=company).history.first().history_user == admin
    assert CompanyAdmin.objects.filter(company=company).count() == 1


def test_mail_waits_for_commit(make_user, monkeypatch, django_capture_on_commit_callbacks):
    from django.db import transaction

    monkeypatch.setattr("verbund.portal.domain.notifications.on_commit", transaction.on_commit)
    network = NetworkFactory()
    owner_company, _owner = _member_admin(network)
    post = PostFactory(network=network, company=owner_company)
    other_company, other = _member_admin(network)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        board.express_interest(user=other, post=post, company=other_company, message="Passt!")
    assert not mail.outbox and len(callbacks) == 2


def test_expired_posts_are_reminded_once_the_day_after():
    network = NetworkFactory()
    company, admin = _member_admin(network)
    expired = PostFactory(network=network, company=company, expires_on=TODAY - dt.timedelta(days=1))
    PostFactory(network=network, company=company, expires_on=TODAY - dt.timedelta(days=2))
    PostFactory(network=network, company=company, expires_on=TODAY)
    assert board.remind_expired(today=TODAY) == 1
    reminder = next(m for m in mail.outbox if admin.email in m.to)
    assert expired.title in reminder.body and f"/portal/board/{expired.pk}/" in reminder.body


def test_carrier_posts_for_its_own_company_published_at_once(make_user):
    carrier_company = CompanyFactory()
    network = NetworkFactory(carrier_company=carrier_company)
    MembershipFactory(network=network, company=carrier_company)
    carrier = make_user("carrier")
    carrier_of(network, carrier)
    post = board.create_post(
        user=carrier, network=network, company=carrier_company, kind="request", type="business",
        title="Aussteller gesucht", text="Für den Gemeinschaftsstand.",
        expires_on=TODAY + dt.timedelta(days=10), today=TODAY,
    )  # fmt: skip
    assert post.state == PostState.PUBLISHED
    other = MembershipFactory(network=network).company
    with pytest.raises(DomainError):
        board.create_post(
            user=carrier, network=network, company=other, kind="offer", type="business",
            title="Fremd", text="Nicht erlaubt.", expires_on=TODAY + dt.timedelta(days=10),
            today=TODAY,
        )  # fmt: skip
