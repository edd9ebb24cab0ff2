from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "khibra.api"
    label = "api"
    verbose_name = _("API")

    def ready(self):
        from khibra.core import unavailable

        from .errors import error_response
        from .middleware import language_of

        # While the database is down, core's 503 answers API requests in the API's shape and language.
        unavailable.api_language.register(language_of)
        unavailable.api_error.register(error_response)
