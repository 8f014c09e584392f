"""Demo data: the URBAN II programme "Leipziger Westen", measure 1.2 and the project sheet
"Aufbau von Unternehmensnetzwerken", in German (source) and English.

Deterministic and idempotent: objects are found by natural keys and written through the domain
functions, which save only what changed, so a second run adds no history rows. Everything is written
inside `acting_user(office)`, so every history row names the office as its author.
"""

import datetime as dt
import io
from decimal import Decimal

from django.core.files.base import ContentFile

from verbund.core.audit import acting_user
from verbund.programmes.domain import programmes as prog
from verbund.programmes.domain.projects import (
    MilestoneInput,
    PhaseInput,
    ShareInput,
    TeamMemberInput,
    create_project,
    update_project,
)
from verbund.programmes.enums import (
    MilestoneKind,
    OrganisationKind,
    ProjectStatus,
    Salutation,
    SourceKind,
)
from verbund.programmes.models import FundingSource, Measure, Organisation, Programme, Project

PROJECT_CODE = "URBAN-LW-1.2-01"

PROGRAMME = {
    "name": "Gemeinschaftsinitiative URBAN II – Leipziger Westen",
    "name_en": "Community Initiative URBAN II – Leipziger Westen (Leipzig West)",
    "short_name": "URBAN II",
    "city": "Leipzig",
    "period_start_year": 2000,
    "period_end_year": 2006,
    "description": (
        "EU-Gemeinschaftsinitiative zur nachhaltigen Entwicklung städtischer Problemgebiete; "
        "Programmgebiet im Leipziger Westen."
    ),
    "description_en": (
        "EU Community Initiative for the sustainable development of urban areas in crisis; "
        "programme area in the west of Leipzig."
    ),
    # letterhead and publicity (the emblem is a generated placeholder, see _placeholder_emblem)
    "office_name": "Stadt Leipzig · Amt für Wirtschaftsförderung",
    "office_address": "Martin-Luther-Ring 4–6\n04109 Leipzig",
    "letter_reference_prefix": "AfW-URBAN",
    "funding_statement": (
        "Gefördert durch die Europäische Union aus dem Europäischen Fonds für regionale "
        "Entwicklung (EFRE) im Rahmen der Gemeinschaftsinitiative URBAN II."
    ),
    "funding_statement_en": (
        "Funded by the European Union through the European Regional Development Fund (ERDF) "
        "under the Community Initiative URBAN II."
    ),
}
MEASURE = {
    "code": "1.2",
    "title": (
        "Förderung vernetzter Wirtschaftsstrukturen und -angebote; Mittelstandsförderung im "
        "Einzelhandel und Dienstleistungssektor zur Förderung der Stadtteilzentrumfunktionen"
    ),
    "title_en": (
        "Promotion of networked economic structures and services; support for small and "
        "medium-sized enterprises in retail and services to strengthen the functions of the "
        "district centres"
    ),
}
SOURCES = [
    {
        "name": "EFRE",
        "name_en": "ERDF",
        "long_name": "Europäischer Fonds für regionale Entwicklung",
        "long_name_en": "European Regional Development Fund",
        "kind": SourceKind.EU,
    },
    {
        "name": "Stadt",
        "name_en": "City",
        "long_name": "Stadt Leipzig, kommunaler Eigenanteil",
        "long_name_en": "City of Leipzig, municipal contribution",
        "kind": SourceKind.MUNICIPAL,
    },
]
CARRIERS = ["Kunststoffzentrum Leipzig", "Schröder Design", "JB-ingconsult / Consultant ASSO-PART"]
SUPERVISION = {
    "name": "Amt für Wirtschaftsförderung",
    "name_en": "Office for Economic Development (Amt für Wirtschaftsförderung)",
}
TEAM = [(Salutation.MR, "Scheibler"), (Salutation.MR, "Kutter"), (Salutation.MS, "Hübner")]
MILESTONES = [
    (MilestoneKind.EARLY_START, dt.date(2000, 11, 16)),
    (MilestoneKind.APPLICATION, dt.date(2002, 5, 24)),
    (MilestoneKind.COMMITTEE, dt.date(2002, 7, 4)),
    (MilestoneKind.COMMITTEE, dt.date(2002, 9, 4)),
    (MilestoneKind.DECISION, dt.date(2002, 11, 15)),
]
FINANCING = [("EFRE", Decimal("75.00")), ("Stadt", Decimal("25.00"))]
PHASES = [
    PhaseInput(
        name="Entwicklungsphase",
        name_en="Development phase",
        text=(
            "Ideenwettbewerb zur Gewinnung von Netzwerkideen aus dem Programmgebiet; fachliche "
            "Beurteilung der eingereichten Ideen; Auswahl tragfähiger Netzwerke und ihrer Träger; "
            "Erarbeitung eines Maßnahmenkatalogs und der Realisierungsmöglichkeiten je Netzwerk."
        ),
        text_en=(
            "Ideas competition to gather network ideas from the programme area; expert evaluation "
            "of the submitted ideas; selection of viable networks and their carriers; drawing up "
            "a catalogue of measures and the realization options for each network."
        ),
    ),
    PhaseInput(
        name="Realisierungsphase",
        name_en="Realization phase",
        text=(
            "Umsetzung der ausgewählten Netzwerke durch die Netzwerkträger auf der Grundlage "
            "leistungsorientierter Verträge mit Meilensteinen; Begleitung durch das Amt für "
            "Wirtschaftsförderung; Gewinnung weiterer Mitgliedsunternehmen und Verstetigung der "
            "Netzwerke."
        ),
        text_en=(
            "Implementation of the selected networks by the network carriers on the basis of "
            "performance-based contracts with milestones; supervision by the Office for Economic "
            "Development; recruitment of further member companies and making the networks "
            "permanent."
        ),
    ),
]
PROJECT = {
    "title": "Aufbau von Unternehmensnetzwerken",
    "title_en": "Building company networks",
    "goal": (
        "Ziel des Projektes ist der Aufbau von Unternehmensnetzwerken im URBAN-Programmgebiet. "
        "Durch die Vernetzung von Unternehmen, Forschungseinrichtungen und Dienstleistern sollen "
        "Kooperationen angestoßen, die Wettbewerbsfähigkeit der ansässigen kleinen und mittleren "
        "Unternehmen gestärkt und Arbeitsplätze im Stadtteil gesichert und geschaffen werden."
    ),
    "goal_en": (
        "The project aims to build company networks in the URBAN programme area. By linking "
        "companies, research institutions and service providers, it is to initiate co-operation, "
        "strengthen the competitiveness of the small and medium-sized enterprises located there "
        "and secure and create jobs in the district."
    ),
    "target_group": "Unternehmen aus dem URBAN-Programmgebiet",
    "target_group_en": "Companies from the URBAN programme area",
    "location": "gesamtes Programmgebiet",
    "location_en": "entire programme area",
    "implementation_state": (
        "Mitte 2002 wurde ein Ideenwettbewerb durchgeführt, in dem 28 Ideen eingereicht wurden. "
        "Daraus wurden 3 Netzwerke ausgewählt: Automobilzulieferer, Virtuelle Produktentwicklung "
        "sowie Energie- und Umwelttechnik. Mit den Netzwerkträgern wurden leistungsorientierte "
        "Verträge geschlossen. Weitere Netzwerke sind möglich, z. B. in den Bereichen Kultur und "
        "Freizeit sowie Medien."
    ),
    "implementation_state_en": (
        "An ideas competition was held in mid-2002, in which 28 ideas were submitted. From these, "
        "3 networks were selected: automotive suppliers, virtual product development, and energy "
        "and environmental technology. Performance-based contracts were concluded with the "
        "network carriers. Further networks are possible, e.g. in culture and leisure, and in "
        "media."
    ),
    "results": (
        "1. Leipziger Designertag durchgeführt\n"
        "Akquisitionsgespräche für das Jahrtausendfeld geführt\n"
        "Vorbereitung eines Internetportals und eines Demonstrationszentrums"
    ),
    "results_en": (
        "1st Leipzig Designers' Day (1. Leipziger Designertag) held\n"
        "Acquisition talks held for the Jahrtausendfeld (Millennium Field) site\n"
        "Preparation of an internet portal and a demonstration centre"
    ),
    "start_month": dt.date(2002, 6, 1),
    "end_month": dt.date(2004, 6, 1),
    "status": ProjectStatus.IMPLEMENTATION,
    "is_public": True,
    # the list of operations: free text, the 2021–2027 codes do not apply to URBAN II (2000–2006)
    "beneficiary": "Stadt Leipzig, Amt für Wirtschaftsförderung",
    "country": "DE",
    "specific_objective": "n/a (URBAN II 2000–2006, Maßnahme 1.2)",
    "type_of_intervention": "n/a",
}


def _placeholder_emblem() -> ContentFile:
    """A stand-in for the EU emblem, drawn the same way on every run and labelled "placeholder":
    the office uploads the real asset of its programme."""
    import math

    from PIL import Image, ImageDraw

    width, height = 300, 200
    image = Image.new("RGB", (width, height), (0, 51, 153))
    draw = ImageDraw.Draw(image)
    for k in range(12):  # twelve stars on a circle, drawn as small five-pointed polygons
        cx = width / 2 + 60 * math.cos(2 * math.pi * k / 12)
        cy = height / 2 - 12 + 60 * math.sin(2 * math.pi * k / 12)
        points = [
            (cx + r * math.sin(math.pi * i / 5), cy - r * math.cos(math.pi * i / 5))
            for i, r in zip(range(10), [9, 3.6] * 5, strict=True)
        ]
        draw.polygon(points, fill=(255, 204, 0))
    draw.rectangle((0, height - 30, width, height), fill=(255, 255, 255))
    draw.text((10, height - 23), "EFRE / ERDF - placeholder", fill=(0, 51, 153))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return ContentFile(out.getvalue(), name="emblem-placeholder.png")


def _programme(user) -> Programme:
    existing = Programme.objects.filter(name=PROGRAMME["name"]).first()
    if existing:
        programme = prog.update_programme(programme=existing, user=user, **PROGRAMME)
    else:
        programme = prog.create_programme(user=user, **PROGRAMME)
    if not programme.emblem:  # once: a second run (or the office's own upload) keeps the file
        programme = prog.update_programme(
            programme=programme, user=user, emblem=_placeholder_emblem()
        )
    return programme


def _measure(programme: Programme, user) -> Measure:
    existing = Measure.objects.filter(programme=programme, code=MEASURE["code"]).first()
    if existing:
        return prog.update_measure(measure=existing, user=user, **MEASURE)
    return prog.create_measure(programme=programme, user=user, **MEASURE)


def _source(values: dict, user) -> FundingSource:
    existing = FundingSource.objects.filter(name=values["name"]).first()
    if existing:
        return prog.update_funding_source(source=existing, user=user, **values)
    return prog.create_funding_source(user=user, **values)


def _organisation(name: str, kind: str, user, name_en: str = "") -> Organisation:
    existing = Organisation.objects.filter(name=name).first()
    values = {"name": name, "name_en": name_en, "kind": kind}
    if existing:
        return prog.update_organisation(organisation=existing, user=user, **values)
    return prog.create_organisation(user=user, **values)


def load(*, users) -> None:
    user = users["office"]
    with acting_user(user):
        _load(user)


def _load(user) -> None:
    programme = _programme(user)
    measure = _measure(programme, user)
    sources = {values["name"]: _source(values, user) for values in SOURCES}
    carriers = [_organisation(name, OrganisationKind.CARRIER, user) for name in CARRIERS]
    supervision = _organisation(
        SUPERVISION["name"], OrganisationKind.AUTHORITY, user, SUPERVISION["name_en"]
    )
    project = Project.objects.filter(code=PROJECT_CODE).first()

    def ids(related: str, key) -> dict:
        if project is None:
            return {}
        return {key(row): row.pk for row in getattr(project, related).all()}

    phase_ids = ids("phases", lambda r: r.name)
    milestone_ids = ids("milestones", lambda r: (r.kind, r.date))
    team_ids = ids("team", lambda r: r.name)
    share_ids = ids("financing", lambda r: r.source.name)
    parts = {
        "carriers": carriers,
        "phases": [PhaseInput(**{**p.__dict__, "id": phase_ids.get(p.name)}) for p in PHASES],
        "milestones": [
            MilestoneInput(kind=kind, date=date, id=milestone_ids.get((kind, date)))
            for kind, date in MILESTONES
        ],
        "team": [
            TeamMemberInput(salutation=salutation, name=name, id=team_ids.get(name))
            for salutation, name in TEAM
        ],
        "financing": [
            ShareInput(source=sources[name], percentage=pct, id=share_ids.get(name))
            for name, pct in FINANCING
        ],
    }
    values = {**PROJECT, "measure": measure, "supervising_body": supervision}
    if project is None:
        create_project(code=PROJECT_CODE, user=user, **values, **parts)
    else:
        update_project(project=project, user=user, **values, **parts)
