from allauth.account import views as account_views
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # Machine-readable files and the API have no language prefix.
    path("open-data/", include("verbund.reporting.open_data_urls")),
    path("api/", include("verbund.api.urls")),
]
urlpatterns += i18n_patterns(
    path("", include("verbund.core.urls")),
    # The names "login" and "logout" stay for the templates and tests that use them.
    path("accounts/login/", account_views.login, name="login"),
    path("accounts/logout/", account_views.logout, name="logout"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("projects/", include("verbund.programmes.urls")),
    path("companies/", include("verbund.companies.urls")),
    path("analysis/", include("verbund.clusters.urls")),
    path("competitions/", include("verbund.competitions.urls")),
    path("networks/", include("verbund.networks.urls")),
    path("contracts/", include("verbund.contracts.urls")),
    path("events/", include("verbund.events.urls")),
    path("reporting/", include("verbund.reporting.urls")),
    path("portal/", include("verbund.portal.urls")),
    path("audit/", include("verbund.audit.urls")),
    prefix_default_language=False,
)
