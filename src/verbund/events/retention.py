"""Personal data of events for the retention rules (see verbund.core.retention): who registered,
their B2B profiles and meeting requests. Attendance flags and counts stay."""

from django.utils.translation import gettext_lazy as _

from verbund.core.retention import ANONYMISED, personal_data
from verbund.events.models import MeetingRequest, Profile, Registration

RULE = _("end of the event")

personal_data(
    key="events.registration",
    label=_("event registrations"),
    model=Registration,
    replacements={"name": ANONYMISED, "email": "", "organisation": "", "answers": {}},
    expired=lambda year: Registration.objects.filter(event__ends_at__year__lte=year),
    rule=RULE,
)
personal_data(
    key="events.profile",
    label=_("B2B profiles"),
    model=Profile,
    replacements={"offers": ANONYMISED, "looks_for": ""},
    expired=lambda year: Profile.objects.filter(registration__event__ends_at__year__lte=year),
    rule=RULE,
)
personal_data(
    key="events.meetingrequest",
    label=_("reasons of meeting requests"),
    model=MeetingRequest,
    replacements={"reason": ANONYMISED},
    expired=lambda year: MeetingRequest.objects.filter(event__ends_at__year__lte=year),
    rule=RULE,
)
