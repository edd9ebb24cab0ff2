"""Forms of step 6 outreach: the recruitment plan (Table 6) and the volunteers import.

The plan's rules live in services.plans.plan_errors; the form calls it for readable messages.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from khibra.accounts.forms import MemberChoiceField
from khibra.accounts.models import User
from khibra.core.forms import DualDateField
from khibra.opportunities.models import MarketingChannel

from ..services.imports import MAX_BYTES
from ..services.plans import Incentive, plan_errors

AUTO = {"dir": "auto"}


class RecruitmentPlanForm(forms.Form):
    target_group = forms.CharField(
        label=_("Target group"),
        max_length=2000,
        required=False,
        help_text=_("Whom will you market the opportunity to? e.g. graduate students in tech, employees of tech companies."),
        widget=forms.Textarea(attrs={"rows": 3, **AUTO}),
    )
    incentives = forms.MultipleChoiceField(
        label=_("Proposed incentives"), choices=Incentive.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    tools = forms.MultipleChoiceField(
        label=_("Recruitment tools and channels"),
        choices=MarketingChannel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each channel you choose gets its own link, so you can see where applicants came from."),
    )
    best_time = forms.CharField(
        label=_("Best time to market it"),
        max_length=200,
        required=False,
        help_text=_("When does the target group read their messages? e.g. after work, 5–11 pm."),
        widget=forms.TextInput(attrs=AUTO),
    )
    message = forms.CharField(
        label=_("Marketing message"),
        max_length=3000,
        required=False,
        help_text=_("What will you write to attract the professional? It is put in front of each channel's link."),
        widget=forms.Textarea(attrs={"rows": 4, **AUTO}),
    )
    publisher = MemberChoiceField(
        label=_("Publishes and follows up"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody yet"),
        help_text=_("Usually the volunteer manager."),
    )
    assistant = MemberChoiceField(
        label=_("Assistant"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody yet"),
        help_text=_("e.g. the communications and marketing officer."),
    )
    screening_on = DualDateField(label=_("Screening date"), required=False)
    interviews_on = DualDateField(label=_("Interview date"), required=False)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        members = User.objects.filter(
            memberships__organization=organization, memberships__is_active=True
        ).order_by("full_name", "pk")
        self.fields["publisher"].queryset = members
        self.fields["assistant"].queryset = members

    def clean(self):
        cleaned = super().clean()
        for name, messages in plan_errors(organization=self.organization, values=cleaned).items():
            if name in self.fields and name not in self.errors:
                for message in messages:
                    self.add_error(name, message)
        return cleaned


def initial_from_plan(plan) -> dict:
    if plan is None:
        return {}
    return {
        "target_group": plan.target_group,
        "incentives": plan.incentives,
        "tools": plan.tools,
        "best_time": plan.best_time,
        "message": plan.message,
        "publisher": plan.publisher_id,
        "assistant": plan.assistant_id,
        "screening_on": plan.screening_on,
        "interviews_on": plan.interviews_on,
    }


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Volunteers file (XLSX or CSV)"),
        help_text=_("At most 2 MB and 5,000 rows. Start from the template file so the columns are right."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB. Split it into smaller files."), code="too_big")
        return upload


class ImportConfirmForm(forms.Form):
    payload = forms.CharField(widget=forms.HiddenInput)
    valid_only = forms.BooleanField(label=_("Import the valid rows and skip the rows with errors"), required=False)
