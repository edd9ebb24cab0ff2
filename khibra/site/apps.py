from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The pages around the domain: the home page, the dashboard a person lands on after logging
    in, and the navigation bar every page shows. Above the API, below the demo world."""

    name = "khibra.site"
    label = "site"
    verbose_name = _("Site pages")
