"""Who may do what with networks.

The public sees public networks; a network's carrier (its acting users) and accompanying
consultancy see and edit its catalogue; the carrier manages its members; a member company sees its
networks' internal pages and changes nothing but its own membership (it may leave); the office does
everything; the auditor reads everything and changes nothing.
"""

import rules

from verbund.core.rules import can_read_everything, is_office
from verbund.networks.domain.queries import user_kinds
from verbund.networks.enums import ActorKind


def _network(obj):
    return getattr(obj, "network", obj)


@rules.predicate
def is_public_network(user, network) -> bool:
    return network is not None and _network(network).is_public


@rules.predicate
def is_network_carrier(user, obj) -> bool:
    return obj is not None and ActorKind.CARRIER in user_kinds(user, _network(obj))


@rules.predicate
def is_network_companion(user, obj) -> bool:
    return obj is not None and ActorKind.COMPANION in user_kinds(user, _network(obj))


@rules.predicate
def is_network_member(user, obj) -> bool:
    network = _network(obj) if obj is not None else None
    return network is not None and bool(
        {"member", ActorKind.MEMBER_ADMIN} & user_kinds(user, network)
    )


@rules.predicate
def is_own_membership(user, membership) -> bool:
    from verbund.networks.domain.queries import own_company_ids

    return membership is not None and membership.company_id in own_company_ids(
        user, membership.network
    )


can_edit_catalogue = is_office | is_network_carrier | is_network_companion
can_view_internal = can_read_everything | can_edit_catalogue | is_network_member

rules.add_perm("networks.view_network", is_public_network | can_view_internal)
rules.add_perm("networks.view_internal", can_view_internal)
rules.add_perm("networks.add_network", is_office)
rules.add_perm("networks.change_network", is_office)
rules.add_perm("networks.view_overview", can_read_everything)
rules.add_perm("networks.manage_members", is_office | is_network_carrier)
rules.add_perm("networks.edit_catalogue", can_edit_catalogue)
rules.add_perm("networks.submit_catalogue", can_edit_catalogue)
rules.add_perm("networks.approve_catalogue", is_office)
rules.add_perm("networks.record_activity", can_edit_catalogue)
rules.add_perm("networks.leave_membership", is_office | is_network_carrier | is_own_membership)
