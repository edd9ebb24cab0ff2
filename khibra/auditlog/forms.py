from django import forms
from django.utils.translation import gettext_lazy as _

from khibra.core.forms import DualDateField
from khibra.organizations.models import Organization

from .labels import LABELS
from .selectors import Filters


def _verb_choices():
    return [("", _("All actions")), *((verb, label) for verb, label in LABELS.items())]


class AuditFilterForm(forms.Form):
    """The filters of an audit log page; staff also choose an organization."""

    verb = forms.ChoiceField(label=_("Action"), required=False, choices=_verb_choices)
    actor = forms.CharField(
        label=_("E-mail of the person contains"),
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    # The platform's date box: Hijri or Gregorian typed, both shown, the calendar beside it.
    date_from = DualDateField(label=_("From"), required=False, help_text="")
    date_to = DualDateField(label=_("To"), required=False, help_text="")
    organization = forms.ModelChoiceField(
        label=_("Organization"),
        required=False,
        queryset=Organization.objects.order_by("name_ar", "pk"),
        to_field_name="slug",
        empty_label=_("All organizations"),
    )

    def __init__(self, *args, platform: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not platform:
            del self.fields["organization"]

    def clean_actor(self) -> str:
        return self.cleaned_data["actor"].strip()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return cleaned

    def filters(self) -> Filters | None:
        """The chosen filters; none chosen when the form was not sent; None when they are invalid."""
        if not self.is_bound:
            return Filters()
        if not self.is_valid():
            return None
        data = self.cleaned_data
        return Filters(
            verb=data["verb"],
            actor=data["actor"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            organization=data.get("organization"),
        )
