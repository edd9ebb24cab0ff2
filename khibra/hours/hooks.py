"""What hours lets the apps above it do (khibra.core.hooks)."""

from khibra.core.hooks import Hook

hours_approved = Hook(
    "hours.hours_approved",
    """Hour entries were approved, in the same transaction (national queues them for the national
    record of hours). Called as (entry_ids=).""",
)
