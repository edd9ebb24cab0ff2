from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NationalSsoConfig(AppConfig):
    name = "khibra.accounts.national_sso"
    label = "national_sso"
    verbose_name = _("National single sign-on")
