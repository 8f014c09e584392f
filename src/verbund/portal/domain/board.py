"""The offers-and-requests board (Kooperationsbörse).

A member company's admin posts an offer or a request on one of its networks' boards; the carrier
or the office moderates it before it is published (a post by the network's own moderator is
published at once). A published post leaves public view on its expiry date and can be renewed by
its company. Another company expresses interest with a message; both sides are notified.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.audit import save_as
from verbund.core.rules import is_office
from verbund.networks.models import Membership, Network
from verbund.portal.domain.errors import PortalError
from verbund.portal.domain.notifications import notify
from verbund.portal.domain.queries import may_moderate
from verbund.portal.enums import PostKind, PostState, PostType
from verbund.portal.models import TEXT_LIMIT, CompanyAdmin, Interest, Post

MAX_DAYS = 365
"""A post runs at most a year before it has to be renewed."""


def _admins(company):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(administered_companies__company=company)


def _moderators(network: Network):
    from django.contrib.auth import get_user_model

    from verbund.networks.enums import ActorKind

    return get_user_model().objects.filter(
        network_roles__network=network, network_roles__kind=ActorKind.CARRIER
    )


def _is_admin(user, company) -> bool:
    return CompanyAdmin.objects.filter(user=user, company=company).exists()


def _check_expiry(expires_on, today: dt.date) -> None:
    if not isinstance(expires_on, dt.date):
        raise PortalError(_("Enter an expiry date."), field="expires_on")
    if expires_on < today:
        raise PortalError(_("The expiry date lies in the past."), field="expires_on")
    if (expires_on - today).days > MAX_DAYS:
        raise PortalError(
            _("A post runs at most %(n)s days; renew it later.") % {"n": MAX_DAYS},
            field="expires_on",
        )


def _check_fields(*, kind, type, title, text, competences, region) -> None:
    if kind not in PostKind.values:
        raise PortalError(_("Choose offer or request."), field="kind")
    if type not in PostType.values:
        raise PortalError(_("Choose a type."), field="type")
    if not (title or "").strip():
        raise PortalError(_("Enter a title."), field="title")
    if len(title) > 200:
        raise PortalError(_("At most %(n)s characters.") % {"n": 200}, field="title")
    if not (text or "").strip():
        raise PortalError(_("Describe the offer or request."), field="text")
    if len(text) > TEXT_LIMIT:
        raise PortalError(_("At most %(n)s characters.") % {"n": TEXT_LIMIT}, field="text")
    if len(competences or "") > 500:
        raise PortalError(_("At most %(n)s characters.") % {"n": 500}, field="competences")
    if len(region or "") > 120:
        raise PortalError(_("At most %(n)s characters.") % {"n": 120}, field="region")


@transaction.atomic
def create_post(
    *,
    user,
    network: Network,
    company,
    kind: str,
    type: str,
    title: str,
    text: str,
    expires_on: dt.date,
    competences: str = "",
    wz_division=None,
    region: str = "",
    today: dt.date | None = None,
    now=None,
) -> Post:
    """Post on the network's board for a member company the user administers (the office for any
    member, the carrier for its own company); waits for moderation unless the author moderates
    this network."""
    today = today or timezone.localdate()
    network = Network.objects.get(pk=network.pk)
    if company is None:
        raise PortalError(_("Choose your company."), field="company")
    for_carrier = company.pk == network.carrier_company_id and may_moderate(user, network)
    if not (is_office(user) or for_carrier or _is_admin(user, company)):
        raise PortalError(_("Only the company's admins post for it."), field="company")
    if not Membership.objects.filter(network=network, company=company, left__isnull=True).exists():
        raise PortalError(
            _("%(company)s is not a member of this network.") % {"company": company},
            field="company",
        )
    _check_fields(kind=kind, type=type, title=title, text=text, competences=competences,
                  region=region)  # fmt: skip
    _check_expiry(expires_on, today)
    if wz_division is not None and wz_division.level != 2:
        raise PortalError(_("Choose a WZ division (two digits)."), field="wz_division")
    if Post.objects.filter(
        network=network, company=company, title=title.strip(), text=text.strip(),
        state__in=[PostState.PENDING, PostState.PUBLISHED],
    ).exists():  # fmt: skip
        raise PortalError(_("Your company has posted this already."), field="title")
    now = now or timezone.now()
    post = Post(
        network=network, company=company, author=user, kind=kind, type=type, title=title.strip(),
        text=text.strip(), competences=competences.strip(), wz_division=wz_division,
        region=region.strip(), expires_on=expires_on, created_at=now,
    )  # fmt: skip
    if may_moderate(user, network):
        post.state, post.published_at = PostState.PUBLISHED, now
        post.moderated_by, post.moderated_at = user, now
    save_as(post, user)
    if post.state == PostState.PENDING:
        notify("post_to_moderate", post, users=_moderators(network))
    return post


@transaction.atomic
def update_post(*, user, post: Post, today: dt.date | None = None, **values) -> Post:
    """The company edits its post; a published post goes back to moderation."""
    post = Post.objects.select_for_update().select_related("network", "company").get(pk=post.pk)
    if not (is_office(user) or _is_admin(user, post.company)):
        raise PortalError(_("Only the company's admins edit its posts."))
    if post.state == PostState.WITHDRAWN:
        raise PortalError(_("A withdrawn post cannot be edited."))
    allowed = {"kind", "type", "title", "text", "competences", "wz_division", "region",
               "expires_on"}  # fmt: skip
    if unknown := set(values) - allowed:
        raise PortalError(_("Unknown field %(name)s.") % {"name": sorted(unknown)[0]})
    for key, value in values.items():
        setattr(post, key, value.strip() if isinstance(value, str) else value)
    _check_fields(kind=post.kind, type=post.type, title=post.title, text=post.text,
                  competences=post.competences, region=post.region)  # fmt: skip
    if "expires_on" in values:
        _check_expiry(post.expires_on, today or timezone.localdate())
    if not may_moderate(user, post.network):
        post.state, post.published_at = PostState.PENDING, None
    save_as(post, user)
    if post.state == PostState.PENDING:
        notify("post_to_moderate", post, users=_moderators(post.network))
    return post


@transaction.atomic
def moderate_post(*, user, post: Post, approve: bool, note: str = "", now=None) -> Post:
    """The carrier or the office publishes the post, or declines it with a note."""
    post = Post.objects.select_for_update().select_related("network", "company").get(pk=post.pk)
    if not may_moderate(user, post.network):
        raise PortalError(_("Only the network's carrier or the office moderates its board."))
    if post.state != PostState.PENDING:
        raise PortalError(
            _("This post was moderated already (%(state)s).") % {"state": post.get_state_display()}
        )
    if not approve and not note.strip():
        raise PortalError(_("Tell the company why."), field="note")
    now = now or timezone.now()
    post.state = PostState.PUBLISHED if approve else PostState.DECLINED
    post.published_at = now if approve else None
    post.moderated_by, post.moderated_at = user, now
    post.moderation_note = note.strip()[:500]
    save_as(post, user)
    notify("post_moderated", post, users=_admins(post.company))
    return post


@transaction.atomic
def renew_post(*, user, post: Post, expires_on: dt.date, today: dt.date | None = None) -> Post:
    """Give a published (possibly expired) post a new expiry date."""
    post = Post.objects.select_for_update().select_related("company").get(pk=post.pk)
    if not (is_office(user) or _is_admin(user, post.company)):
        raise PortalError(_("Only the company's admins renew its posts."))
    if post.state != PostState.PUBLISHED:
        raise PortalError(_("Only a published post can be renewed."))
    today = today or timezone.localdate()
    _check_expiry(expires_on, today)
    if expires_on <= post.expires_on:
        raise PortalError(_("Choose a date after the current expiry date."), field="expires_on")
    post.expires_on = expires_on
    save_as(post, user)
    return post


@transaction.atomic
def withdraw_post(*, user, post: Post) -> Post:
    post = Post.objects.select_for_update().select_related("company", "network").get(pk=post.pk)
    if not (_is_admin(user, post.company) or may_moderate(user, post.network)):
        raise PortalError(_("Only the company's admins withdraw its posts."))
    if post.state == PostState.WITHDRAWN:
        raise PortalError(_("This post is withdrawn already."))
    post.state = PostState.WITHDRAWN
    save_as(post, user)
    return post


@transaction.atomic
def express_interest(
    *, user, post: Post, company, message: str, today: dt.date | None = None
) -> Interest:
    """A company the user administers tells the posting company it is interested."""
    post = Post.objects.select_related("company", "network").get(pk=post.pk)
    today = today or timezone.localdate()
    if post.state != PostState.PUBLISHED or post.expires_on < today:
        raise PortalError(_("This post is not open (any more)."))
    if company is None:
        raise PortalError(_("Choose your company."), field="company")
    if not _is_admin(user, company):
        raise PortalError(_("Only the company's admins answer for it."), field="company")
    if company.pk == post.company_id:
        raise PortalError(_("This is your own company's post."), field="company")
    message = (message or "").strip()
    if not message:
        raise PortalError(_("Write a short message to the company."), field="message")
    if len(message) > 2000:
        raise PortalError(_("At most %(n)s characters.") % {"n": 2000}, field="message")
    if Interest.objects.filter(post=post, company=company).exists():
        raise PortalError(_("Your company has expressed interest already."), field="company")
    interest = Interest(post=post, company=company, user=user, message=message)
    try:
        with transaction.atomic():
            save_as(interest, user)
    except IntegrityError:
        raise PortalError(
            _("Your company has expressed interest already."), field="company"
        ) from None
    notify("interest_received", interest, users=_admins(post.company))
    notify("interest_sent", interest, users=[user])
    return interest


def remind_expired(*, today: dt.date) -> int:
    """Tell the admins of each company whose published post expired yesterday; returns how many."""
    posts = list(
        Post.objects.filter(
            state=PostState.PUBLISHED, expires_on=today - dt.timedelta(days=1)
        ).select_related("company", "network")
    )
    for post in posts:
        notify("post_expired", post, users=_admins(post.company))
    return len(posts)
