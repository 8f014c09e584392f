"""Read helpers of the events app for its pages and the start page."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.rules import can_read_everything, is_office
from verbund.events.enums import RegistrationState, RequestState
from verbund.events.models import (
    CalendarFeed,
    Event,
    MeetingRequest,
    Profile,
    Registration,
    ScheduledMeeting,
    ScheduleRun,
)
from verbund.networks.domain.queries import actor_network_ids, member_network_ids, visible_networks
from verbund.networks.enums import ActorKind


def _annotated(qs: QuerySet[Event]) -> QuerySet[Event]:
    return qs.select_related("network").annotate(
        n_confirmed=Count(
            "registrations", filter=Q(registrations__state=RegistrationState.CONFIRMED)
        ),
        n_waiting=Count("registrations", filter=Q(registrations__state=RegistrationState.WAITING)),
    )


def visible_events(user) -> QuerySet[Event]:
    """Public events for everyone; members-only ones for the network's people; all for the office."""
    qs = Event.objects.all()
    if can_read_everything(user):
        return _annotated(qs)
    if getattr(user, "is_authenticated", False):
        return _annotated(
            qs.filter(
                Q(is_public=True)
                | Q(network__in=actor_network_ids(user))
                | Q(network__in=member_network_ids(user))
            )
        )
    return _annotated(qs.filter(is_public=True))


def upcoming(qs: QuerySet[Event], *, now=None) -> QuerySet[Event]:
    return qs.filter(ends_at__gte=now or timezone.now())


def past(qs: QuerySet[Event], *, now=None) -> QuerySet[Event]:
    return qs.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at")


def event_by_slug(slug: str) -> Event | None:
    return Event.objects.select_related("network", "activity").filter(slug=slug).first()


def attendees(event: Event) -> QuerySet[Registration]:
    return event.registrations.select_related("company", "user").order_by("position", "pk")


def own_registration(user, event: Event) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        event.registrations.filter(user=user)
        .exclude(state=RegistrationState.CANCELLED)
        .order_by("-pk")
        .first()
    )


def registrations_of_user(user) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(user=user)
        .exclude(state=RegistrationState.CANCELLED)
        .select_related("event", "event__network")
        .order_by("event__starts_at")
    )


def feed_of(user) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


def feed_by_token(token: str) -> CalendarFeed | None:
    return (
        CalendarFeed.objects.select_related("user").filter(token=token).first() if token else None
    )


def profiles(event: Event, *, exclude: Registration | None = None) -> QuerySet[Profile]:
    qs = Profile.objects.filter(
        registration__event=event, registration__state=RegistrationState.CONFIRMED
    ).select_related("registration", "registration__company")
    if exclude is not None:
        qs = qs.exclude(registration=exclude)
    return qs.order_by("registration__name", "pk")


def requests_of(registration: Registration) -> QuerySet[MeetingRequest]:
    return (
        MeetingRequest.objects.filter(Q(sender=registration) | Q(receiver=registration))
        .select_related("sender", "receiver")
        .order_by("created_at", "pk")
    )


def latest_run(event: Event) -> ScheduleRun | None:
    return event.schedule_runs.order_by("-created_at", "-pk").first()


def agenda(registration: Registration, run: ScheduleRun | None = None) -> list[ScheduledMeeting]:
    """The participant's meetings in the latest schedule, each with `.other` and `.table_label`."""
    run = run or latest_run(registration.event)
    if run is None:
        return []
    meetings = list(
        run.meetings.filter(Q(request__sender=registration) | Q(request__receiver=registration))
        .select_related("slot", "request__sender", "request__receiver")
        .order_by("slot__starts_at", "table")
    )
    for meeting in meetings:
        request = meeting.request
        meeting.other = request.receiver if request.sender_id == registration.pk else request.sender
        meeting.table_label = _("table %(n)s") % {"n": meeting.table}
    return meetings


def schedule_of(run: ScheduleRun) -> list[ScheduledMeeting]:
    return list(
        run.meetings.select_related("slot", "request__sender", "request__receiver").order_by(
            "slot__starts_at", "table"
        )
    )


def pending_moderation(user) -> QuerySet[Registration]:
    """Registrations waiting for the user's moderation (as office or as a network's carrier)."""
    if not getattr(user, "is_authenticated", False):
        return Registration.objects.none()
    qs = Registration.objects.filter(state=RegistrationState.PENDING).select_related("event")

    if is_office(user):
        return qs
    return qs.filter(
        event__network__actors__user=user, event__network__actors__kind=ActorKind.CARRIER
    ).distinct()


def open_requests_for(user) -> QuerySet[MeetingRequest]:
    return MeetingRequest.objects.filter(
        receiver__user=user, state=RequestState.OPEN, event__ends_at__gte=timezone.now()
    ).select_related("event", "sender")


def networks_to_organise(user):
    """The networks whose events the user may organise: all for the office, else those carried."""
    qs = visible_networks(user)
    if not is_office(user):
        qs = qs.filter(actors__user=user, actors__kind=ActorKind.CARRIER).distinct()
    return qs.order_by("name", "pk")
