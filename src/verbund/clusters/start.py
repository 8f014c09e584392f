"""The cluster-potential analysis on the start pages and in the navigation (see verbund.core.start)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.start import nav

nav(_("Analysis"), "clusters:index", perm="clusters.view_index", order=40)
