from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from khibra.core.forms import DigitsDecimalField, DigitsIntegerField, DualDateField
from khibra.reference.models import Field, Profession

from .models import (
    MAX_CUSTOM_ANSWER,
    MAX_RATE_YEAR,
    MIN_RATE_YEAR,
    CustomQuestionKind,
    EvidenceKind,
    ExhaustionPoint,
    MisconductReport,
    OrganizationReview,
    ProgramEvaluation,
    ProgramLessons,
    ReportReason,
    StakeholderResponse,
    StakeholderRole,
    SurveyKind,
    VolunteerReview,
    VolunteerSurvey,
)
from .questions import ANCHORS, CUSTOM_ANCHORS, anchored, question


def rating_field(label) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=[(n, str(n)) for n in range(1, 6)], coerce=int, widget=forms.RadioSelect,
        help_text=_("1 is the lowest, 5 the highest."),
    )


class SurveyForm(forms.Form):
    """The guide's five questions worded for this survey (one opportunity, or the year), each
    rating with its verbal anchors; the exhaustion question; then the organization's own
    questions (`questions`, SurveyQuestion rows) as custom_<pk> fields."""

    satisfaction = forms.TypedChoiceField(coerce=int, widget=forms.RadioSelect)
    organization_quality = forms.TypedChoiceField(coerce=int, widget=forms.RadioSelect)
    training = forms.TypedChoiceField(coerce=int, widget=forms.RadioSelect)
    recommend = forms.TypedChoiceField(coerce=int, widget=forms.RadioSelect)
    recommend_reason = forms.CharField(
        label=VolunteerSurvey._meta.get_field("recommend_reason").verbose_name, max_length=500, required=False
    )
    suggestions = forms.CharField(
        label=VolunteerSurvey._meta.get_field("suggestions").verbose_name, max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    exhaustion = forms.ChoiceField(
        label=VolunteerSurvey._meta.get_field("exhaustion").verbose_name, choices=ExhaustionPoint.choices, widget=forms.RadioSelect,
    )

    def __init__(self, *args, kind: str = SurveyKind.COMPLETION, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name, anchors in ANCHORS.items():
            self.fields[name].label = question(name, kind)
            self.fields[name].choices = anchored(anchors)
        self.questions = list(questions)
        for item in self.questions:
            if item.kind == CustomQuestionKind.SCALE:
                self.fields[f"custom_{item.pk}"] = forms.TypedChoiceField(
                    label=item.text, coerce=int, choices=anchored(CUSTOM_ANCHORS), widget=forms.RadioSelect,
                )
            else:
                self.fields[f"custom_{item.pk}"] = forms.CharField(
                    label=item.text, max_length=MAX_CUSTOM_ANSWER, required=False, widget=forms.Textarea(attrs={"rows": 2}),
                )

    def answers(self) -> dict:
        """The cleaned answers in the shape of services.answer_survey."""
        data = dict(self.cleaned_data)
        custom = {item.pk: data.pop(f"custom_{item.pk}") for item in self.questions}
        return {**data, "custom_answers": custom}


class VolunteerReviewForm(forms.Form):
    quality = rating_field(VolunteerReview._meta.get_field("quality").verbose_name)
    timeliness = rating_field(VolunteerReview._meta.get_field("timeliness").verbose_name)
    communication = rating_field(VolunteerReview._meta.get_field("communication").verbose_name)
    note = forms.CharField(label=_("note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class OrganizationReviewForm(forms.Form):
    scope_clarity = rating_field(OrganizationReview._meta.get_field("scope_clarity").verbose_name)
    support = rating_field(OrganizationReview._meta.get_field("support").verbose_name)
    responsiveness = rating_field(OrganizationReview._meta.get_field("responsiveness").verbose_name)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("reason"), choices=ReportReason.choices)
    details = forms.CharField(label=_("What happened?"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))


class CloseReportForm(forms.Form):
    resolution = forms.CharField(label=MisconductReport._meta.get_field("resolution").verbose_name, max_length=2000, required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}))


class StakeholderForm(forms.Form):
    role = forms.ChoiceField(label=_("your role"), choices=StakeholderRole.choices)
    department = forms.CharField(label=_("department"), max_length=120, required=False)
    goals_met = rating_field(StakeholderResponse._meta.get_field("goals_met").verbose_name)
    work_quality = rating_field(StakeholderResponse._meta.get_field("work_quality").verbose_name)
    coordination = rating_field(StakeholderResponse._meta.get_field("coordination").verbose_name)
    continue_program = rating_field(StakeholderResponse._meta.get_field("continue_program").verbose_name)
    comments = forms.CharField(label=_("comments"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class EvaluationForm(forms.ModelForm):
    staff_hours = DigitsIntegerField(label=_("staff hours invested"), min_value=0, max_value=1_000_000,
                                     help_text=_("The hours your staff spent running the program."))

    class Meta:
        model = ProgramEvaluation
        fields = ["goal_summary", "helped", "blocked", "staff_hours", "successes", "challenges"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in ["goal_summary", "helped", "blocked", "successes", "challenges"]}


class LessonsForm(forms.ModelForm):
    class Meta:
        model = ProgramLessons
        fields = ["what_worked", "challenges_overcome", "challenges_open", "impact_examples", "advice"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}


class EventInviteForm(forms.Form):
    event_title = forms.CharField(label=_("event"), max_length=200)
    event_date = DualDateField(label=_("event date"))


# --- the value of an hour (platform staff) ------------------------------------------------------

class _RateFields(forms.Form):
    year = DigitsIntegerField(label=_("Year"), min_value=MIN_RATE_YEAR, max_value=MAX_RATE_YEAR)
    value_sar = DigitsDecimalField(
        label=_("SAR per hour"), min_value=Decimal("0.01"), max_value=Decimal("100000"), max_digits=8, decimal_places=2,
    )


class NationalRateForm(_RateFields):
    """The national value of a volunteer hour for a year."""


class MarketRateForm(_RateFields):
    """A market rate for professional work: a profession, a field, or a profession within a field."""

    profession = forms.ModelChoiceField(label=_("Profession"), queryset=Profession.objects.none(), required=False,
                                        empty_label=_("Any profession"))
    field = forms.ModelChoiceField(label=_("Field"), queryset=Field.objects.none(), required=False, empty_label=_("Any field"))

    field_order = ["profession", "field", "year", "value_sar"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profession"].queryset = Profession.objects.active()
        self.fields["field"].queryset = Field.objects.active()

    def clean(self):
        cleaned = super().clean()
        if not self.errors and cleaned.get("profession") is None and cleaned.get("field") is None:
            self.add_error("profession", _("Choose a profession, a field, or both."))
        return cleaned


# --- evidence, the organization's own questions, lessons carried over ---------------------------

class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=EvidenceKind.choices, widget=forms.RadioSelect)
    held_on = DualDateField(label=_("date"))
    participants = forms.CharField(label=_("who took part"), max_length=500, required=False,
                                   help_text=_("For a focus group: who took part and how many."))
    evaluator = forms.CharField(label=_("evaluator"), max_length=200, required=False,
                                help_text=_("For a third-party evaluation: the party that carried it out."))
    findings = forms.CharField(label=_("findings"), max_length=6000, widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(label=_("file"), required=False, help_text=_("A PDF, an image, an office document or a zip file, up to 10 MB."))


class SurveyQuestionForm(forms.Form):
    text = forms.CharField(label=_("question"), max_length=300)
    kind = forms.ChoiceField(label=_("answer"), choices=CustomQuestionKind.choices, widget=forms.RadioSelect,
                             initial=CustomQuestionKind.TEXT)


class LessonMarkForm(forms.Form):
    APPLIED = (("yes", _("Applied")), ("no", _("Not applied")), ("", _("Not decided yet")))
    applied = forms.ChoiceField(label=_("applied"), choices=APPLIED, required=False, widget=forms.RadioSelect)
    note = forms.CharField(label=_("note"), max_length=500, required=False)

    def decision(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data["applied"])
