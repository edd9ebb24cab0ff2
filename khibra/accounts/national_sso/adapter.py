"""What happens when the national single sign-on vouches for someone (SOCIALACCOUNT_ADAPTER).

- A new person signs up: the sign-up form always shows (the personal-data consent is theirs to
  give, and the e-mail is theirs to type and then confirm); the name is the one the provider
  gives; the national ID and name go to the volunteers app through
  `accounts.hooks.national_identity_proven`.
- An account already connected signs in: the ID and name are passed on again (a name changed in
  the national record reaches the profile).
- An existing e-mail account is linked only while its owner is signed in to it and starts the
  connection from the identity page (allauth's "connect"): never by a matching e-mail address
  alone (EMAIL_AUTHENTICATION is off, and the sign-up form refuses an address that has an account).
"""

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter

from khibra.accounts import hooks

from . import claims


class NationalSsoAdapter(DefaultSocialAccountAdapter):
    def is_auto_signup_allowed(self, request, sociallogin) -> bool:
        return False

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.full_name = claims.full_name(sociallogin.account.extra_data) or user.full_name
        return user

    def save_user(self, request, sociallogin, form=None):
        from django.utils.translation import get_language

        sociallogin.user.preferred_language = (get_language() or "ar")[:2]
        user = super().save_user(request, sociallogin, form=form)
        _vouch(user, sociallogin)
        return user

    def pre_social_login(self, request, sociallogin) -> None:
        if sociallogin.state.get("process") == "connect":
            user = request.user
            if not user.is_authenticated or (sociallogin.is_existing and sociallogin.user.pk != user.pk):
                return  # allauth refuses: the national account belongs to another account
            _vouch(user, sociallogin)
        elif sociallogin.is_existing:
            _vouch(sociallogin.user, sociallogin)


def _vouch(user, sociallogin) -> None:
    data = sociallogin.account.extra_data
    hooks.national_identity_proven(user=user, national_id=claims.national_id(data), full_name=claims.full_name(data))
