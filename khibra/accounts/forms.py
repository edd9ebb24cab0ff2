from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.socialaccount.forms import SignupForm as SocialSignupForm
from django import forms
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from . import services
from .validators import validate_person_name


class MemberChoiceField(forms.ModelChoiceField):
    """A choice of people (the members of a team or organization), shown by name, else e-mail."""

    def label_from_instance(self, user) -> str:
        return user.full_name or user.email


class SignupForm(AllauthSignupForm):
    """E-mail sign-up with the person's name and the personal-data consent, saved together."""

    field_order = ["full_name", "email", "password1", "password2", "accept_privacy"]

    full_name = forms.CharField(
        label=_("Full name"), max_length=150, validators=[validate_person_name], widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "name"})
    )
    accept_privacy = forms.BooleanField(
        label=_("I agree that Khibra processes my personal data for the purposes in the privacy notice."),
        required=True,
        error_messages={"required": _("You must agree to the processing of your data to create an account.")},
    )

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def try_save(self, request):
        if self.account_already_exists:
            # Nothing is created (ACCOUNT_PREVENT_ENUMERATION), but the password is hashed all the
            # same so that a taken address does not answer measurably faster than a free one.
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)

    @transaction.atomic
    def save(self, request):
        user = super().save(request)
        services.accept_privacy(user=user, request=request)
        return user


class NationalSsoSignupForm(SocialSignupForm):
    """Sign-up after the national single sign-on: the e-mail to confirm and the personal-data
    consent; the name comes from the national record."""

    field_order = ["email", "accept_privacy"]

    accept_privacy = forms.BooleanField(
        label=_("I agree that Khibra processes my personal data for the purposes in the privacy notice."),
        required=True,
        error_messages={"required": _("You must agree to the processing of your data to create an account.")},
    )

    @transaction.atomic
    def save(self, request):
        user = super().save(request)
        services.accept_privacy(user=user, request=request)
        return user
