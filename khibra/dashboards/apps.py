from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "khibra.dashboards"
    label = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self):
        from khibra.providers import hooks as provider_hooks

        from . import (
            exports,  # noqa: F401  (registers the dashboard tables as export kinds)
            provider,
        )

        # The provider's program pages show hours, certificates and surveys, read here.
        provider_hooks.program_figures.register(provider.program_figures)
        provider_hooks.member_figures.register(provider.member_figures)
