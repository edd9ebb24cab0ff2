from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "khibra.agreements"
    label = "agreements"
    verbose_name = _("Agreements")

    def ready(self):
        """Tell the service-model chooser whether a partner takes part in an opportunity."""
        from khibra.opportunities import hooks as opportunity_hooks

        from .selectors import partner_involved

        opportunity_hooks.partner_involved.register(partner_involved)
