"""The import against bad input, double clicks and dead workers (issue 9) and its conventions (issue 8)."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.db import DataError, OperationalError
from django.utils import timezone

from tests.companies.test_import import HEADER, MAPPING, make_rows, to_csv
from verbund.companies.domain import imports
from verbund.companies.domain.imports import (
    ImportFileError,
    apply_import,
    check_import,
    create_import_job,
    set_mapping,
    start_apply,
)
from verbund.companies.enums import ImportStatus
from verbund.companies.models import Company, ImportJob
from verbund.core.audit import acting_user
from verbund.core.errors import DomainError

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages in their English source (the German catalogue is checked in test_import.py)."""
    from django.urls import clear_url_caches

    clear_url_caches()  # the URL resolver keeps its language prefixes per default language
    settings.LANGUAGE_CODE = "en"
    yield
    settings.LANGUAGE_CODE = "de"
    clear_url_caches()


def checked(data: bytes, *, name="firmen.csv", mapping=MAPPING, user=None) -> ImportJob:
    job = create_import_job(data=data, file_name=name, user=user)
    set_mapping(job=job, mapping=mapping, options={"crs": "EPSG:4326"})
    check_import(job=job)
    return job


def errors_of(job: ImportJob) -> set[tuple[int, str]]:
    return {(e["row"], e["field"]) for e in job.errors}


def post_mapping(client, job, capture, mapping=MAPPING):
    """POST the mapping page and run the check task it starts."""
    form = {f"map_{k}": v for k, v in mapping.items()} | {"crs": "EPSG:4326", "source": "Liste"}
    with capture(execute=True):
        return client.post(f"/companies/imports/{job.public_id}/mapping/", form)


# ------------------------------------------------------------------ issue 8: one way to write


def test_the_row_checks_are_a_table_of_field_parsers():
    from verbund.companies.domain.import_fields import FIELD_NAMES, PARSERS

    assert set(PARSERS) == set(FIELD_NAMES)
    assert all(callable(p) for p in PARSERS.values())


def test_a_wz_code_that_lost_its_leading_zero_is_read_with_the_one_normaliser(db):
    rows = make_rows(1)
    rows[0][5] = "1.11"
    job = checked(to_csv(rows))
    assert job.status == ImportStatus.CHECKED, job.errors
    apply_import(job=job)
    assert Company.objects.get().main_wz.code == "01.11"


def test_import_errors_are_domain_errors():
    assert issubclass(ImportFileError, DomainError)


def test_history_rows_of_an_import_record_the_acting_user(db, make_user):
    starter = make_user("office")
    job = checked(to_csv(make_rows(3)))  # created outside a request: no created_by
    with acting_user(starter):
        apply_import(job=job)
    assert job.status == ImportStatus.DONE
    assert {h.history_user for h in Company.history.all()} == {starter}


def test_the_apply_task_records_the_user_who_started_the_import(
    office_client, office_user, django_capture_on_commit_callbacks
):
    job = checked(to_csv(make_rows(3)), user=office_user)
    with django_capture_on_commit_callbacks(execute=True):
        office_client.post(f"/companies/imports/{job.public_id}/apply/")
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert Company.history.count() == 3
    assert {h.history_user for h in Company.history.all()} == {office_user}


# ------------------------------------------------------------------ issue 9.1: double apply


def test_a_second_apply_neither_duplicates_nor_overwrites_the_message(
    db, django_capture_on_commit_callbacks
):
    job = checked(to_csv(make_rows(30)))
    first, second = ImportJob.objects.get(pk=job.pk), ImportJob.objects.get(pk=job.pk)
    with django_capture_on_commit_callbacks(execute=True):
        won = start_apply(job=first)
        lost = start_apply(job=second)  # loaded while still "checked", as a parallel request
    assert (won, lost) == (True, False)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert Company.objects.count() == 30
    assert job.message == "30 created, 0 updated, 0 unchanged."


def test_an_apply_request_while_another_applies_says_already_running(office_client):
    job = checked(to_csv(make_rows(5)))
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.APPLYING, heartbeat_at=timezone.now()
    )  # another request won the claim a moment ago
    response = office_client.post(f"/companies/imports/{job.public_id}/apply/")
    assert response.status_code == 302
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("already running" in t for t in texts), texts
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.APPLYING
    assert Company.objects.count() == 0


# ------------------------------------------------------------------ issue 9.2: slow uploads


def test_more_rows_than_allowed_fail_the_check_with_a_clear_message(
    office_client, settings, django_capture_on_commit_callbacks
):
    settings.VERBUND_MAX_IMPORT_ROWS = 10
    job = create_import_job(data=to_csv(make_rows(11)), file_name="f.csv")
    post_mapping(office_client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "at most 10 rows" in job.message
    assert Company.objects.count() == 0


def test_an_xlsx_declaring_more_rows_than_allowed_is_refused_at_upload(office_client, settings):
    from openpyxl import Workbook

    settings.VERBUND_MAX_IMPORT_ROWS = 10
    book = Workbook()
    sheet = book.active
    sheet.append(["Unternehmen"])
    for i in range(20):
        sheet.append([f"Firma {i}"])
    out = io.BytesIO()
    book.save(out)
    upload = ContentFile(out.getvalue(), name="viele.xlsx")
    response = office_client.post("/companies/imports/", {"file": upload})
    assert response.status_code == 200
    assert "at most 10 rows" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_an_upload_over_the_size_limit_is_refused(office_client, settings):
    settings.VERBUND_MAX_UPLOAD_BYTES = 100
    upload = ContentFile(to_csv(make_rows(20)), name="firmen.csv")
    response = office_client.post("/companies/imports/", {"file": upload})
    assert response.status_code == 200
    assert "at most" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_that_is_not_csv_or_xlsx_inside_is_refused(office_client):
    upload = ContentFile(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, name="firmen.csv")
    response = office_client.post("/companies/imports/", {"file": upload})
    assert response.status_code == 200
    assert "CSV" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_locked_database_on_apply_gives_a_message_not_a_server_error(office_client, monkeypatch):
    job = checked(to_csv(make_rows(2)))

    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(imports, "start_apply", locked)
    response = office_client.post(f"/companies/imports/{job.public_id}/apply/")
    assert response.status_code == 302
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("being imported" in t for t in texts), texts


def test_a_locked_database_on_upload_gives_a_message_not_a_server_error(office_client, monkeypatch):
    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(imports, "create_import_job", locked)
    upload = ContentFile(to_csv(make_rows(2)), name="firmen.csv")
    response = office_client.post("/companies/imports/", {"file": upload})
    assert response.status_code == 200
    assert "being imported" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_rows_are_read_outside_any_transaction(monkeypatch):
    from django.db import connection

    seen = []
    original = imports.prepare_rows

    def spy(*args, **kwargs):
        seen.append(connection.in_atomic_block)
        return original(*args, **kwargs)

    monkeypatch.setattr(imports, "prepare_rows", spy)
    job = create_import_job(data=to_csv(make_rows(3)), file_name="f.csv")
    set_mapping(job=job, mapping=MAPPING, options={"crs": "EPSG:4326"})
    check_import(job=job)
    apply_import(job=job)
    assert job.status == ImportStatus.DONE
    assert seen == [False, False]


# ------------------------------------------------------------------ issue 9.3: dead workers


def test_an_import_whose_worker_died_is_failed_and_can_be_started_again(office_client):
    from verbund.companies.periodic import fail_stale_imports

    job = checked(to_csv(make_rows(3)))
    beat = timezone.now() - dt.timedelta(hours=1)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.APPLYING, heartbeat_at=beat)
    fail_stale_imports(now=beat + dt.timedelta(seconds=90))
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.APPLYING  # still beating then
    fail_stale_imports(now=beat + dt.timedelta(minutes=3))
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "stopped" in job.message
    page = office_client.get(job.get_absolute_url()).content.decode()
    assert "hx-trigger" not in page
    assert f"/companies/imports/{job.public_id}/apply/" in page
    assert f"/companies/imports/{job.public_id}/check/" in page


def test_opening_the_page_of_a_dead_import_stops_its_polling(office_client):
    job = checked(to_csv(make_rows(3)))
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.CHECKING, heartbeat_at=timezone.now() - dt.timedelta(minutes=5)
    )
    page = office_client.get(job.get_absolute_url()).content.decode()
    assert "hx-trigger" not in page
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.FAILED


def test_the_tasks_beat_while_they_work(
    office_client, office_user, monkeypatch, django_capture_on_commit_callbacks
):
    from contextlib import contextmanager

    import verbund.core.jobs
    from verbund.core.audit import acting_user as real_acting_user

    beats, authors = [], []
    real_heartbeat = verbund.core.jobs.heartbeat

    @contextmanager
    def recording_heartbeat(model, pk, **kwargs):
        beats.append((model, pk, ImportJob.objects.get(pk=pk).status))
        with real_heartbeat(model, pk, **kwargs):
            yield

    @contextmanager
    def recording_acting_user(user):
        authors.append(user)
        with real_acting_user(user):
            yield

    monkeypatch.setattr(verbund.core.jobs, "heartbeat", recording_heartbeat)
    monkeypatch.setattr("verbund.core.audit.acting_user", recording_acting_user)
    job = create_import_job(data=to_csv(make_rows(3)), file_name="f.csv", user=office_user)
    post_mapping(office_client, job, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        office_client.post(f"/companies/imports/{job.public_id}/apply/")
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert beats == [
        (ImportJob, job.pk, ImportStatus.CHECKING),
        (ImportJob, job.pk, ImportStatus.APPLYING),
    ]
    assert authors == [office_user, office_user]
    assert job.heartbeat_at is not None


def test_an_apply_that_meets_a_locked_database_fails_with_a_clear_message(db, monkeypatch):
    job = checked(to_csv(make_rows(3)))

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(imports, "write_rows", locked)
    apply_import(job=job)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.message == "The register is being imported, try again shortly."


def test_the_periodic_job_is_registered():
    import verbund.companies.periodic  # noqa: F401
    from verbund.core.periodic import REGISTRY

    assert any(name.startswith("verbund.companies.periodic.") for name in REGISTRY)


# ------------------------------------------------------------------ issue 9.7: limits


def test_the_dry_run_refuses_what_the_database_would_refuse(db):
    rows = make_rows(6)
    rows[0][0] = "A" * 256  # name: 255 characters at most
    rows[1][9] = "Zulieferer; " + "t" * 81  # a tag: 80 at most
    rows[2][4] = "Leip\x00zig"  # a NUL byte
    rows[3][6] = "1e20"  # employees beyond the integer column
    rows[4][7], rows[4][8] = "nan", "nan"  # not coordinates
    rows[5][1] = "HRB " + "1" * 60  # register number: 60 at most
    job = checked(to_csv(rows))
    assert job.status == ImportStatus.REFUSED
    assert errors_of(job) == {
        (2, "name"),
        (3, "tags"),
        (4, "city"),
        (5, "employees"),
        (6, "x/y"),
        (7, "register_number"),
    }
    reasons = {e["row"]: e["reason"] for e in job.errors}
    assert "255" in reasons[2]
    assert "80" in reasons[3]


def test_an_apply_that_fails_marks_the_job_failed_and_writes_nothing(db, monkeypatch):
    job = checked(to_csv(make_rows(3)))

    def broken(*args, **kwargs):
        Company.objects.create(name="half written")
        raise DataError("value too long for type character varying(255)")

    monkeypatch.setattr(imports, "write_rows", broken)
    apply_import(job=job)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "varying(255)" in job.message
    assert Company.objects.count() == 0


# ------------------------------------------------------------------ issue 9.10: bad bytes


def test_bytes_that_are_neither_utf8_nor_cp1252_get_a_clear_message(office_client):
    upload = ContentFile(b"Firma;PLZ\n\x81\x8d\x90;04229\n", name="firmen.csv")
    response = office_client.post("/companies/imports/", {"file": upload})
    assert response.status_code == 200
    assert "neither UTF-8 nor Windows-1252" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_utf16_file_is_read_by_its_byte_order_mark(db):
    rows = make_rows(3)
    rows[0][0] = "Müller Süßwaren GmbH"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADER)
    writer.writerows(rows)
    job = checked(buffer.getvalue().encode("utf-16"))
    assert job.columns == HEADER
    assert job.status == ImportStatus.CHECKED, job.errors
    apply_import(job=job)
    assert Company.objects.filter(name="Müller Süßwaren GmbH").exists()


def test_an_unclosed_quote_does_not_swallow_the_rest_of_the_file(db):
    rows = [[*row[:9], ""] for row in make_rows(5)]  # no quoted tags: no quote to close it
    lines = to_csv(rows).decode().splitlines(keepends=True)
    lines[3] = '"' + lines[3]  # row 4 opens a quote that is never closed
    job = checked("".join(lines).encode())
    assert job.status == ImportStatus.REFUSED
    assert any(e["row"] == 4 and "quotation mark" in e["reason"] for e in job.errors)
    assert Company.objects.count() == 0


def test_a_quoted_value_over_several_lines_gets_a_note(db):
    text = to_csv(make_rows(3)).decode()
    lines = text.splitlines(keepends=True)
    lines[2] = lines[2].replace("Musterstraße 2", '"Musterstraße 2\nHinterhaus"')
    job = checked("".join(lines).encode())
    assert job.status == ImportStatus.CHECKED, job.errors
    assert any(w["row"] == 3 and "quotation mark" in w["reason"] for w in job.warnings)


def test_a_field_over_the_csv_limit_gets_a_clear_message(
    office_client, django_capture_on_commit_callbacks
):
    rows = make_rows(2)
    rows[1][0] = "x" * 140_000
    job = create_import_job(data=to_csv(rows), file_name="f.csv")
    response = post_mapping(office_client, job, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "131072" in job.message.replace(".", "").replace(",", "")
