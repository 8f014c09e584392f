"""Reminder mails before and after a milestone's due date, each once, after the commit."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories.contracts import contract_with_milestone, pdf_upload
from verbund.contracts.domain import milestones as m_domain
from verbund.contracts.periodic import remind_due_milestones

pytestmark = pytest.mark.django_db


def _at(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(8, 0)))


def test_reminders_before_and_after_once_each(
    office_user, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    carrier = make_user("carrier", email="traeger@example.org")
    _c, _milestone = contract_with_milestone(
        office=office_user, carrier_user=carrier, due=dt.date(2003, 6, 30)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_due_milestones(now=_at(dt.date(2003, 6, 1))) == 0  # too early
        assert remind_due_milestones(now=_at(dt.date(2003, 6, 20))) == 1
        assert remind_due_milestones(now=_at(dt.date(2003, 6, 25))) == 0  # sent already
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["traeger@example.org"]
    assert "Auftaktveranstaltung" in mailoutbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_due_milestones(now=_at(dt.date(2003, 7, 2))) == 1
        assert remind_due_milestones(now=_at(dt.date(2003, 7, 9))) == 0
    assert len(mailoutbox) == 2
    assert "30.06.2003" in mailoutbox[1].body


def test_no_reminder_once_the_evidence_is_submitted(office_user, make_user, mailoutbox):
    carrier = make_user("carrier", email="traeger@example.org")
    _c, milestone = contract_with_milestone(office=office_user, carrier_user=carrier)
    m_domain.upload_evidence(milestone=milestone, upload=pdf_upload(), user=carrier)
    m_domain.submit_evidence(milestone=milestone, user=carrier)
    assert remind_due_milestones(now=_at(dt.date(2003, 7, 2))) == 0
    assert mailoutbox == []


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
