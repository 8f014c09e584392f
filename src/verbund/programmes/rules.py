"""Who may do what with programmes and projects.

Public projects (and every programme and measure) are readable by anyone, including anonymous
visitors; projects not yet published only by the office and the auditor. Only the office writes.
"""

import rules

from verbund.core.rules import can_read_everything, is_office


@rules.predicate
def is_public_project(user, project) -> bool:
    return project is not None and project.is_public


can_view_project = is_public_project | can_read_everything

rules.add_perm("programmes.view_project", can_view_project)
rules.add_perm("programmes.add_project", is_office)
rules.add_perm("programmes.change_project", is_office)
rules.add_perm("programmes.view_programme", rules.always_allow)
rules.add_perm("programmes.add_programme", is_office)
rules.add_perm("programmes.change_programme", is_office)
rules.add_perm("programmes.view_measure", rules.always_allow)
rules.add_perm("programmes.add_measure", is_office)
rules.add_perm("programmes.change_measure", is_office)
rules.add_perm("programmes.view_organisation", can_read_everything)
rules.add_perm("programmes.add_organisation", is_office)
rules.add_perm("programmes.change_organisation", is_office)
rules.add_perm("programmes.view_fundingsource", can_read_everything)
rules.add_perm("programmes.add_fundingsource", is_office)
rules.add_perm("programmes.change_fundingsource", is_office)
