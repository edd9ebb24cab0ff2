from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpportunitiesConfig(AppConfig):
    name = "khibra.opportunities"
    label = "opportunities"
    verbose_name = _("Opportunities")

    def ready(self) -> None:
        from khibra.programs import hooks as program_hooks

        from . import tracker, urls

        program_hooks.program_urls.register(urls.program_patterns)
        tracker.register()
