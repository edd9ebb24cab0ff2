from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "khibra.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from khibra.opportunities import hooks as opportunity_hooks

        from . import selectors

        opportunity_hooks.public_annotations.register(selectors.opportunity_public_annotations)
        opportunity_hooks.public_page_context.register(selectors.opportunity_public_page_context)
