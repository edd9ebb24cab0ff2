from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "khibra.recruitment"
    label = "recruitment"
    verbose_name = _("Recruitment")

    def ready(self) -> None:
        from khibra.core import schedule
        from khibra.opportunities import hooks as opportunity_hooks
        from khibra.organizations import hooks as organization_hooks
        from khibra.programs import hooks as program_hooks

        from . import selectors, tracker
        from .services.applications import tell_listing_closed
        from .services.responsiveness import run_housekeeping

        organization_hooks.organization_page_context.register(selectors.organization_page_context)
        # A listing closed at its deadline: its pending applicants hear it once.
        opportunity_hooks.listing_closed.register(tell_listing_closed)
        # Reminders, escalations and inactive opportunities (also `manage.py recruitment_housekeeping`).
        schedule.register("recruitment.housekeeping", run_housekeeping, every=schedule.HOURLY)
        # Step 6 of the program tracker, and its page under the program's address.
        tracker.register()
        program_hooks.program_urls.register(tracker.program_patterns)
