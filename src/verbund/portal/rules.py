"""Who may do what in the portal (the object checks live in `domain.queries`: `is_admin_of`,
`may_moderate`, `visible_post`; views answer 404 for what a user may not see)."""

import rules

from verbund.core.rules import is_office

rules.add_perm("portal.decide_claims", is_office)
