import json

from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import all_kinds
from .models import ExportFormat


def _kind_choices():
    return [(kind.name, kind.label) for kind in all_kinds()]


class ExportRequestForm(forms.Form):
    """What the "Download XLSX / CSV" buttons send (templates/exports/_buttons.html)."""

    kind = forms.ChoiceField(label=_("Table"), choices=_kind_choices)
    format = forms.ChoiceField(label=_("Format"), choices=ExportFormat.choices)
    organization = forms.SlugField(label=_("Organization"), required=False, max_length=80, allow_unicode=True)
    params = forms.CharField(label=_("Filters"), required=False, max_length=2000)
    # Ask for the background build even for a small table.
    background = forms.BooleanField(required=False)

    def clean_params(self) -> dict:
        raw = self.cleaned_data.get("params") or ""
        if not raw.strip():
            return {}
        try:
            value = json.loads(raw)
        except ValueError:
            value = None
        if not isinstance(value, dict):
            raise forms.ValidationError(_("The filters of this table could not be read."))
        return value
