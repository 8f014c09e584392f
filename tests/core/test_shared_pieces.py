"""The shared pieces in core that every app builds on: periodic jobs, stale-job detection, exports,
upload checks, domain errors, the acting user in history, the rate limit."""

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation
from openpyxl import load_workbook

from tests.factories.programmes import ProgrammeFactory
from verbund.core import periodic
from verbund.core.audit import acting_user
from verbund.core.errors import DomainError, add_to_form
from verbund.core.exports import csv_bytes, export_response, xlsx_bytes
from verbund.core.jobs import STOPPED_MESSAGE, fail_stale, heartbeat
from verbund.core.models import PeriodicRun
from verbund.core.ratelimit import limited
from verbund.core.uploads import validate_upload

NOW = dt.datetime(2030, 5, 6, 7, 0, tzinfo=dt.UTC)


# Periodic jobs --------------------------------------------------------------------------------


@pytest.fixture
def registry(monkeypatch):
    """An empty job registry for the test; the apps' own jobs stay out of it."""
    jobs: dict = {}
    monkeypatch.setattr(periodic, "REGISTRY", jobs)
    return jobs


@pytest.mark.django_db
def test_a_job_runs_once_per_period_however_often_run_due_is_called(registry):
    calls = []

    @periodic.every(minutes=10, name="test.count")
    def count(*, now):
        calls.append(now)

    assert periodic.run_due(now=NOW) == ["test.count"]
    assert periodic.run_due(now=NOW) == []
    assert periodic.run_due(now=NOW + dt.timedelta(minutes=9)) == []
    assert periodic.run_due(now=NOW + dt.timedelta(minutes=10)) == ["test.count"]
    assert calls == [NOW, NOW + dt.timedelta(minutes=10)]


@pytest.mark.django_db
def test_a_second_worker_does_not_run_a_job_the_first_has_claimed(registry):
    """Two workers share the table, not memory: the second finds the period claimed."""
    calls = []
    periodic.every(minutes=5, name="test.once")(lambda *, now: calls.append(now))
    first = periodic.run_due(now=NOW)
    # the second worker ticks a few seconds later, in the same period
    second = periodic.run_due(now=NOW + dt.timedelta(seconds=20))
    assert (first, second, len(calls)) == (["test.once"], [], 1)
    assert PeriodicRun.objects.get(name="test.once").last_run_at == NOW


@pytest.mark.django_db
def test_a_failing_job_records_its_error_and_the_others_still_run(registry):
    ran = []

    @periodic.every(minutes=1, name="test.broken")
    def broken(*, now):
        raise RuntimeError("mail server unreachable")

    @periodic.every(minutes=1, name="test.fine")
    def fine(*, now):
        ran.append(now)

    assert sorted(periodic.run_due(now=NOW)) == ["test.broken", "test.fine"]
    assert ran == [NOW]
    assert "mail server unreachable" in PeriodicRun.objects.get(name="test.broken").last_error
    assert PeriodicRun.objects.get(name="test.fine").last_error == ""
    # the error is cleared by the next run that succeeds
    registry["test.broken"] = periodic.PeriodicJob(
        "test.broken", dt.timedelta(minutes=1), lambda *, now: None
    )
    periodic.run_due(now=NOW + dt.timedelta(minutes=1))
    assert PeriodicRun.objects.get(name="test.broken").last_error == ""


# Stale jobs -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_fail_stale_marks_only_running_jobs_without_a_recent_heartbeat():
    from verbund.companies.enums import ImportStatus
    from verbund.companies.models import ImportJob

    def job(status, beat_ago: dt.timedelta | None, created_ago=dt.timedelta(hours=1)):
        obj = ImportJob.objects.create(file="imports/x.csv", file_name="x.csv", status=status)
        heartbeat = NOW - beat_ago if beat_ago is not None else None
        ImportJob.objects.filter(pk=obj.pk).update(
            heartbeat_at=heartbeat, created_at=NOW - created_ago
        )
        return obj.pk

    silent = job(ImportStatus.APPLYING, dt.timedelta(minutes=3))
    beating = job(ImportStatus.CHECKING, dt.timedelta(seconds=30))
    never_beat = job(ImportStatus.CHECKING, None)
    just_started = job(ImportStatus.CHECKING, None, created_ago=dt.timedelta(seconds=10))
    finished = job(ImportStatus.DONE, dt.timedelta(hours=1))

    running = [ImportStatus.CHECKING, ImportStatus.APPLYING]
    count = fail_stale(model=ImportJob, running=running, failed=ImportStatus.FAILED, now=NOW)

    status = dict(ImportJob.objects.values_list("pk", "status"))
    assert count == 1
    assert status == {
        silent: ImportStatus.FAILED,
        beating: ImportStatus.CHECKING,
        never_beat: ImportStatus.CHECKING,  # claimed, still waiting in the queue for a worker
        just_started: ImportStatus.CHECKING,
        finished: ImportStatus.DONE,
    }
    assert ImportJob.objects.get(pk=silent).message == str(STOPPED_MESSAGE)
    # two minutes later the job that was beating has gone silent too; queued ones still wait
    later = NOW + dt.timedelta(minutes=2)
    assert fail_stale(model=ImportJob, running=running, failed=ImportStatus.FAILED, now=later) == 1
    assert ImportJob.objects.filter(status=ImportStatus.FAILED).count() == 2


@pytest.mark.django_db
def test_heartbeat_stamps_a_job_also_when_the_database_name_is_a_path(monkeypatch):
    """settings.py names the SQLite file with a Path; `verbund demo` crashed on it in `heartbeat`."""
    from django.db import connection

    from verbund.companies.models import ImportJob

    job = ImportJob.objects.create(file="imports/x.csv", file_name="x.csv")
    monkeypatch.setitem(connection.settings_dict, "NAME", Path(":memory:"))
    with heartbeat(ImportJob, job.pk):
        pass
    assert ImportJob.objects.get(pk=job.pk).heartbeat_at is not None


# Exports --------------------------------------------------------------------------------------

HEADER = ["Name", "Formel", "Betrag", "Aktiv", "Am"]
ROWS = [
    ["Müller & Söhne", "=1+1", Decimal("1234.50"), True, dt.date(2024, 1, 31)],
    ["@SUM(A1)", "-5", 7, False, None],
]


def test_csv_has_a_bom_semicolons_guarded_formulas_and_german_booleans():
    with translation.override("de"):
        data = csv_bytes(HEADER, ROWS)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == HEADER
    assert rows[1] == ["Müller & Söhne", "'=1+1", "1234.50", "ja", "2024-01-31"]
    assert rows[2] == ["'@SUM(A1)", "'-5", "7", "nein", ""]


def test_xlsx_keeps_formulas_as_text_and_numbers_as_numbers():
    with translation.override("de"):
        data = xlsx_bytes(HEADER, ROWS, sheet="Rangliste: 2024/25")
    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    assert "/" not in sheet.title and ":" not in sheet.title
    formula = sheet["B2"]
    assert (formula.value, formula.data_type) == ("'=1+1", "s")
    assert (sheet["A3"].value, sheet["A3"].data_type) == ("'@SUM(A1)", "s")
    assert sheet["C2"].data_type == "n" and sheet["C2"].value == pytest.approx(1234.5)
    assert sheet["C3"].value == 7
    assert [sheet["D2"].value, sheet["D3"].value] == ["ja", "nein"]
    assert sheet["E2"].value.date() == dt.date(2024, 1, 31)


def test_english_export_says_yes_and_no():
    with translation.override("en"):
        rows = csv_bytes(["Active"], [[True], [False]]).decode("utf-8-sig").splitlines()
    assert rows[1:] == ["yes", "no"]


def test_export_response_is_an_attachment_with_the_format_in_its_name():
    response = export_response(header=HEADER, rows=ROWS, fmt="xlsx", filename="rangliste")
    assert response["Content-Disposition"] == 'attachment; filename="rangliste.xlsx"'
    assert response.content.startswith(b"PK")
    with pytest.raises(ValueError):
        export_response(header=HEADER, rows=ROWS, fmt="ods", filename="x")


def test_an_export_named_after_a_title_keeps_its_name_intact():
    response = export_response(header=HEADER, rows=ROWS, fmt="csv", filename='Rangliste – "Öko"')
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Rangliste%20%E2%80%93%20%22%C3%96ko%22.csv"
    )


# Uploads --------------------------------------------------------------------------------------

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20


def test_upload_kind_comes_from_the_first_bytes_not_the_name():
    assert validate_upload(SimpleUploadedFile("antrag.bin", PDF), kinds={"pdf"}) == "pdf"
    assert validate_upload(SimpleUploadedFile("logo.dat", PNG), kinds={"pdf", "png"}) == "png"


def test_a_pdf_named_png_is_refused_as_an_image():
    upload = SimpleUploadedFile("foto.png", PDF, content_type="image/png")
    with pytest.raises(DomainError) as refused:
        validate_upload(upload, kinds={"png", "jpeg"}, field="photo")
    assert refused.value.field == "photo"
    assert upload.read() == PDF  # the check left the file readable from the start


def test_a_file_over_the_size_limit_is_refused_naming_the_limit(settings):
    settings.VERBUND_MAX_UPLOAD_BYTES = 2_000_000
    big = SimpleUploadedFile("gross.pdf", PDF + b"0" * 2_000_000)
    with pytest.raises(DomainError) as refused, translation.override("en"):
        validate_upload(big, kinds={"pdf"})
    assert "2.0 MB" in str(refused.value)
    assert validate_upload(SimpleUploadedFile("klein.pdf", PDF), kinds={"pdf"}) == "pdf"
    with pytest.raises(DomainError):
        validate_upload(SimpleUploadedFile("klein.pdf", PDF), kinds={"pdf"}, max_bytes=10)


def test_an_empty_file_is_refused():
    with pytest.raises(DomainError):
        validate_upload(SimpleUploadedFile("leer.csv", b""), kinds={"csv"})


# Domain errors --------------------------------------------------------------------------------


def test_domain_error_names_row_field_and_reason():
    with translation.override("en"):
        error = DomainError("is not a number", field="employees", row=7)
        assert str(error) == "row 7, field “employees”: is not a number"
        assert error.messages == [str(error)]
    with translation.override("de"):
        german = str(DomainError("ist keine Zahl", field="Beschäftigte", row=7))
    assert "7" in german and "Beschäftigte" in german and german.endswith("ist keine Zahl")


def test_domain_error_survives_copy_and_pickle():
    """Errors travel: copied with a form's errors, pickled into a cache or to another process."""
    import copy
    import pickle

    error = DomainError("is taken", field="name", row=3, code="taken")
    for twin in (copy.deepcopy(error), pickle.loads(pickle.dumps(error))):
        assert (twin.reason, twin.field, twin.row, twin.code) == ("is taken", "name", 3, "taken")


def test_add_to_form_puts_the_reason_on_the_field_or_above_the_form():
    from django import forms

    class Form(forms.Form):
        name = forms.CharField()

    form = Form({"name": "x"})
    assert form.is_valid()
    add_to_form(form, DomainError("is taken", field="name"))
    add_to_form(form, DomainError("the plan is closed", field="not_on_this_form"))
    assert form.errors["name"] == ["is taken"]
    assert any("the plan is closed" in e for e in form.non_field_errors())


# The acting user ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_acting_user_is_the_author_of_writes_outside_a_request(make_user):
    starter = make_user("office")
    with acting_user(starter):
        programme = ProgrammeFactory()
        programme.city = "Halle"
        programme.save()
    outside = ProgrammeFactory()
    assert {r.history_user for r in programme.history.all()} == {starter}
    assert outside.history.get().history_user is None


# Rate limit -----------------------------------------------------------------------------------


def test_rate_limited_view_answers_429_after_the_rate(db):
    cache.clear()

    @limited(group="test-search", rate="3/m")
    def view(request):
        return HttpResponse("ok")

    def post(address: str):
        request = RequestFactory().post("/search/", REMOTE_ADDR=address)
        request.user = AnonymousUser()
        return view(request).status_code

    assert [post("10.0.0.1") for _ in range(4)] == [200, 200, 200, 429]
    assert post("10.0.0.2") == 200  # another client has its own count
    get = RequestFactory().get("/search/", REMOTE_ADDR="10.0.0.1")
    get.user = AnonymousUser()
    assert view(get).status_code == 200  # only POST is limited by default
    cache.clear()


def test_exported_times_are_the_local_times_the_pages_show(settings):
    """Stored times are UTC; the office reads Berlin time on the pages and must read it in the file."""
    settings.TIME_ZONE = "Europe/Berlin"
    submitted = dt.datetime(2024, 1, 31, 23, 30, 15, 123, tzinfo=dt.UTC)
    rows = csv_bytes(["Eingereicht"], [[submitted]]).decode("utf-8-sig").splitlines()
    assert rows[1] == "2024-02-01 00:30:15"
    sheet = load_workbook(io.BytesIO(xlsx_bytes(["Eingereicht"], [[submitted]]))).active
    assert sheet["A2"].value == dt.datetime(2024, 2, 1, 0, 30, 15)
