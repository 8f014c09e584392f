"""The roles the whole product uses.

A role is a Django group of the same name, so a person can hold several (a reviewer who also works for a
member company). Permission predicates live in each app's rules.py and build on `has_role`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICE = "office", _("Programme office")
    REVIEWER = "reviewer", _("Reviewer")
    CARRIER = "carrier", _("Network carrier")
    MEMBER = "member", _("Member company")
    APPLICANT = "applicant", _("Applicant")
    AUDITOR = "auditor", _("Auditor")


def user_roles(user) -> frozenset[str]:
    """The role names of a user, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_verbund_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached |= {Role.OFFICE}
        user._verbund_roles = cached
    return cached


def has_role(user, role: Role | str) -> bool:
    return str(role) in user_roles(user)
