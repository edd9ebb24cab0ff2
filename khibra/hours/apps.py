from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HoursConfig(AppConfig):
    name = "khibra.hours"
    verbose_name = _("Volunteer hours")

    def ready(self):
        from khibra.engagements import hooks as engagement_hooks

        from . import selectors

        # The care board weighs the hours logged against the plan.
        engagement_hooks.logged_hours.register(selectors.logged_hours_by_engagement)
        engagement_hooks.logged_hour_entries.register(selectors.entries_of_outer_engagement)
