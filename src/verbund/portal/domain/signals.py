"""Mails for join requests, whichever page made or decided them.

The networks app may not import the portal, so the portal listens to its JoinRequest rows: a new
open request tells the network's carrier, a decision tells the people who act for the company.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from verbund.networks.models import JoinRequest
from verbund.portal.domain.notifications import notify


def _carriers(network):
    from django.contrib.auth import get_user_model

    from verbund.networks.enums import ActorKind

    return get_user_model().objects.filter(
        network_roles__network=network, network_roles__kind=ActorKind.CARRIER
    )


def _company_people(join_request):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(administered_companies__company=join_request.company)
    people = list(users)
    if join_request.requested_by_id and all(u.pk != join_request.requested_by_id for u in people):
        people.append(join_request.requested_by)
    return people


@receiver(post_save, sender=JoinRequest, dispatch_uid="portal_join_request_mails")
def join_request_saved(sender, instance: JoinRequest, created: bool, raw: bool = False, **kwargs):
    if raw:
        return
    if created and instance.state == "open":
        notify("join_requested", instance, users=_carriers(instance.network))
    elif not created and instance.state in ("accepted", "declined"):
        notify("join_decided", instance, users=_company_people(instance))
