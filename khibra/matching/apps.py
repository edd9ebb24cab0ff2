from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _digests() -> dict:
    from .alerts import send_digests

    # Each period's digest goes out once, at the first run of the period (dedupe key).
    return {frequency: send_digests(frequency=frequency) for frequency in ("daily", "weekly")}


class MatchingConfig(AppConfig):
    name = "khibra.matching"
    verbose_name = _("Matching and alerts")

    def ready(self):
        """Keep the term index in step with profiles and opportunities, and alert on publishing;
        alert delivery's leases in the periodic sweep, the digests in the hourly schedule."""
        from khibra.core import leases, schedule
        from khibra.opportunities import hooks as opportunity_hooks
        from khibra.recruitment import hooks as recruitment_hooks
        from khibra.volunteers import hooks as volunteer_hooks

        from . import alerts, index, ranking, tasks

        volunteer_hooks.profile_changed.register(index.refresh_volunteer)
        volunteer_hooks.identity_changed.register(index.refresh_match_entries)
        opportunity_hooks.opportunity_changed.register(index.refresh_opportunity)
        opportunity_hooks.opportunity_published.register(tasks.fan_out_alerts_on_commit)
        # The fit shown on each applicant's card of the selection board.
        recruitment_hooks.applicant_fits.register(ranking.applicant_fits)
        leases.register(alerts.DELIVERY)
        schedule.register("matching.digests", _digests, every=schedule.HOURLY)
