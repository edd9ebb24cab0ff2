"""Forms of the agreements app. They validate input (the database rules are repeated here for a
readable message); the writing is done by `services`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from khibra.core.forms import DigitsIntegerField, DualDateField
from khibra.opportunities.models import Opportunity, ServiceModel
from khibra.organizations.models import Organization

from .models import PartnerAgreement, ShortlistKind

# The fieldsets of the partnership form, in the guide's order (Table 5).
PARTNER_FIELDSETS = (
    ("preamble", _("Preamble: the impact you seek"), ("impact_preamble",)),
    (
        "service",
        _("Service details"),
        ("partner", "opportunity", "volunteers_count", "starts_on", "ends_on", "partner_obligations"),
    ),
    ("commitments", _("What your organization provides"), ("resources", "tools", "incentives")),
    (
        "administration",
        _("Administrative terms"),
        (
            "communication_channels",
            "communication_frequency",
            "deliverables_follow_up",
            "outputs_ownership",
            "dispute_resolution",
            "termination_notice_days",
        ),
    ),
)


class PartnerAgreementForm(forms.Form):
    """Create (with partner and opportunity) or edit (terms only) a partnership agreement."""

    partner = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        label=_("Partner"),
        empty_label=_("Choose a partner"),
        help_text=_("A verified company, government body or university registered on Khibra."),
    )
    opportunity = forms.ModelChoiceField(
        queryset=Opportunity.objects.none(),
        label=_("Opportunity"),
        empty_label=_("Choose an opportunity"),
        help_text=_("Its volunteer agreement is annex A of the partnership."),
    )
    impact_preamble = forms.CharField(
        label=_("The impact we seek together"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_("Say what this work will change for your beneficiaries, in words that invite social responsibility."),
    )
    volunteers_count = DigitsIntegerField(label=_("Number of volunteers"), min_value=1, max_value=500, initial=1)
    starts_on = DualDateField(label=_("Starts on"))
    ends_on = DualDateField(label=_("Ends on"))
    partner_obligations = forms.CharField(
        label=_("The partner's obligations"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"})
    )
    resources = forms.CharField(
        label=_("Resources your organization provides"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("e.g. data, access to the teams concerned, a meeting room."),
    )
    tools = forms.CharField(
        label=_("Tools your organization provides"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    incentives = forms.CharField(
        label=_("Incentives for the volunteers"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("e.g. certificates, public thanks, credit on the delivered work."),
    )
    communication_channels = forms.CharField(
        label=_("Communication channels"), max_length=300, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    communication_frequency = forms.CharField(
        label=_("Communication frequency"),
        max_length=200,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=_("e.g. a weekly video meeting and a monthly report."),
    )
    deliverables_follow_up = forms.CharField(
        label=_("Follow-up of deliverables"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"})
    )
    outputs_ownership = forms.CharField(
        label=_("Ownership of outputs: anything to add"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("The outputs belong to your organization in any case; add any detail, e.g. how the partner may mention the work."),
    )
    dispute_resolution = forms.CharField(
        label=_("Settling disagreements"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("Leave empty for the standard clause: amicable settlement first, then Saudi law."),
    )
    termination_notice_days = DigitsIntegerField(
        label=_("Notice for ending early (days)"), min_value=0, max_value=365, initial=30
    )

    def __init__(self, *args, organization: Organization, agreement: PartnerAgreement | None = None, **kwargs):
        if agreement is not None:
            kwargs.setdefault("initial", {name: getattr(agreement, name) for name in self.term_names()})
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        if agreement is None:
            self.fields["partner"].queryset = (
                Organization.objects.providers().verified().exclude(pk=organization.pk).order_by("name_ar", "pk")
            )
            self.fields["opportunity"].queryset = (
                Opportunity.objects.for_organization(organization)
                .exclude(service_model=ServiceModel.FREE_COMMERCIAL)
                .exclude(status="cancelled")
                .order_by("-created_at")
            )
        else:
            # The parties and the opportunity are fixed once the agreement exists.
            del self.fields["partner"]
            del self.fields["opportunity"]

    @classmethod
    def term_names(cls) -> list[str]:
        return [name for name in cls.base_fields if name not in ("partner", "opportunity")]

    def fieldsets(self):
        for key, legend, names in PARTNER_FIELDSETS:
            yield key, legend, [self[name] for name in names if name in self.fields]

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date must be on or after the start date."))
        return cleaned

    def terms(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.term_names()}


class ShortlistEntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("List"), choices=ShortlistKind.choices)
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=_("A company's name or a job title. Leave empty when you choose a provider on Khibra."),
    )
    provider = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Provider on Khibra"), required=False,
        empty_label=_("Not on Khibra"),
    )
    contact = forms.CharField(label=_("Contact"), max_length=200, required=False, widget=forms.TextInput(attrs={"dir": "auto"}))
    note = forms.CharField(label=_("Note"), max_length=500, required=False, widget=forms.TextInput(attrs={"dir": "auto"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Organization.objects.providers().verified().order_by("name_ar", "pk")

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("name") or "").strip() and not cleaned.get("provider"):
            self.add_error("name", _("Write a name or choose a provider on Khibra."))
        if cleaned.get("provider") and cleaned.get("kind") == ShortlistKind.JOB_TITLES:
            self.add_error("provider", _("Only a candidate company can be linked to a provider on Khibra."))
        return cleaned
