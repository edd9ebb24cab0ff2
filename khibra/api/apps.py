from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "khibra.api"
    label = "api"
    verbose_name = _("API")

    def ready(self):
        from khibra.accounts import hooks as accounts_hooks
        from khibra.core import schedule, unavailable
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
        # A new password, however it was replaced (changed, reset through the e-mailed link, set,
        # the admin, `changepassword`), revokes every token; Django itself ends the other sessions
        # (their hash no longer matches the password).
        accounts_hooks.password_replaced.register(services.revoke_tokens_for_new_password)
        schedule.register("api.forget_stale_tokens", services.forget_stale_tokens, every=schedule.HOURLY)
