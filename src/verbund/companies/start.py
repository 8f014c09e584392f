"""The company register on the start pages and in the navigation (see verbund.core.start)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.start import nav

nav(_("Companies"), "companies:company_list", perm="companies.view_company", order=30)
