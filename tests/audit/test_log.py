"""The global audit log: history records of every model, sign-ins, exports and downloads; filters,
paging with a constant number of queries, CSV/XLSX export."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories.programmes import ProjectFactory
from verbund.audit.domain.log import LogFilter, log_entries, rows_of
from verbund.core.audit import acting_user
from verbund.core.models import AccessKind, AccessLog

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_log_page_queries_do_not_grow_with_the_entries(office_client, office_user):
    url = reverse("audit:log") + "?app=programmes"
    with acting_user(office_user):
        ProjectFactory()
    office_client.get(url)  # caches of the page (navigation, versions) filled after each change
    one = _queries(office_client, url)
    with acting_user(office_user):
        ProjectFactory()
        ProjectFactory()
    office_client.get(url)
    three = _queries(office_client, url)
    assert three == one


def test_changes_show_who_did_what_to_which_object(office_client, office_user):
    with acting_user(office_user):
        project = ProjectFactory(code="LOG-1", title="Protokolliert")
        project.title = "Geändert"
        project.save()
    response = office_client.get(reverse("audit:log") + "?model=programmes.project")
    rows = response.context["rows"]
    assert [r.action for r in rows] == ["changed", "created"]
    assert rows[0].user == office_user.username and rows[0].object_id == project.pk
    assert "LOG-1" in rows[0].object_label
    page = response.content.decode()
    assert reverse("core:history", args=["programmes", "project", project.pk]) in page


def test_sign_ins_and_failed_sign_ins_are_recorded(client, make_user):
    make_user("member", username="maria")
    client.post(reverse("login"), {"login": "maria", "password": "wrong"})
    client.post(reverse("login"), {"login": "maria", "password": "secret-pass-123"})
    kinds = list(AccessLog.objects.order_by("pk").values_list("kind", "username"))
    assert (AccessKind.LOGIN_FAILED, "maria") in kinds
    assert kinds[-1] == (AccessKind.LOGIN, "maria")
    assert not any("secret" in str(row.detail) for row in AccessLog.objects.all())


def test_exports_and_downloads_are_recorded(office_client, office_user):
    ProjectFactory(code="EXP-1")
    office_client.get(reverse("audit:log_export", args=["csv"]))
    office_client.get(reverse("audit:dossier_pdf", args=["EXP-1"]))
    office_client.get(reverse("audit:dossier_xlsx", args=["EXP-1"]))
    records = list(
        AccessLog.objects.filter(user=office_user).exclude(kind=AccessKind.LOGIN).order_by("pk")
    )
    assert [r.kind for r in records] == [AccessKind.EXPORT, AccessKind.DOWNLOAD, AccessKind.EXPORT]
    assert records[0].detail.startswith("audit-log-") and "rows" in records[0].detail
    assert records[1].detail.startswith("audit-EXP-1") and records[1].path.endswith("audit.pdf")


def test_an_export_of_another_app_records_itself(office_client, office_user):
    """`core.exports.export_response` records every export inside a request (here: payments)."""
    office_client.get(reverse("contracts:export", args=["csv"]))
    record = AccessLog.objects.get(kind=AccessKind.EXPORT)  # (force_login recorded a sign-in)
    assert record.user == office_user and record.detail.endswith("(0 rows)")


def test_filters_by_action_user_date_and_object(office_client, office_user, make_user):
    other = make_user("office", username="zweite")
    with acting_user(office_user):
        first = ProjectFactory()
    with acting_user(other):
        ProjectFactory()
    AccessLog.objects.all().delete()  # the sign-in of office_client
    AccessLog.objects.create(kind=AccessKind.LOGIN, user=other, username="zweite")

    def count(**kwargs) -> int:
        return log_entries(LogFilter(**kwargs)).count()

    assert count(action="login") == 1
    assert count(username="zweite", model="programmes.project") == 1
    assert count(model="programmes.project", object_id=first.pk) == 1
    today = timezone.localdate()
    assert count(model="programmes.project", date_from=today, date_to=today) == 2
    assert count(model="programmes.project", date_to=today - dt.timedelta(days=1)) == 0
    assert count(app="access") == 1
    page = office_client.get(reverse("audit:log") + "?action=login&user=zweite")
    assert [r.user for r in page.context["rows"]] == ["zweite"]


def test_bad_filter_values_show_the_form_error_not_a_server_error(office_client):
    response = office_client.get(reverse("audit:log") + "?date_from=gestern&object_id=x")
    assert response.status_code == 200
    assert response.context["filter"].form.errors


def test_paging(office_client, office_user):
    AccessLog.objects.all().delete()
    AccessLog.objects.bulk_create(
        AccessLog(kind=AccessKind.LOGIN, user=office_user, username="x") for _ in range(120)
    )
    response = office_client.get(reverse("audit:log") + "?app=access&page=3")
    assert response.context["page"].number == 3
    assert len(response.context["rows"]) == 20


def test_export_as_xlsx_has_the_rows(office_client, office_user):
    from openpyxl import load_workbook

    with acting_user(office_user):
        ProjectFactory(code="=CMD()")
    with translation.override("en"):
        url = reverse("audit:log_export", args=["xlsx"]) + "?model=programmes.project"
    response = office_client.get(url)
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert len(values) == 2
    assert values[1][1] == office_user.username and values[1][2] == "created"
    assert any(str(v).startswith("'=CMD()") for v in values[1]), "formula injection guarded"


def test_rows_of_an_object_deleted_since_keep_a_label(office_user):
    with acting_user(office_user):
        project = ProjectFactory(code="GONE-1")
        pk = project.pk
        project.delete()
    rows = rows_of(list(log_entries(LogFilter(model="programmes.project", object_id=pk))))
    assert [r.action for r in rows] == ["deleted", "created"]
    assert all("GONE-1" in r.object_label for r in rows)
