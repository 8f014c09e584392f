"""Decision letters (issue 10): letterhead with the office's address, a stable reference number, a
date, the salutation from the stored form of address, the emblem and the funding statement; the
programme form takes the letterhead and a re-encoded emblem; public pages show the publicity."""

import datetime as dt
import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from tests.factories.competitions import (
    CompetitionFactory,
    ReviewerFactory,
    SubmissionFactory,
    assign,
    scored,
)
from verbund.competitions.domain import decisions
from verbund.competitions.enums import Phase
from verbund.programmes.domain import programmes as prog

pytestmark = pytest.mark.integration


def _png(colour=(0, 51, 153), size=(40, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def letter_world(db, make_user, office_user):
    comp = CompetitionFactory(phase=Phase.IN_REVIEW, deadline=timezone.now() - dt.timedelta(days=1))
    programme = comp.project.measure.programme
    prog.update_programme(
        programme=programme, user=office_user, office_name="Amt für Wirtschaftsförderung",
        office_address="Martin-Luther-Ring 4\n04109 Leipzig", letter_reference_prefix="AfW",
        funding_statement="Gefördert aus dem EFRE.", funding_statement_en="Funded by the ERDF.",
        emblem=ContentFile(_png(), name="emblem.png"),
    )  # fmt: skip
    applicant = make_user("applicant", username="petra")
    applicant.first_name, applicant.last_name = "Petra", "Krause"
    applicant.title, applicant.form_of_address = "Dr.", "ms"
    applicant.save()
    crit = list(comp.criteria.all())
    idea = SubmissionFactory(competition=comp, applicant=applicant, title="Holznetz")
    reviewer = ReviewerFactory(competition=comp, user=make_user("reviewer"))
    scored(assign(reviewer, idea), {crit[0]: 8, crit[1]: 6})
    decisions.record_decision(
        competition=comp, selected=[idea.pk], justifications={}, user=office_user,
        now=timezone.make_aware(dt.datetime(2002, 10, 1, 14)),
    )  # fmt: skip
    return {"competition": comp, "idea": idea, "programme": programme}


@pytest.mark.parametrize(
    ("lang", "salutation", "statement", "date"),
    [
        ("de", "Sehr geehrte Frau Dr. Krause,", "Gefördert aus dem EFRE.", "1. Oktober 2002"),
        ("en", "Dear Ms Dr. Krause,", "Funded by the ERDF.", "1 October 2002"),
    ],
)
def test_the_letter_has_letterhead_reference_date_salutation_and_publicity(
    letter_world, lang, salutation, statement, date
):
    idea = letter_world["idea"]
    with translation.override(lang):
        html = render_to_string("competitions/letter.html", decisions.letter_context(idea))
    assert "Amt für Wirtschaftsförderung" in html and "04109 Leipzig" in html
    reference = f"AfW-2002-{letter_world['competition'].pk}-{idea.pk}"
    assert reference in html
    assert date in html
    assert salutation in html
    assert "geehrte/r" not in html
    assert statement in html
    assert 'src="data:image/png;base64,' in html


def test_the_reference_number_is_the_same_in_both_languages(letter_world):
    idea = letter_world["idea"]
    found = set()
    for lang in ("de", "en"):
        with translation.override(lang):
            found.add(decisions.letter_context(idea)["reference"])
    assert len(found) == 1


def test_the_letter_pdf_renders(letter_world, office_client):
    url = reverse("competitions:decision_letter", args=[letter_world["idea"].pk])
    response = office_client.get(url + "?lang=de")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_programme_form_takes_the_letterhead_and_reencodes_the_emblem(
    db, office_client, letter_world
):
    programme = letter_world["programme"]
    url = reverse("programmes:programme_edit", args=[programme.pk])
    data = {
        "name": programme.name, "city": programme.city, "period_start_year": "2000",
        "period_end_year": "2006", "office_name": "Amt 80", "office_address": "Markt 1",
        "letter_reference_prefix": "A80", "funding_statement": "Gefördert durch die EU.",
    }  # fmt: skip
    fake = SimpleUploadedFile("emblem.png", b"%PDF-1.4 not an image", content_type="image/png")
    refused = office_client.post(url, {**data, "emblem": fake})
    assert refused.status_code == 200 and "emblem" in refused.context["form"].errors
    jpeg = io.BytesIO()
    Image.new("RGB", (2400, 1200), (0, 51, 153)).save(jpeg, format="JPEG")
    upload = SimpleUploadedFile("eu.jpg", jpeg.getvalue(), content_type="image/jpeg")
    saved = office_client.post(url, {**data, "emblem": upload})
    assert saved.status_code == 302
    programme.refresh_from_db()
    assert programme.office_name == "Amt 80" and programme.letter_reference_prefix == "A80"
    with programme.emblem.open("rb") as handle:
        stored = handle.read()
    assert stored.startswith(b"\x89PNG")
    assert Image.open(io.BytesIO(stored)).size == (1200, 600)


def test_public_pages_show_the_funding_statement_and_emblem_in_the_footer(letter_world, client):
    body = client.get(
        reverse("competitions:competition_detail", args=[letter_world["competition"].pk])
    ).content.decode()
    footer = body[body.index('class="container site-footer"') :]
    assert "Gefördert aus dem EFRE." in footer
    assert re.search(r'<img class="emblem" src="data:image/png;base64,', footer)
    english = client.get(
        "/en" + reverse("competitions:competition_detail", args=[letter_world["competition"].pk])
    ).content.decode()
    assert "Funded by the ERDF." in english


def test_the_fact_sheet_shows_the_emblem_and_statement(letter_world, office_client):
    project = letter_world["competition"].project
    project.is_public = True
    project.save()
    body = office_client.get(
        reverse("programmes:project_sheet", args=[project.code])
    ).content.decode()
    assert "Gefördert aus dem EFRE." in body and 'class="publicity sheet-publicity"' in body
    pdf = office_client.get(reverse("programmes:project_sheet_pdf", args=[project.code]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
