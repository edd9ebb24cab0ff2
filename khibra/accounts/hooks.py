"""What accounts lets the apps above it react to (khibra.core.hooks)."""

from khibra.core.hooks import Hook

privacy_notice_accepted = Hook(
    "accounts.privacy_notice_accepted",
    "privacy_notice_accepted(acceptance=PolicyAcceptance, request=HttpRequest | None): a person accepted "
    "the privacy notice in force (first time, or again after withdrawing). Privacy records the consents "
    "the notice gives, in the same transaction.",
)

password_replaced = Hook(
    "accounts.password_replaced",
    "password_replaced(user=User): an existing account's password was replaced, by any path (changed, "
    "reset, set, the admin, `changepassword`), right after the save. The API revokes the person's tokens.",
)

national_identity_proven = Hook(
    "accounts.national_identity_proven",
    "national_identity_proven(user=User, national_id=str, full_name=str): the national single sign-on "
    "vouched for this person's national ID and name (a new account, a sign-in, or an account connected "
    "to it). Volunteers marks the identity verified, in the same request.",
)
