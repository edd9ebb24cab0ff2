from django import forms
from django.utils.translation import gettext_lazy as _

from .models import OPTIONAL_PURPOSES, Purpose


class ConsentForm(forms.Form):
    GIVE = "give"
    WITHDRAW = "withdraw"

    purpose = forms.ChoiceField(choices=[(p.value, p.label) for p in Purpose if p in OPTIONAL_PURPOSES])
    decision = forms.ChoiceField(choices=[(GIVE, _("Give")), (WITHDRAW, _("Withdraw"))])


class ErasureForm(forms.Form):
    """Erasure cannot be undone: the person types their password and ticks a confirmation."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "dir": "ltr"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account is anonymised for good and that I can no longer sign in."),
        required=True,
        error_messages={"required": _("Tick the box to confirm.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not right."), code="wrong_password")
        return password
