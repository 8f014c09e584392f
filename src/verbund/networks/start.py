"""Networks on the start pages and in the navigation (see verbund.core.start)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbund.core.i18n import localized
from verbund.core.start import Section, Task, nav, section
from verbund.networks.domain.queries import networks_of_user

nav(gettext_lazy("Networks"), "networks:list", order=25)


@section(order=30)
def my_networks(user) -> Section | None:
    """A carrier, companion or member company sees its networks and their phase."""
    networks = list(networks_of_user(user))
    if not networks:
        return None
    tasks = [
        Task(
            text=localized(network, "name"),
            url=reverse("networks:detail", args=[network.slug]),
            state=network.get_phase_display(),
        )
        for network in networks
    ]
    return Section(_("My networks"), tasks, more_url=reverse("networks:mine"))
