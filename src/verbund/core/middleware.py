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


class RequireMfaMiddleware:
    """Office, reviewers and auditors must set up two-factor sign-in before anything else
    (where `VERBUND_REQUIRE_MFA` is on: by default in production, off in the demo)."""

    ALLOWED_PREFIXES = ("/accounts/", "/en/accounts/", "/static/", "/i18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        user = getattr(request, "user", None)
        if (
            settings.VERBUND_REQUIRE_MFA
            and user is not None
            and user.is_authenticated
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and _needs_mfa(user)
        ):
            from django.shortcuts import redirect

            return redirect("mfa_activate_totp")
        return self.get_response(request)


def _needs_mfa(user) -> bool:
    from allauth.mfa.models import Authenticator
    from django.conf import settings

    from verbund.core.roles import user_roles

    if not set(settings.VERBUND_MFA_ROLES) & set(user_roles(user)):
        return False
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class BodySizeLimitMiddleware:
    """Refuse a request body over the documented upload limit before anything reads it.

    Django streams file uploads to a temporary file before any form can check their size; a 200 MB
    body would be written to disk first. A declared Content-Length over `VERBUND_MAX_UPLOAD_BYTES`
    (plus a little room for the other form fields) answers 413 at once with a page that names the
    limit.
    """

    ROOM = 1024 * 1024

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        limit = settings.VERBUND_MAX_UPLOAD_BYTES + self.ROOM
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            from django.http import HttpResponse
            from django.template.loader import render_to_string
            from django.utils import translation

            language = "en" if request.path.startswith("/en/") else settings.LANGUAGE_CODE
            megabytes = round(settings.VERBUND_MAX_UPLOAD_BYTES / 1024 / 1024)
            with translation.override(language):
                body = render_to_string(
                    "core/too_large.html", {"megabytes": megabytes, "LANGUAGE_CODE": language}
                )
            return HttpResponse(body, status=413)
        return self.get_response(request)
