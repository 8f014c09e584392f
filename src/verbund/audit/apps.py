from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "verbund.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from verbund.audit import signals

        signals.connect()
