from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "khibra.matching"
    verbose_name = _("Matching and alerts")

    def ready(self):
        """Keep the term index in step with profiles and opportunities, and alert on publishing."""
        from khibra.opportunities import hooks as opportunity_hooks
        from khibra.volunteers import hooks as volunteer_hooks

        from . import index, tasks

        volunteer_hooks.profile_changed.register(index.refresh_volunteer)
        volunteer_hooks.identity_changed.register(index.refresh_match_entries)
        opportunity_hooks.opportunity_changed.register(index.refresh_opportunity)
        opportunity_hooks.opportunity_published.register(tasks.fan_out_alerts_on_commit)
