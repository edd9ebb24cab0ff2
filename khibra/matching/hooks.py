"""What matching lets the apps above it react to (see khibra/core/hooks.py)."""

from khibra.core.hooks import Hook

alerts_unsubscribed = Hook(
    "matching.alerts_unsubscribed",
    "A person turned alerts off (the e-mail's one-click link, or any other way), inside the "
    "change's transaction: receiver(user=). Privacy withdraws the alerts consent, so the "
    "consent record says what the person did and the consent page can turn alerts back on.",
)
