"""What engagements lets the apps above it do (khibra.core.hooks)."""

from khibra.core.hooks import Hook

engagement_started = Hook(
    "engagements.engagement_started",
    """An engagement was started and its workspace prepared, in the same transaction (providers asks
    each program the volunteer belongs to for approval). Called as (engagement=).""",
)

engagement_closed = Hook(
    "engagements.engagement_closed",
    """An engagement was closed, completed or not, in the same transaction and in registration order:
    certificates issues what it earns, evaluation sends the survey. Called as (engagement=, by=).""",
)

logged_hours = Hook(
    "engagements.logged_hours",
    """Approved and pending hours of engagements, as {engagement id: Decimal}, for the care board
    (hours). Unanswered, hours are not tracked and the board shows “—”. Called as (engagement_ids).""",
)

logged_hour_entries = Hook(
    "engagements.logged_hour_entries",
    """The approved and the pending hour entries of the outer query's engagement (correlated on
    OuterRef("pk")), as (approved, pending) querysets with an `hours` column: the care board sums them
    in SQL (hours). Unanswered, as logged_hours. Called without arguments.""",
)
