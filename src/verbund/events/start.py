"""Events on the start pages and in the navigation (see verbund.core.start)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbund.core.start import Section, Task, nav, section
from verbund.events.domain.queries import (
    open_requests_for,
    pending_moderation,
    registrations_of_user,
)

nav(gettext_lazy("Events"), "events:list", order=27)


@section(order=35)
def moderation(user) -> Section | None:
    """The organiser: registrations waiting for moderation."""
    pending = list(pending_moderation(user)[:20])
    if not pending:
        return None
    tasks = [
        Task(
            text=f"{r.name} – {r.event}",
            url=reverse("events:attendees", args=[r.event.slug]),
            state=r.get_state_display(),
        )
        for r in pending
    ]
    return Section(_("Registrations waiting for moderation"), tasks)


@section(order=36)
def my_events(user) -> Section | None:
    """The participant: upcoming events and meeting requests waiting for an answer."""
    if not getattr(user, "is_authenticated", False):
        return None
    tasks = [
        Task(
            text=str(r.event),
            url=reverse("events:detail", args=[r.event.slug]),
            state=r.get_state_display(),
        )
        for r in registrations_of_user(user).filter(event__ends_at__gte=timezone.now())[:10]
    ]
    tasks += [
        Task(
            text=_("Meeting request from %(name)s") % {"name": m.sender.name},
            url=reverse("events:meetings", args=[m.event.slug]),
            state=_("waiting for your answer"),
        )
        for m in open_requests_for(user)[:10]
    ]
    if not tasks:
        return None
    return Section(_("My events"), tasks, more_url=reverse("events:mine"))
