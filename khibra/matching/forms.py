from django import forms
from django.utils.translation import gettext_lazy as _

from khibra.reference.models import City, Field

from .models import Frequency, NatureFilter


class AlertPreferenceForm(forms.Form):
    frequency = forms.ChoiceField(label=_("How often"), choices=Frequency.choices, widget=forms.RadioSelect)
    fields = forms.ModelMultipleChoiceField(
        label=_("Only these fields"), queryset=Field.objects.active(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to hear about every field that fits your profile."),
    )
    cities = forms.ModelMultipleChoiceField(
        label=_("Only in-person work in these cities"), queryset=City.objects.active(), required=False,
        help_text=_("Leave empty for every city you can work in."),
    )
    nature = forms.ChoiceField(label=_("Kind of work"), choices=NatureFilter.choices, required=False)
