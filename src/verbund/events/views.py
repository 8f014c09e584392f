"""Thin views: load, check the permission, call the domain, render.

An event the user may not see answers 404; organiser pages for someone who is not the organiser
answer 403; participant pages need a confirmed registration of the signed-in user.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbund.companies.domain.queries import companies_of_user
from verbund.core.errors import DomainError, add_to_form
from verbund.core.exports import export_response
from verbund.core.i18n import localized
from verbund.core.pdf import pdf_response, render_pdf
from verbund.core.permissions import require, visible_or_404
from verbund.core.ratelimit import limited
from verbund.core.rules import is_office
from verbund.events.domain import calendars, queries
from verbund.events.domain import meetings as meet
from verbund.events.domain import registrations as reg
from verbund.events.domain.events import add_question, save_event, set_slots
from verbund.events.enums import RegistrationState, RequestState
from verbund.events.interfaces.forms import (
    EventForm,
    ProfileForm,
    QuestionForm,
    RegistrationForm,
    RequestForm,
    RunForm,
    SlotsForm,
)
from verbund.events.models import Event, MeetingRequest, Registration


def _event(request, slug: str):
    return visible_or_404(request, "events.view_event", queries.event_by_slug(slug))


def _organiser_event(request, slug: str, perm: str = "events.manage_event"):
    event = _event(request, slug)
    require(request, perm, event)
    return event


def _participant(request, event) -> Registration:
    registration = queries.own_registration(request.user, event)
    if (
        registration is None
        or registration.state != RegistrationState.CONFIRMED
        or not event.matchmaking
    ):
        raise PermissionDenied
    require(request, "events.participate", registration)
    return registration


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Public ------------------------------------------------------------------------------------------


def event_list(request):
    visible = queries.visible_events(request.user)
    return render(
        request,
        "events/list.html",
        {
            "upcoming": list(queries.upcoming(visible)),
            "past": list(queries.past(visible)[:50]),
        },
    )


@limited(group="events-register", rate="5/m")
def event_detail(request, slug: str):
    event = _event(request, slug)
    may_register = request.user.has_perm("events.register", event)
    companies = companies_of_user(request.user) if request.user.is_authenticated else None
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.get_full_name(), "email": request.user.email}
    form = RegistrationForm(request.POST or None, event=event, companies=companies, initial=initial)
    if request.method == "POST":
        if not may_register:
            raise PermissionDenied
        if form.is_valid():
            try:
                registration = reg.register(
                    event=event, name=form.cleaned_data["name"], email=form.cleaned_data["email"],
                    organisation=form.cleaned_data["organisation"], answers=form.answers(),
                    user=request.user, company=form.cleaned_data.get("company"),
                )  # fmt: skip
            except DomainError as error:
                add_to_form(form, error)
            else:
                return redirect("events:status", registration.token)
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "form": form if may_register and event.ends_at > timezone.now() else None,
            "free": reg.free_places(event),
            "own": queries.own_registration(request.user, event),
            "organiser": request.user.has_perm("events.view_attendees", event),
            "manage": request.user.has_perm("events.manage_event", event),
        },
    )


def event_calendar(request, slug: str):
    event = _event(request, slug)
    return _ics(calendars.event_ics(event), f"{event.slug}.ics")


def _by_token(token: str) -> Registration:
    registration = reg.by_token(token)
    if registration is None:
        raise Http404
    return registration


def registration_status(request, token: str):
    registration = _by_token(token)
    return render(
        request,
        "events/status.html",
        {
            "registration": registration,
            "event": registration.event,
            "position": reg.waiting_position(registration),
        },
    )


@require_POST
def registration_cancel(request, token: str):
    registration = reg.cancel(registration=_by_token(token), user=request.user)
    messages.success(request, _("Your registration is cancelled."))
    return redirect("events:status", registration.token)


@require_POST
def offer_confirm(request, token: str):
    registration = _by_token(token)
    try:
        reg.confirm_offer(registration=registration, user=request.user)
    except DomainError as error:
        messages.error(request, error.reason)
    else:
        messages.success(request, _("Your place is confirmed."))
    return redirect("events:status", registration.token)


@login_required
def my_events(request):
    feed = queries.feed_of(request.user)
    return render(
        request,
        "events/mine.html",
        {
            "registrations": list(queries.registrations_of_user(request.user)),
            "feed_url": request.build_absolute_uri(redirect("events:feed", feed.token).url),
        },
    )


def personal_feed(request, token: str):
    feed = queries.feed_by_token(token)
    if feed is None:
        raise Http404
    registrations = queries.registrations_of_user(feed.user).filter(
        state=RegistrationState.CONFIRMED
    )
    return _ics(calendars.feed_ics(registrations, name=_("My events")), "verbund-events.ics")


# Organiser ---------------------------------------------------------------------------------------


def _event_form(request, *, event=None):
    return EventForm(
        request.POST or None,
        instance=event,
        networks=queries.networks_to_organise(request.user),
        programme_allowed=request.user.has_perm("events.add_event") and is_office(request.user),
    )


def _save_event_form(request, form, event=None):
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            saved = save_event(user=request.user, event=event, **fields)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Event saved."))
            return redirect("events:edit", saved.slug)
    return None


@login_required
def event_create(request):
    require(request, "events.add_event")
    form = _event_form(request)
    return _save_event_form(request, form) or render(
        request, "events/event_form.html", {"form": form, "event": None}
    )


@login_required
def event_edit(request, slug: str):
    event = _organiser_event(request, slug)
    form = _event_form(request, event=event)
    if request.method == "POST" and form.is_valid():
        network = form.cleaned_data["network"]
        if network != event.network and not request.user.has_perm(
            "events.manage_event", Event(network=network)
        ):
            raise PermissionDenied
    return _save_event_form(request, form, event) or render(
        request,
        "events/event_form.html",
        {
            "form": form,
            "event": event,
            "question_form": QuestionForm(),
            "questions": list(event.questions.all()),
        },
    )


@login_required
@require_POST
def question_add(request, slug: str):
    event = _organiser_event(request, slug)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            add_question(event=event, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.reason)
        else:
            messages.success(request, _("Question added."))
    else:
        messages.error(request, _("Enter the question and choose its kind."))
    return redirect("events:edit", event.slug)


def attendee_list(request, slug: str):
    event = _organiser_event(request, slug, "events.view_attendees")
    questions = list(event.questions.all())
    registrations = list(queries.attendees(event))
    for r in registrations:
        r.answer_list = [_answer_text(r.answers.get(str(q.pk), "")) for q in questions]
    return render(
        request,
        "events/attendees.html",
        {
            "event": event,
            "registrations": registrations,
            "questions": questions,
            "manage": request.user.has_perm("events.manage_event", event),
            "past": event.starts_at <= timezone.now(),
        },
    )


def _answer_text(value) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def attendee_export(request, slug: str, fmt: str):
    event = _organiser_event(request, slug, "events.view_attendees")
    if fmt not in ("csv", "xlsx"):
        raise Http404
    questions = list(event.questions.all())
    header = [_("Name"), _("E-mail"), _("Organisation"), _("Company"), _("State"), _("Attended")]
    header += [localized(q, "text") for q in questions]
    rows = (
        [
            r.name,
            r.email,
            r.organisation,
            str(r.company or ""),
            r.get_state_display(),
            r.attended,
            *[_answer_text(r.answers.get(str(q.pk), "")) for q in questions],
        ]
        for r in queries.attendees(event)
    )
    return export_response(
        header=header, rows=rows, fmt=fmt, filename=f"{event.slug}-attendees", sheet=_("Attendees")
    )


@require_POST
def attendance(request, slug: str):
    event = _organiser_event(request, slug)
    try:
        reg.mark_attendance(
            event=event, attended_ids=request.POST.getlist("attended"), user=request.user
        )
    except DomainError as error:
        messages.error(request, error.reason)
    else:
        messages.success(request, _("Attendance saved."))
    return redirect("events:attendees", event.slug)


@require_POST
def moderate(request, slug: str, pk: int):
    event = _organiser_event(request, slug)
    registration = get_object_or_404(Registration, pk=pk, event=event)
    try:
        reg.moderate(
            registration=registration, approve=request.POST.get("approve") == "1", user=request.user
        )
    except DomainError as error:
        messages.error(request, error.reason)
    return redirect("events:attendees", event.slug)


def slots(request, slug: str):
    event = _organiser_event(request, slug)
    if not event.matchmaking:
        raise Http404
    first = event.slots.first()
    form = SlotsForm(
        request.POST or None,
        initial={
            "first": timezone.localtime(first.starts_at if first else event.starts_at).replace(
                tzinfo=None
            ),
            "tables": event.tables,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            set_slots(event=event, user=request.user, **form.cleaned_data)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Slots saved."))
            return redirect("events:slots", event.slug)
    return render(
        request,
        "events/slots.html",
        {"event": event, "form": form, "slots": list(event.slots.all())},
    )


def schedule(request, slug: str):
    event = _organiser_event(request, slug, "events.view_attendees")
    if not event.matchmaking:
        raise Http404
    run = queries.latest_run(event)
    return render(
        request,
        "events/schedule.html",
        {
            "event": event,
            "run": run,
            "meetings": queries.schedule_of(run) if run else [],
            "form": RunForm() if request.user.has_perm("events.manage_event", event) else None,
            "manage": request.user.has_perm("events.manage_event", event),
            "n_accepted": event.meeting_requests.filter(state=RequestState.ACCEPTED).count(),
        },
    )


@require_POST
def schedule_run(request, slug: str):
    event = _organiser_event(request, slug)
    form = RunForm(request.POST)
    if form.is_valid():
        try:
            run = meet.run_schedule(event=event, kind=form.cleaned_data["kind"], user=request.user)
        except DomainError as error:
            messages.error(request, error.reason)
        else:
            messages.success(
                request,
                _("%(n)s meetings placed, %(u)s not placed.")
                % {"n": run.meetings.count(), "u": len(run.unplaced)},
            )
    return redirect("events:schedule", event.slug)


# Participant -------------------------------------------------------------------------------------


@login_required
def meetings(request, slug: str):
    event = _event(request, slug)
    me = _participant(request, event)
    profile = getattr(me, "profile", None)
    asked = {r.receiver_id for r in queries.requests_of(me)} | {
        r.sender_id for r in queries.requests_of(me)
    }
    blocked = set(me.unavailable.values_list("slot_id", flat=True))
    return render(
        request,
        "events/meetings.html",
        {
            "event": event,
            "me": me,
            "profile_form": ProfileForm(
                initial={"offers": profile.offers, "looks_for": profile.looks_for}
                if profile
                else None
            ),
            "others": list(queries.profiles(event, exclude=me)),
            "asked": asked,
            "requests": list(queries.requests_of(me)),
            "request_form": RequestForm(),
            "slots": [(s, s.pk in blocked) for s in event.slots.filter(is_break=False)],
        },
    )


@login_required
@require_POST
def profile_save(request, slug: str):
    event = _event(request, slug)
    me = _participant(request, event)
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            meet.save_profile(registration=me, user=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.reason)
        else:
            messages.success(request, _("Profile saved."))
    else:
        messages.error(request, _("Say briefly what you offer and what you look for."))
    return redirect("events:meetings", event.slug)


@login_required
@require_POST
def unavailable(request, slug: str):
    event = _event(request, slug)
    me = _participant(request, event)
    try:
        meet.set_unavailable(
            registration=me, slot_ids=request.POST.getlist("slot"), user=request.user
        )
    except (DomainError, ValueError):
        messages.error(request, _("Choose slots of this event."))
    else:
        messages.success(request, _("Saved."))
    return redirect("events:meetings", event.slug)


@login_required
@require_POST
def request_send(request, slug: str, pk: int):
    event = _event(request, slug)
    me = _participant(request, event)
    receiver = get_object_or_404(Registration, pk=pk)
    form = RequestForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        meet.request_meeting(sender=me, receiver=receiver, reason=reason, user=request.user)
    except DomainError as error:
        messages.error(request, error.reason)
    else:
        messages.success(request, _("Meeting request sent."))
    return redirect("events:meetings", event.slug)


@login_required
@require_POST
def request_answer(request, slug: str, pk: int):
    event = _event(request, slug)
    me = _participant(request, event)
    meeting_request = get_object_or_404(MeetingRequest, pk=pk, receiver=me)
    try:
        meet.answer_request(
            request=meeting_request, accept=request.POST.get("accept") == "1", user=request.user
        )
    except DomainError as error:
        messages.error(request, error.reason)
    return redirect("events:meetings", event.slug)


def _agenda_context(request, slug):
    event = _event(request, slug)
    me = _participant(request, event)
    run = queries.latest_run(event)
    return {"event": event, "me": me, "run": run, "meetings": queries.agenda(me, run)}


@login_required
def agenda(request, slug: str):
    return render(request, "events/agenda.html", _agenda_context(request, slug))


@login_required
def agenda_pdf(request, slug: str):
    context = _agenda_context(request, slug)
    pdf = render_pdf("events/agenda_pdf.html", context, request=request)
    return pdf_response(pdf, filename=f"{context['event'].slug}-agenda.pdf")


@login_required
def agenda_calendar(request, slug: str):
    context = _agenda_context(request, slug)
    return _ics(
        calendars.agenda_ics(context["me"], context["meetings"]),
        f"{context['event'].slug}-agenda.ics",
    )
