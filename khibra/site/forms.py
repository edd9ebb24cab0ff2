from django import forms
from django.utils.translation import gettext_lazy as _


class ActivityEmailsForm(forms.Form):
    emails = forms.BooleanField(
        label=_("E-mail me when volunteers log hours, hand in work or send a weekly report"), required=False
    )
