"""Demo: the 2002 ideas competition of the project "Aufbau von Unternehmensnetzwerken".

28 network ideas: the three real ones (Netzwerk Automobilzulieferer with Kunststoffzentrum Leipzig,
Netzwerk Virtuelle Produktentwicklung with Schröder Design, Netzwerk Energie- und Umwelttechnik with
JB-ingconsult / ASSO-PART) and 25 generated ones, founding members taken from the demo company
register where present, five reviewers with declared and detected conflicts, complete reviews, the
recorded decision and published results.

Everything goes through the domain functions, each recording its acting user in the history: the
call, the submissions of 2002 (with their historical dates through the functions' `now=` clock and
without confirmation mails), conflict detection, automatic assignment, reviews with scale checks,
the ranking and the decision. Users and carrier organisations (written outside this app's domain)
are created inside `acting_user(office)`. Scores are generated from a fixed quality
per idea plus a reviewer's leniency and a seeded jitter, so the real aggregation ranks the three
real ideas first. Deterministic and idempotent: a decided competition is left as it is.
"""

import datetime as dt
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q

from verbund.competitions.domain import competitions as comp_domain
from verbund.competitions.domain import decisions, queries, reviews, submissions
from verbund.competitions.enums import Phase, Recommendation
from verbund.competitions.models import Assignment, Competition
from verbund.core.audit import acting_user

TITLE_DE = "Ideenwettbewerb Unternehmensnetzwerke 2002"
TITLE_EN = "Ideas competition for business networks 2002"
PROJECT_TITLE = "Aufbau von Unternehmensnetzwerken"
PROJECT_CODE = "URBAN-LW-1.2-01"
BERLIN = ZoneInfo("Europe/Berlin")
SEED = 2002

CALL_DE = (
    "Das Amt für Wirtschaftsförderung ruft Unternehmen, Beratungen und Einrichtungen auf, Ideen für "
    "Unternehmensnetzwerke im Programmgebiet Leipziger Westen einzureichen. Ein Netzwerk braucht "
    "einen Netzwerkträger und mindestens fünf Gründungsmitglieder, von denen mindestens die Hälfte "
    "im Programmgebiet ansässig ist. Eine fachliche Beurteilung wählt die drei Ideen mit dem besten "
    "Ansatz und den besten Entwicklungsperspektiven aus."
)
CALL_EN = (
    "The Office for Economic Development invites companies, consultancies and institutions to submit "
    "ideas for business networks in the programme area Leipziger Westen. A network needs a carrier "
    "and at least five founding members, at least half of them located in the programme area. An "
    "expert evaluation selects the three ideas with the best approach and development prospects."
)
CRITERIA = [
    comp_domain.CriterionSpec("Tragfähigkeit des Netzwerkansatzes", 3, 0, 10, "Viability of the network approach"),
    comp_domain.CriterionSpec("Entwicklungsperspektiven und Clusterpotenzial", 3, 0, 10, "Development prospects and cluster potential"),
    comp_domain.CriterionSpec("Verankerung im Programmgebiet", 2, 0, 10, "Roots in the programme area"),
    comp_domain.CriterionSpec("Maßnahmenkatalog und Finanzierung", 2, 0, 10, "Catalogue of measures and financing"),
]  # fmt: skip

# title, carrier, applicant key, tags of members, quality (0-10), sector focus, goals
REAL = [
    ("Netzwerk Automobilzulieferer", "Kunststoffzentrum Leipzig", "carrier",
     ["Automobilzulieferer", "Kunststoffverarbeitung"], 8.4, "Automobilzulieferer, Kunststoffverarbeitung",
     "Gemeinsame Entwicklung, Qualifizierung und Akquisition der Zulieferer im Leipziger Westen für "
     "die neuen Automobilwerke der Region."),
    ("Netzwerk Virtuelle Produktentwicklung", "Schröder Design", "applicant",
     ["Virtuelle Produktentwicklung", "Engineering"], 8.2, "Virtuelle Produktentwicklung, Design, Engineering",
     "Durchgängige digitale Produktentwicklung von Design über Simulation bis zum Prototyp als "
     "gemeinsames Angebot kleiner Ingenieur- und Designbüros."),
    ("Netzwerk Energie- und Umwelttechnik", "JB-ingconsult / Consultant ASSO-PART", "jb",
     ["Energietechnik", "Umwelttechnik"], 8.0, "Energie- und Umwelttechnik",
     "Bündelung der Kompetenzen in Energieeffizienz, erneuerbaren Energien und Umwelttechnik zu "
     "gemeinsamen Projekten für Kommunen und Industrie."),
]  # fmt: skip

# title, WZ divisions of members, share inside the area, members, has carrier, sector focus
GENERATED = [
    ("Netzwerk Kultur und Freizeit im Leipziger Westen", ["90", "93", "56"], 0.7, 7, True, "Kultur- und Freizeitwirtschaft"),
    ("Medien- und Kreativnetzwerk Plagwitz", ["59", "60", "73", "74"], 0.3, 8, True, "Medien und Kreativwirtschaft"),
    ("Medienhof Lindenau: Film, Fernsehen und Musik", ["59", "60", "90"], 0.5, 6, True, "Medien"),
    ("Handwerkerverbund Altbausanierung", ["43", "41"], 0.8, 9, True, "Bauhandwerk"),
    ("Gastronomie und Tourismus am Karl-Heine-Kanal", ["56", "55"], 0.9, 6, True, "Gastgewerbe, Tourismus"),
    ("Netzwerk Gesundheitswirtschaft West", ["86"], 0.6, 7, True, "Gesundheitswirtschaft"),
    ("Logistikverbund Güterbahnhof Plagwitz", ["49", "52"], 0.7, 5, False, "Logistik"),
    ("Einzelhandelsinitiative Georg-Schwarz-Straße", ["47"], 1.0, 9, True, "Einzelhandel"),
    ("IT-Dienstleister-Netzwerk West", ["62"], 0.5, 6, True, "Informationstechnik"),
    ("Netzwerk Metallbearbeitung und Anlagenbau", ["25", "28"], 0.7, 8, True, "Metall, Anlagenbau"),
    ("Bauwirtschaft und Projektentwicklung", ["41", "68"], 0.4, 6, True, "Bau- und Immobilienwirtschaft"),
    ("Netzwerk Recycling und Kreislaufwirtschaft", ["38", "39"], 0.6, 4, True, "Kreislaufwirtschaft"),
    ("Beratungsnetzwerk Existenzgründung", ["70", "69"], 0.5, 6, True, "Unternehmensberatung"),
    ("Netzwerk Lebensmittelhandwerk", ["10"], 0.8, 5, True, "Ernährungswirtschaft"),
    ("Kulturwirtschaft: Ateliers und Galerien im Westen", ["90", "74", "47"], 0.8, 6, True, "Kulturwirtschaft"),
    ("Freizeit- und Sportnetzwerk Auwald", ["93", "85", "96"], 0.6, 5, True, "Freizeit und Sport"),
    ("Netzwerk Druck, Verlag und Medienproduktion", ["18", "58", "73"], 0.4, 7, True, "Medien, Druck"),
    ("Bildungsnetzwerk berufliche Weiterbildung", ["85"], 0.6, 5, True, "Bildung"),
    ("Kfz-Service-Verbund Lindenau", ["45"], 0.9, 6, False, "Kfz-Handwerk"),
    ("Netzwerk Elektrotechnik und Gebäudeautomation", ["43", "27"], 0.6, 7, True, "Elektrotechnik"),
    ("Immobilienwirtschaft West", ["68"], 0.5, 5, True, "Immobilienwirtschaft"),
    ("Netzwerk Soziale Dienste und Pflege", ["86", "87", "88"], 0.7, 6, True, "Soziale Dienste"),
    ("Designnetzwerk Produkt und Kommunikation", ["74", "73"], 0.5, 6, True, "Design"),
    ("Netzwerk Reinigung und Facility Management", ["81"], 0.6, 5, True, "Gebäudedienste"),
    ("Finanz- und Versicherungsdienstleister West", ["64", "66"], 0.3, 5, True, "Finanzdienstleistungen"),
]  # fmt: skip

EXTRA_USERS = {  # key: (username, first name, last name, organisation, role)
    "jb": ("jb-ingconsult", "Jens", "Bauer", "JB-ingconsult / Consultant ASSO-PART", "applicant"),
    "app2": (
        "ideen-hartmann",
        "Sabine",
        "Hartmann",
        "Hartmann Unternehmensberatung (Demo)",
        "applicant",
    ),
    "app3": ("ideen-krause", "Thomas", "Krause", "Kulturfabrik West e. V. (Demo)", "applicant"),
    "app4": ("ideen-lehmann", "Ute", "Lehmann", "Lehmann Consult (Demo)", "applicant"),
    "app5": ("ideen-wagner", "Peter", "Wagner", "Handwerkskammer-Beratung (Demo)", "applicant"),
    "rev2": ("gutachter-berger", "Prof. Dr. Karl", "Berger", "Fachhochschule (Demo)", "reviewer"),
    "rev3": ("gutachter-fischer", "Dr. Eva", "Fischer", "Schröder Design", "reviewer"),
    "rev4": ("gutachter-meyer", "Dipl.-Ing. Frank", "Meyer", "Ingenieurkammer (Demo)", "reviewer"),
    "rev5": (
        "gutachter-vogel",
        "Dr. Ines",
        "Vogel",
        "Industrie- und Handelskammer (Demo)",
        "reviewer",
    ),
}
REVIEWERS = ["reviewer", "rev2", "rev3", "rev4", "rev5"]
LENIENCY = {"reviewer": 0.0, "rev2": -0.8, "rev3": 0.5, "rev4": -0.3, "rev5": 0.6}
APPLICANTS = ["applicant", "app2", "app3", "app4", "app5"]

COMMENTS = {
    Recommendation.FUND: "Überzeugender Ansatz mit klarer Perspektive; zur Auswahl empfohlen.",
    Recommendation.FUND_WITH_CHANGES: "Interessante Idee; Trägerschaft und Maßnahmenkatalog sollten geschärft werden.",
    Recommendation.REJECT: "Der Netzwerkansatz ist noch nicht tragfähig genug.",
}  # fmt: skip


def _berlin(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BERLIN)


def _users(users: dict) -> dict:
    from django.contrib.auth.models import Group

    from verbund.core.models import User

    out = dict(users)
    for key, (username, first, last, org, role) in EXTRA_USERS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "organisation": org},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get_or_create(name=role)[0])
        out[key] = user
    return out


def _organisation(name: str):
    from verbund.programmes.models import Organisation

    return Organisation.objects.get_or_create(name=name, defaults={"kind": "carrier"})[0]


def _members(*, tags=(), divisions=(), share: float, n: int, taken: set[int]) -> list:
    """Deterministic pick from the register: about `share` of `n` inside the programme area."""
    from verbund.companies.models import Company

    qs = Company.objects.exclude(pk__in=taken).order_by("name", "pk")
    if tags:
        qs = qs.filter(tags__name__in=tags).distinct()
    elif divisions:
        qs = qs.filter(main_wz__division__in=divisions)
    inside = max(0, min(n, round(n * share)))
    picked = list(qs.filter(placement="inside")[:inside])
    picked += list(qs.filter(placement="outside")[: n - len(picked)])
    if len(picked) < n:  # not enough in the right sector: fill from anywhere, still deterministic
        more = Company.objects.exclude(pk__in=taken | {c.pk for c in picked}).order_by("name", "pk")
        picked += list(
            more.filter(placement="inside" if share >= 0.5 else "outside")[: n - len(picked)]
        )
    taken.update(c.pk for c in picked)
    return picked


def _project():
    from verbund.programmes.models import Project

    return (
        Project.objects.filter(Q(code=PROJECT_CODE) | Q(title=PROJECT_TITLE)).order_by("pk").first()
    )


def _score(rng: random.Random, quality: float, leniency: float) -> Decimal:
    return Decimal(max(0, min(10, round(quality + leniency + rng.uniform(-0.9, 0.9)))))


@transaction.atomic
def load(*, users: dict) -> None:
    project = _project()
    if project is None:
        return  # the programmes demo is not loaded; nothing to attach the competition to
    competition = Competition.objects.filter(project=project, title=TITLE_DE).first()
    if competition is not None:  # loaded before (the load is atomic, so it is complete)
        return
    from verbund.companies.models import Company

    office = users["office"]
    with acting_user(office):  # users and carrier organisations: no domain function of this app
        users = _users(users)
    # without the demo register there are no founding members to count: no member rules then
    register = Company.objects.count() >= 100
    opened = _berlin(2002, 5, 2, 9)
    competition = comp_domain.create_competition(
        project=project, title=TITLE_DE, title_en=TITLE_EN, call_text=CALL_DE,
        call_text_en=CALL_EN, opens_at=opened, deadline=_berlin(2002, 7, 31, 18),
        review_deadline=dt.date(2002, 9, 13), decision_planned_on=dt.date(2002, 10, 1),
        min_members=5 if register else 0, min_share_in_area=Decimal(50 if register else 0),
        carrier_required=True, number_to_select=3,
        budget_cap=Decimal("900000"), reviewers_per_idea=3, user=office,
    )  # fmt: skip
    comp_domain.set_criteria(competition=competition, criteria=CRITERIA, user=office)
    rng = random.Random(SEED)
    taken: set[int] = set()
    quality: dict[int, float] = {}
    ideas = []
    for title, carrier, who, tags, q, sector, goals in REAL:
        members = _members(tags=tags, share=0.8, n=8, taken=taken)
        with acting_user(office):
            organisation = _organisation(carrier)
        ideas.append((title, organisation, users[who], members, q, sector, goals, 240000))
    for i, (title, divisions, share, n, has_carrier, sector) in enumerate(GENERATED):
        members = _members(divisions=divisions, share=share, n=n, taken=taken)
        with acting_user(office):
            carrier = _organisation(f"{sector} Leipzig West e. V. (Demo)") if has_carrier else None
        q = round(3.2 + 3.6 * rng.random(), 2)  # generated ideas: 3.2-6.8
        goals = f"Zusammenarbeit der Unternehmen im Bereich {sector} im Leipziger Westen."
        ideas.append(
            (
                title,
                carrier,
                users[APPLICANTS[i % len(APPLICANTS)]],
                members,
                q,
                sector,
                goals,
                60000 + 10000 * (i % 15),
            )
        )
    comp_domain.change_phase(competition=competition, to=Phase.OPEN, user=office, now=opened)
    for i, (title, carrier, applicant, members, q, sector, goals, budget) in enumerate(ideas):
        budget = Decimal(budget)
        sub = submissions.create_submission(
            competition=competition, applicant=applicant, applicant_organisation=applicant.organisation,
            title=title, sector_focus=sector, carrier=carrier, goals=goals,
            measures="1. Netzwerkmanagement\n2. Gemeinsame Marktauftritte\n3. Qualifizierung\n4. Kooperationsprojekte",
            requested_budget=budget, timeline="Entwicklungsphase 6 Monate, Realisierungsphase 24 Monate",
            starts_on=dt.date(2003, 1, 1), ends_on=dt.date(2005, 6, 30), founding_members=members,
            financing=[(None, "EFRE", budget * Decimal("0.75")), (None, "Stadt", budget * Decimal("0.25"))],
            now=_berlin(2002, 6, 1, 10) + dt.timedelta(days=i),
        )  # fmt: skip
        submissions.submit(
            submission=sub, user=applicant, notify=False,
            now=_berlin(2002, 7, 1, 12) + dt.timedelta(days=i, minutes=7 * i),
        )  # fmt: skip
        quality[sub.pk] = q
    comp_domain.change_phase(competition=competition, to=Phase.CLOSED, user=office)
    _reviewers(competition, users, office)
    comp_domain.change_phase(competition=competition, to=Phase.IN_REVIEW, user=office)
    reviews.auto_assign(competition=competition, user=office)
    _write_reviews(competition, quality, {users[k].pk: k for k in REVIEWERS})
    rows = queries.ranking(competition)
    selected = [r.submission.pk for r in rows if r.within_selection]
    decisions.record_decision(
        competition=competition, selected=selected, justifications={}, user=office,
        committee="Auswahlgremium Unternehmensnetzwerke (Demo)",
        notes="Auswahl gemäß Rangfolge der fachlichen Beurteilung.", now=_berlin(2002, 10, 1, 14),
    )  # fmt: skip
    comp_domain.change_phase(
        competition=competition, to=Phase.PUBLISHED, user=office, now=_berlin(2002, 10, 15, 10)
    )


def _reviewers(competition: Competition, users: dict, office) -> None:
    """Five reviewers; conflicts: one declared, others detected (carrier and member company)."""
    from verbund.companies.domain.companies import affiliate_user

    for key in REVIEWERS:
        comp_domain.add_reviewer(competition=competition, reviewer_user=users[key], user=office)
    subs = list(competition.submissions.order_by("submitted_at", "pk"))
    # rev5 works for a founding member of the 10th idea (detected), "reviewer" declares a conflict
    members = list(subs[9].founding_members.order_by("name", "pk")[:1])
    if members:
        affiliate_user(user=users["rev5"], company=members[0], role="Beirat", by=office)
    reviews.detect_conflicts(competition=competition, user=office)
    reviewer = competition.reviewers.get(user=users["reviewer"])
    reviews.declare_conflict(
        reviewer=reviewer, submission=subs[5],
        reason="Frühere Zusammenarbeit mit dem Antragsteller in einem Forschungsprojekt.", user=office,
    )  # fmt: skip


def _write_reviews(
    competition: Competition, quality: dict[int, float], keys: dict[int, str]
) -> None:
    criteria = list(competition.criteria.all())
    assignments = (
        Assignment.objects.filter(submission__competition=competition)
        .select_related("review", "reviewer__user")
        .order_by("submission__submitted_at", "reviewer__pk")
    )
    for a in assignments:
        rng = random.Random(f"{SEED}-{a.submission.title}-{a.reviewer.user.username}")
        q = quality[a.submission_id]
        lenient = LENIENCY[keys[a.reviewer.user_id]]
        scores = {c.pk: (_score(rng, q, lenient), "") for c in criteria}
        level = q + lenient
        if level >= 7.5:
            recommendation = Recommendation.FUND
        elif level >= 5.5:
            recommendation = Recommendation.FUND_WITH_CHANGES
        else:
            recommendation = Recommendation.REJECT
        reviews.save_review(
            review=a.review, expected_version=a.review.version, scores=scores,
            recommendation=recommendation, comment=COMMENTS[recommendation], submit=True,
            user=a.reviewer.user,
        )  # fmt: skip
