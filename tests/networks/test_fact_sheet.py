"""The demo fact sheet (HTML and PDF, German and English) names the three networks, their carriers
and the four real results (issue 12, acceptance 4)."""

import io

import pytest
from pypdf import PdfReader

pytestmark = [pytest.mark.integration, pytest.mark.django_db]
SHEET = "/projects/URBAN-LW-1.2-01/sheet/"
CARRIERS = ["Kunststoffzentrum Leipzig", "Schröder Design", "JB-ingconsult"]
NETWORKS = {
    "de": ["Automobilzulieferer", "Virtuelle Produktentwicklung", "Energie- und Umwelttechnik"],
    "en": ["Automotive Suppliers", "Virtual Product Development", "Energy and Environmental"],
}
RESULTS = {
    "de": ["Designertag", "Jahrtausendfeld", "Internetportal", "Demonstrationszentrum"],
    "en": ["Designer Day", "Jahrtausendfeld", "internet portal", "demonstration centre"],
}


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize("language", ["de", "en"])
def test_fact_sheet_names_networks_carriers_and_results(client, demo_db, language):
    prefix = "" if language == "de" else "/en"
    html = client.get(prefix + SHEET).content.decode()
    pdf = _pdf_text(client.get(prefix + SHEET.rstrip("/") + ".pdf").content)
    flat_pdf = " ".join(pdf.split())
    for text in CARRIERS + NETWORKS[language] + RESULTS[language]:
        assert text in html, text
        assert text in flat_pdf, text
