from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementsConfig(AppConfig):
    name = "khibra.engagements"
    label = "engagements"
    verbose_name = _("Engagements")

    def ready(self):
        from khibra.core import schedule

        from .services import engagement_housekeeping

        schedule.register("engagements.housekeeping", engagement_housekeeping, every=schedule.HOURLY)
