"""Each role's start page ("my tasks") and the navigation, contributed by the apps.

Core knows no domain app, so every app adds what it has in its own `start.py` module (autodiscovered):
`nav(label, url_name, perm=…, order=…)` for a navigation entry that is shown only to users who may open
it, and `@section(order=…)` for a function `(user) -> Section | None` that lists what waits for that
user. The home page shows the sections of the signed-in user in order.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    perm: str | None
    order: int


@dataclass(frozen=True)
class Task:
    """One line on a start page: what waits, where to do it, and optionally how many or until when."""

    text: str
    url: str
    count: int | None = None
    due: dt.date | dt.datetime | None = None
    state: str = ""
    overdue: bool = False


@dataclass
class Section:
    title: str
    tasks: list[Task] = field(default_factory=list)
    empty_text: str = ""
    more_url: str = ""


NAVIGATION: list[NavEntry] = []
SECTIONS: list[tuple[int, Callable]] = []


def nav(label, url_name: str, *, perm: str | None = None, order: int = 50) -> None:
    if not any(entry.url_name == url_name for entry in NAVIGATION):
        NAVIGATION.append(NavEntry(label, url_name, perm, order))


def section(*, order: int = 50):
    def register(func):
        if all(existing is not func for _o, existing in SECTIONS):
            SECTIONS.append((order, func))
        return func

    return register


def navigation_for(user) -> list[dict]:
    """The navigation entries `user` may open, in order."""
    entries = sorted(NAVIGATION, key=lambda e: e.order)
    return [
        {"label": e.label, "url": reverse(e.url_name), "url_name": e.url_name}
        for e in entries
        if e.perm is None or user.has_perm(e.perm)
    ]


def sections_for(user) -> list[Section]:
    if not getattr(user, "is_authenticated", False):
        return []
    found = []
    for _order, func in sorted(SECTIONS, key=lambda item: item[0]):
        result = func(user)
        if result is not None:
            found.append(result)
    return found


@section(order=90)
def _latest_changes(user) -> Section | None:
    """The auditor (and the office) see the latest changes across the whole programme."""
    from django.utils.formats import date_format
    from django.utils.timezone import localtime
    from django.utils.translation import gettext as _

    from verbund.core.history import recent_changes

    if not user.has_perm("core.view_history"):
        return None
    tasks = [
        Task(
            text=f"{change.model_label}: {change.object_label} ({change.action})",
            url=reverse("core:history", args=[change.app_label, change.model_name, change.pk]),
            state=f"{change.user} · {date_format(localtime(change.when), 'SHORT_DATETIME_FORMAT')}",
        )
        for change in recent_changes(limit=8)
    ]
    return Section(_("Latest changes"), tasks, empty_text=_("No changes recorded yet."))
