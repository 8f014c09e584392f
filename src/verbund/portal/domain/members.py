"""Join requests from the portal: a company's admin asks to join a network, the carrier answers
with a message. The request and the decision are the networks app's (`networks.domain.members`);
the portal adds the reply text and the mails (see `signals`)."""

from django.db import transaction
from django.utils.translation import gettext as _

from verbund.core.audit import save_as
from verbund.networks.domain import members as network_members
from verbund.networks.models import JoinRequest, Network
from verbund.portal.domain.errors import PortalError
from verbund.portal.models import CompanyAdmin, JoinReply


@transaction.atomic
def ask_to_join(*, user, network: Network, company, message: str = "") -> JoinRequest:
    if company is None or not CompanyAdmin.objects.filter(user=user, company=company).exists():
        raise PortalError(_("Only the company's admins ask for it."), field="company")
    if not network.is_public:
        raise PortalError(_("This network takes no requests."))
    if len(message or "") > 2000:
        raise PortalError(_("At most %(n)s characters.") % {"n": 2000}, field="message")
    return network_members.request_join(
        network=network, company=company, user=user, message=(message or "").strip()
    )


@transaction.atomic
def answer_join_request(
    *, user, join_request: JoinRequest, accept: bool, message: str = ""
) -> JoinRequest:
    """Accept or decline with a message to the company (the carrier of the network or the office)."""
    from verbund.portal.domain.queries import may_moderate

    join_request = JoinRequest.objects.select_related("network").get(pk=join_request.pk)
    if not may_moderate(user, join_request.network):
        raise PortalError(_("Only the network's carrier or the office decides."))
    if len(message or "") > 2000:
        raise PortalError(_("At most %(n)s characters.") % {"n": 2000}, field="message")
    reply, _created = JoinReply.objects.get_or_create(join_request=join_request)
    reply.message = (message or "").strip()
    save_as(reply, user)
    return network_members.decide_join(join_request=join_request, accept=accept, user=user)
