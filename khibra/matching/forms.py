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


class NoticeSettingsForm(forms.Form):
    """Per kind of notice: e-mail, SMS, WhatsApp (in the app always); and quiet hours."""

    CHANNELS = (("email", _("E-mail")), ("sms", _("SMS")), ("whatsapp", _("WhatsApp")))
    quiet_from = forms.TimeField(label=_("Quiet from"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    quiet_until = forms.TimeField(label=_("Quiet until"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))

    def __init__(self, *args, groups, has_phone: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups, self.has_phone = groups, has_phone
        for group in groups:
            for name, label in self.CHANNELS:
                self.fields[f"{group.key}_{name}"] = forms.BooleanField(label=label, required=False)

    def rows(self):
        """(group, [bound fields]) for the table."""
        return [(group, [self[f"{group.key}_{name}"] for name, _label in self.CHANNELS]) for group in self.groups]

    def clean(self):
        data = super().clean()
        quiet_from, quiet_until = data.get("quiet_from"), data.get("quiet_until")
        if bool(quiet_from) != bool(quiet_until):
            raise forms.ValidationError(_("Give both ends of the quiet hours, or neither."), code="quiet_half")
        if quiet_from and quiet_from == quiet_until:
            raise forms.ValidationError(_("The quiet hours must start and end at different times."), code="quiet_empty")
        wants_phone = any(data.get(f"{group.key}_{name}") for group in self.groups for name in ("sms", "whatsapp"))
        if wants_phone and not self.has_phone:
            raise forms.ValidationError(
                _("Add your mobile number to your profile before choosing SMS or WhatsApp."), code="no_phone"
            )
        return data
