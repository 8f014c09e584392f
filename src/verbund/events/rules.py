"""Who may do what with events.

Everyone sees public events; members-only events are seen by the network's carrier, companions and
member companies. The organiser (the network's carrier, or the office; for programme events the
office) sees the attendee list and the answers, exports them, moderates, marks attendance and runs
the meeting scheduler. The auditor reads everything and changes nothing. A participant sees only
their own registration, agenda and requests.
"""

import rules

from verbund.core.rules import can_read_everything, is_carrier, is_office
from verbund.networks.domain.queries import user_kinds


def _event(obj):
    return getattr(obj, "event", obj)


@rules.predicate
def is_public_event(user, obj) -> bool:
    return obj is not None and _event(obj).is_public


@rules.predicate
def is_event_carrier(user, obj) -> bool:
    event = _event(obj) if obj is not None else None
    return bool(event and event.network_id and "carrier" in user_kinds(user, event.network))


@rules.predicate
def is_network_insider(user, obj) -> bool:
    event = _event(obj) if obj is not None else None
    return bool(event and event.network_id and user_kinds(user, event.network))


@rules.predicate
def is_own_registration(user, registration) -> bool:
    return (
        registration is not None
        and getattr(user, "is_authenticated", False)
        and registration.user_id == user.pk
    )


is_organiser = is_office | is_event_carrier

rules.add_perm("events.view_event", is_public_event | is_network_insider | can_read_everything)
rules.add_perm("events.register", is_public_event | is_network_insider | is_office)
rules.add_perm("events.view_attendees", is_organiser | can_read_everything)
rules.add_perm("events.manage_event", is_organiser)
rules.add_perm("events.add_event", is_office | is_carrier)
rules.add_perm("events.participate", is_own_registration)
