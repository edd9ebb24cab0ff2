from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CODE_LENGTH


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=CODE_LENGTH + 8,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off", "spellcheck": "false", "placeholder": "ABCD-EFGH-JKMN-PQRS"}),
    )


class ThanksForm(forms.Form):
    message = forms.CharField(label=_("Thank-you message"), max_length=1500, widget=forms.Textarea(attrs={"rows": 4}))


class CreditForm(forms.Form):
    text = forms.CharField(
        label=_("Credit line on the delivered work"),
        max_length=300,
        help_text=_("e.g. 'Financial statements prepared by Sara Al-Otaibi, pro bono.'"),
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason for revoking"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
