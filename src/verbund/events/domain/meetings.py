"""B2B meetings: profiles, requests with a reason, answers, unavailability and the schedule runs."""

from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from verbund.core.audit import save_as
from verbund.events.domain.errors import EventError
from verbund.events.domain.scheduling import schedule_meetings
from verbund.events.enums import RegistrationState, RequestState, RunKind
from verbund.events.models import (
    Event,
    MeetingRequest,
    Profile,
    Registration,
    ScheduledMeeting,
    ScheduleRun,
    Unavailability,
)


def _participant(registration: Registration) -> Registration:
    registration = Registration.objects.select_related("event").get(pk=registration.pk)
    if not registration.event.matchmaking:
        raise EventError(_("This event has no B2B meetings."))
    if registration.state != RegistrationState.CONFIRMED:
        raise EventError(_("Only confirmed participants take part in the meetings."))
    return registration


@transaction.atomic
def save_profile(*, registration: Registration, offers: str, looks_for: str, user) -> Profile:
    registration = _participant(registration)
    offers, looks_for = (offers or "").strip(), (looks_for or "").strip()
    if not offers:
        raise EventError(_("Say briefly what you offer."), field="offers")
    if not looks_for:
        raise EventError(_("Say briefly what you look for."), field="looks_for")
    profile = Profile.objects.filter(registration=registration).first() or Profile(
        registration=registration
    )
    profile.offers, profile.looks_for = offers[:1000], looks_for[:1000]
    save_as(profile, user)
    return profile


@transaction.atomic
def request_meeting(
    *, sender: Registration, receiver: Registration, reason: str, user
) -> MeetingRequest:
    sender = _participant(sender)
    receiver = Registration.objects.select_related("event").get(pk=receiver.pk)
    if receiver.pk == sender.pk:
        raise EventError(_("You cannot request a meeting with yourself."), field="receiver")
    if receiver.event_id != sender.event_id:
        raise EventError(_("The person does not take part in this event."), field="receiver")
    if receiver.state != RegistrationState.CONFIRMED:
        raise EventError(_("The person does not take part in this event."), field="receiver")
    if MeetingRequest.objects.filter(
        Q(sender=sender, receiver=receiver) | Q(sender=receiver, receiver=sender)
    ).exists():
        raise EventError(_("There is a meeting request between you two already."), field="receiver")
    if not (reason or "").strip():
        raise EventError(_("Give a short reason for the meeting."), field="reason")
    request = MeetingRequest(
        event=sender.event, sender=sender, receiver=receiver, reason=reason.strip()[:1000]
    )
    save_as(request, user)
    return request


@transaction.atomic
def answer_request(*, request: MeetingRequest, accept: bool, user) -> MeetingRequest:
    request = MeetingRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != RequestState.OPEN:
        raise EventError(_("The request has been answered already."))
    request.state = RequestState.ACCEPTED if accept else RequestState.DECLINED
    save_as(request, user)
    return request


@transaction.atomic
def set_unavailable(*, registration: Registration, slot_ids, user) -> None:
    registration = _participant(registration)
    valid = set(registration.event.slots.values_list("pk", flat=True))
    try:
        wanted = {int(s) for s in slot_ids}
    except (TypeError, ValueError):
        raise EventError(_("Choose slots of this event."), field="slots") from None
    if wanted - valid:
        raise EventError(_("Choose slots of this event."), field="slots")
    Unavailability.objects.filter(registration=registration).exclude(slot_id__in=wanted).delete()
    have = set(
        Unavailability.objects.filter(registration=registration).values_list("slot_id", flat=True)
    )
    for slot_id in sorted(wanted - have):
        Unavailability.objects.create(registration=registration, slot_id=slot_id)


def _why(request, *, slots, blocked, load, placed_at, tables) -> str:
    """A short reason why the accepted request could not be placed."""
    free = {
        p: [s for s in slots if s not in blocked.get(p, set())]
        for p in (request.sender_id, request.receiver_id)
    }
    names = {request.sender_id: request.sender.name, request.receiver_id: request.receiver.name}
    for p, ok in free.items():
        if not ok:
            return _("%(name)s is unavailable in every slot.") % {"name": names[p]}
    common = [s for s in slots if s in free[request.sender_id] and s in free[request.receiver_id]]
    if not common:
        return _("The two have no free slot in common.")
    for p in (request.sender_id, request.receiver_id):
        if load[p] > len(free[p]):
            return _("%(name)s has %(n)s accepted meetings but only %(slots)s available slots.") % {
                "name": names[p],
                "n": load[p],
                "slots": len(free[p]),
            }
    if tables is not None and all(placed_at[s] >= tables for s in common):
        return _("Every table was taken in the slots that suit both.")
    return _("Each slot that suits both is taken by another meeting of one of them.")


@transaction.atomic
def run_schedule(*, event: Event, kind: str = RunKind.PRELIMINARY, user, time_limit_s=10.0):
    """Place the accepted requests into the slots (the largest possible number); store the run."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if kind not in RunKind.values:
        raise EventError(_("Choose preliminary or final."), field="kind")
    slots = list(event.slots.filter(is_break=False).order_by("starts_at", "pk"))
    if not slots:
        raise EventError(_("Define the meeting slots first."))
    requests = list(
        MeetingRequest.objects.filter(
            event=event, state=RequestState.ACCEPTED,
            sender__state=RegistrationState.CONFIRMED, receiver__state=RegistrationState.CONFIRMED,
        ).select_related("sender", "receiver").order_by("pk")
    )  # fmt: skip
    pairs = {(r.sender_id, r.receiver_id): r for r in requests}
    blocked = defaultdict(set)
    for registration_id, slot_id in Unavailability.objects.filter(
        registration__event=event
    ).values_list("registration_id", "slot_id"):
        blocked[registration_id].add(slot_id)
    slot_ids = [s.pk for s in slots]
    result = schedule_meetings(
        list(pairs), slot_ids, tables=event.tables, unavailable=blocked, time_limit_s=time_limit_s
    )
    load = Counter()
    for a, b in pairs:
        load[a] += 1
        load[b] += 1
    placed_at = Counter(result.placed.values())
    unplaced = [
        {
            "request": pairs[pair].pk,
            "sender": pairs[pair].sender.name,
            "receiver": pairs[pair].receiver.name,
            "why": _why(
                pairs[pair],
                slots=slot_ids,
                blocked=blocked,
                load=load,
                placed_at=placed_at,
                tables=event.tables,
            ),
        }
        for pair in result.unplaced
    ]
    run = ScheduleRun(
        event=event, kind=kind, created_by=user if getattr(user, "is_authenticated", False) else None,
        optimal=result.optimal, note=result.note, unplaced=unplaced,
    )  # fmt: skip
    save_as(run, user)
    tables_used = Counter()
    rows = []
    for pair, slot_id in sorted(result.placed.items(), key=lambda item: pairs[item[0]].pk):
        tables_used[slot_id] += 1
        rows.append(
            ScheduledMeeting(
                run=run, request=pairs[pair], slot_id=slot_id, table=tables_used[slot_id]
            )
        )
    ScheduledMeeting.objects.bulk_create(rows)  # no history on ScheduledMeeting: the run has it
    return run
