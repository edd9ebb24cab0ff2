from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _retention() -> list:
    from .services import apply_retention

    # Idempotent: each rule finds only what has expired since it last ran.
    return [(outcome.code, outcome.done) for outcome in apply_retention() if outcome.found]


class PrivacyConfig(AppConfig):
    name = "khibra.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        from khibra.core import schedule

        schedule.register("privacy.retention", _retention, every=schedule.HOURLY)
