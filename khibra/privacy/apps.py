from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "khibra.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from khibra.accounts import hooks as account_hooks
        from khibra.volunteers import hooks as volunteer_hooks

        from . import services

        account_hooks.privacy_notice_accepted.register(services.record_notice_consent)
        volunteer_hooks.personal_data_viewed.register(services.log_personal_data_access)
