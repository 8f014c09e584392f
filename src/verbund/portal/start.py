"""The portal on the start pages and in the navigation (see verbund.core.start)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbund.core.rules import is_office
from verbund.core.start import Section, Task, nav, section
from verbund.portal.domain import queries

nav(gettext_lazy("Portal"), "portal:home", order=27)


@section(order=35)
def portal_tasks(user) -> Section | None:
    """Claims for the office; posts and join requests for moderators; the own companies."""
    tasks = []
    if is_office(user):
        n = queries.pending_claims().count()
        if n:
            tasks.append(Task(_("Claims of companies to confirm"), reverse("portal:claims"), n))
    networks = list(queries.carried_networks(user))
    if networks:
        posts = queries.posts_to_moderate(user).count()
        joins = queries.open_join_requests_of(networks).count()
        if posts:
            tasks.append(Task(_("Offers and requests to moderate"), reverse("portal:moderation"),
                              posts))  # fmt: skip
        if joins:
            tasks.append(Task(_("Join requests to answer"), reverse("portal:moderation"), joins))
    for company in queries.administered_companies(user):
        public = queries.is_public_company(company)
        tasks.append(
            Task(str(company), reverse("portal:profile_edit", args=[company.public_id]),
                 state=_("shown publicly") if public else _("not shown publicly"))
        )  # fmt: skip
    if not tasks:
        return None
    return Section(_("Portal"), tasks, more_url=reverse("portal:my"))
