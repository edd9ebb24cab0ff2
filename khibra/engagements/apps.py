from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementsConfig(AppConfig):
    name = "khibra.engagements"
    label = "engagements"
    verbose_name = _("Engagements")

    def ready(self) -> None:
        from khibra.agreements import hooks as agreement_hooks
        from khibra.core import schedule
        from khibra.programs import hooks as program_hooks
        from khibra.recruitment import hooks as recruitment_hooks

        from . import selectors, services, tracker

        # Accepting an application starts its engagement; withdrawing it after that ends it.
        recruitment_hooks.application_accepted.register(services.start_engagement)
        recruitment_hooks.accepted_application_withdrawn.register(services.withdraw_accepted_application)
        agreement_hooks.volunteer_selected.register(selectors.selected_for)
        # Late weekly reports (also `manage.py engagement_housekeeping`).
        schedule.register("engagements.housekeeping", services.engagement_housekeeping, every=schedule.HOURLY)
        # Step 7 of the program tracker (and who still has to accept an agreement, for step 4).
        tracker.register()
        program_hooks.program_urls.register(tracker.program_patterns)
