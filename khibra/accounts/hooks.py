"""What accounts lets the apps above it react to (khibra.core.hooks)."""

from khibra.core.hooks import Hook

privacy_notice_accepted = Hook(
    "accounts.privacy_notice_accepted",
    "privacy_notice_accepted(acceptance=PolicyAcceptance, request=HttpRequest | None): a person accepted "
    "the privacy notice in force (first time, or again after withdrawing). Privacy records the consents "
    "the notice gives, in the same transaction.",
)
