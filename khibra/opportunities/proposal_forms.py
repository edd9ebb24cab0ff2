"""Forms of the propose → adopt flow: a provider proposes an opportunity to a beneficiary
organization, which adopts it into one of its programs or declines it (services/proposals.py)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from khibra.core.forms import DigitsDecimalField, DigitsIntegerField
from khibra.organizations.models import Organization
from khibra.programs.models import Program
from khibra.reference.models import Field

from .models import Nature
from .rules import MAX_DAYS, MAX_HOURS_PER_DAY, MAX_SEATS

AUTO = {"dir": "auto"}


class BeneficiaryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, organization: Organization) -> str:
        return organization.name


def beneficiaries():
    """Registered beneficiary organizations: verified non-profits, by Arabic name."""
    return Organization.objects.nonprofits().verified().order_by("name_ar", "pk")


class ProposalForm(forms.Form):
    beneficiary = BeneficiaryChoiceField(
        label=_("Beneficiary organization"),
        queryset=Organization.objects.none(),
        empty_label=_("Choose the organization"),
        error_messages={
            "required": _("Choose a registered beneficiary organization (a verified non-profit)."),
            "invalid_choice": _("Choose a registered beneficiary organization (a verified non-profit)."),
        },
    )
    title = forms.CharField(label=_("Title"), max_length=200, widget=forms.TextInput(attrs=AUTO))
    description = forms.CharField(label=_("Description"), max_length=6000, widget=forms.Textarea(attrs={"rows": 5, **AUTO}))
    deliverables = forms.CharField(
        label=_("Final deliverables"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3, **AUTO})
    )
    requirements = forms.CharField(
        label=_("Qualifications and requirements"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3, **AUTO})
    )
    fields = forms.ModelMultipleChoiceField(
        label=_("Fields of the opportunity"), queryset=Field.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    seats = DigitsIntegerField(label=_("Volunteers you offer"), initial=1, min_value=1, max_value=MAX_SEATS)
    nature = forms.ChoiceField(label=_("Nature"), choices=Nature.choices, initial=Nature.REMOTE)
    duration_days = DigitsIntegerField(label=_("Number of days"), initial=10, min_value=1, max_value=MAX_DAYS)
    hours_per_day = DigitsDecimalField(
        label=_("Hours per day"), max_digits=4, decimal_places=1, initial=Decimal("2"), min_value=Decimal("0.5"), max_value=MAX_HOURS_PER_DAY
    )
    message = forms.CharField(
        label=_("Message to the organization"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3, **AUTO})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["beneficiary"].queryset = beneficiaries()
        self.fields["fields"].queryset = Field.objects.active()

    def clean(self):
        cleaned = super().clean()
        for name in ("title", "description"):
            if name in cleaned and not cleaned[name].strip():
                self.add_error(name, _("This field is required."))
        return cleaned

    def values(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in ("title", "description", "deliverables", "requirements", "seats", "nature", "duration_days", "hours_per_day", "message")}


class SendProposalForm(forms.Form):
    beneficiary = ProposalForm.base_fields["beneficiary"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["beneficiary"].queryset = beneficiaries()


class AdoptProposalForm(forms.Form):
    program = forms.ModelChoiceField(
        label=_("Program"),
        queryset=Program.objects.none(),
        empty_label=_("Choose the program"),
        error_messages={"required": _("Choose the program this opportunity belongs to."), "invalid_choice": _("Choose one of your organization's programs.")},
    )

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.for_organization(organization).order_by("-starts_on", "name")


class DeclineProposalForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you decline"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2, **AUTO})
    )
