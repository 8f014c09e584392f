"""Personal data of ideas competitions for the retention rules (see verbund.core.retention)."""

from django.utils.translation import gettext_lazy as _

from verbund.competitions.models import CoApplicantInvitation
from verbund.core.retention import ANONYMISED, personal_data

personal_data(
    key="competitions.coapplicantinvitation",
    label=_("invitations of co-applicants"),
    model=CoApplicantInvitation,
    replacements={"address": ANONYMISED},
    expired=lambda year: CoApplicantInvitation.objects.filter(
        submission__competition__deadline__year__lte=year
    ),
    rule=_("submission deadline of the competition"),
)
