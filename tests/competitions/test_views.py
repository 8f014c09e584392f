"""Pages as users see them: messages, German input, exports and constant query counts."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories.competitions import (
    CompetitionFactory,
    ReviewerFactory,
    SubmissionFactory,
    assign,
    scored,
)
from verbund.companies.models import Company
from verbund.competitions.enums import Phase
from verbund.competitions.models import Assignment, Submission

pytestmark = pytest.mark.integration


def _filled(n: int, make_user):
    comp = CompetitionFactory(phase=Phase.IN_REVIEW, deadline=timezone.now() - dt.timedelta(days=1))
    crit = list(comp.criteria.all())
    reviewers = [ReviewerFactory(competition=comp) for _ in range(2)]
    owner = make_user("applicant")
    for i in range(n):
        sub = SubmissionFactory(competition=comp, applicant=owner, title=f"Idee {i}")
        sub.founding_members.add(
            Company.objects.create(name=f"Firma {i}", placement=("inside", "outside")[i % 2])
        )
        for r in reviewers:
            scored(assign(r, sub), {crit[0]: 5 + i % 5, crit[1]: 7})
    return comp, reviewers, owner


PAGES = ["ranking", "eligibility", "progress", "reviewers", "decision", "csv", "xlsx"]


def _url(page, comp):
    if page in ("csv", "xlsx"):
        return reverse("competitions:ranking_export", args=[comp.pk, page])
    return reverse(f"competitions:{page}", args=[comp.pk])


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", PAGES)
def test_office_pages_use_the_same_number_of_queries_for_1_and_3_ideas(
    office_client, make_user, page
):
    one, _r, _o = _filled(1, make_user)
    three, _r, _o = _filled(3, make_user)
    _count(office_client, _url(page, one))  # warm caches (roles, session)
    assert _count(office_client, _url(page, one)) == _count(office_client, _url(page, three))


@pytest.mark.parametrize("page", ["mine", "reviews", "index"])
def test_personal_lists_use_the_same_number_of_queries_for_1_and_3_items(client, make_user, page):
    _one, one_reviewers, one_owner = _filled(1, make_user)
    _three, three_reviewers, three_owner = _filled(3, make_user)
    url = {
        "mine": "competitions:my_submissions",
        "reviews": "competitions:my_assignments",
        "index": "competitions:index",
    }[page]
    users = {
        "mine": (one_owner, three_owner),
        "reviews": (one_reviewers[0].user, three_reviewers[0].user),
    }
    counts = []
    for who in users.get(page, (make_user("office"), make_user("office"))):
        client.force_login(who)
        _count(client, reverse(url))
        counts.append(_count(client, reverse(url)))
    if page == "index":
        CompetitionFactory.create_batch(2)
        counts.append(_count(client, reverse(url)))
    assert len(set(counts)) == 1, counts


def test_ranking_page_sorts_and_exports(office_client, make_user):
    comp, _r, _o = _filled(3, make_user)
    page = office_client.get(reverse("competitions:ranking", args=[comp.pk])).content.decode()
    assert page.index("Idee 2") < page.index("Idee 1") < page.index("Idee 0")
    assert "Rang" in page  # German column header
    by_title = office_client.get(
        reverse("competitions:ranking", args=[comp.pk]) + "?sort=title"
    ).content.decode()
    assert by_title.index("Idee 0") < by_title.index("Idee 2")
    csv_text = office_client.get(
        reverse("competitions:ranking_export", args=[comp.pk, "csv"])
    ).content.decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    assert len(lines) == 4 and lines[1].startswith("1;Idee 2;")
    xlsx = office_client.get(reverse("competitions:ranking_export", args=[comp.pk, "xlsx"]))
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[1][:2] == (1, "Idee 2") and len(rows) == 4
    median = office_client.get(
        reverse("competitions:ranking", args=[comp.pk]) + "?aggregation=median&normalise=1"
    )
    assert median.status_code == 200 and median.context["normalise"] is True


def test_applicant_submits_with_german_input_and_gets_confirmation(
    client, make_user, django_capture_on_commit_callbacks
):
    comp = CompetitionFactory()
    anna = make_user("applicant", email="anna@example.org")
    client.force_login(anna)
    response = client.post(
        reverse("competitions:submission_create", args=[comp.pk]),
        {"title": "Netzwerk Holz", "requested_budget": "75000,50", "starts_on": "01.10.2002",
         "ends_on": "31.12.2004", "financing": "EFRE; 56250\nStadt; 18750,50", "new_members": "Tischlerei Nord"},
    )  # fmt: skip
    sub = Submission.objects.get(title="Netzwerk Holz")
    assert response.status_code == 302
    assert str(sub.requested_budget) == "75000.50"
    assert sub.ends_on == dt.date(2004, 12, 31)
    assert [f.amount for f in sub.financing.all()] == [56250, 18750.50]
    assert [c.name for c in sub.founding_members.all()] == ["Tischlerei Nord"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("competitions:submission_submit", args=[sub.pk]), follow=True
        )
    body = response.content.decode()
    assert "eingereicht" in body
    assert len(mail.outbox) == 1 and "Netzwerk Holz" in mail.outbox[0].subject


def test_late_submission_is_refused_with_a_message(client, make_user):
    comp = CompetitionFactory()
    anna = make_user("applicant")
    sub = SubmissionFactory(competition=comp, applicant=anna, status="draft", submitted_at=None)
    comp.deadline = timezone.now() - dt.timedelta(seconds=1)
    comp.save()
    client.force_login(anna)
    response = client.post(reverse("competitions:submission_submit", args=[sub.pk]), follow=True)
    assert response.status_code == 403
    sub.refresh_from_db()
    assert sub.status == "draft"


def test_wrong_upload_is_refused_with_a_message(client, make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    anna = make_user("applicant")
    sub = SubmissionFactory(competition=CompetitionFactory(), applicant=anna, status="draft")
    client.force_login(anna)
    url = reverse("competitions:attachment_upload", args=[sub.pk])
    fake = SimpleUploadedFile(
        "konzept.pdf", b"<html>not a pdf</html>", content_type="application/pdf"
    )
    body = client.post(url, {"file": fake}, follow=True).content.decode()
    assert "kein PDF" in body
    assert not sub.attachments.exists()
    good = SimpleUploadedFile("konzept.pdf", b"%PDF-1.4 ok", content_type="application/pdf")
    client.post(url, {"file": good}, follow=True)
    attachment = sub.attachments.get()
    download = client.get(reverse("competitions:attachment_download", args=[attachment.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_review_form_refuses_out_of_scale_and_stale_saves(client, world):
    a1 = world["b1"]
    c0, c1 = world["criteria"]
    client.force_login(world["r1"].user)
    url = reverse("competitions:review_form", args=[a1.pk])
    version = a1.review.version
    body = client.post(
        url, {"version": version, f"score_{c0.pk}": "12", f"score_{c1.pk}": "5"}
    ).content.decode()
    assert "kleiner oder gleich 10" in body
    response = client.post(
        url,
        {
            "version": version,
            f"score_{c0.pk}": "7,5",
            f"score_{c1.pk}": "5",
            "recommendation": "fund",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    a1.review.refresh_from_db()
    assert a1.review.submitted and a1.review.scores.get(criterion=c0).value == 7.5
    body = client.post(
        url, {"version": version, f"score_{c0.pk}": "1", f"score_{c1.pk}": "1"}, follow=True
    ).content.decode()
    assert "in der Zwischenzeit" in body
    assert a1.review.scores.get(criterion=c0).value == 7.5


def test_office_assigns_automatically_and_sees_progress(office_client, world):
    comp = world["competition"]
    comp.reviewers_per_idea = 2
    comp.save()
    office_client.post(reverse("competitions:auto_assign", args=[comp.pk]))
    assert world["c"].assignments.count() == 2
    assert not world["a"].assignments.filter(reviewer=world["r3"]).exists()
    body = office_client.get(reverse("competitions:progress", args=[comp.pk])).content.decode()
    assert "2 von 2 Gutachten erledigt" in body
    assert "0 von 2 Gutachten erledigt" in body


def test_office_records_decision_with_justification(office_client, world):
    comp = world["competition"]
    url = reverse("competitions:decision", args=[comp.pk])
    b = world["b"]
    body = office_client.post(url, {f"select_{b.pk}": "on"}, follow=True).content.decode()
    assert "Begründung" in body and not hasattr(comp, "decision")
    office_client.post(
        url,
        {
            f"select_{b.pk}": "on",
            f"justify_{b.pk}": "Besser verankert",
            f"justify_{world['a'].pk}": "Träger fehlt",
            "missing_reviews_reason": "Gutachten zu C fehlt",
        },
    )
    comp.refresh_from_db()
    assert comp.phase == Phase.DECIDED
    body = office_client.get(url).content.decode()
    assert "Besser verankert" in body


def test_reviews_are_independent_until_the_discussion_phase(client, world):
    client.force_login(world["r1"].user)
    url = reverse("competitions:submission_detail", args=[world["a"].pk])
    assert world["r2"].user.username not in client.get(url).content.decode()
    world["competition"].phase = Phase.DISCUSSION
    world["competition"].save()
    body = client.get(url).content.decode()
    assert str(world["r2"].user) in body  # the other reviewer's review is now shown


def test_office_creates_a_competition_with_german_dates_and_sets_criteria(office_client):
    from tests.factories.competitions import project

    proj = project()
    response = office_client.post(
        reverse("competitions:competition_create"),
        {"project": proj.pk, "title": "Ideenwettbewerb 2003", "deadline": "31.07.2003 18:00",
         "min_members": "5", "min_share_in_area": "50,5", "number_to_select": "3",
         "reviewers_per_idea": "3", "aggregation": "mean", "disagreement_threshold": "15"},
    )  # fmt: skip
    comp = proj.competitions.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{comp.pk}/criteria/")
    assert comp.deadline.astimezone().date() == dt.date(2003, 7, 31)
    assert str(comp.min_share_in_area) == "50.50"
    criteria_url = reverse("competitions:criteria", args=[comp.pk])
    data = {"c-TOTAL_FORMS": "2", "c-INITIAL_FORMS": "0", "c-0-name": "Ansatz", "c-0-weight": "2,5",
            "c-0-scale_min": "0", "c-0-scale_max": "10", "c-1-name": "Skala", "c-1-weight": "1",
            "c-1-scale_min": "5", "c-1-scale_max": "5"}  # fmt: skip
    body = office_client.post(criteria_url, data).content.decode()
    assert "höchste Punktzahl muss über der niedrigsten" in body and not comp.criteria.exists()
    data["c-1-scale_max"] = "7"
    office_client.post(criteria_url, data)
    assert [(c.name, str(c.weight)) for c in comp.criteria.all()] == [
        ("Ansatz", "2.50"),
        ("Skala", "1.00"),
    ]


def test_history_of_an_idea_is_shown_to_the_office(office_client, world):
    sub = world["a"]
    sub.title = "Idee A (neu)"
    sub.save()
    url = reverse("core:history", args=["competitions", "submission", sub.pk])
    body = office_client.get(url).content.decode()
    assert "Idee A (neu)" in body


def test_idea_shows_cluster_potential_figures(office_client, competition):
    from verbund.companies.models import WzCode

    plastics = WzCode.objects.get(code="22.29.0")
    other = WzCode.objects.get(code="62.01.9")
    sub = SubmissionFactory(competition=competition)
    sub.wz_codes.add(WzCode.objects.get(code="22"))
    sub.founding_members.add(
        Company.objects.create(name="A", placement="inside", main_wz=plastics),
        Company.objects.create(name="B", placement="inside", main_wz=plastics),
        Company.objects.create(name="C", main_wz=other),
        Company.objects.create(name="D"),
    )
    body = office_client.get(
        reverse("competitions:submission_detail", args=[sub.pk])
    ).content.decode()
    assert "50,0 % der Mitglieder im Programmgebiet (2 von 4)" in body
    assert "Mitglieder aus 2 Wirtschaftsabteilungen (WZ)" in body
    assert "50 % in den genannten Branchen" in body


def test_reviewer_page_actions_each_have_their_own_view(office_client, world):
    """One view per action: a refused assignment shows the form again with the domain's reason."""
    comp = world["competition"]
    url = reverse("competitions:assign", args=[comp.pk])
    assert office_client.get(url).status_code == 405
    response = office_client.post(url, {"reviewer": world["r3"].pk, "submission": world["a"].pk})
    assert response.status_code == 200
    assert "befangen" in str(response.context["assign_form"].non_field_errors())
    assert not world["a"].assignments.filter(reviewer=world["r3"]).exists()
    unassign = reverse("competitions:unassign", args=[comp.pk, world["a1"].pk])
    assert office_client.post(unassign).status_code == 302
    assert not Assignment.objects.filter(pk=world["a1"].pk).exists()
