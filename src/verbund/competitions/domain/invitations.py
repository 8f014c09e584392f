"""Co-applicants by invitation: naming someone invites them; only their acceptance (after logging
in) makes them a co-applicant, with the rights and conflicts of interest that follow from that.

The applicant never learns whether an address names an account: every address becomes an
invitation, the account it names (if any) is stored but not shown, and the invitation is announced
by mail (after the commit) only to that account's own address.
"""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from verbund.competitions.domain.errors import CompetitionError
from verbund.competitions.domain.writes import domain_write
from verbund.competitions.models import CoApplicantInvitation, Submission
from verbund.core.audit import delete_as, save_as

MAX_INVITATIONS = 20


def clean_addresses(raw: str) -> list[str]:
    """The user names / e-mail addresses typed, comma-separated; no lookup (nothing is revealed)."""
    limit = CoApplicantInvitation._meta.get_field("address").max_length
    out: list[str] = []
    for part in (raw or "").replace(";", ",").split(","):
        address = part.strip()
        if not address:
            continue
        if len(address) > limit or "\x00" in address:
            raise CompetitionError(
                _("A user name or e-mail address has at most %(n)s characters.") % {"n": limit},
                field="co_applicants",
            )
        if address.casefold() not in {a.casefold() for a in out}:
            out.append(address)
    if len(out) > MAX_INVITATIONS:
        raise CompetitionError(
            _("At most %(n)s co-applicants.") % {"n": MAX_INVITATIONS}, field="co_applicants"
        )
    return out


def _account(address: str):
    User = get_user_model()
    return (
        User.objects.filter(Q(username__iexact=address) | Q(email__iexact=address), is_active=True)
        .order_by("pk")
        .first()
    )


@domain_write
def set_invitations(*, submission: Submission, addresses: Iterable[str], user) -> None:
    """Make the idea's invitations match `addresses`: new ones are invited, dropped ones withdrawn
    (an accepted co-applicant who is dropped loses the role)."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    wanted = {a.casefold(): a for a in addresses}
    current = {i.address.casefold(): i for i in submission.invitations.all()}
    for key, invitation in current.items():
        if key not in wanted:
            if invitation.user_id:
                submission.co_applicants.remove(invitation.user_id)
            delete_as(invitation, user)
    for key, address in wanted.items():
        if key in current:
            continue
        account = _account(address)
        if account is not None and account.pk == submission.applicant_id:
            continue
        invitation = CoApplicantInvitation(
            submission=submission, address=address, user=account, invited_by=user
        )
        save_as(invitation, user)
        if account is not None and account.email:
            language = translation.get_language() or "de"
            transaction.on_commit(
                lambda i=invitation, lang=language: send_invitation(invitation=i, language=lang)
            )


def send_invitation(*, invitation: CoApplicantInvitation, language: str = "de") -> None:
    with translation.override(language):
        body = render_to_string("competitions/email/invitation.txt", {"invitation": invitation})
        subject = _("Invitation to co-apply for the network idea “%(title)s”") % {
            "title": invitation.submission.title
        }
    send_mail(subject, body, None, [invitation.user.email])


def pending_for(user) -> QuerySet[CoApplicantInvitation]:
    """The invitations waiting for `user`: those naming their account, and those typed with their
    user name or e-mail address before the account existed."""
    if not user.is_authenticated:
        return CoApplicantInvitation.objects.none()
    match = Q(user=user) | Q(user__isnull=True, address__iexact=user.username)
    if user.email:
        match |= Q(user__isnull=True, address__iexact=user.email)
    return (
        CoApplicantInvitation.objects.filter(match, accepted_at=None, declined_at=None)
        .select_related("submission__competition", "invited_by")
        .order_by("-created_at", "-pk")
    )


def _mine(invitation: CoApplicantInvitation, user) -> CoApplicantInvitation:
    found = pending_for(user).select_for_update(of=("self",)).filter(pk=invitation.pk).first()
    if found is None:
        raise CompetitionError(_("This invitation is not open for you."))
    return found


@domain_write
def accept(*, invitation: CoApplicantInvitation, user) -> Submission:
    invitation = _mine(invitation, user)
    invitation.user = user
    invitation.accepted_at = timezone.now()
    save_as(invitation, user)
    submission = invitation.submission
    submission.co_applicants.add(user)
    return submission


@domain_write
def decline(*, invitation: CoApplicantInvitation, user) -> None:
    invitation = _mine(invitation, user)
    invitation.user = user
    invitation.declined_at = timezone.now()
    save_as(invitation, user)
