from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "khibra.agreements"
    label = "agreements"
    verbose_name = _("Agreements")

    def ready(self) -> None:
        from . import tracker

        tracker.register()
