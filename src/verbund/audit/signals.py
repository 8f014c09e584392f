"""Sign-ins, failed sign-ins and sign-outs go into the access log (Django's auth signals, which
allauth's login sends too). A failed attempt records the user name as typed, never the password."""

from django.contrib.auth import signals

from verbund.core.models import AccessKind, record_access


def _logged_in(sender, request, user, **kwargs):
    record_access(kind=AccessKind.LOGIN, request=request, user=user)


def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record_access(kind=AccessKind.LOGOUT, request=request, user=user)


def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username") or credentials.get("email") or "")
    record_access(kind=AccessKind.LOGIN_FAILED, request=request, username=username)


def connect() -> None:
    signals.user_logged_in.connect(_logged_in, dispatch_uid="audit_logged_in")
    signals.user_logged_out.connect(_logged_out, dispatch_uid="audit_logged_out")
    signals.user_login_failed.connect(_login_failed, dispatch_uid="audit_login_failed")
