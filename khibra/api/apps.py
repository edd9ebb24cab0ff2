from allauth.account.signals import password_changed, password_reset, password_set
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "khibra.api"
    label = "api"
    verbose_name = _("API")

    def ready(self):
        from khibra.core import unavailable
        from khibra.privacy import hooks as privacy_hooks

        from . import services
        from .errors import error_response
        from .middleware import language_of

        # While the database is down, core's 503 answers API requests in the API's shape and language.
        unavailable.api_language.register(language_of)
        unavailable.api_error.register(error_response)
        # Erasing an account revokes its tokens; the use of a token, or of an organization's key
        # (it acts as its creator), counts as the person's activity for retention.
        privacy_hooks.account_erased.register(services.revoke_tokens_of_erased)
        privacy_hooks.last_activity.register(services.last_token_use)
        privacy_hooks.last_activity.register(services.last_key_use)
        # A new password (changed, reset through the e-mailed link, or set) revokes every token;
        # Django itself ends the other sessions (their hash no longer matches the password).
        for signal in (password_changed, password_reset, password_set):
            signal.connect(_revoke_tokens, dispatch_uid=f"khibra.api.revoke_tokens.{id(signal)}")


def _revoke_tokens(sender, request=None, user=None, **kwargs) -> None:
    from . import services

    if user is not None:
        services.revoke_tokens_for_new_password(user=user)
