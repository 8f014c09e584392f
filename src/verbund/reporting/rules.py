"""Who may see and change reporting (django-rules).

The office and the auditor read every indicator, value, progress page and report, and the lists of
enterprises behind a value; only the office enters values, edits indicators and starts reports.
Carriers, member companies, applicants and the public see indicators only where they are published:
the fact sheet and the open-data files.
"""

import rules

from verbund.core.rules import can_read_everything, is_office

rules.add_perm("reporting.view_reporting", can_read_everything)
rules.add_perm("reporting.view_enterprises", can_read_everything)
rules.add_perm("reporting.change_indicator", is_office)
rules.add_perm("reporting.add_reportjob", is_office)
