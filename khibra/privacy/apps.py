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

    def ready(self) -> None:
        from khibra.accounts import hooks as account_hooks
        from khibra.core import schedule
        from khibra.matching import hooks as matching_hooks
        from khibra.volunteers import hooks as volunteer_hooks

        from . import services

        account_hooks.privacy_notice_accepted.register(services.record_notice_consent)
        volunteer_hooks.personal_data_viewed.register(services.log_personal_data_access)
        matching_hooks.alerts_unsubscribed.register(services.alerts_unsubscribed)
        schedule.register("privacy.retention", _retention, every=schedule.HOURLY)
