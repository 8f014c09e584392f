"""Creating events, their questions and the meeting slots."""

import datetime as dt

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from verbund.core.audit import save_as
from verbund.events.domain.errors import EventError
from verbund.events.enums import QuestionKind
from verbund.events.models import Event, Question, Slot


@transaction.atomic
def save_event(*, user, event: Event | None = None, **fields) -> Event:
    """Create an event (`event=None`) or change one; `slug` defaults to the title's."""
    event = Event.objects.select_for_update().get(pk=event.pk) if event is not None else Event()
    for name, value in fields.items():
        setattr(event, name, value)
    if not (event.title or "").strip():
        raise EventError(_("Enter the title."), field="title")
    if not event.starts_at or not event.ends_at:
        raise EventError(_("Enter the start and the end."), field="starts_at")
    if event.ends_at <= event.starts_at:
        raise EventError(_("The end lies before the start."), field="ends_at")
    if (
        event.registration_opens
        and event.registration_closes
        and event.registration_closes <= event.registration_opens
    ):
        raise EventError(_("Registration closes before it opens."), field="registration_closes")
    if not event.slug:
        base = slugify(event.title)[:70] or "event"
        slug, n = base, 1
        while Event.objects.filter(slug=slug).exclude(pk=event.pk).exists():
            n += 1
            slug = f"{base}-{n}"
        event.slug = slug
    save_as(event, user)
    return event


@transaction.atomic
def add_question(*, event: Event, text: str, kind: str, required=False, choices=(), text_en=""):
    if kind not in QuestionKind.values:
        raise EventError(_("Choose the kind of question."), field="kind")
    if not (text or "").strip():
        raise EventError(_("Enter the question."), field="text")
    choices = [c.strip() for c in choices if c.strip()]
    if kind == QuestionKind.CHOICE and len(choices) < 2:
        raise EventError(_("A choice needs at least two answers."), field="choices")
    order = event.questions.count()
    return Question.objects.create(
        event=event, text=text.strip(), text_en=text_en, kind=kind, required=required,
        choices=choices, order=order,
    )  # fmt: skip


@transaction.atomic
def set_slots(
    *, event: Event, first: dt.datetime, minutes: int, count: int, breaks=(), tables=None, user
) -> list[Slot]:
    """Replace the event's meeting slots: `count` slots of `minutes` from `first`; `breaks` are the
    1-based numbers of the slots that are breaks. Refused once a schedule exists."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not event.matchmaking:
        raise EventError(_("This event has no B2B meetings."))
    if not 5 <= minutes <= 240:
        raise EventError(_("A slot lasts between 5 and 240 minutes."), field="minutes")
    if not 1 <= count <= 60:
        raise EventError(_("Between 1 and 60 slots."), field="count")
    if tables is not None and tables < 1:
        raise EventError(_("At least one table."), field="tables")
    if event.schedule_runs.exists():
        raise EventError(_("A schedule exists already; the slots can no longer change."))
    try:
        first + dt.timedelta(minutes=minutes * (count + 1))
    except OverflowError:
        raise EventError(_("Enter a start within the next years."), field="first") from None
    event.slots.all().delete()
    slots = []
    for i in range(count):
        start = first + dt.timedelta(minutes=minutes * i)
        slots.append(
            Slot.objects.create(
                event=event,
                starts_at=start,
                ends_at=start + dt.timedelta(minutes=minutes),
                is_break=(i + 1) in set(breaks),
            )
        )
    event.tables = tables
    save_as(event, user, update_fields=["tables"])
    return slots
