"""Acceptance 4: the demo's ranking selects the three real networks; their letters render as PDF."""

import io
from importlib import import_module

import pytest
from django.urls import reverse
from pypdf import PdfReader

from verbund.competitions import demo
from verbund.competitions.domain import queries
from verbund.competitions.enums import Phase
from verbund.competitions.models import Assignment, Competition, ConflictOfInterest, Review
from verbund.core.demo import load_users

pytestmark = pytest.mark.integration

REAL = {
    "Netzwerk Automobilzulieferer": "Kunststoffzentrum Leipzig",
    "Netzwerk Virtuelle Produktentwicklung": "Schröder Design",
    "Netzwerk Energie- und Umwelttechnik": "JB-ingconsult / Consultant ASSO-PART",
}


@pytest.fixture
def demo_users(db):
    users = load_users()
    for app in ("programmes", "companies", "competitions"):
        import_module(f"verbund.{app}.demo").load(users=users)
    return users


def test_demo_ranking_selects_the_three_real_networks(demo_users):
    competition = Competition.objects.get(title=demo.TITLE_DE)
    assert competition.phase == Phase.PUBLISHED
    assert competition.submissions.count() == 28
    assert competition.reviewers.count() == 5
    assert competition.reviewers.filter(user=demo_users["reviewer"]).exists()
    rows = queries.ranking(competition)
    top = {r.submission.title: r.submission.carrier.name for r in rows if r.within_selection}
    assert top == REAL
    assert {r.submission.title for r in rows[:3]} == set(REAL)
    selected = competition.decision.entries.filter(selected=True)
    assert {e.submission.title for e in selected} == set(REAL)
    assert not competition.decision.entries.filter(deviation=True).exists()
    titles = {r.submission.title for r in rows}
    assert any("Kultur" in t for t in titles) and any("Medien" in t for t in titles)
    # every idea has its reviews, no conflicted reviewer is assigned
    assert all(r.result.n_reviews == 3 for r in rows)
    assert (
        Review.objects.filter(
            assignment__submission__competition=competition, submitted=False
        ).count()
        == 0
    )
    conflicts = ConflictOfInterest.objects.filter(submission__competition=competition)
    assert {c.kind for c in conflicts} >= {"declared", "carrier", "member"}
    for c in conflicts:
        assert not Assignment.objects.filter(reviewer=c.reviewer, submission=c.submission).exists()


def test_demo_is_idempotent(demo_users):
    before = (
        Competition.objects.count(),
        Review.objects.count(),
        ConflictOfInterest.objects.count(),
    )
    demo.load(users=demo_users)
    assert (
        Competition.objects.count(),
        Review.objects.count(),
        ConflictOfInterest.objects.count(),
    ) == before


@pytest.mark.parametrize("lang", ["de", "en"])
def test_decision_letters_of_the_real_networks_render_as_pdf(client, demo_users, lang):
    competition = Competition.objects.get(title=demo.TITLE_DE)
    client.force_login(demo_users["office"])
    for title in REAL:
        sub = competition.submissions.get(title=title)
        response = client.get(
            reverse("competitions:decision_letter", args=[sub.pk]) + f"?lang={lang}"
        )
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        text = " ".join(
            page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
        )
        text = " ".join(text.split())
        assert title in text
        if lang == "de":
            assert "ausgewählt" in text and "Zusammenfassung der Bewertung" in text
        else:
            assert "selected" in text and "Scores summary" in text


def test_public_sees_the_published_results(client, demo_users):
    competition = Competition.objects.get(title=demo.TITLE_DE)
    body = client.get(reverse("competitions:results", args=[competition.pk])).content.decode()
    for title in REAL:
        assert title in body


def test_demo_without_the_company_register_still_selects_the_real_networks(db):
    users = load_users()
    import_module("verbund.programmes.demo").load(users=users)
    demo.load(users=users)
    competition = Competition.objects.get(title=demo.TITLE_DE)
    assert competition.min_members == 0
    selected = {e.submission.title for e in competition.decision.entries.filter(selected=True)}
    assert selected == set(REAL)


def test_demo_skips_without_the_programmes_project(db):
    demo.load(users=load_users())
    assert not Competition.objects.exists()


def test_demo_history_names_who_did_what_with_the_2002_dates(demo_users):
    """The demo writes through the domain: every history row has its author (issue 8)."""
    from verbund.competitions.models import Decision, FinancingShare, Submission

    competition = Competition.objects.get(title=demo.TITLE_DE)
    office = demo_users["office"]
    assert {h.history_user for h in competition.history.all()} == {office}
    assert competition.published_at.year == 2002 and competition.opens_at.year == 2002
    assert Decision.objects.get(competition=competition).decided_at.year == 2002
    idea = competition.submissions.get(title="Netzwerk Automobilzulieferer")
    assert idea.submitted_at.year == 2002 and idea.created_at.year == 2002
    authors = {h.history_user for h in Submission.history.filter(id=idea.pk)}
    assert idea.applicant in authors and None not in authors
    shares = FinancingShare.history.filter(submission_id=idea.pk)
    assert shares.count() == 2 and {h.history_user for h in shares} == {idea.applicant}
    assert not Review.history.filter(
        assignment__submission__competition=competition, history_user=None
    ).exists()
