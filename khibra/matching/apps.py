from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _digests() -> dict:
    from .services import send_digests

    # Each period's digest goes out once, at the first run of the period (dedupe key).
    return {frequency: send_digests(frequency=frequency) for frequency in ("daily", "weekly")}


class MatchingConfig(AppConfig):
    name = "khibra.matching"
    verbose_name = _("Matching and alerts")

    def ready(self):
        from khibra.core import leases, schedule

        from . import services

        leases.register(leases.Sweep("matching.alerts", services.sweep_alerts))
        schedule.register("matching.digests", _digests, every=schedule.HOURLY)
