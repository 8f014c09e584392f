"""Acceptance 2: the demo project's fact sheet (HTML and PDF text) holds every fact, in German and
in English."""

import io
import re

import pytest
from django.test import Client
from pypdf import PdfReader

from verbund.programmes import demo

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

SHEET = f"/projects/{demo.PROJECT_CODE}/sheet/"
PDF = f"/projects/{demo.PROJECT_CODE}/sheet.pdf"

GERMAN_FACTS = [
    "Gemeinschaftsinitiative URBAN II – Leipziger Westen",
    "Leipzig",
    "2000–2006",
    "Maßnahme 1.2",
    "Förderung vernetzter Wirtschaftsstrukturen und -angebote; Mittelstandsförderung im "
    "Einzelhandel und Dienstleistungssektor zur Förderung der Stadtteilzentrumfunktionen",
    "Projektblatt",
    "Aufbau von Unternehmensnetzwerken",
    "URBAN-LW-1.2-01",
    "Ziel des Projektes ist der Aufbau von Unternehmensnetzwerken",
    "Entwicklungsphase",
    "Realisierungsphase",
    "Zielgruppe Unternehmen aus dem URBAN-Programmgebiet",
    "Standort gesamtes Programmgebiet",
    "Kunststoffzentrum Leipzig",
    "Schröder Design",
    "JB-ingconsult / Consultant ASSO-PART",
    "Begleitung durch Amt für Wirtschaftsförderung",
    "Herr Scheibler",
    "Herr Kutter",
    "Frau Hübner",
    "Laufzeit 06/2002 bis 06/2004",
    "EFRE",
    "Europäischer Fonds für regionale Entwicklung",
    "75 %",
    "Stadt",
    "25 %",
    "16.11.2000 Bestätigung vorzeitiger Vorhabensbeginn",
    "24.05.2002 Einreichung Projektantrag an RP",
    "04.07.2002 Bestätigung KG-Sitzung",
    "04.09.2002 Bestätigung KG-Sitzung",
    "15.11.2002 Projektentscheidung",
    "☐ abgeschlossen",
    "☒ in Umsetzung",
    "☐ in Planung bzw. Konzeption",
    "☐ in Vorplanung bzw. Ausschreibung",
    "Mitte 2002 wurde ein Ideenwettbewerb durchgeführt",
    "28 Ideen",
    "3 Netzwerke ausgewählt: Automobilzulieferer, Virtuelle Produktentwicklung sowie "
    "Energie- und Umwelttechnik",
    "leistungsorientierte Verträge",
    "Weitere Netzwerke sind möglich, z. B. in den Bereichen Kultur und Freizeit sowie Medien",
    "1. Leipziger Designertag",
    "Akquisitionsgespräche für das Jahrtausendfeld",
    "Vorbereitung eines Internetportals und eines Demonstrationszentrums",
]

ENGLISH_FACTS = [
    "Community Initiative URBAN II",
    "Measure 1.2",
    "Promotion of networked economic structures and services",
    "Project sheet",
    "Building company networks",
    "URBAN-LW-1.2-01",
    "The project aims to build company networks",
    "Development phase",
    "Realization phase",
    "Target group Companies from the URBAN programme area",
    "Location entire programme area",
    "Kunststoffzentrum Leipzig",
    "Schröder Design",
    "JB-ingconsult / Consultant ASSO-PART",
    "Supervised by Office for Economic Development",
    "Mr Scheibler",
    "Mr Kutter",
    "Ms Hübner",
    "Duration 06/2002 to 06/2004",
    "ERDF",
    "European Regional Development Fund",
    "75 %",
    "City",
    "25 %",
    "16 November 2000 Early-start approval",
    "24 May 2002 Application submitted to the regional authority",
    "4 July 2002 Committee (KG) confirmation",
    "4 September 2002 Committee (KG) confirmation",
    "15 November 2002 Project decision",
    "☐ completed",
    "☒ in implementation",
    "☐ in planning or conception",
    "☐ in pre-planning or tender",
    "An ideas competition was held in mid-2002",
    "28 ideas",
    "3 networks were selected: automotive suppliers, virtual product development, and energy "
    "and environmental technology",
    "Performance-based contracts",
    "Further networks are possible, e.g. in culture and leisure, and in media",
    "1st Leipzig Designers' Day",
    "Acquisition talks held for the Jahrtausendfeld",
    "Preparation of an internet portal and a demonstration centre",
]

GERMAN_WORDS_NOT_IN_ENGLISH_SHEET = [
    "Unternehmen aus dem URBAN-Programmgebiet",
    "gesamtes Programmgebiet",
    "Ideenwettbewerb",
    "in Umsetzung",
    "Bestätigung vorzeitiger Vorhabensbeginn",
    "Laufzeit",
    "Herr ",
]


def normalise(text: str) -> str:
    """Whitespace and line breaks (in HTML and PDF text alike) count as one space; a line break
    after a hyphen joins the words as in the source."""
    text = re.sub(r"<[^>]+>", " ", text).replace("\u00a0", " ").replace("&#x27;", "'")
    text = text.replace("&quot;", '"').replace("&amp;", "&")
    return re.sub(r"\s+", " ", text)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def demo_project(demo_db):
    """The sheets only read: the demo loaded once per session."""


@pytest.fixture
def anonymous() -> Client:
    return Client()


def assert_facts(text: str, facts: list[str]) -> None:
    text = normalise(text)
    missing = [fact for fact in facts if normalise(fact) not in text]
    assert not missing, f"missing on the sheet: {missing}"


def test_german_html_sheet_has_every_fact(demo_project, anonymous):
    response = anonymous.get(SHEET)
    assert response.status_code == 200
    assert_facts(response.content.decode(), GERMAN_FACTS)


def test_german_pdf_sheet_has_every_fact(demo_project, anonymous):
    response = anonymous.get(PDF)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert_facts(pdf_text(response.content), GERMAN_FACTS)


def test_english_html_sheet_shows_the_facts_in_english(demo_project, anonymous):
    response = anonymous.get("/en" + SHEET)
    assert response.status_code == 200
    html = normalise(response.content.decode())
    assert_facts(html, ENGLISH_FACTS)
    assert not [w for w in GERMAN_WORDS_NOT_IN_ENGLISH_SHEET if w in html]


def test_english_pdf_sheet_shows_the_facts_in_english(demo_project, anonymous):
    response = anonymous.get("/en" + PDF)
    assert response.status_code == 200
    text = normalise(pdf_text(response.content))
    assert_facts(text, ENGLISH_FACTS)
    assert not [w for w in GERMAN_WORDS_NOT_IN_ENGLISH_SHEET if w in text]


def test_only_the_current_status_is_marked(demo_project, anonymous):
    html = normalise(anonymous.get(SHEET).content.decode())
    assert html.count("☒") == 1
    assert html.count("☐") == 3
