"""Who may do what in the company register.

Business data (names, addresses, WZ codes, size) comes from public registers and is readable by every
signed-in role (carriers and applicants pick partners from it). Contact persons are personal data: only
the office, the auditor (reads everything) and the users of that same company see them. Only the office
changes anything.
"""

import rules

from verbund.core.rules import (
    can_read_everything,
    is_applicant,
    is_auditor,
    is_carrier,
    is_member,
    is_office,
    is_reviewer,
)


@rules.predicate
def works_for_company(user, company) -> bool:
    if company is None or not getattr(user, "is_authenticated", False):
        return False
    return company.affiliations.filter(user=user).exists()


has_a_role = is_office | is_auditor | is_carrier | is_reviewer | is_member | is_applicant

rules.add_perm("companies.view_company", has_a_role)
rules.add_perm("companies.view_contacts", can_read_everything | works_for_company)
rules.add_perm("companies.export_company", is_office | is_auditor | is_carrier)
rules.add_perm("companies.change_company", is_office)
rules.add_perm("companies.add_company", is_office)
rules.add_perm("companies.delete_company", is_office)
rules.add_perm("companies.merge_company", is_office)
rules.add_perm("companies.import_company", is_office)
rules.add_perm("companies.view_import", can_read_everything)
rules.add_perm("companies.change_area", is_office)
rules.add_perm("companies.view_area", has_a_role)
rules.add_perm("companies.view_wzcode", rules.is_authenticated)
