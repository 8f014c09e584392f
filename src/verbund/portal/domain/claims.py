"""Claims of register entries, and the admins of a company.

A signed-in person claims a company; the office confirms (or declines) the claim, or the person
follows a link mailed to the e-mail address the register holds for the company. A confirmed claim
makes the person the company's first admin (and links them to the company in the register, so the
networks app sees them as the company's people). Admins invite colleagues as further admins by
e-mail. Tokens are random, stored only as their SHA-256 hash, and used once.
"""

import datetime as dt
import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.companies.domain.companies import affiliate_user
from verbund.core.audit import delete_as, save_as
from verbund.core.roles import Role
from verbund.core.rules import is_office
from verbund.portal.domain.errors import PortalError
from verbund.portal.domain.notifications import notify
from verbund.portal.domain.profiles import ensure_profile
from verbund.portal.enums import ClaimConfirmation, ClaimState
from verbund.portal.models import AdminInvitation, CompanyAdmin, CompanyClaim

INVITATION_DAYS = 14


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def register_email(company) -> str:
    """The e-mail address the register holds for the company (its first contact with one)."""
    return (
        company.contacts.exclude(email="").order_by("pk").values_list("email", flat=True).first()
        or ""
    )


def office_users():
    return get_user_model().objects.filter(groups__name=Role.OFFICE, is_active=True)


def _add_admin(*, company, admin_user, by) -> CompanyAdmin:
    admin, created = CompanyAdmin.objects.get_or_create(
        company=company, user=admin_user, defaults={"added_by": by}
    )
    if created:
        save_as(admin, by)
    affiliate_user(user=admin_user, company=company, role=_("portal admin"), by=by)
    ensure_profile(company=company, user=by)
    return admin


@transaction.atomic
def claim_company(*, company, user, message: str = "", now=None) -> tuple[CompanyClaim, str]:
    """Record the claim, mail a confirmation link to the register's address (if it has one) and
    tell the office. Returns the claim and the token of the link (for the mail and tests)."""
    if not getattr(user, "is_authenticated", False):
        raise PortalError(_("Sign in to claim a company."))
    if CompanyAdmin.objects.filter(company=company, user=user).exists():
        raise PortalError(_("You already administer this company."), field="company")
    if CompanyClaim.objects.filter(company=company, user=user, state=ClaimState.PENDING).exists():
        raise PortalError(
            _("You have claimed this company already; the claim waits for confirmation."),
            field="company",
        )
    if len(message) > 2000:
        raise PortalError(_("At most %(n)s characters.") % {"n": 2000}, field="message")
    token = secrets.token_urlsafe(32)
    address = register_email(company)
    claim = CompanyClaim(
        company=company, user=user, message=message.strip(), created_at=now or timezone.now(),
        email_sent_to=address, token_hash=_hash(token) if address else "",
    )  # fmt: skip
    save_as(claim, user)
    if address:
        notify("claim_link", claim, emails=[address], extra={"token": token})
    notify("claim_received", claim, users=office_users())
    return claim, token if address else ""


def _decide(claim: CompanyClaim, *, user, confirm: bool, how: str, note: str) -> CompanyClaim:
    claim = CompanyClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.state != ClaimState.PENDING:
        raise PortalError(
            _("This claim was decided already (%(state)s).") % {"state": claim.get_state_display()}
        )
    claim.state = ClaimState.CONFIRMED if confirm else ClaimState.DECLINED
    claim.confirmation = how if confirm else ""
    claim.decided_by = user
    claim.decided_at = timezone.now()
    claim.decision_note = note.strip()[:500]
    claim.token_hash = ""
    save_as(claim, user)
    if confirm:
        _add_admin(company=claim.company, admin_user=claim.user, by=user)
    notify("claim_decided", claim, users=[claim.user])
    return claim


@transaction.atomic
def confirm_claim(*, claim: CompanyClaim, user, note: str = "") -> CompanyClaim:
    """The office confirms the claim: the claimant becomes an admin of the company."""
    if not is_office(user):
        raise PortalError(_("Only the office confirms claims."))
    return _decide(claim, user=user, confirm=True, how=ClaimConfirmation.OFFICE, note=note)


@transaction.atomic
def decline_claim(*, claim: CompanyClaim, user, note: str = "") -> CompanyClaim:
    if not is_office(user):
        raise PortalError(_("Only the office declines claims."))
    if not note.strip():
        raise PortalError(_("Tell the claimant why."), field="note")
    return _decide(claim, user=user, confirm=False, how="", note=note)


@transaction.atomic
def confirm_claim_by_token(*, token: str, user) -> CompanyClaim:
    """The link from the register's address confirms the claim; `user` must be the claimant."""
    claim = CompanyClaim.objects.filter(
        token_hash=_hash(token or ""), state=ClaimState.PENDING
    ).first()
    if not token or claim is None:
        raise PortalError(_("This link is not valid (any more)."))
    if claim.user_id != getattr(user, "pk", None):
        raise PortalError(_("Sign in as the person who claimed the company to confirm."))
    return _decide(claim, user=user, confirm=True, how=ClaimConfirmation.EMAIL, note="")


@transaction.atomic
def withdraw_claim(*, claim: CompanyClaim, user) -> CompanyClaim:
    claim = CompanyClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.user_id != user.pk or claim.state != ClaimState.PENDING:
        raise PortalError(_("Only an open claim of your own can be withdrawn."))
    claim.state, claim.token_hash = ClaimState.WITHDRAWN, ""
    save_as(claim, user)
    return claim


# Further admins ----------------------------------------------------------------------------------


def _require_admin(user, company) -> None:
    if not (is_office(user) or CompanyAdmin.objects.filter(user=user, company=company).exists()):
        raise PortalError(_("Only the company's admins may do this."))


@transaction.atomic
def invite_admin(*, company, email: str, user) -> tuple[AdminInvitation, str]:
    """Mail a colleague a link that makes them a further admin once they sign in and accept."""
    _require_admin(user, company)
    email = (email or "").strip().lower()
    if "@" not in email or len(email) > 254:
        raise PortalError(_("Enter an e-mail address."), field="email")
    if CompanyAdmin.objects.filter(company=company, user__email__iexact=email).exists():
        raise PortalError(_("This person is an admin already."), field="email")
    if AdminInvitation.objects.filter(
        company=company, email=email, accepted_at__isnull=True,
        created_at__gte=timezone.now() - dt.timedelta(days=INVITATION_DAYS),
    ).exists():  # fmt: skip
        raise PortalError(_("This person has been invited already."), field="email")
    token = secrets.token_urlsafe(32)
    invitation = AdminInvitation(
        company=company, email=email, token_hash=_hash(token), invited_by=user
    )
    save_as(invitation, user)
    notify("admin_invitation", invitation, emails=[email], extra={"token": token})
    return invitation, token


@transaction.atomic
def accept_invitation(*, token: str, user, now=None) -> CompanyAdmin:
    now = now or timezone.now()
    invitation = (
        AdminInvitation.objects.select_for_update()
        .filter(token_hash=_hash(token or ""), accepted_at__isnull=True)
        .select_related("company")
        .first()
    )
    if not token or invitation is None:
        raise PortalError(_("This invitation is not valid (any more)."))
    if (now - invitation.created_at).days > INVITATION_DAYS:
        raise PortalError(_("This invitation has expired; ask for a new one."))
    invitation.accepted_by, invitation.accepted_at = user, now
    save_as(invitation, user)
    return _add_admin(company=invitation.company, admin_user=user, by=user)


@transaction.atomic
def remove_admin(*, admin: CompanyAdmin, user) -> None:
    admin = CompanyAdmin.objects.select_for_update().get(pk=admin.pk)
    _require_admin(user, admin.company)
    if CompanyAdmin.objects.filter(company=admin.company).count() <= 1:
        raise PortalError(_("A company keeps at least one admin."))
    delete_as(admin, user)
