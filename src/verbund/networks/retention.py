"""Personal data of networks for the retention rules (see verbund.core.retention): the messages of
join requests. The carrier's contact person follows the network's last payment (contracts)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.retention import ANONYMISED, personal_data
from verbund.networks.models import JoinRequest

personal_data(
    key="networks.joinrequest",
    label=_("messages of join requests"),
    model=JoinRequest,
    replacements={"message": ANONYMISED},
    expired=lambda year: JoinRequest.objects.filter(requested_at__year__lte=year).exclude(
        message=""
    ),
    rule=_("date of the request"),
)
