"""What privacy lets the apps above it add to erasure and retention (see khibra/core/hooks.py)."""

from khibra.core.hooks import Hook

account_erased = Hook(
    "privacy.account_erased",
    "An account is being erased, inside the erasure's transaction: receiver(user=, now=). "
    "End whatever still lets the person act (API tokens…).",
)

last_activity = Hook(
    "privacy.last_activity",
    "receiver() -> a one-column queryset of the latest activity of the user at OuterRef('pk') "
    "(e.g. the last use of an API token); retention counts an account as seen then.",
)
