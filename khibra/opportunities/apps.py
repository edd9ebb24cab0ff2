from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpportunitiesConfig(AppConfig):
    name = "khibra.opportunities"
    label = "opportunities"
    verbose_name = _("Opportunities")

    def ready(self) -> None:
        from khibra.core import schedule
        from khibra.programs import hooks as program_hooks

        from . import tracker, urls
        from .services.listings import close_due_listings

        program_hooks.program_urls.register(urls.program_patterns)
        tracker.register()
        # Listings past their application deadline or end date close themselves.
        schedule.register("opportunities.close_due_listings", close_due_listings, every=schedule.HOURLY)
