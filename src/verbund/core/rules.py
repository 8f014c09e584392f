"""Permission predicates shared by every app (apps combine them in their own rules.py)."""

import rules

from verbund.core.roles import Role, has_role


@rules.predicate
def is_office(user) -> bool:
    return has_role(user, Role.OFFICE)


@rules.predicate
def is_auditor(user) -> bool:
    return has_role(user, Role.AUDITOR)


@rules.predicate
def is_reviewer(user) -> bool:
    return has_role(user, Role.REVIEWER)


@rules.predicate
def is_carrier(user) -> bool:
    return has_role(user, Role.CARRIER)


@rules.predicate
def is_member(user) -> bool:
    return has_role(user, Role.MEMBER)


@rules.predicate
def is_applicant(user) -> bool:
    return has_role(user, Role.APPLICANT)


can_read_everything = is_office | is_auditor
"""The office works on everything; the auditor reads everything and changes nothing."""

rules.add_perm("core.view_history", can_read_everything)
rules.add_perm("core.view_dashboard", rules.is_authenticated)
rules.add_perm("core.invite", is_office)
