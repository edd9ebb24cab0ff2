from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "khibra.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation and learning")

    def ready(self) -> None:
        from khibra.engagements import hooks as engagement_hooks
        from khibra.programs import hooks as program_hooks

        from . import documents, services, tracker

        # A closed engagement sends its survey (after the certificates: INSTALLED_APPS order).
        engagement_hooks.engagement_closed.register(services.on_engagement_closed)
        tracker.register()
        # The board documents (PDF) under the program's address.
        program_hooks.program_urls.register(documents.program_patterns)
