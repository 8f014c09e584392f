"""Registration with a waiting list, time-limited offers of freed places, moderation, attendance.

The capacity is re-checked whenever a place is taken, inside a transaction that holds the event row
(`select_for_update`), so two people registering at the same moment can never both take the last
place. Offers of freed places last `OFFER_HOURS`; `expire_offers` (a periodic job) moves lapsed
offers on to the next person on the waiting list.
"""

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.audit import save_as
from verbund.core.i18n import localized
from verbund.events.domain.calendars import event_ics
from verbund.events.domain.errors import EventError
from verbund.events.enums import OFFER_HOURS, QuestionKind, RegistrationState
from verbund.events.models import Event, Registration
from verbund.networks.domain import activities as network_activities
from verbund.networks.domain import queries as network_queries
from verbund.networks.enums import ActivityKind

HOLDS_PLACE = (RegistrationState.CONFIRMED, RegistrationState.OFFERED)
ACTIVE = (*HOLDS_PLACE, RegistrationState.WAITING, RegistrationState.PENDING)


def _clean_answers(event: Event, answers: dict) -> dict:
    cleaned = {}
    for question in event.questions.all():
        key = str(question.pk)
        value = answers.get(key, answers.get(question.pk))
        field = f"q{question.pk}"
        if question.kind == QuestionKind.YES_NO:
            if value in (None, ""):
                if question.required:
                    raise EventError(_("Answer yes or no."), field=field)
                continue
            value = value in (True, "yes", "true", "1", 1)
        elif question.kind == QuestionKind.CHOICE:
            if value in (None, ""):
                if question.required:
                    raise EventError(_("Choose one of the answers."), field=field)
                continue
            if value not in question.choices:
                raise EventError(_("Choose one of the answers offered."), field=field)
        else:
            value = (value or "").strip()
            if not value:
                if question.required:
                    raise EventError(_("This question needs an answer."), field=field)
                continue
            if len(value) > 2000:
                raise EventError(_("Please answer in at most 2,000 characters."), field=field)
        cleaned[key] = value
    return cleaned


def free_places(event: Event) -> int | None:
    if event.capacity is None:
        return None
    taken = event.registrations.filter(state__in=HOLDS_PLACE).count()
    return max(event.capacity - taken, 0)


def _next_position(event: Event) -> int:
    last = event.registrations.order_by("-position").values_list("position", flat=True).first()
    return (last or 0) + 1


def _mail_on_commit(registration: Registration, subject: str, body: str, *, ics: bool) -> None:
    def send():
        message = EmailMessage(subject, body, None, [registration.email])
        if ics:
            message.attach(
                "event.ics", event_ics(registration.event, attendee=registration), "text/calendar"
            )
        message.send()

    transaction.on_commit(send)


def status_link(registration: Registration) -> str:
    """The registration's own page (to cancel or confirm), absolute when `VERBUND_SITE_URL` is set."""
    path = reverse("events:status", args=[registration.token])
    return getattr(settings, "VERBUND_SITE_URL", "").rstrip("/") + path


def _confirmation_mail(registration: Registration) -> None:
    event = registration.event
    title = localized(event, "title")
    start = timezone.localtime(event.starts_at)
    body = _(
        "Hello %(name)s,\n\nyour place at “%(title)s” on %(date)s in %(place)s is confirmed. "
        "The attached calendar file adds it to your calendar.\n\n"
        "If you cannot come, please cancel on this page so that the place goes to someone "
        "on the waiting list: %(link)s\n"
    ) % {
        "name": registration.name, "title": title, "date": f"{start:%d.%m.%Y %H:%M}",
        "place": event.place or "–", "link": status_link(registration),
    }  # fmt: skip
    _mail_on_commit(
        registration, _("Registration confirmed: %(title)s") % {"title": title}, body, ics=True
    )


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


@transaction.atomic
def register(
    *,
    event: Event,
    name: str,
    email: str,
    answers: dict | None = None,
    user=None,
    company=None,
    organisation: str = "",
    now: dt.datetime | None = None,
) -> Registration:
    """Register a person; confirmed while places are free, else on the waiting list."""
    now = now or timezone.now()
    event = _lock(event)
    name, email = (name or "").strip(), (email or "").strip().lower()
    if not name:
        raise EventError(_("Enter your name."), field="name")
    if not email or "@" not in email:
        raise EventError(_("Enter an e-mail address we can write to."), field="email")
    if event.ends_at <= now:
        raise EventError(_("The event is over; registration has closed."))
    if event.registration_opens and now < event.registration_opens:
        raise EventError(_("Registration has not opened yet."))
    if event.registration_closes and now > event.registration_closes:
        raise EventError(_("Registration has closed."))
    if event.registrations.filter(email=email, state__in=ACTIVE).exists():
        raise EventError(_("This address is registered for the event already."), field="email")
    answers = _clean_answers(event, answers or {})
    if event.moderated:
        state = RegistrationState.PENDING
    elif (
        free_places(event) == 0
        or event.registrations.filter(state=RegistrationState.WAITING).exists()
    ):
        state = RegistrationState.WAITING
    else:
        state = RegistrationState.CONFIRMED
    registration = Registration(
        event=event, name=name[:200], email=email, answers=answers,
        user=user if getattr(user, "is_authenticated", False) else None,
        company=company, organisation=(organisation or "").strip()[:200], state=state,
        position=_next_position(event), registered_at=now,
    )  # fmt: skip
    save_as(registration, user)
    if state == RegistrationState.CONFIRMED:
        _confirmation_mail(registration)
    return registration


def waiting_position(registration: Registration) -> int | None:
    """1 for the first on the waiting list; None when the registration is not waiting."""
    if registration.state != RegistrationState.WAITING:
        return None
    return (
        Registration.objects.filter(
            event_id=registration.event_id,
            state=RegistrationState.WAITING,
            position__lt=registration.position,
        ).count()
        + 1
    )


def _offer_next(event: Event, *, now: dt.datetime, user=None) -> list[Registration]:
    """Offer freed places to the next ones on the waiting list (the event row is locked)."""
    offered = []
    places = free_places(event)
    waiting = event.registrations.filter(state=RegistrationState.WAITING).order_by("position", "pk")
    for registration in waiting[: places if places is not None else None]:
        registration.state = RegistrationState.OFFERED
        registration.offer_expires_at = now + dt.timedelta(hours=OFFER_HOURS)
        save_as(registration, user)
        title = localized(event, "title")
        body = _(
            "Hello %(name)s,\n\na place at “%(title)s” has become free and is yours if you confirm "
            "it before %(until)s on this page: %(link)s\n"
        ) % {
            "name": registration.name, "title": title, "link": status_link(registration),
            "until": f"{timezone.localtime(registration.offer_expires_at):%d.%m.%Y %H:%M}",
        }  # fmt: skip
        _mail_on_commit(
            registration, _("A place is free: %(title)s") % {"title": title}, body, ics=False
        )
        offered.append(registration)
    return offered


def by_token(token: str) -> Registration | None:
    return (
        Registration.objects.select_related("event").filter(token=token).first() if token else None
    )


@transaction.atomic
def cancel(
    *, registration: Registration, now: dt.datetime | None = None, user=None
) -> Registration:
    """Cancel (by the link in the mail); a freed place is offered to the next one waiting."""
    now = now or timezone.now()
    event = _lock(registration.event)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.state == RegistrationState.CANCELLED:
        return registration
    held = registration.state in HOLDS_PLACE
    registration.state = RegistrationState.CANCELLED
    registration.offer_expires_at = None
    save_as(registration, user)
    if held:
        _offer_next(event, now=now, user=user)
    return registration


@transaction.atomic
def confirm_offer(
    *, registration: Registration, now: dt.datetime | None = None, user=None
) -> Registration:
    now = now or timezone.now()
    event = _lock(registration.event)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.state == RegistrationState.CONFIRMED:
        return registration
    if registration.state != RegistrationState.OFFERED:
        raise EventError(_("No place is offered to this registration."))
    if registration.offer_expires_at is None or registration.offer_expires_at <= now:
        raise EventError(_("The offer has expired; the place went to the next one waiting."))
    taken = event.registrations.filter(state=RegistrationState.CONFIRMED).count()
    if event.capacity is not None and taken >= event.capacity:
        raise EventError(_("Sorry, the event is full."))
    registration.state = RegistrationState.CONFIRMED
    registration.offer_expires_at = None
    save_as(registration, user)
    _confirmation_mail(registration)
    return registration


def expire_offers(*, now: dt.datetime, user=None) -> int:
    """Lapsed offers are withdrawn and the place is offered to the next one waiting."""
    event_ids = set(
        Registration.objects.filter(
            state=RegistrationState.OFFERED, offer_expires_at__lte=now
        ).values_list("event_id", flat=True)
    )
    moved = 0
    for event_id in sorted(event_ids):
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=event_id)
            lapsed = event.registrations.filter(
                state=RegistrationState.OFFERED, offer_expires_at__lte=now
            )
            for registration in lapsed:
                registration.state = RegistrationState.CANCELLED
                save_as(registration, user)
                moved += 1
            _offer_next(event, now=now, user=user)
    return moved


@transaction.atomic
def moderate(
    *, registration: Registration, approve: bool, user, now: dt.datetime | None = None
) -> Registration:
    now = now or timezone.now()
    event = _lock(registration.event)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.state != RegistrationState.PENDING:
        raise EventError(_("This registration is not waiting for moderation."))
    if not approve:
        registration.state = RegistrationState.CANCELLED
        save_as(registration, user)
        return registration
    if (
        free_places(event) == 0
        or event.registrations.filter(state=RegistrationState.WAITING).exists()
    ):
        registration.state = RegistrationState.WAITING
    else:
        registration.state = RegistrationState.CONFIRMED
    save_as(registration, user)
    if registration.state == RegistrationState.CONFIRMED:
        _confirmation_mail(registration)
    return registration


@transaction.atomic
def mark_attendance(*, event: Event, attended_ids, user) -> Event:
    """Record who came; the event becomes (or updates) the network's activity with their companies."""
    event = _lock(event)
    attended_ids = {int(pk) for pk in attended_ids if str(pk).isdigit()}
    for registration in event.registrations.filter(state=RegistrationState.CONFIRMED):
        came = registration.pk in attended_ids
        if registration.attended != came:
            registration.attended = came
            save_as(registration, user)
    if event.network_id is None or event.starts_at.date() > timezone.localdate():
        return event
    companies = set(
        event.registrations.filter(attended=True, company__isnull=False).values_list(
            "company_id", flat=True
        )
    )
    members = [
        m for m in network_queries.current_memberships(event.network) if m.company_id in companies
    ]
    if event.activity_id is None:
        activity = network_activities.record_activity(
            network=event.network, date=timezone.localtime(event.starts_at).date(),
            kind=ActivityKind.EVENT, text=event.title, text_en=event.title_en,
            participants=members, user=user, is_public=event.is_public,
        )  # fmt: skip
        event.activity = activity
        save_as(event, user, update_fields=["activity"])
    else:  # the event's activity exists: add who came, keeping one linked entry
        network_activities.add_participants(
            activity=event.activity, participants=members, user=user
        )
    return event


@transaction.atomic
def link_activity(*, event: Event, activity, user) -> Event:
    """Link the event to an activity already in the network's log (instead of recording a second)."""
    event = _lock(event)
    if event.network_id is None or activity.network_id != event.network_id:
        raise EventError(_("The activity belongs to another network."), field="activity")
    event.activity = activity
    save_as(event, user, update_fields=["activity"])
    return event
