"""What agreements asks the apps above it (khibra.core.hooks)."""

from khibra.core.hooks import Hook

volunteer_selected = Hook(
    "agreements.volunteer_selected",
    "volunteer_selected(user=User, opportunity_id=int) -> True when the user was selected for the "
    "opportunity (an active engagement on it, or an accepted application), else None. Asked with "
    "first(): a selected volunteer may read and accept its agreement. Engagements answers.",
)
