"""A decided competition does not change afterwards (issue 10): the figures the decision used are
frozen with it, later register changes are shown beside them; decisions with missing reviews need
a recorded override; criteria and rules change after the opening only by a visible amendment."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories.competitions import (
    CompetitionFactory,
    ReviewerFactory,
    SubmissionFactory,
    assign,
    scored,
)
from verbund.companies.models import Company
from verbund.competitions.domain import competitions as comp_domain
from verbund.competitions.domain import decisions, queries
from verbund.competitions.domain.errors import CompetitionError
from verbund.competitions.enums import Phase
from verbund.competitions.interfaces.tables import ranking_page
from verbund.competitions.models import Amendment

pytestmark = pytest.mark.integration


def _place(companies, *, inside: bool) -> None:
    """Put register companies inside or outside the programme area (a register change)."""
    field = {f.name for f in Company._meta.get_fields()}
    ids = [c.pk for c in companies]
    if "placement" in field:
        Company.objects.filter(pk__in=ids).update(placement="inside" if inside else "outside")
    else:
        Company.objects.filter(pk__in=ids).update(in_programme_area=inside)


@pytest.fixture
def decided(db, make_user, office_user):
    """A competition (≥ 50 % of members inside the area) decided with idea A selected; A's three
    members are inside the area at the decision, B's one of two."""
    comp = CompetitionFactory(
        phase=Phase.IN_REVIEW, deadline=timezone.now() - dt.timedelta(days=1),
        min_share_in_area=Decimal(50),
    )  # fmt: skip
    crit = list(comp.criteria.all())
    a = SubmissionFactory(competition=comp, title="Idee A")
    b = SubmissionFactory(competition=comp, title="Idee B")
    members_a = [Company.objects.create(name=f"A{i} GmbH") for i in range(3)]
    members_b = [Company.objects.create(name=f"B{i} GmbH") for i in range(2)]
    _place(members_a + members_b[:1], inside=True)
    _place(members_b[1:], inside=False)
    a.founding_members.add(*members_a)
    b.founding_members.add(*members_b)
    reviewer = ReviewerFactory(competition=comp, user=make_user("reviewer", username="gutachter"))
    scored(assign(reviewer, a), {crit[0]: 9, crit[1]: 8})
    scored(assign(reviewer, b), {crit[0]: 5, crit[1]: 4})
    decision = decisions.record_decision(
        competition=comp, selected=[a.pk], justifications={}, user=office_user
    )
    return {"competition": comp, "a": a, "b": b, "members_a": members_a, "decision": decision}


def test_a_decided_competitions_figures_do_not_change_when_the_register_changes(
    decided, office_client
):
    comp, a = decided["competition"], decided["a"]
    comp.refresh_from_db()
    before = ranking_page(comp, aggregation="mean", normalise=False)
    record = next(r for r in before.records if r["pk"] == a.pk)
    assert before.decided and record["eligible"] and record["share_in_area"] == 100.0

    _place(decided["members_a"], inside=False)  # the register changes after the decision
    live = next(r for r in queries.ranking(comp) if r.submission.pk == a.pk)
    assert not live.eligible  # recomputed from the live register it would now flip

    after = ranking_page(comp, aggregation="mean", normalise=False)
    assert after.records == before.records
    assert any("→" in line for line in after.changes[a.pk])
    entry = decided["decision"].entries.get(submission=a)
    assert entry.figures["eligible"] and entry.figures["facts"]["members_in_area"] == 3

    ranking = office_client.get(reverse("competitions:ranking", args=[comp.pk])).content.decode()
    assert "seit der entscheidung geändert" in ranking.lower() and 'id="frozen-note"' in ranking
    assert 'class="badge warn changed"' in ranking
    decision_page = office_client.get(reverse("competitions:decision", args=[comp.pk]))
    body = decision_page.content.decode()
    assert 'class="badge warn changed"' in body and "100,0 → 0,0" in body
    eligibility = office_client.get(reverse("competitions:eligibility", args=[comp.pk]))
    assert "Bei der Entscheidung" in eligibility.content.decode()

    detail = office_client.get(reverse("competitions:submission_detail", args=[a.pk]))
    assert 'id="frozen-eligibility"' in detail.content.decode()

    letter = decisions.letter_context(a)
    assert letter["entry"].figures["share_in_area"] == 100.0
    assert [s["mean"] for s in letter["summary"]] == [9.0, 8.0]


def test_the_ranking_shows_state_badges_as_html_not_as_escaped_text(decided, office_client):
    body = office_client.get(
        reverse("competitions:ranking", args=[decided["competition"].pk])
    ).content.decode()
    assert "&lt;span" not in body
    assert '<span class="badge">Nicht ausgewählt</span>' in body


def test_a_decision_with_missing_reviews_needs_a_recorded_reason(db, make_user, office_user):
    comp = CompetitionFactory(
        phase=Phase.IN_REVIEW, deadline=timezone.now() - dt.timedelta(days=1),
        reviewers_per_idea=3,
    )  # fmt: skip
    crit = list(comp.criteria.all())
    idea = SubmissionFactory(competition=comp, title="Idee")
    reviewers = [
        ReviewerFactory(competition=comp, user=make_user("reviewer", username=f"r{i}"))
        for i in range(3)
    ]
    scored(assign(reviewers[0], idea), {crit[0]: 7, crit[1]: 7})
    assign(reviewers[1], idea)
    assign(reviewers[2], idea)
    with pytest.raises(CompetitionError, match="2 zugewiesene Gutachten") as refused:
        decisions.record_decision(
            competition=comp, selected=[idea.pk], justifications={}, user=office_user
        )
    assert refused.value.field == "missing_reviews_reason"
    assert not hasattr(comp, "decision")

    decision = decisions.record_decision(
        competition=comp, selected=[idea.pk], justifications={}, user=office_user,
        missing_reviews_reason="Zwei Gutachter sind erkrankt; die Frist des Programms läuft ab.",
    )  # fmt: skip
    assert decision.missing_reviews == 2
    assert decision.history.first().missing_reviews_reason.startswith("Zwei Gutachter")
    context = decisions.letter_context(idea)
    assert context["entry"].reviews == 1 and context["reviews_planned"] == 3


def test_the_decision_form_asks_for_the_reason_and_the_letter_states_the_reviews(
    db, make_user, office_client
):
    comp = CompetitionFactory(
        phase=Phase.IN_REVIEW, deadline=timezone.now() - dt.timedelta(days=1),
        reviewers_per_idea=3,
    )  # fmt: skip
    crit = list(comp.criteria.all())
    idea = SubmissionFactory(competition=comp, title="Idee")
    first = ReviewerFactory(competition=comp, user=make_user("reviewer", username="r1"))
    second = ReviewerFactory(competition=comp, user=make_user("reviewer", username="r2"))
    scored(assign(first, idea), {crit[0]: 7, crit[1]: 7})
    assign(second, idea)
    url = reverse("competitions:decision", args=[comp.pk])
    form = office_client.get(url).content.decode()
    assert 'id="missing-reviews"' in form and "missing_reviews_reason" in form
    refused = office_client.post(url, {f"select_{idea.pk}": "on"})
    assert refused.status_code == 200 and "missing_reviews_reason" in refused.context["form"].errors
    office_client.post(url, {f"select_{idea.pk}": "on", "missing_reviews_reason": "Frist läuft ab"})
    comp.refresh_from_db()
    assert comp.phase == Phase.DECIDED
    page = office_client.get(url).content.decode()
    assert 'id="override"' in page and "Frist läuft ab" in page


def test_criteria_change_after_the_opening_only_by_a_visible_amendment(db, office_user, client):
    comp = CompetitionFactory(phase=Phase.DRAFT)
    specs = [comp_domain.CriterionSpec("Tragfähigkeit", 2), comp_domain.CriterionSpec("Neu", 1)]
    comp_domain.set_criteria(competition=comp, criteria=specs, user=office_user)
    assert not Amendment.objects.exists()  # a draft changes freely

    comp_domain.change_phase(competition=comp, to=Phase.OPEN, user=office_user)
    changed = [comp_domain.CriterionSpec("Tragfähigkeit", 3), specs[1]]
    with pytest.raises(CompetitionError) as refused:
        comp_domain.set_criteria(competition=comp, criteria=changed, user=office_user)
    assert refused.value.field == "amendment_reason"
    assert comp.criteria.get(position=0).weight == 2

    comp_domain.set_criteria(
        competition=comp, criteria=changed, user=office_user,
        amendment_reason="Die Tragfähigkeit wird stärker gewichtet.",
    )  # fmt: skip
    amendment = Amendment.objects.get(competition=comp)
    assert amendment.made_by == office_user
    assert amendment.changes[0]["before"]["weight"] == "2"
    assert amendment.changes[0]["after"]["weight"] == "3"
    # the same criteria again: nothing changes, no amendment
    comp_domain.set_criteria(competition=comp, criteria=changed, user=office_user)
    assert Amendment.objects.filter(competition=comp).count() == 1

    with pytest.raises(CompetitionError):
        comp_domain.update_competition(competition=comp, user=office_user, min_members=4)
    comp_domain.update_competition(
        competition=comp, user=office_user, min_members=4,
        amendment_reason="Kleinere Netzwerke sind zugelassen.",
    )  # fmt: skip
    assert Amendment.objects.filter(competition=comp).count() == 2

    body = client.get(reverse("competitions:competition_detail", args=[comp.pk])).content.decode()
    assert 'id="amendments"' in body
    assert "Die Tragfähigkeit wird stärker gewichtet." in body
    assert "Kleinere Netzwerke sind zugelassen." in body and "0 → 4" in body


def test_the_first_submission_locks_the_criteria_of_a_draft_too(db, office_user):
    comp = CompetitionFactory(phase=Phase.DRAFT)
    SubmissionFactory(competition=comp, status="draft")
    with pytest.raises(CompetitionError):
        comp_domain.set_criteria(
            competition=comp, criteria=[comp_domain.CriterionSpec("X", 1)], user=office_user
        )


def test_the_office_amends_criteria_on_the_criteria_page(db, office_client):
    comp = CompetitionFactory(phase=Phase.OPEN)
    url = reverse("competitions:criteria", args=[comp.pk])
    data = {
        "c-TOTAL_FORMS": "1", "c-INITIAL_FORMS": "0", "c-0-name": "Ansatz", "c-0-weight": "1",
        "c-0-scale_min": "0", "c-0-scale_max": "10",
    }  # fmt: skip
    refused = office_client.post(url, data)
    assert refused.status_code == 200
    assert "amendment_reason" in refused.context["reason_form"].errors
    assert [c.name for c in comp.criteria.all()] == ["Tragfähigkeit", "Perspektive"]
    saved = office_client.post(url, {**data, "amendment_reason": "Ein Kriterium genügt."})
    assert saved.status_code == 302
    assert [c.name for c in comp.criteria.all()] == ["Ansatz"]
    assert Amendment.objects.get(competition=comp).reason == "Ein Kriterium genügt."


def test_the_office_amends_an_eligibility_rule_on_the_settings_page(db, office_client):
    comp = CompetitionFactory(phase=Phase.OPEN, title="Wettbewerb")
    url = reverse("competitions:competition_edit", args=[comp.pk])
    data = {
        "title": "Wettbewerb", "deadline": timezone.localtime(comp.deadline).strftime("%d.%m.%Y %H:%M"),
        "min_members": "3", "min_share_in_area": "0", "number_to_select": "1",
        "reviewers_per_idea": "2", "aggregation": "mean", "disagreement_threshold": "15",
    }  # fmt: skip
    refused = office_client.post(url, data)
    assert refused.status_code == 200
    assert "amendment_reason" in refused.context["form"].errors
    saved = office_client.post(url, {**data, "amendment_reason": "Drei Mitglieder genügen."})
    assert saved.status_code == 302
    comp.refresh_from_db()
    assert comp.min_members == 3
    assert Amendment.objects.get(competition=comp).reason == "Drei Mitglieder genügen."
