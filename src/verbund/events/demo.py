"""Demo: past and upcoming events of the three networks of 2003, through the domain functions.

- Netzwerk Virtuelle Produktentwicklung: the 1st Leipzig Designer Day (18 September 2003), linked to
  the network's existing activity of that name (not a second entry), with the attendance of the
  member companies recorded, so that it shows in the network's collaboration graph; and the 2nd
  Designer Day ahead, public, with registration questions.
- Netzwerk Automobilzulieferer: its kick-off in 2003, and an upcoming B2B brokerage event with
  profiles, meeting requests (accepted, declined, open) and a preliminary schedule; the demo
  "member" takes part and the demo "carrier" organises it.
- Netzwerk Energie- und Umwelttechnik: a past expert talk and an upcoming members-only, moderated
  round table that is almost full, with a waiting list and a registration to moderate.

Written inside `acting_user(office)`; deterministic (upcoming dates count from today) and
idempotent: an event whose slug exists is left as it is.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from verbund.core.audit import acting_user
from verbund.events.domain import meetings as meet
from verbund.events.domain import registrations as reg
from verbund.events.domain.events import add_question, save_event, set_slots
from verbund.events.enums import RegistrationState
from verbund.events.models import Event
from verbund.networks.domain.queries import current_memberships
from verbund.networks.models import Activity, Network

BERLIN = ZoneInfo("Europe/Berlin")


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


def _network(word: str) -> Network | None:
    return Network.objects.filter(name__icontains=word).order_by("pk").first()


def load(*, users: dict) -> None:
    office = users["office"]
    with acting_user(office), transaction.atomic():
        _load(users, office)


def _load(users: dict, office) -> None:
    today = timezone.localdate()
    design = _network("Virtuelle Produktentwicklung")
    auto = _network("Automobilzulieferer")
    energy = _network("Energie")
    if design is not None:
        _designer_day(design, office)
        _upcoming_designer_day(design, office, today)
    if auto is not None:
        _past(auto, office, "auftakt-automobilzulieferer", "Auftaktveranstaltung Netzwerk Automobilzulieferer",
              "Kick-off of the automotive suppliers network", dt.date(2003, 2, 20))  # fmt: skip
        _brokerage(auto, users, office, today)
    if energy is not None:
        _past(energy, office, "fachgespraech-energieeffizienz-2003", "Fachgespräch Energieeffizienz in Gewerbebauten",
              "Expert talk on energy efficiency in commercial buildings", dt.date(2003, 10, 8))  # fmt: skip
        _round_table(energy, office, today)


def _members(network: Network) -> list:
    return list(current_memberships(network))


def _person(membership, k: int) -> tuple[str, str]:
    return (
        f"Ansprechperson {k + 1} ({membership.company.name})",
        f"demo-event-{membership.pk}-{k}@example.org",
    )


def _register_many(event, memberships, *, now, offset=0):
    made = []
    for k, m in enumerate(memberships):
        name, email = _person(m, offset + k)
        made.append(reg.register(event=event, name=name, email=email, company=m.company, now=now))
    return made


def _designer_day(network: Network, office) -> None:
    if Event.objects.filter(slug="1-leipziger-designertag").exists():
        return
    activity = (
        Activity.objects.filter(network=network, text__startswith="1. Leipziger Designertag")
        .order_by("pk")
        .first()
    )
    day = dt.date(2003, 9, 18)
    event = save_event(
        user=office, network=network, slug="1-leipziger-designertag",
        title="1. Leipziger Designertag", title_en="1st Leipzig Designer Day",
        description="Fachtag mit Ausstellung der Netzwerkmitglieder für Auftraggeber aus der Region.",
        description_en="Expert day with an exhibition of the network's members for clients from the region.",
        place="Leipzig, Alte Handelsbörse", starts_at=_at(day, 10), ends_at=_at(day, 17),
        capacity=120, registration_closes=_at(day, 8), is_public=True,
    )  # fmt: skip
    if activity is not None:
        reg.link_activity(event=event, activity=activity, user=office)
        participants = list(activity.participants.select_related("company").order_by("pk"))
    else:
        participants = _members(network)[:6]
    before = _at(day - dt.timedelta(days=14), 9)
    came = _register_many(event, participants, now=before)
    guests = [
        reg.register(event=event, name=f"Gast {k + 1}", email=f"demo-designertag-gast-{k}@example.org",
                     organisation="Auftraggeber aus der Region", now=before)
        for k in range(4)
    ]  # fmt: skip
    reg.cancel(registration=guests[-1], now=before + dt.timedelta(days=3))
    reg.mark_attendance(event=event, attended_ids=[r.pk for r in came + guests[:2]], user=office)


def _upcoming_designer_day(network: Network, office, today: dt.date) -> None:
    if Event.objects.filter(slug="2-leipziger-designertag").exists():
        return
    day = today + dt.timedelta(days=45)
    event = save_event(
        user=office, network=network, slug="2-leipziger-designertag",
        title="2. Leipziger Designertag", title_en="2nd Leipzig Designer Day",
        description="Ausstellung, Vorträge und Werkstattgespräche rund um die digitale Produktentwicklung.",
        description_en="Exhibition, talks and workshop conversations on digital product development.",
        place="Leipzig, Alte Handelsbörse", starts_at=_at(day, 10), ends_at=_at(day, 17),
        capacity=150, is_public=True,
    )  # fmt: skip
    add_question(event=event, text="Nehmen Sie am Mittagessen teil?", text_en="Will you join the lunch?",
                 kind="yes_no", required=True)  # fmt: skip
    lunch = event.questions.get()
    track = add_question(
        event=event, text="Welcher Vortragsblock interessiert Sie?", text_en="Which talk block interests you?",
        kind="choice", choices=["CAD und Simulation", "Prototypenbau", "Design und Marke"],
    )  # fmt: skip
    now = timezone.now()
    for k, m in enumerate(_members(network)[:5]):
        name, email = _person(m, k)
        reg.register(
            event=event, name=name, email=email, company=m.company, now=now,
            answers={str(lunch.pk): "yes" if k % 2 == 0 else "no", str(track.pk): track.choices[k % 3]},
        )  # fmt: skip


def _past(network: Network, office, slug: str, title: str, title_en: str, day: dt.date) -> None:
    if Event.objects.filter(slug=slug).exists():
        return
    event = save_event(
        user=office, network=network, slug=slug, title=title, title_en=title_en,
        place="Leipzig", starts_at=_at(day, 14), ends_at=_at(day, 18), capacity=40, is_public=True,
    )  # fmt: skip
    _register_many(event, _members(network)[:6], now=_at(day - dt.timedelta(days=10), 9))


PROFILES = [
    ("Spritzguss und Werkzeugbau für Kleinserien", "Partner für Oberflächenveredelung"),
    ("Oberflächenveredelung und Lackierung", "Aufträge aus der Fahrzeugindustrie"),
    ("Prüfstand und Messtechnik", "Gemeinsame Entwicklungsprojekte"),
    ("Konstruktion und Simulation", "Fertigungspartner für Prototypen"),
    ("Logistik für Zulieferteile", "Zulieferer mit regelmäßigen Lieferungen"),
    ("Elektronikfertigung", "Kunststoffgehäuse und Werkzeugbau"),
    ("Qualitätsmanagement-Beratung", "Betriebe vor der Zertifizierung"),
    ("Metallbearbeitung, CNC", "Aufträge im Verbund mit anderen Zulieferern"),
]
REQUESTS = [  # (sender, receiver, answer) as indices into the participants
    (0, 1, True),
    (0, 3, True),
    (0, 5, True),
    (1, 2, True),
    (2, 3, True),
    (2, 6, True),
    (3, 4, True),
    (4, 5, True),
    (5, 6, True),
    (6, 7, True),
    (7, 0, True),
    (1, 7, True),
    (3, 7, False),
    (4, 0, None),
    (6, 1, None),
]


def _brokerage(network: Network, users: dict, office, today: dt.date) -> None:
    if Event.objects.filter(slug="kooperationsboerse-automobilzulieferer").exists():
        return
    day = today + dt.timedelta(days=21)
    event = save_event(
        user=office, network=network, slug="kooperationsboerse-automobilzulieferer",
        title="Kooperationsbörse Automobilzulieferer", title_en="Automotive suppliers' brokerage event",
        description="Vorab vereinbarte Gespräche von 20 Minuten zwischen Zulieferern, Dienstleistern "
        "und Forschungseinrichtungen.",
        description_en="Pre-arranged 20-minute one-to-one meetings between suppliers, service "
        "providers and research institutions.",
        place="Leipzig, Kunststoffzentrum", starts_at=_at(day, 9), ends_at=_at(day, 13),
        capacity=40, is_public=True, matchmaking=True,
    )  # fmt: skip
    set_slots(
        event=event, first=_at(day, 9, 30), minutes=20, count=9, breaks=[5], tables=3, user=office
    )
    now = timezone.now()
    people = []
    member_user = users.get("member")
    for k, m in enumerate(_members(network)[:8]):
        name, email = _person(m, k)
        user = None
        if k == 0 and member_user is not None:
            name = member_user.get_full_name() or member_user.username
            email = member_user.email or "member@example.org"
            user = member_user
        people.append(
            reg.register(event=event, name=name, email=email, company=m.company, user=user, now=now)
        )
    people = [p for p in people if p.state == RegistrationState.CONFIRMED]
    for person, (offers, looks_for) in zip(people, PROFILES, strict=False):
        meet.save_profile(registration=person, offers=offers, looks_for=looks_for, user=office)
    slots = list(event.slots.filter(is_break=False))
    if len(people) > 2 and slots:
        meet.set_unavailable(
            registration=people[2], slot_ids=[s.pk for s in slots[:3]], user=office
        )
    for a, b, answer in REQUESTS:
        if a >= len(people) or b >= len(people):
            continue
        request = meet.request_meeting(
            sender=people[a],
            receiver=people[b],
            reason="Mögliche Zusammenarbeit besprechen.",
            user=office,
        )
        if answer is not None:
            meet.answer_request(request=request, accept=answer, user=office)
    meet.run_schedule(event=event, user=office)


def _round_table(network: Network, office, today: dt.date) -> None:
    if Event.objects.filter(slug="runder-tisch-energie").exists():
        return
    day = today + dt.timedelta(days=10)
    event = save_event(
        user=office, network=network, slug="runder-tisch-energie",
        title="Runder Tisch Energie- und Umwelttechnik", title_en="Energy and environmental technology round table",
        description="Austausch der Mitglieder über gemeinsame Angebote für Kommunen.",
        description_en="The members discuss joint offers for municipalities.",
        place="Leipzig, IHK", starts_at=_at(day, 16), ends_at=_at(day, 19), capacity=4,
        is_public=False, moderated=False,
    )  # fmt: skip
    now = timezone.now()
    _register_many(event, _members(network)[:6], now=now)  # 4 places: two on the waiting list
    event = save_event(user=office, event=event, moderated=True)
    m = _members(network)[-1]
    reg.register(event=event, name=f"Neue Ansprechperson ({m.company.name})",
                 email=f"demo-event-{m.pk}-neu@example.org", company=m.company, now=now)  # fmt: skip
