"""Acceptance 2: every role on every competition page and download, including a conflicted reviewer.

404 = the user may not know the object exists; 403 = visible but the action is not theirs;
302 = anonymous, sent to sign in.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from verbund.competitions.domain import decisions, submissions
from verbund.competitions.enums import Phase
from verbund.competitions.models import Assignment, Review

pytestmark = pytest.mark.integration

ROLES = ["anon", "office", "auditor", "owner", "applicant", "reviewer", "conflicted", "member"]


def _users(world, make_user):
    return {
        "anon": None,
        "office": make_user("office"),
        "auditor": make_user("auditor"),
        "owner": world["applicant"],
        "applicant": make_user("applicant"),
        "reviewer": world["r1"].user,
        "conflicted": world["r3"].user,
        "member": make_user("member", "carrier"),
    }


def _attachment(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    sub = world["a"]
    return sub.attachments.create(
        file=SimpleUploadedFile("k.pdf", b"%PDF-1.4 test"),
        name="k.pdf",
        size=13,
        uploaded_by=sub.applicant,
    )


def _expect(
    anon=302,
    office=404,
    auditor=404,
    owner=404,
    applicant=404,
    reviewer=404,
    conflicted=404,
    member=404,
):
    return {"anon": anon, "office": office, "auditor": auditor, "owner": owner, "applicant": applicant,
            "reviewer": reviewer, "conflicted": conflicted, "member": member}  # fmt: skip


ALL_200 = _expect(200, 200, 200, 200, 200, 200, 200, 200)
OFFICE_ONLY = _expect(302, 200, 403, 403, 403, 403, 403, 403)
OFFICE_PAGES = _expect(302, 200, 200)
LOGGED_IN = _expect(302, 200, 200, 200, 200, 200, 200, 200)
IDEA_A = _expect(302, 200, 200, 200, 404, 200, 404, 404)

IN_REVIEW = {
    "index": (lambda w: reverse("competitions:index"), ALL_200),
    "call": (
        lambda w: reverse("competitions:competition_detail", args=[w["competition"].pk]),
        ALL_200,
    ),
    "create": (lambda w: reverse("competitions:competition_create"), OFFICE_ONLY),
    "edit": (
        lambda w: reverse("competitions:competition_edit", args=[w["competition"].pk]),
        OFFICE_ONLY,
    ),
    "criteria": (
        lambda w: reverse("competitions:criteria", args=[w["competition"].pk]),
        OFFICE_ONLY,
    ),
    "submit_closed": (
        lambda w: reverse("competitions:submission_create", args=[w["competition"].pk]),
        _expect(302, 403, 403, 403, 403, 403, 403, 403),
    ),
    "eligibility": (
        lambda w: reverse("competitions:eligibility", args=[w["competition"].pk]),
        OFFICE_PAGES,
    ),
    "reviewers": (
        lambda w: reverse("competitions:reviewers", args=[w["competition"].pk]),
        OFFICE_PAGES,
    ),
    "progress": (
        lambda w: reverse("competitions:progress", args=[w["competition"].pk]),
        OFFICE_PAGES,
    ),
    "ranking": (
        lambda w: reverse("competitions:ranking", args=[w["competition"].pk]),
        OFFICE_PAGES,
    ),
    "csv": (
        lambda w: reverse("competitions:ranking_export", args=[w["competition"].pk, "csv"]),
        OFFICE_PAGES,
    ),
    "xlsx": (
        lambda w: reverse("competitions:ranking_export", args=[w["competition"].pk, "xlsx"]),
        OFFICE_PAGES,
    ),
    "decision": (
        lambda w: reverse("competitions:decision", args=[w["competition"].pk]),
        OFFICE_PAGES,
    ),
    "letters_undecided": (
        lambda w: reverse("competitions:letters", args=[w["competition"].pk]),
        _expect(),
    ),
    "results_unpublished": (
        lambda w: reverse("competitions:results", args=[w["competition"].pk]),
        _expect(404),
    ),
    "mine": (lambda w: reverse("competitions:my_submissions"), LOGGED_IN),
    "idea": (lambda w: reverse("competitions:submission_detail", args=[w["a"].pk]), IDEA_A),
    "idea_edit": (
        lambda w: reverse("competitions:submission_edit", args=[w["a"].pk]),
        _expect(302, 403, 403, 403, 404, 403, 404, 404),
    ),
    "attachment": (
        lambda w: reverse("competitions:attachment_download", args=[w["attachment"].pk]),
        IDEA_A,
    ),
    "letter_undecided": (
        lambda w: reverse("competitions:decision_letter", args=[w["a"].pk]),
        _expect(),
    ),
    "my_reviews": (
        lambda w: reverse("competitions:my_assignments"),
        _expect(302, 403, 403, 403, 403, 200, 200, 403),
    ),
    "review": (
        lambda w: reverse("competitions:review_form", args=[w["a1"].pk]),
        _expect(302, 200, 200, 404, 404, 200, 404, 404),
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(IN_REVIEW))
def test_pages_in_review(client, world, make_user, settings, tmp_path, page, role):
    world["attachment"] = _attachment(world, settings, tmp_path)
    user = _users(world, make_user)[role]
    if user is not None:
        client.force_login(user)
    url_of, expected = IN_REVIEW[page]
    response = client.get(url_of(world))
    assert response.status_code == expected[role], f"{page} as {role}"
    if expected[role] == 302:
        assert reverse("login") in response["Location"]


def _decide(world, office, *, publish: bool):
    decisions.record_decision(
        competition=world["competition"], selected=[world["a"].pk], justifications={}, user=office,
        missing_reviews_reason="Ein Gutachten fehlt; das Gremium entscheidet trotzdem.",
    )  # fmt: skip
    if publish:
        world["competition"].phase = Phase.PUBLISHED
        world["competition"].save()


DECIDED = {
    "letter": (
        lambda w: reverse("competitions:decision_letter", args=[w["a"].pk]),
        _expect(302, 200, 200, 200, 404, 404, 404, 404),
    ),
    "letter_en": (
        lambda w: reverse("competitions:decision_letter", args=[w["a"].pk]) + "?lang=en",
        _expect(302, 200, 200, 200, 404, 404, 404, 404),
    ),
    "letters": (
        lambda w: reverse("competitions:letters", args=[w["competition"].pk]),
        OFFICE_PAGES,
    ),
    "results_unpublished": (
        lambda w: reverse("competitions:results", args=[w["competition"].pk]),
        _expect(404, 200, 200),
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(DECIDED))
def test_pages_after_decision(client, world, make_user, page, role):
    users = _users(world, make_user)
    _decide(world, users["office"], publish=False)
    if users[role] is not None:
        client.force_login(users[role])
    url_of, expected = DECIDED[page]
    response = client.get(url_of(world))
    assert response.status_code == expected[role], f"{page} as {role}"
    if (response.status_code == 200 and page.startswith("letter_")) or (
        page == "letter" and response.status_code == 200
    ):
        assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("role", ROLES)
def test_results_are_public_once_published(client, world, make_user, role):
    users = _users(world, make_user)
    _decide(world, users["office"], publish=True)
    if users[role] is not None:
        client.force_login(users[role])
    response = client.get(reverse("competitions:results", args=[world["competition"].pk]))
    assert response.status_code == 200
    assert "Idee A" in response.content.decode()
    assert "Idee B" not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_draft_competition_is_hidden_from_all_but_office_and_auditor(
    client, world, make_user, role
):
    comp = world["competition"]
    comp.phase = Phase.DRAFT
    comp.save()
    users = _users(world, make_user)
    if users[role] is not None:
        client.force_login(users[role])
    response = client.get(reverse("competitions:competition_detail", args=[comp.pk]))
    assert response.status_code == (200 if role in {"office", "auditor"} else 404)
    listed = comp.title in client.get(reverse("competitions:index")).content.decode()
    assert listed == (role in {"office", "auditor"})


@pytest.mark.parametrize(
    ("role", "expected"), [("owner", 200), ("applicant", 200), ("reviewer", 403), ("office", 403)]
)
def test_only_applicants_start_ideas_while_open(client, world, make_user, role, expected):
    comp = world["competition"]
    comp.phase = Phase.OPEN
    comp.deadline = comp.deadline.replace(year=comp.deadline.year + 1)
    comp.save()
    client.force_login(_users(world, make_user)[role])
    assert (
        client.get(reverse("competitions:submission_create", args=[comp.pk])).status_code
        == expected
    )


def test_conflicted_reviewer_cannot_open_the_idea_even_with_a_stale_assignment(client, world):
    stale = Assignment.objects.create(reviewer=world["r3"], submission=world["a"])
    Review.objects.create(assignment=stale)
    client.force_login(world["r3"].user)
    assert (
        client.get(reverse("competitions:submission_detail", args=[world["a"].pk])).status_code
        == 404
    )
    assert client.get(reverse("competitions:review_form", args=[stale.pk])).status_code == 404
    page = client.get(reverse("competitions:my_assignments")).content.decode()
    assert "Idee A" not in page and "Idee C" in page


@pytest.mark.parametrize(
    ("role", "name", "data"),
    [
        ("auditor", "competition_phase", {"to": "discussion"}),
        ("auditor", "auto_assign", {}),
        ("auditor", "decision", {}),
        ("reviewer", "competition_phase", {"to": "discussion"}),
        ("owner", "auto_assign", {}),
    ],
)
def test_auditor_and_others_change_nothing(client, world, make_user, role, name, data):
    users = _users(world, make_user)
    client.force_login(users[role])
    response = client.post(reverse(f"competitions:{name}", args=[world["competition"].pk]), data)
    assert response.status_code in (403, 404)
    world["competition"].refresh_from_db()
    assert world["competition"].phase == Phase.IN_REVIEW
    assert not hasattr(world["competition"], "decision")


def test_auditor_cannot_save_a_review_or_upload(client, world, make_user):
    client.force_login(make_user("auditor"))
    response = client.post(
        reverse("competitions:review_form", args=[world["a1"].pk]), {"version": 1}
    )
    assert response.status_code == 403
    response = client.post(reverse("competitions:attachment_upload", args=[world["a"].pk]), {})
    assert response.status_code == 403


def test_owner_cannot_upload_after_deadline(client, world):
    client.force_login(world["applicant"])
    upload = SimpleUploadedFile("x.pdf", b"%PDF-1.4 x")
    response = client.post(
        reverse("competitions:attachment_upload", args=[world["a"].pk]), {"file": upload}
    )
    assert response.status_code == 403
    assert submissions.MAX_ATTACHMENT_BYTES > 0
