from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "verbund.programmes"
    label = "programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        from verbund.programmes import publicity  # noqa: F401  (drops the footer cache on saves)
