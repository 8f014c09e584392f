"""The PDF sheet's footer names the operation code and the page on every page (the style sheet is a
static file, not inline)."""

import io

import pytest
from pypdf import PdfReader

from tests.factories.programmes import ProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def test_every_pdf_page_ends_with_the_code_and_page_number(client):
    project = ProjectFactory(code="FOOT-7", goal="Ein sehr langes Ziel. " * 400)
    response = client.get(f"/projects/{project.code}/sheet.pdf")
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        text = page.extract_text()
        assert "FOOT-7" in text, number  # pages after the first show the code only in the footer
        assert f"{number} / {len(pages)}" in text
