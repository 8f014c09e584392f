"""Reminder mails before and after a milestone's due date (each once, sent after the commit).

The carrier's acting users get a mail `REMIND_BEFORE_DAYS` before the due date while the evidence is
still owed, and one `REMIND_AFTER_DAYS` after it if it is still owed (overdue). The milestone records
when each reminder went out (`reminded_before_at`, `reminded_after_at`: bookkeeping columns written
with one conditional UPDATE each, a documented exception without history rows), so a second run, or a
second worker, sends none. A user model with `wants_mail(topic)` may decline the mails.
"""

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from verbund.contracts.domain import queries
from verbund.contracts.models import Milestone
from verbund.core.periodic import every

REMIND_BEFORE_DAYS = 14
REMIND_AFTER_DAYS = 1


def _wants(user) -> bool:
    wants = getattr(user, "wants_mail", None)
    return bool(user.email) and (wants is None or wants("contracts"))


def _mail(milestone: Milestone, *, after: bool) -> None:
    recipients = [
        u.email for u in queries.carrier_users(milestone.contract.network_id) if _wants(u)
    ]
    if not recipients:
        return
    with override(settings.LANGUAGE_CODE):
        if after:
            subject = _("Overdue: evidence for “%(title)s”") % {"title": milestone.title}
        else:
            subject = _("Due soon: evidence for “%(title)s”") % {"title": milestone.title}
        body = _(
            "Contract %(number)s, network %(network)s: the evidence for the milestone “%(title)s” "
            "is due on %(due)s."
        ) % {
            "number": milestone.contract.number, "network": milestone.contract.network,
            "title": milestone.title, "due": f"{milestone.due_date:%d.%m.%Y}",
        }  # fmt: skip
    transaction.on_commit(lambda: send_mail(subject, body, None, recipients))


@every(hours=6)
def remind_due_milestones(*, now: dt.datetime) -> int:
    """Send the reminders that are due; returns how many milestones were reminded."""
    today = timezone.localdate(now)
    before, after = queries.reminders_due(
        today=today, before_days=REMIND_BEFORE_DAYS, after_days=REMIND_AFTER_DAYS
    )
    sent = 0
    with transaction.atomic():
        for milestone in before:
            claimed = Milestone.objects.filter(
                pk=milestone.pk, reminded_before_at__isnull=True
            ).update(reminded_before_at=now)
            if claimed:
                _mail(milestone, after=False)
                sent += 1
        for milestone in after:
            claimed = Milestone.objects.filter(
                pk=milestone.pk, reminded_after_at__isnull=True
            ).update(reminded_after_at=now)
            if claimed:
                _mail(milestone, after=True)
                sent += 1
    return sent
