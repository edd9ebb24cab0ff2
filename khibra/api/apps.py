from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "khibra.api"
    label = "api"
    verbose_name = _("API")

    def ready(self):
        from khibra.privacy import hooks as privacy_hooks

        from . import services

        privacy_hooks.account_erased.register(services.revoke_tokens_of_erased)
        privacy_hooks.last_activity.register(services.last_token_use)
