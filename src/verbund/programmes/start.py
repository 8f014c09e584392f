"""The programmes app on the start pages and in the navigation (see verbund.core.start)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.start import nav

nav(_("Projects"), "programmes:project_list", order=10)
