from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "khibra.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation and learning")

    def ready(self) -> None:
        from . import tracker

        tracker.register()
