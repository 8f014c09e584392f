"""Who may run and read site analyses (django-rules, checked on every object).

The office and consultancies (the applicant role) start analyses; the auditor reads every run and
changes nothing; a consultancy sees only its own runs. Other roles have no access.
"""

import rules

from verbund.core.rules import can_read_everything, is_applicant, is_office


@rules.predicate
def is_own_run(user, run) -> bool:
    return run is not None and user.is_authenticated and run.created_by_id == user.pk


is_consultancy = is_applicant
can_start = is_office | is_consultancy

rules.add_perm("clusters.view_index", can_read_everything | is_consultancy)
rules.add_perm("clusters.add_analysisrun", can_start)
rules.add_perm("clusters.view_analysisrun", can_read_everything | (is_consultancy & is_own_run))
rules.add_perm("clusters.add_referencetotals", can_start)
rules.add_perm(
    "clusters.repeat_analysisrun", can_start & (is_office | (is_consultancy & is_own_run))
)
