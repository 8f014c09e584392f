"""A database that stays locked past SQLite's busy timeout answers with a clear page, not a 500.

On SQLite one writer holds the write lock at a time; a long import can hold it longer than the 20 s
busy timeout. Any request whose write then fails with "database is locked" gets a 503 page that says
what happens and what to do, and nothing of that request is written (its transaction rolled back).
"""

from django.db import OperationalError
from django.shortcuts import render


class BusyDatabaseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError) and "locked" in str(exception).lower():
            response = render(request, "core/database_busy.html", status=503)
            response["Retry-After"] = "30"
            return response
        return None
