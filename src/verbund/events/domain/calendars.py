"""iCalendar files: one per event, the personal feed, and a participant's meeting agenda."""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as VEvent

from verbund.core.i18n import localized

PRODID = "-//verbund//events//DE"


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    return cal


def _address(email: str, name: str, **params) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = vText(name)
    for key, value in params.items():
        address.params[key.replace("_", "-")] = vText(value)
    return address


def organiser_of(event) -> tuple[str, str]:
    name = localized(event.network, "name") if event.network_id else _("Programme office")
    return settings.DEFAULT_FROM_EMAIL, name


def _vevent(event, *, attendees=(), stamp: dt.datetime) -> VEvent:
    item = VEvent()
    item.add("uid", f"event-{event.pk}@verbund")
    item.add("dtstamp", stamp)
    item.add("dtstart", event.starts_at)
    item.add("dtend", event.ends_at)
    item.add("summary", localized(event, "title"))
    if event.place:
        item.add("location", event.place)
    if event.description:
        item.add("description", localized(event, "description"))
    email, name = organiser_of(event)
    item.add("organizer", _address(email, name))
    for registration in attendees:
        item.add(
            "attendee",
            _address(
                registration.email, registration.name, role="REQ-PARTICIPANT", partstat="ACCEPTED"
            ),
        )
    return item


def event_ics(event, *, attendee=None, now: dt.datetime | None = None) -> bytes:
    """The event as a calendar file; with `attendee` (a registration) the person as ATTENDEE."""
    cal = _calendar(localized(event, "title"))
    cal.add("method", "PUBLISH")
    attendees = [attendee] if attendee is not None else []
    cal.add_component(_vevent(event, attendees=attendees, stamp=now or timezone.now()))
    return cal.to_ical()


def feed_ics(registrations, *, name: str, now: dt.datetime | None = None) -> bytes:
    """A personal feed: the events of the given registrations, each with the person as ATTENDEE."""
    cal = _calendar(name)
    stamp = now or timezone.now()
    for registration in registrations:
        cal.add_component(_vevent(registration.event, attendees=[registration], stamp=stamp))
    return cal.to_ical()


def agenda_ics(registration, meetings, *, now: dt.datetime | None = None) -> bytes:
    """The participant's meetings: slot, table and the other party."""
    event = registration.event
    cal = _calendar(localized(event, "title"))
    stamp = now or timezone.now()
    email, organiser = organiser_of(event)
    for meeting in meetings:
        other = meeting.other
        item = VEvent()
        item.add("uid", f"meeting-{meeting.pk}@verbund")
        item.add("dtstamp", stamp)
        item.add("dtstart", meeting.slot.starts_at)
        item.add("dtend", meeting.slot.ends_at)
        item.add("summary", f"{other.name} – {meeting.table_label}")
        item.add("location", f"{event.place} – {meeting.table_label}".strip(" –"))
        item.add("organizer", _address(email, organiser))
        for person in (registration, other):
            item.add("attendee", _address(person.email, person.name, role="REQ-PARTICIPANT"))
        cal.add_component(item)
    return cal.to_ical()
