"""Demo: the three networks of 2003 from the three selected ideas of the demo competition, and one
later network in planning created by the office.

Netzwerk Automobilzulieferer (carrier Kunststoffzentrum Leipzig), Netzwerk Virtuelle
Produktentwicklung (Schröder Design) and Netzwerk Energie- und Umwelttechnik (JB-ingconsult /
Consultant ASSO-PART), each with generated members from the demo register (most inside the
programme area, some outside, a chamber or university as partner institution), a catalogue of
measures approved by the office, and the real results as activities: the 1st Leipzig Designer Day,
acquisition talks for the Jahrtausendfeld, the preparation of an internet portal and setting up a
demonstration centre. The demo users "carrier" and "member" act for the Automobilzulieferer network.

Everything is written through the domain functions inside `acting_user(office)`. Deterministic and
idempotent: a network that already has its catalogue is left as it is.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from verbund.core.audit import acting_user
from verbund.networks.domain import activities, catalogue, members, networks
from verbund.networks.enums import ActorKind, MemberRole, NetworkPhase
from verbund.networks.models import Membership, Network

PROJECT_CODE = "URBAN-LW-1.2-01"
START = dt.date(2003, 1, 15)
REALIZATION = dt.date(2003, 7, 1)
PARTNER_SOURCE = "Demo – Netzwerkpartner"


@dataclass(frozen=True)
class MeasureSpec:
    title: str
    title_en: str
    type: str
    goal: str
    planned: tuple[dt.date, dt.date]
    budget: int
    progress: int
    status: str
    responsible: int  # index into the network's generated members
    participants: tuple[int, ...]
    actual_start: dt.date | None = None


@dataclass(frozen=True)
class ActivitySpec:
    date: dt.date
    kind: str
    text: str
    text_en: str
    participants: tuple[int, ...]
    measure: int | None = None  # index into the measures


@dataclass(frozen=True)
class NetworkSpec:
    carrier: str
    name_en: str
    goals_en: str
    tags: tuple[str, ...]
    partner: tuple[str, str, str]  # external id, name, WZ code
    measures: list[MeasureSpec]
    activities: list[ActivitySpec]
    carrier_contact: str = ""
    carrier_company: str = ""  # external id of the carrier's own company in the demo register
    extra: list[ActivitySpec] = field(default_factory=list)


D = dt.date
NETWORKS = [
    NetworkSpec(
        carrier="Kunststoffzentrum Leipzig",
        name_en="Automotive Suppliers Network",
        goals_en="Joint development, qualification and acquisition of the suppliers in Leipzig's "
        "west for the region's new car plants.",
        tags=("Automobilzulieferer", "Kunststoffverarbeitung"),
        partner=("demo-partner-hwk", "Handwerkskammer zu Leipzig (Demo)", "94.11.0"),
        carrier_contact="Klaus Träger",
        carrier_company="demo-carrier",
        measures=[
            MeasureSpec(
                "Internetportal der Zulieferer",
                "Suppliers' internet portal",
                "portal",
                "Gemeinsamer Auftritt mit Kompetenzprofilen und Anfrageformular.",
                (D(2003, 3, 1), D(2003, 12, 31)),
                45000,
                80,
                "implementation",
                0,
                (0, 1, 2, 3),
                D(2003, 4, 1),
            ),
            MeasureSpec(
                "Demonstrationszentrum Kunststofftechnik",
                "Plastics demonstration centre",
                "demo_centre",
                "Vorführung von Verfahren und Baugruppen für Einkäufer.",
                (D(2003, 5, 1), D(2004, 6, 30)),
                120000,
                40,
                "implementation",
                1,
                (1, 2, 4, 5),
                D(2003, 9, 1),
            ),
            MeasureSpec(
                "Gemeinsame Akquisition bei den Automobilwerken",
                "Joint acquisition at the car plants",
                "acquisition",
                "Lieferantentage und gemeinsame Angebote.",
                (D(2003, 9, 1), D(2004, 12, 31)),
                30000,
                20,
                "planning",
                2,
                (0, 2, 6),
            ),
            MeasureSpec(
                "Qualifizierung Qualitätsmanagement",
                "Quality management training",
                "training",
                "Schulungen zu VDA 6.1 für die Mitglieder.",
                (D(2004, 1, 1), D(2004, 6, 30)),
                15000,
                0,
                "pre_planning",
                3,
                (3, 4, 5, 7),
            ),
        ],
        activities=[
            ActivitySpec(
                D(2003, 6, 12),
                "other",
                "Vorbereitung des Internetportals der Zulieferer: "
                "Kompetenzprofile der Mitglieder erhoben.",
                "Preparation of the suppliers' internet portal: members' competence "
                "profiles collected.",
                (0, 1, 2, 3),
                0,
            ),
            ActivitySpec(
                D(2003, 10, 20),
                "other",
                "Aufbau des Demonstrationszentrums Kunststofftechnik begonnen.",
                "Setting up of the plastics demonstration centre started.",
                (1, 2, 4, 5),
                1,
            ),
            ActivitySpec(
                D(2003, 11, 5),
                "event",
                "Netzwerktreffen mit Einkäufern eines Automobilwerks.",
                "Network meeting with buyers of a car plant.",
                (0, 2, 6, 7),
            ),
        ],
    ),
    NetworkSpec(
        carrier="Schröder Design",
        name_en="Virtual Product Development Network",
        goals_en="End-to-end digital product development from design via simulation to the "
        "prototype as a joint offer of small engineering and design offices.",
        tags=("Virtuelle Produktentwicklung", "Engineering"),
        partner=(
            "demo-partner-htwk",
            "Hochschule für Technik, Wirtschaft und Kultur Leipzig (Demo)",
            "85.42.1",
        ),
        carrier_contact="Gabriele Schröder",
        measures=[
            MeasureSpec(
                "1. Leipziger Designertag",
                "1st Leipzig Designer Day",
                "event",
                "Fachtag mit Ausstellung der Mitglieder für Auftraggeber aus der Region.",
                (D(2003, 4, 1), D(2003, 9, 30)),
                25000,
                100,
                "completed",
                0,
                (0, 1, 2, 3, 4),
                D(2003, 4, 15),
            ),
            MeasureSpec(
                "Gemeinsame Prozesskette CAD–Simulation–Prototyp",
                "Joint CAD–simulation–prototype process chain",
                "joint_project",
                "Abgestimmte Datenformate und Übergaben zwischen den Büros.",
                (D(2003, 6, 1), D(2004, 5, 31)),
                60000,
                50,
                "implementation",
                1,
                (1, 2, 5),
                D(2003, 7, 1),
            ),
            MeasureSpec(
                "Gemeinsamer Messeauftritt",
                "Joint trade fair presence",
                "marketing",
                "Gemeinschaftsstand auf einer Fachmesse.",
                (D(2004, 3, 1), D(2004, 4, 30)),
                35000,
                10,
                "planning",
                2,
                (0, 2, 3, 6),
            ),
        ],
        activities=[
            ActivitySpec(
                D(2003, 9, 18),
                "event",
                "1. Leipziger Designertag mit Ausstellung der Netzwerkmitglieder.",
                "1st Leipzig Designer Day with an exhibition of the network's members.",
                (0, 1, 2, 3, 4, 7),
                0,
            ),
            ActivitySpec(
                D(2003, 11, 12),
                "joint_project",
                "Gemeinsames Pilotprojekt CAD–Simulation–Prototyp gestartet.",
                "Joint CAD–simulation–prototype pilot project started.",
                (1, 2, 5),
                1,
            ),
        ],
    ),
    NetworkSpec(
        carrier="JB-ingconsult / Consultant ASSO-PART",
        name_en="Energy and Environmental Technology Network",
        goals_en="Pooling competences in energy efficiency, renewable energy and environmental "
        "technology into joint projects for municipalities and industry.",
        tags=("Energietechnik", "Umwelttechnik"),
        partner=("demo-partner-ihk", "Industrie- und Handelskammer zu Leipzig (Demo)", "94.11.0"),
        carrier_contact="Jens Bauer",
        measures=[
            MeasureSpec(
                "Akquisition Jahrtausendfeld",
                "Acquisition for the Jahrtausendfeld",
                "acquisition",
                "Gemeinsames Angebot für die Energieversorgung und "
                "Umwelttechnik auf dem Jahrtausendfeld.",
                (D(2003, 5, 1), D(2004, 3, 31)),
                20000,
                60,
                "implementation",
                0,
                (0, 1, 2, 3),
                D(2003, 5, 15),
            ),
            MeasureSpec(
                "Studie Energieeffizienz im Gewerbe",
                "Study on energy efficiency in businesses",
                "study",
                "Potenziale in den Betrieben des Programmgebiets.",
                (D(2003, 9, 1), D(2004, 2, 28)),
                18000,
                30,
                "implementation",
                1,
                (1, 4, 5),
                D(2003, 10, 1),
            ),
            MeasureSpec(
                "Weiterbildung Solartechnik",
                "Solar technology training",
                "training",
                "Kurse für Handwerksbetriebe.",
                (D(2004, 4, 1), D(2004, 10, 31)),
                12000,
                0,
                "pre_planning",
                2,
                (2, 3, 6),
            ),
        ],
        activities=[
            ActivitySpec(
                D(2003, 7, 9),
                "acquisition",
                "Akquisitionsgespräche für das Jahrtausendfeld mit Stadt und Investoren.",
                "Acquisition talks for the Jahrtausendfeld with the city and investors.",
                (0, 1, 2),
                0,
            ),
            ActivitySpec(
                D(2003, 10, 2),
                "acquisition",
                "Zweite Runde der Akquisitionsgespräche für das Jahrtausendfeld.",
                "Second round of acquisition talks for the Jahrtausendfeld.",
                (0, 2, 3, 7),
                0,
            ),
        ],
    ),
]
LATER = {
    "name": "Netzwerk Kultur- und Freizeitwirtschaft",
    "name_en": "Culture and Leisure Industry Network",
    "carrier": "Kultur- und Freizeitwirtschaft Leipzig West e. V. (Demo)",
    "cluster_category": "Kultur- und Freizeitwirtschaft",
    "goals": "Gemeinsame Angebote der Kultur- und Freizeitbetriebe im Leipziger Westen.",
    "goals_en": "Joint offers of the culture and leisure businesses in Leipzig's west.",
}


def load(*, users: dict) -> None:
    office = users["office"]
    with acting_user(office), transaction.atomic():
        _load(users, office)


def _load(users: dict, office) -> None:
    from verbund.competitions.domain.queries import selected_ideas
    from verbund.programmes.models import Project

    project = Project.objects.filter(code=PROJECT_CODE).first()
    if project is None:
        return
    selected = {
        s.carrier.name: s
        for s in selected_ideas().filter(competition__project=project)
        if s.carrier_id
    }
    taken = set(
        Membership.objects.filter(network__project=project).values_list("company_id", flat=True)
    )
    from verbund.companies.models import Company

    # the demo users' own firms join the Automobilzulieferer network by name, not by lot
    taken |= set(
        Company.objects.filter(external_id__in=["demo-member", "demo-carrier"]).values_list(
            "pk", flat=True
        )
    )
    for spec in NETWORKS:
        submission = selected.get(spec.carrier)
        if submission is None:
            continue
        network = networks.create_network_from_submission(
            submission=submission, user=office, started_on=START
        )
        if network.measures.exists():
            taken |= set(network.memberships.values_list("company_id", flat=True))
            continue  # loaded before
        _fill(network, spec, users, office, taken)
    _later(project, office)


def _fill(network: Network, spec: NetworkSpec, users: dict, office, taken: set[int]) -> None:
    from verbund.companies.models import Company

    carrier_company = None
    if spec.carrier_company:
        carrier_company = Company.objects.filter(external_id=spec.carrier_company).first()
    networks.update_network(
        network=network, user=office, name_en=spec.name_en, goals_en=spec.goals_en,
        carrier_contact=spec.carrier_contact, is_public=True, carrier_company=carrier_company,
    )  # fmt: skip
    current = {m.company_id: m for m in network.memberships.filter(left__isnull=True)}
    taken |= set(current)
    if carrier_company is not None and carrier_company.pk not in current:
        current[carrier_company.pk] = members.add_member(
            network=network, company=carrier_company, role=MemberRole.FOUNDING, joined=START,
            agreement_on_file=True, user=office,
        )  # fmt: skip
        taken.add(carrier_company.pk)
    generated = []
    for k, company in enumerate(_register_picks(spec.tags, taken, inside=5, outside=2)):
        joined = START + dt.timedelta(days=20 * (k + 1))
        generated.append(
            members.add_member(
                network=network, company=company, joined=joined, user=office,
                agreement_on_file=k % 3 == 0,
                letter_of_intent_on=joined if k % 3 == 1 else None,
            )
        )  # fmt: skip
        taken.add(company.pk)
    partner = _partner(*spec.partner, office=office)
    if partner is not None and partner.pk not in current:
        generated.append(
            members.add_member(
                network=network, company=partner, role=MemberRole.PARTNER,
                joined=START + dt.timedelta(days=30), letter_of_intent_on=START, user=office,
            )
        )  # fmt: skip
    if spec.carrier_company == "demo-carrier":
        _demo_users(network, users, office, current)
    founders = sorted(
        network.memberships.filter(left__isnull=True, role=MemberRole.FOUNDING)
        .exclude(company=carrier_company)
        .select_related("company"),
        key=lambda m: (m.company.name, m.pk),
    )
    pool = founders + generated  # indices of the specs point into this list
    if carrier_company is not None:  # the carrier's own company takes part first
        pool.insert(0, current[carrier_company.pk])
    for k, membership in enumerate(pool):
        if k % 2 == 0:
            members.record_fee(
                membership=membership, year=2003, amount=Decimal("250.00"),
                paid_on=dt.date(2003, 3, 31), user=office,
            )  # fmt: skip

    def pick(indices):
        return [pool[i % len(pool)] for i in indices]

    made = []
    for m in spec.measures:
        made.append(
            catalogue.create_measure(
                network=network, user=office, title=m.title, title_en=m.title_en, type=m.type,
                goal=m.goal, responsible=pick([m.responsible])[0], participants=pick(m.participants),
                planned_start=m.planned[0], planned_end=m.planned[1], actual_start=m.actual_start,
                planned_budget=Decimal(m.budget), progress=m.progress, status=m.status,
            )
        )  # fmt: skip
    catalogue.submit_catalogue(network=network, user=office)
    catalogue.approve_catalogue(network=network, user=office)
    networks.change_phase(
        network=network, phase=NetworkPhase.REALIZATION, on=REALIZATION, user=office,
        note="Maßnahmenkatalog genehmigt.",
    )  # fmt: skip
    for a in spec.activities:
        activities.record_activity(
            network=network, date=a.date, kind=a.kind, text=a.text, text_en=a.text_en,
            participants=pick(a.participants),
            measure=made[a.measure] if a.measure is not None else None, user=office,
        )  # fmt: skip


def _register_picks(tags, taken: set[int], *, inside: int, outside: int) -> list:
    from verbund.companies.models import Company

    qs = (
        Company.objects.filter(tags__name__in=tags)
        .exclude(pk__in=taken)
        .distinct()
        .order_by("name", "pk")
    )
    return list(qs.filter(placement="inside")[:inside]) + list(
        qs.filter(placement="outside")[:outside]
    )


def _partner(external_id: str, name: str, wz_code: str, *, office):
    """A chamber or university of the register, created once (through the companies' domain)."""
    from verbund.companies.domain.companies import save_company
    from verbund.companies.models import Company, WzCode

    company = Company.objects.filter(source=PARTNER_SOURCE, external_id=external_id).first()
    if company is not None:
        return company
    return save_company(
        name=name, city="Leipzig", postcode="04109", street="Demo-Straße 1",
        main_wz=WzCode.objects.filter(code=wz_code).first(), source=PARTNER_SOURCE,
        external_id=external_id, place=False, user=office,
    )  # fmt: skip


def _demo_users(network: Network, users: dict, office, current: dict) -> None:
    """The demo carrier acts for this network; the demo member administers its company in it."""
    from verbund.companies.models import Company

    if "carrier" in users:
        networks.add_actor(
            network=network, user_to_add=users["carrier"], kind=ActorKind.CARRIER, user=office
        )
    member_company = Company.objects.filter(external_id="demo-member").first()
    if member_company is None or "member" not in users:
        return
    if not network.memberships.filter(company=member_company, left__isnull=True).exists():
        members.add_member(
            network=network, company=member_company, joined=dt.date(2003, 4, 1),
            agreement_on_file=True, user=office,
        )  # fmt: skip
    networks.add_actor(
        network=network, user_to_add=users["member"], kind=ActorKind.MEMBER_ADMIN,
        company=member_company, user=office,
    )  # fmt: skip


def _later(project, office) -> None:
    from verbund.programmes.domain.programmes import create_organisation
    from verbund.programmes.models import Organisation

    if Network.objects.filter(name=LATER["name"]).exists():
        return
    carrier = Organisation.objects.filter(name=LATER["carrier"]).first() or create_organisation(
        user=office, name=LATER["carrier"], kind="carrier"
    )
    networks.create_network(
        user=office, project=project, carrier=carrier, name=LATER["name"],
        name_en=LATER["name_en"], cluster_category=LATER["cluster_category"],
        goals=LATER["goals"], goals_en=LATER["goals_en"], started_on=dt.date(2004, 9, 1),
        is_public=False,
    )  # fmt: skip
