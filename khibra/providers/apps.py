from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvidersConfig(AppConfig):
    name = "khibra.providers"
    label = "providers"
    verbose_name = _("Provider programs")

    def ready(self):
        from khibra.engagements import hooks as engagement_hooks
        from khibra.recruitment import hooks as recruitment_hooks

        from . import selectors, services

        # Each program the volunteer belongs to is asked to approve a new engagement (issue 7).
        engagement_hooks.engagement_started.register(services.open_participations)
        # Selection boards show an employer only as the volunteer allowed.
        recruitment_hooks.employers.register(selectors.visible_providers)
