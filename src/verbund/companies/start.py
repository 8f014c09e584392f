"""The company register on the start pages and in the navigation (see verbund.core.start)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbund.companies.domain.queries import placement_summary
from verbund.core.start import Section, Task, nav, section

nav(gettext_lazy("Companies"), "companies:company_list", perm="companies.view_company", order=30)


@section(order=60)
def register_to_place(user) -> Section | None:
    """The office sees how many companies are of unknown placement (neither inside nor outside
    until they get a position or a postcode the postcode table knows)."""
    if not user.has_perm("companies.change_company"):
        return None
    counts = placement_summary()
    if not counts["unknown"]:
        return None
    url = reverse("companies:company_list") + "?placement=unknown"
    return Section(
        _("Company register"),
        [Task(text=_("Companies of unknown placement"), url=url, count=counts["unknown"])],
    )
