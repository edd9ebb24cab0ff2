from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "khibra.recruitment"
    label = "recruitment"
    verbose_name = _("Recruitment")

    def ready(self):
        from khibra.core import schedule

        from .services.responsiveness import run_housekeeping

        # Reminders, escalations and inactive opportunities (also `manage.py recruitment_housekeeping`).
        schedule.register("recruitment.housekeeping", run_housekeeping, every=schedule.HOURLY)
