import io

import pytest
from pypdf import PdfReader

from verbund.core.pdf import render_pdf

pytestmark = pytest.mark.unit


def test_pdf_renders_template_text_with_local_static_files(tmp_path, settings):
    (tmp_path / "sheet.html").write_text(
        '{% load static %}<html><head><link rel="stylesheet" href="{% static "verbund/verbund.css" %}">'
        "</head><body><h1>Projektblatt Ä</h1><p>{{ value }}</p></body></html>"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    pdf = render_pdf("sheet.html", {"value": "EFRE 75 %"})
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Projektblatt Ä" in text
    assert "EFRE 75 %" in text


def test_pdf_refuses_remote_resources(tmp_path, settings):
    (tmp_path / "remote.html").write_text(
        '<html><body><img src="https://example.org/x.png"><p>still renders</p></body></html>'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    pdf = render_pdf("remote.html", {})
    assert "still renders" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
