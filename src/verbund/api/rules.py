"""Who may write through the API: the same predicates as the portal's pages (django-rules).

The carrier of a network (and the office) writes its news and moderates its board; the object
check is `portal.domain.queries.may_moderate`, which the pages use too.
"""

import rules

from verbund.portal.domain.queries import may_moderate


@rules.predicate
def moderates_network(user, network) -> bool:
    return network is not None and may_moderate(user, network)


rules.add_perm("api.write_network_news", moderates_network)
rules.add_perm("api.moderate_network_posts", moderates_network)
