from django import forms
from django.utils.translation import gettext_lazy as _

from khibra.core.forms import DigitsIntegerField, DualDateField
from khibra.organizations.models import Organization
from khibra.reference.models import Field

from . import selectors
from .models import Audience, MemberStatus, ProviderProgram


def _programs(provider):
    return ProviderProgram.objects.filter(provider=provider, is_active=True).order_by("name")


class ProgramForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    audience = forms.ChoiceField(label=_("Who takes part"), choices=Audience.choices)
    counts_as_work_time = forms.BooleanField(label=_("We count pro bono work as paid work time"), required=False)
    max_hours_per_month = DigitsIntegerField(label=_("At most hours a month"), required=False, min_value=1, max_value=744)
    starts_on = DualDateField(label=_("Starts on"))
    ends_on = DualDateField(label=_("Ends on"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end date must be on or after the start date."))
        return data


class DomainForm(forms.Form):
    domain = forms.CharField(
        label=_("E-mail domain"), max_length=253, widget=forms.TextInput(attrs={"dir": "ltr", "placeholder": "company.com.sa"})
    )


class InviteMemberForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254, widget=forms.EmailInput(attrs={"dir": "ltr"}))
    program = forms.ModelChoiceField(label=_("Program"), queryset=ProviderProgram.objects.none(), required=False, empty_label=_("No program"))

    def __init__(self, *args, provider, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = _programs(provider)


class MemberProgramForm(forms.Form):
    program = forms.ModelChoiceField(label=_("Program"), queryset=ProviderProgram.objects.none(), required=False, empty_label=_("No program"))

    def __init__(self, *args, provider, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = _programs(provider)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ApproveForm(NoteForm):
    paid_time = forms.BooleanField(label=_("Counts as paid work time"), required=False)


class MemberFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + list(MemberStatus.choices))
    field = forms.ModelChoiceField(label=_("Field"), required=False, queryset=Field.objects.all(), empty_label=_("All fields"))
    skill = forms.CharField(label=_("Skill"), max_length=100, required=False)


class SuggestForm(forms.Form):
    opportunity = forms.ModelChoiceField(label=_("Opportunity"), queryset=None, empty_label=_("Choose an opportunity"))
    note = forms.CharField(label=_("Note to the member"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, provider, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opportunity"].queryset = selectors.suggestable_opportunities(provider)
        self.fields["opportunity"].label_from_instance = lambda o: f"{o.title} — {o.organization.name}"


class JoinForm(forms.Form):
    """Ask to join (any verified provider) or join at once by domain (providers of my domains)."""

    provider = forms.ModelChoiceField(
        label=_("Employer or university"), queryset=Organization.objects.none(), empty_label=_("Choose your employer or university")
    )
    program = forms.ModelChoiceField(label=_("Program"), queryset=ProviderProgram.objects.none(), required=False, empty_label=_("No program"))
    department = forms.CharField(label=_("Department"), max_length=150, required=False)
    job_title = forms.CharField(label=_("Job title"), max_length=150, required=False)

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        self.fields["program"].queryset = ProviderProgram.objects.filter(provider__in=providers, is_active=True).select_related("provider")
        self.fields["program"].label_from_instance = lambda p: f"{p.name} — {p.provider.name}"

    def clean(self):
        data = super().clean()
        if data.get("program") and data.get("provider") and data["program"].provider_id != data["provider"].pk:
            self.add_error("program", _("Choose one of the provider's active programs."))
        return data
