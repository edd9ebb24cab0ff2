"""Forms of the hours pages: dates in either calendar, figures in Arabic-Indic digits too."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khibra.core.forms import DECIMAL_INPUT, DigitsDecimalField, DualDateField

from .models import HourEntry


class TaskChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.title


class HourEntryForm(forms.Form):
    date = DualDateField(label=_("Date"))
    hours = DigitsDecimalField(
        label=_("Hours"), max_digits=4, decimal_places=2, min_value=0.25, max_value=24,
        help_text=_("e.g. 2.5 for two and a half hours."), widget=forms.TextInput(attrs={**DECIMAL_INPUT, "size": 5}),
    )
    task = TaskChoiceField(label=_("Task"), queryset=None, required=False, empty_label=_("No particular task"))
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}), max_length=1000, required=False)
    confirm_over_plan = forms.BooleanField(label=_("These hours are right even though they are far over the plan."), required=False)

    def __init__(self, *args, engagement, entry: HourEntry | None = None, **kwargs):
        if entry is not None and "initial" not in kwargs:
            kwargs["initial"] = {"date": entry.date, "hours": entry.hours, "task": entry.task_id, "note": entry.note}
        elif "initial" not in kwargs:
            kwargs["initial"] = {"date": timezone.localdate()}  # most hours are logged the day they are given
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = engagement.opportunity.tasks.all()
        # The confirmation is offered only after the figure was found far over the plan.
        self.needs_confirmation = False

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "date": data["date"], "hours": data["hours"], "task": data["task"],
            "note": data["note"], "confirm_over_plan": data["confirm_over_plan"],
        }


class ReviewForm(forms.Form):
    """The queue's bulk form: the checked entries, and a reason when returning them."""

    APPROVE, RETURN = "approve", "return"
    entries = forms.ModelMultipleChoiceField(queryset=None, widget=forms.CheckboxSelectMultiple, required=False)
    reason = forms.CharField(label=_("Reason for returning"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}))

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entries"].queryset = queryset
        self.fields["entries"].error_messages["invalid_choice"] = _("Some of these hours can no longer be reviewed. Reload the page and try again.")
