from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementsConfig(AppConfig):
    name = "khibra.engagements"
    label = "engagements"
    verbose_name = _("Engagements")

    def ready(self) -> None:
        from khibra.agreements import hooks as agreement_hooks

        from . import selectors

        agreement_hooks.volunteer_selected.register(selectors.selected_for)
