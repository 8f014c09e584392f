"""Invitations by the office: a person is invited by e-mail into a role and accepts after signing in
or signing up with that address (the address is then verified by the invitation itself)."""

import datetime as dt
import secrets

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.errors import DomainError
from verbund.core.models import Invitation, User
from verbund.core.roles import Role

INVITABLE_ROLES = (Role.REVIEWER, Role.CARRIER, Role.AUDITOR, Role.OFFICE, Role.MEMBER)
VALID_FOR = dt.timedelta(days=14)


def invite(
    *, email: str, role: str, invited_by: User, full_name: str = "", organisation: str = "",
    base_url: str = "", now: dt.datetime | None = None,
) -> Invitation:  # fmt: skip
    if role not in {r.value for r in INVITABLE_ROLES}:
        raise DomainError(_("this role cannot be given by invitation"), field="role")
    now = now or timezone.now()
    invitation = Invitation.objects.create(
        email=email.strip().lower(), role=role, full_name=full_name, organisation=organisation,
        token=secrets.token_urlsafe(32), invited_by=invited_by, expires_at=now + VALID_FOR,
    )  # fmt: skip
    link = base_url + reverse("core:invitation", args=[invitation.token])
    body = render_to_string(
        "core/email/invitation.txt",
        {"invitation": invitation, "link": link, "role_label": Role(role).label},
    )
    transaction.on_commit(
        lambda: send_mail(_("Invitation to verbund"), body, None, [invitation.email])
    )
    return invitation


def open_invitation(token: str, *, now: dt.datetime | None = None) -> Invitation | None:
    now = now or timezone.now()
    return Invitation.objects.filter(
        token=token, accepted_at__isnull=True, expires_at__gt=now
    ).first()


@transaction.atomic
def accept(*, invitation: Invitation, user: User, now: dt.datetime | None = None) -> User:
    """Give `user` the invited role; an address that matches the invitation counts as verified."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise DomainError(_("this invitation was accepted already"))
    user.groups.add(Group.objects.get_or_create(name=invitation.role)[0])
    if user.email.lower() == invitation.email:
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
    invitation.accepted_by = user
    invitation.accepted_at = now or timezone.now()
    invitation.save(update_fields=["accepted_by", "accepted_at"])
    return user
