"""Retention (Art. 82 Regulation (EU) 2021/1060: five years from 31 December of the year of the last
payment): the report, and `anonymise_expired` that removes personal data past the period and keeps
the figures."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories.events import EventFactory, RegistrationFactory
from verbund.core.models import AccessKind, AccessLog, User
from verbund.core.retention import (
    ANONYMISED,
    anonymise_expired,
    counts,
    last_expired_year,
    retention_ends,
)
from verbund.events.models import Registration

pytestmark = pytest.mark.django_db

TODAY = dt.date(2011, 3, 1)  # records of 2005 and earlier are past the period


def test_the_period_ends_five_years_after_31_december_of_the_last_payment():
    assert retention_ends(dt.date(2004, 5, 3)) == dt.date(2009, 12, 31)
    assert last_expired_year(dt.date(2010, 1, 1)) == 2004
    assert last_expired_year(dt.date(2009, 12, 31)) == 2003


@pytest.fixture
def old_and_new_registrations():
    old_start = timezone.make_aware(dt.datetime(2005, 6, 1, 10))
    old = RegistrationFactory(
        event=EventFactory(starts_at=old_start, ends_at=old_start + dt.timedelta(hours=4)),
        name="Erika Alt", email="erika@example.org", organisation="Altfirma",
        answers={"diet": "vegan"}, attended=True,
    )  # fmt: skip
    new_start = timezone.make_aware(dt.datetime(2006, 6, 1, 10))
    new = RegistrationFactory(
        event=EventFactory(starts_at=new_start, ends_at=new_start + dt.timedelta(hours=4)),
        name="Nina Neu",
    )
    return old, new


def test_dry_run_counts_and_changes_nothing(old_and_new_registrations):
    old, _new = old_and_new_registrations
    result = anonymise_expired(today=TODAY)
    assert result["events.registration"] == 1
    old.refresh_from_db()
    assert old.name == "Erika Alt"
    assert not AccessLog.objects.filter(kind=AccessKind.ANONYMISE).exists()


def test_apply_anonymises_expired_records_and_their_history_and_keeps_the_figures(
    old_and_new_registrations,
):
    old, new = old_and_new_registrations
    old.name = "Erika Alt-Neu"  # a second history row with the name
    old.save()
    result = anonymise_expired(today=TODAY, apply=True)
    assert result["events.registration"] == 1
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.name, old.email, old.organisation, old.answers) == (ANONYMISED, "", "", {})
    assert old.attended is True and old.state == new.state and old.event_id
    assert new.name == "Nina Neu"
    names = set(Registration.history.filter(id=old.pk).values_list("name", flat=True))
    assert names == {ANONYMISED}, "no copy of the name is left in the history"
    assert Registration.objects.count() == 2
    log = AccessLog.objects.get(kind=AccessKind.ANONYMISE)
    assert "events.registration: 1" in log.detail
    assert anonymise_expired(today=TODAY, apply=True)["events.registration"] == 0, "idempotent"


def test_accounts_not_used_for_the_period_are_anonymised(make_user):
    from allauth.account.models import EmailAddress

    gone = make_user("applicant", username="weg")
    User.objects.filter(pk=gone.pk).update(
        last_login=timezone.make_aware(dt.datetime(2004, 1, 5)),
        date_joined=timezone.make_aware(dt.datetime(2003, 1, 5)),
    )
    active = make_user("applicant", username="aktiv")
    anonymise_expired(today=TODAY, apply=True)
    gone.refresh_from_db()
    active.refresh_from_db()
    assert gone.username == f"{ANONYMISED}-{gone.pk}" and gone.email == ""
    assert not gone.is_active and not gone.has_usable_password()
    assert not EmailAddress.objects.filter(user=gone).exists()
    assert active.username == "aktiv" and active.is_active


def test_every_app_with_personal_data_declares_it():
    keys = {row.declaration.key for row in counts(today=TODAY)}
    assert {
        "core.user", "core.invitation", "companies.contactperson", "events.registration",
        "events.profile", "networks.joinrequest", "networks.network", "programmes.teammember",
        "competitions.coapplicantinvitation",
    } <= keys  # fmt: skip


def test_commands_report_and_anonymise(old_and_new_registrations):
    out = io.StringIO()
    call_command("retention_report", "--today", "2011-03-01", stdout=out)
    assert "event registrations" in out.getvalue() and "2005" in out.getvalue()
    out = io.StringIO()
    call_command("anonymise_expired", "--today", "2011-03-01", stdout=out)
    assert "dry run" in out.getvalue()
    assert Registration.objects.filter(name=ANONYMISED).count() == 0
    call_command("anonymise_expired", "--today", "2011-03-01", "--apply", stdout=io.StringIO())
    assert Registration.objects.filter(name=ANONYMISED).count() == 1


def test_report_page_lists_kinds_and_projects(office_client):
    from tests.factories.programmes import ProjectFactory

    ProjectFactory(code="RET-1")
    page = office_client.get(reverse("audit:retention")).content.decode()
    assert "RET-1" in page and "Art. 82" in page
