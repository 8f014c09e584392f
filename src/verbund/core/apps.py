from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "verbund.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("periodic")  # each app's periodic jobs register themselves
        autodiscover_modules("start")  # each app's start-page sections and navigation entries
        autodiscover_modules("sheets")  # each app's sections of the project pages and fact sheet
