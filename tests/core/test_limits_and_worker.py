"""A body over the upload limit is refused before it is read; the worker survives a locked database."""

import logging

import pytest
from django.db import OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_body_over_the_limit_is_refused_before_it_is_read(settings, office_user):
    settings.VERBUND_MAX_UPLOAD_BYTES = 1024 * 1024
    client = Client()
    client.force_login(office_user)
    big = b"x" * (3 * 1024 * 1024)
    response = client.generic(
        "POST", "/companies/imports/", big, content_type="application/octet-stream"
    )
    assert response.status_code == 413
    assert "1 MB" in response.content.decode()
    small = client.post("/companies/imports/", {})
    assert small.status_code != 413


def test_the_worker_waits_and_carries_on_when_the_database_is_locked(monkeypatch, caplog):
    import verbund.__main__ as command

    calls = []

    def fake_django(*args):
        calls.append(args)
        if len(calls) < 3:
            raise OperationalError("database is locked")

    monkeypatch.setattr(command, "_django", fake_django)
    monkeypatch.setattr(command, "_setup", lambda: None)
    monkeypatch.setattr(command.time, "sleep", lambda seconds: None)
    monkeypatch.setattr(command.threading, "Thread", _NoThread)
    with caplog.at_level(logging.WARNING, logger="verbund"):
        command.worker([])
    assert [c[0] for c in calls] == ["db_worker"] * 3
    assert sum("database unavailable" in r.getMessage() for r in caplog.records) == 2


class _NoThread:
    def __init__(self, *args, **kwargs):
        pass

    def start(self):
        pass
