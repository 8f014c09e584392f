from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
]
urlpatterns += i18n_patterns(
    path("", include("verbund.core.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("projects/", include("verbund.programmes.urls")),
    path("companies/", include("verbund.companies.urls")),
    path("analysis/", include("verbund.clusters.urls")),
    path("competitions/", include("verbund.competitions.urls")),
    path("networks/", include("verbund.networks.urls")),
    path("contracts/", include("verbund.contracts.urls")),
    path("events/", include("verbund.events.urls")),
    prefix_default_language=False,
)
