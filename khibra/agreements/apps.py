from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "khibra.agreements"
    label = "agreements"
    verbose_name = _("Agreements")

    def ready(self) -> None:
        from khibra.opportunities import hooks as opportunity_hooks
        from khibra.programs import hooks as program_hooks

        from . import tracker
        from .selectors import partner_involved
        from .services import on_opportunity_changed

        # The service-model chooser asks whether a partner takes part in an opportunity.
        opportunity_hooks.partner_involved.register(partner_involved)
        # The description is the agreement: an edit after acceptance makes a new version.
        opportunity_hooks.opportunity_changed.register(on_opportunity_changed)
        tracker.register()
        program_hooks.program_urls.register(tracker.program_patterns)
