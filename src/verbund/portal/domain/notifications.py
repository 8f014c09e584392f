"""Notification mails of the portal: queued as a background task after the write has committed,
rendered per recipient in their language, and skipped for a user who switched the category off
(`User.muted_notifications`, see `enums.Notification`).

A message is a `kind` (one template pair `portal/email/<kind>_subject.txt` / `<kind>.txt`) and the
primary key of the object it is about; the task loads the object again, so a mail never carries
data that was rolled back. Mails to an address rather than a user (a claim's confirmation link, an
invitation) are not notifications and cannot be switched off.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.transaction import on_commit
from django.template.loader import render_to_string
from django.utils import translation

from verbund.portal.enums import Notification

KINDS: dict[str, tuple[str, str]] = {
    # kind: (model label the object id refers to, notification category)
    "claim_received": ("portal.CompanyClaim", Notification.CLAIMS),
    "claim_decided": ("portal.CompanyClaim", Notification.CLAIMS),
    "claim_link": ("portal.CompanyClaim", ""),
    "admin_invitation": ("portal.AdminInvitation", ""),
    "join_requested": ("networks.JoinRequest", Notification.JOIN_REQUESTS),
    "join_decided": ("networks.JoinRequest", Notification.JOIN_REQUESTS),
    "post_to_moderate": ("portal.Post", Notification.BOARD),
    "post_moderated": ("portal.Post", Notification.BOARD),
    "post_expired": ("portal.Post", Notification.BOARD),
    "interest_received": ("portal.Interest", Notification.BOARD),
    "interest_sent": ("portal.Interest", Notification.BOARD),
}


def notify(kind: str, obj, *, users=(), emails=(), extra: dict | None = None) -> None:
    """Queue the mail `kind` about `obj` to `users` (respecting their switches) and to plain
    `emails`, once the current transaction commits."""
    if kind not in KINDS:
        raise ValueError(kind)
    user_ids = sorted({u.pk for u in users if u is not None})
    addresses = sorted({e for e in emails if e})
    if not user_ids and not addresses:
        return

    def enqueue() -> None:
        from verbund.portal.tasks import send_notification

        send_notification.enqueue(kind, obj.pk, user_ids, addresses, extra or {})

    on_commit(enqueue)


def _object(kind: str, pk: int):
    from django.apps import apps

    return apps.get_model(KINDS[kind][0]).objects.filter(pk=pk).first()


def site_url(path: str) -> str:
    """An absolute address for links in mails (`VERBUND_SITE_URL`, default the local server)."""
    base = getattr(settings, "VERBUND_SITE_URL", "") or "http://localhost:8000"
    return base.rstrip("/") + path


def _render(kind: str, context: dict, language: str) -> tuple[str, str]:
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"portal/email/{kind}_subject.txt", context).strip()
        body = render_to_string(f"portal/email/{kind}.txt", context)
    return " ".join(subject.split()), body


def deliver(kind: str, object_id: int, user_ids: list[int], emails: list[str], extra: dict) -> int:
    """Render and send the mails (run by the task); returns how many were sent."""
    obj = _object(kind, object_id)
    if obj is None:
        return 0
    category = KINDS[kind][1]
    sent = 0
    users = get_user_model().objects.filter(pk__in=user_ids).exclude(email="")
    for user in users:
        if category and not user.wants_mail(category):
            continue
        context = {"object": obj, "recipient": user, "base_url": site_url(""), **extra}
        context["salutation"] = user.salutation()
        subject, body = _render(kind, context, user.language)
        send_mail(subject, body, None, [user.email])
        sent += 1
    for address in emails:
        context = {"object": obj, "recipient": None, "base_url": site_url(""), **extra}
        subject, body = _render(kind, context, settings.LANGUAGE_CODE)
        send_mail(subject, body, None, [address])
        sent += 1
    return sent
