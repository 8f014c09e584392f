"""Who may use the audit pages: the office and the auditor read everything; nobody else sees them."""

import rules

from verbund.core.rules import can_read_everything

rules.add_perm("audit.view_log", can_read_everything)
rules.add_perm("audit.export_project", can_read_everything)
rules.add_perm("audit.view_retention", can_read_everything)
