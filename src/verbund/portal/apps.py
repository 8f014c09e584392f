from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "verbund.portal"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from verbund.portal.domain import signals  # noqa: F401  (connects the join-request mails)
        from verbund.portal.domain.search import signals as search_signals

        search_signals.connect()  # keeps the partner search's index current (search helper)
