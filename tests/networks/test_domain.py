"""Writes of the networks app: from idea to network, members, catalogue with versions, activities."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tests.factories.companies import CompanyFactory
from tests.factories.networks import (
    MeasureFactory,
    MembershipFactory,
    NetworkFactory,
    selected_idea,
)
from verbund.core.errors import DomainError
from verbund.networks.domain import activities, catalogue, members, networks
from verbund.networks.enums import ActorKind, CatalogueState, MemberRole, NetworkPhase
from verbund.networks.models import Activity, Measure, Membership, Network

pytestmark = pytest.mark.django_db


def test_selected_idea_becomes_a_network_once(office_user):
    idea = selected_idea()
    network = networks.create_network_from_submission(submission=idea, user=office_user)
    assert network.name == idea.title and network.goals == idea.goals
    assert network.carrier == idea.carrier and network.cluster_category == idea.sector_focus
    assert network.project == idea.competition.project
    founders = set(network.memberships.values_list("company_id", "role"))
    assert founders == {(c.pk, MemberRole.FOUNDING) for c in idea.founding_members.all()}
    assert network.actors.filter(user=idea.applicant, kind=ActorKind.CARRIER).exists()
    idea.refresh_from_db()
    assert idea.network == network  # the link is visible both ways
    again = networks.create_network_from_submission(submission=idea, user=office_user)
    assert again.pk == network.pk and Network.objects.count() == 1
    assert network.history.first().history_user == office_user


def test_a_consultancy_that_applied_accompanies_the_network(office_user):
    idea = selected_idea(applicant_organisation="Beratung West")
    network = networks.create_network_from_submission(submission=idea, user=office_user)
    assert network.actors.get(user=idea.applicant).kind == ActorKind.COMPANION


def test_an_idea_not_selected_is_refused(office_user):
    idea = selected_idea()
    idea.outcome = "not_selected"
    idea.save()
    with pytest.raises(DomainError):
        networks.create_network_from_submission(submission=idea, user=office_user)
    assert not Network.objects.exists()


def test_phase_changes_are_dated_in_order(office_user):
    network = networks.create_network(
        user=office_user, name="Kultur", project=NetworkFactory().project,
        carrier=NetworkFactory().carrier, started_on=dt.date(2003, 1, 1),
    )  # fmt: skip
    networks.change_phase(
        network=network, phase=NetworkPhase.REALIZATION, user=office_user, on=dt.date(2003, 7, 1)
    )
    with pytest.raises(DomainError) as err:
        networks.change_phase(
            network=network, phase=NetworkPhase.ENDED, user=office_user, on=dt.date(2003, 6, 1)
        )
    assert err.value.field == "changed_on"
    assert list(network.phase_changes.values_list("phase", flat=True)) == [
        NetworkPhase.DEVELOPMENT,
        NetworkPhase.REALIZATION,
    ]


@translation.override("en")
def test_join_request_twice_and_decision_twice_are_refused(carrier_user):
    network = NetworkFactory()
    company = CompanyFactory()
    request = members.request_join(network=network, company=company, user=carrier_user)
    with pytest.raises(DomainError, match="already asked"):
        members.request_join(network=network, company=company, user=carrier_user)
    members.decide_join(join_request=request, accept=True, user=carrier_user)
    assert Membership.objects.filter(network=network, company=company, left=None).exists()
    with pytest.raises(DomainError, match="decided already"):
        members.decide_join(join_request=request, accept=False, user=carrier_user)
    with pytest.raises(DomainError) as err:
        members.add_member(network=network, company=company, user=carrier_user)
    assert err.value.field == "company"


def test_leave_keeps_the_membership_in_history(carrier_user):
    membership = MembershipFactory()
    members.leave(membership=membership, user=carrier_user, on=dt.date(2004, 1, 1))
    membership.refresh_from_db()
    assert membership.left == dt.date(2004, 1, 1)
    assert membership.history.count() == 2
    with pytest.raises(DomainError):
        members.leave(membership=membership, user=carrier_user)


def test_fee_record_backs_the_rule(carrier_user):
    membership = MembershipFactory()
    fee = members.record_fee(
        membership=membership, year=2004, amount="120.50", paid_on=dt.date(2004, 2, 1),
        user=carrier_user,
    )  # fmt: skip
    assert fee.amount == Decimal("120.50")
    with pytest.raises(DomainError) as err:
        members.record_fee(membership=membership, year=2004, amount="-1", user=carrier_user)
    assert err.value.field == "amount"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"planned_start": dt.date(2003, 5, 1), "planned_end": dt.date(2003, 4, 1)}, "planned_end"),
        ({"actual_start": dt.date(2003, 5, 1), "actual_end": dt.date(2003, 4, 1)}, "actual_end"),
        ({"progress": 101}, "progress"),
        ({"progress": -1}, "progress"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_measures_are_refused_naming_the_field(carrier_user, values, field):
    network = NetworkFactory()
    base = {"title": "Portal", "type": "portal"}
    with pytest.raises(DomainError) as err:
        catalogue.create_measure(network=network, user=carrier_user, **{**base, **values})
    assert err.value.field == field
    assert not Measure.objects.exists()


def test_responsible_must_be_a_member_of_this_network(carrier_user):
    network = NetworkFactory()
    stranger = MembershipFactory()  # member of another network
    with pytest.raises(DomainError) as err:
        catalogue.create_measure(
            network=network, user=carrier_user, title="Portal", type="portal",
            responsible=stranger,
        )  # fmt: skip
    assert err.value.field == "responsible"
    with pytest.raises(DomainError) as err:
        catalogue.create_measure(
            network=network, user=carrier_user, title="Portal", type="portal",
            participants=[stranger],
        )  # fmt: skip
    assert err.value.field == "participants"


def test_catalogue_submit_return_approve_and_versioned_diff(carrier_user, office_user):
    network = NetworkFactory()
    member = MembershipFactory(network=network)
    with pytest.raises(DomainError):  # nothing to submit yet
        catalogue.submit_catalogue(network=network, user=carrier_user)
    portal = catalogue.create_measure(
        network=network, user=carrier_user, title="Portal", type="portal", responsible=member,
        progress=10,
    )  # fmt: skip
    catalogue.submit_catalogue(network=network, user=carrier_user)
    with pytest.raises(DomainError):  # locked while the office looks at it
        catalogue.update_measure(measure=portal, user=carrier_user, progress=20)
    with pytest.raises(DomainError) as err:
        catalogue.return_catalogue(network=network, comment=" ", user=office_user)
    assert err.value.field == "comment"
    catalogue.return_catalogue(network=network, comment="Budget fehlt", user=office_user)
    network.refresh_from_db()
    assert network.catalogue_state == CatalogueState.RETURNED
    assert network.catalogue_comment == "Budget fehlt"
    assert catalogue.catalogue_changes_since_approval(network) is None  # never approved

    catalogue.update_measure(measure=portal, user=carrier_user, planned_budget="5000")
    catalogue.submit_catalogue(network=network, user=carrier_user)
    version = catalogue.approve_catalogue(network=network, user=office_user)
    assert version.number == 1 and version.snapshot[0]["planned_budget"] == "5000.00"
    network.refresh_from_db()
    assert network.catalogue_state == CatalogueState.APPROVED
    assert not catalogue.catalogue_changes_since_approval(network)

    catalogue.update_measure(measure=portal, user=carrier_user, progress=60)
    catalogue.create_measure(network=network, user=carrier_user, title="Messe", type="event")
    changes = catalogue.catalogue_changes_since_approval(network)
    assert changes.version == 1
    assert [m["title"] for m in changes.added] == ["Messe"]
    assert [
        (c.title, [(f.field, f.before, f.after) for f in c.fields]) for c in changes.changed
    ] == [("Portal", [("progress", 10, 60)])]
    catalogue.delete_measure(measure=portal, user=carrier_user)
    assert [m["title"] for m in catalogue.catalogue_changes_since_approval(network).removed] == [
        "Portal"
    ]
    catalogue.submit_catalogue(network=network, user=carrier_user)
    assert catalogue.approve_catalogue(network=network, user=office_user).number == 2


def test_realization_options_one_chosen(carrier_user):
    measure = MeasureFactory()
    member = MembershipFactory(network=measure.network)
    first = catalogue.add_option(
        measure=measure, text="Agentur A", companies=[member.company], chosen=True,
        user=carrier_user,
    )  # fmt: skip
    second = catalogue.add_option(measure=measure, text="Selbst bauen", user=carrier_user)
    catalogue.choose_option(option=second, user=carrier_user)
    first.refresh_from_db()
    second.refresh_from_db()
    assert not first.chosen and second.chosen
    with pytest.raises(DomainError) as err:
        catalogue.add_option(
            measure=measure, text="x", companies=[CompanyFactory()], user=carrier_user
        )
    assert err.value.field == "companies"


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_activity_with_evidence_checked_by_content(carrier_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    network = NetworkFactory()
    member = MembershipFactory(network=network)
    activity = activities.record_activity(
        network=network, date=dt.date(2003, 5, 5), kind="event", text="1. Designertag",
        participants=[member], user=carrier_user,
        evidence=[SimpleUploadedFile("programm.pdf", PDF, content_type="application/pdf")],
    )  # fmt: skip
    assert activity.evidence.get().kind == "pdf"
    fake = SimpleUploadedFile("bild.png", b"MZ\x90\x00 not an image", content_type="image/png")
    with pytest.raises(DomainError) as err:
        activities.record_activity(
            network=network, date=dt.date(2003, 5, 6), kind="event", text="x", user=carrier_user,
            evidence=[fake],
        )  # fmt: skip
    assert err.value.field == "evidence"
    assert Activity.objects.count() == 1
