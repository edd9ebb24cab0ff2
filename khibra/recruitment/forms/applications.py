"""Forms of selection. They only read input; the rules live in services/applications.py."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khibra.core.forms import DigitsIntegerField, DualDateField

from ..models import ApplicationStatus, InterviewMode, PassReason
from ..selectors import MAX_ANSWER_LENGTH, BoardView


class ApplyForm(forms.Form):
    motivation = forms.CharField(
        label=_("Why you?"),
        max_length=3000,
        required=False,  # the service says it is missing, with the other rules
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        help_text=_("Your experience that fits this role, and what you hope to achieve with the organization."),
    )
    availability_confirmed = forms.BooleanField(
        label=_("I can give the hours and dates this opportunity asks for."), required=False
    )

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"answer_{question.pk}"] = forms.CharField(
                label=question.text,
                required=False,  # the service says which answers are missing, in one place
                max_length=MAX_ANSWER_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
            )

    def answers(self) -> dict[str, str]:
        return {str(question.pk): self.cleaned_data.get(f"answer_{question.pk}", "") for question in self.questions}


class InterviewForm(forms.Form):
    date = DualDateField(label=_("Date"))
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time", "dir": "ltr"}, format="%H:%M"))
    mode = forms.ChoiceField(label=_("How"), choices=InterviewMode.choices, initial=InterviewMode.ONLINE)
    location = forms.CharField(label=_("Place"), max_length=200, required=False, widget=forms.TextInput(attrs={"dir": "auto"}))
    meeting_link = forms.URLField(
        label=_("Meeting link"), required=False, assume_scheme="https", widget=forms.URLInput(attrs={"dir": "ltr"})
    )

    def scheduled_at(self) -> dt.datetime:
        naive = dt.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])
        return timezone.make_aware(naive)

    def interview(self) -> dict:
        """The cleaned answers as services.schedule_interview takes them (web page and API alike)."""
        data = self.cleaned_data
        return {
            "scheduled_at": self.scheduled_at(),
            "mode": data["mode"],
            "location": data["location"],
            "meeting_link": data["meeting_link"],
        }


class RejectForm(forms.Form):
    reason_code = forms.ChoiceField(
        label=_("Reason (kept inside the organization)"), choices=[("", "—"), *PassReason.choices]
    )
    note = forms.CharField(label=_("Note (internal)"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why are you withdrawing? (optional)"), max_length=500, required=False, widget=forms.TextInput(attrs={"dir": "auto"}))


class BoardViewForm(forms.Form):
    """The board's filter and order (a GET form): a bad value is said at its box and ignored."""

    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("All stages")), *ApplicationStatus.choices])
    city = forms.TypedChoiceField(label=_("City"), required=False, coerce=int, empty_value=None)
    min_score = DigitsIntegerField(label=_("Fit of at least"), required=False, min_value=0, max_value=100)
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("applied", _("Date applied")), ("score", _("Fit, best first")), ("years", _("Years of experience, most first"))],
    )

    def __init__(self, *args, cities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].choices = [("", _("All cities")), *[(city.pk, city.name) for city in cities]]
        self.fields["min_score"].widget.attrs.update({"size": 4, "placeholder": "0–100"})

    def view(self) -> BoardView:
        if not self.is_bound:
            return BoardView()
        data = {name: self.cleaned_data.get(name) for name in self.fields} if self.is_valid() else {
            name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors
        }
        return BoardView(
            stage=data.get("stage") or "", city=data.get("city"), min_score=data.get("min_score"), sort=data.get("sort") or "applied"
        )


class BulkForm(forms.Form):
    """What to do with the applicants ticked on the board (their ids come as `ids`)."""

    ids = forms.TypedMultipleChoiceField(label=_("Applicants"), coerce=int, error_messages={"required": _("Tick at least one applicant.")})
    action = forms.ChoiceField(
        label=_("Do with the selected"),
        choices=[
            ("", "—"),
            ("screening", _("Move to screening")),
            ("waitlist", _("Put on the waiting list")),
            ("accept", _("Accept")),
            ("reject", _("Not selected")),
        ],
    )
    reason_code = forms.ChoiceField(label=_("Reason (needed for “Not selected”)"), required=False, choices=[("", "—"), *PassReason.choices])
    note = forms.CharField(label=_("Note (internal)"), max_length=2000, required=False, widget=forms.TextInput(attrs={"dir": "auto"}))

    def __init__(self, *args, applications=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(application.pk, str(application.pk)) for application in applications]
        self.fields["ids"].error_messages["invalid_choice"] = _("Some selected applicants are not on this board.")


class CompareForm(forms.Form):
    ids = forms.TypedMultipleChoiceField(label=_("Applicants"), coerce=int)

    def __init__(self, *args, applications=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(application.pk, str(application.pk)) for application in applications]
        self.fields["ids"].error_messages["invalid_choice"] = _("Some selected applicants are not on this board.")

    def clean_ids(self):
        ids = self.cleaned_data["ids"]
        if not 2 <= len(set(ids)) <= 3:
            raise forms.ValidationError(_("Tick two or three applicants to compare them."), code="compare_count")
        return ids
