from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "khibra.programs"
    label = "programs"
    verbose_name = _("Volunteering programs")

    def ready(self) -> None:
        from . import steps

        steps.register()
