"""Personal data of the company register for the retention rules (see verbund.core.retention)."""

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from verbund.companies.models import ContactPerson
from verbund.core.retention import ANONYMISED, personal_data


def _expired_contacts(year: int):
    last_change = (
        ContactPerson.history.filter(id=OuterRef("pk"))
        .order_by("-history_date")
        .values("history_date")
    )
    return ContactPerson.objects.annotate(last_change=Subquery(last_change[:1])).filter(
        last_change__year__lte=year
    )


personal_data(
    key="companies.contactperson",
    label=_("contact persons of companies"),
    model=ContactPerson,
    replacements={"name": ANONYMISED, "role": "", "email": "", "phone": ""},
    expired=_expired_contacts,
    rule=_("last change of the contact person"),
)
