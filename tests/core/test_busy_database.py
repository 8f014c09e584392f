"""A write that meets a locked SQLite database gets the clear 503 page, never a server error."""

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from verbund.core.middleware import BusyDatabaseMiddleware

pytestmark = pytest.mark.django_db


def test_a_locked_database_answers_503_with_a_message():
    middleware = BusyDatabaseMiddleware(lambda request: None)
    request = RequestFactory().post("/companies/new/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = middleware.process_exception(request, OperationalError("database is locked"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "bitte versuchen Sie es gleich noch einmal" in response.content.decode()


def test_other_database_errors_are_not_hidden():
    middleware = BusyDatabaseMiddleware(lambda request: None)
    request = RequestFactory().get("/")
    assert middleware.process_exception(request, OperationalError("no such table: x")) is None
