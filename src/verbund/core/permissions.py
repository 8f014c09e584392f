"""The two permission answers every view gives, in one place (the predicates live in rules.py).

``require``: 403 for an action the user may not do. ``visible_or_404``: 404 for an object the user
may not see, so that its existence is not revealed.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404


def require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def visible_or_404[T](request, perm: str, obj: T | None) -> T:
    if obj is None or not request.user.has_perm(perm, obj):
        raise Http404
    return obj
