from datetime import timedelta

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class NationalConfig(AppConfig):
    name = "khibra.national"
    label = "national"
    verbose_name = _("National services")

    def ready(self):
        from khibra.core import leases, schedule
        from khibra.hours import hooks as hour_hooks

        from . import figures, services

        # Approved hours are queued for the national record in the approval's transaction.
        hour_hooks.hours_approved.register(services.on_hours_approved)
        leases.register(services.RECORDS)
        schedule.register(
            "national.hour_records", services.catch_up, every=timedelta(seconds=settings.NATIONAL_RECORD_EVERY_SECONDS)
        )
        schedule.register(
            "national.open_figures", figures.refresh, every=timedelta(seconds=settings.OPEN_FIGURES_EVERY_SECONDS)
        )
