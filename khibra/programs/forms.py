"""Forms of the programs app. They read and check input (every database rule repeated for a
readable message); the writing is done by `services`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from khibra.accounts.forms import MemberChoiceField
from khibra.accounts.models import User
from khibra.core.forms import DigitsIntegerField, DualDateField
from khibra.reference.models import Field

from .models import (
    ExecutionMode,
    Need,
    NeedsAssessment,
    PaidStaffReason,
    Program,
    ReadinessAnswer,
    StepStatus,
    Suitability,
)
from .readiness import CRITERIA
from .services import MANUAL_STATUS_STEPS

AUTO = {"dir": "auto"}


def _end_after_start(form: forms.Form) -> None:
    starts_on = form.cleaned_data.get("starts_on")
    ends_on = form.cleaned_data.get("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        form.add_error("ends_on", _("The end date cannot be before the start date."))


class ProgramForm(forms.Form):
    name = forms.CharField(label=_("Program name"), max_length=200, widget=forms.TextInput(attrs=AUTO))
    goal = forms.CharField(
        label=_("Goal"),
        max_length=3000,
        help_text=_("What should the organization have gained when the program ends?"),
        widget=forms.Textarea(attrs={"rows": 4, **AUTO}),
    )
    starts_on = DualDateField(label=_("Starts on"))
    ends_on = DualDateField(label=_("Ends on"))

    def __init__(self, *args, program: Program | None = None, **kwargs):
        if program is not None:
            kwargs.setdefault(
                "initial",
                {"name": program.name, "goal": program.goal, "starts_on": program.starts_on, "ends_on": program.ends_on},
            )
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the program a name."), code="required")
        return name

    def clean(self):
        cleaned = super().clean()
        _end_after_start(self)
        return cleaned


class PlanStepForm(forms.Form):
    responsible = forms.CharField(
        label=_("Who is responsible"),
        max_length=200,
        required=False,
        help_text=_("A person, a role or the departments concerned."),
        widget=forms.TextInput(attrs=AUTO),
    )
    responsible_user = MemberChoiceField(
        label=_("Responsible team member"), queryset=User.objects.none(), required=False, empty_label=_("Nobody in particular")
    )
    method = forms.CharField(
        label=_("How: method or tool"),
        max_length=2000,
        required=False,
        help_text=_("For example: every department lists its needs, then a workshop reviews them together."),
        widget=forms.Textarea(attrs={"rows": 3, **AUTO}),
    )
    starts_on = DualDateField(label=_("From"), required=False)
    ends_on = DualDateField(label=_("To"), required=False)
    manual_status = forms.ChoiceField(label=_("Status"), choices=StepStatus.choices, required=False)

    def __init__(self, *args, step, organization, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "responsible": step.responsible,
                "responsible_user": step.responsible_user_id,
                "method": step.method,
                "starts_on": step.starts_on,
                "ends_on": step.ends_on,
                "manual_status": step.manual_status or StepStatus.NOT_STARTED,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["responsible_user"].queryset = User.objects.filter(
            memberships__organization=organization, memberships__is_active=True
        ).order_by("full_name", "pk")
        if step.step not in MANUAL_STATUS_STEPS:
            del self.fields["manual_status"]

    def clean(self):
        cleaned = super().clean()
        _end_after_start(self)
        return cleaned


class QuestionsForm(forms.Form):
    """Step 1's four guiding questions; the labels are the questions themselves."""

    stalled_work = forms.CharField(required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3, **AUTO}))
    capability_gaps = forms.CharField(required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3, **AUTO}))
    development_roles = forms.CharField(required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3, **AUTO}))
    initiatives = forms.CharField(required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3, **AUTO}))

    def __init__(self, *args, assessment: NeedsAssessment | None = None, **kwargs):
        if assessment is not None:
            kwargs.setdefault("initial", {name: getattr(assessment, name) for name in self.base_fields})
        super().__init__(*args, **kwargs)
        for name, form_field in self.fields.items():
            form_field.label = NeedsAssessment._meta.get_field(name).verbose_name


class FieldChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class NeedForm(forms.Form):
    """A need of Table 2. `submit=True` is the department's version: the manager decides who
    should do the work, so the suitability questions are left out."""

    title = forms.CharField(
        label=_("Need or gap"),
        max_length=200,
        help_text=_("For example: a new website, a marketing plan, a financial audit."),
        widget=forms.TextInput(attrs=AUTO),
    )
    description = forms.CharField(label=_("Details"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3, **AUTO}))
    department = forms.CharField(label=_("Department"), max_length=120, required=False, widget=forms.TextInput(attrs=AUTO))
    field = FieldChoiceField(label=_("Field"), queryset=Field.objects.none(), required=False, empty_label=_("Not chosen"))
    skills_required = forms.CharField(
        label=_("Skills required"),
        max_length=2000,
        required=False,
        help_text=_("The skills and experience the person doing the work must have."),
        widget=forms.Textarea(attrs={"rows": 2, **AUTO}),
    )
    suitability = forms.ChoiceField(
        label=_("Who should do it"), choices=Suitability.choices, initial=Suitability.UNDECIDED, widget=forms.RadioSelect
    )
    paid_staff_reason = forms.ChoiceField(
        label=_("Why paid staff"),
        choices=[("", _("Not applicable")), *PaidStaffReason.choices],
        required=False,
        help_text=_("Required when the work is better done by paid staff or a consultant."),
    )
    suitability_note = forms.CharField(label=_("Note"), max_length=500, required=False, widget=forms.TextInput(attrs=AUTO))
    volunteers_needed = DigitsIntegerField(label=_("Volunteers needed"), min_value=1, max_value=100, initial=1)
    execution_mode = forms.ChoiceField(
        label=_("Individual or team"), choices=ExecutionMode.choices, initial=ExecutionMode.INDIVIDUAL, widget=forms.RadioSelect
    )

    def __init__(self, *args, need: Need | None = None, submit: bool = False, **kwargs):
        if need is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": need.title,
                    "description": need.description,
                    "department": need.department,
                    "field": need.field_id,
                    "skills_required": need.skills_required,
                    "suitability": need.suitability,
                    "paid_staff_reason": need.paid_staff_reason,
                    "suitability_note": need.suitability_note,
                    "volunteers_needed": need.volunteers_needed,
                    "execution_mode": need.execution_mode,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = Field.objects.active()
        if submit:
            for name in ("suitability", "paid_staff_reason", "suitability_note"):
                del self.fields[name]

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Name the need."), code="required")
        return title

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("suitability") == Suitability.PAID_STAFF and not cleaned.get("paid_staff_reason"):
            self.add_error("paid_staff_reason", _("Say why paid staff or a consultant should do this work."))
        volunteers = cleaned.get("volunteers_needed")
        if cleaned.get("execution_mode") == ExecutionMode.TEAM and volunteers is not None and volunteers < 2:
            self.add_error("volunteers_needed", _("A team needs at least two volunteers."))
        return cleaned


class NeedOrderForm(forms.Form):
    """The order of the needs list: every row posts its id (`order`, in the order shown) and its
    priority number (`priority-<id>`). Typed numbers win; rows with equal numbers keep the order shown."""

    def __init__(self, *args, needs: list[Need], **kwargs):
        super().__init__(*args, **kwargs)
        self.needs = needs
        for need in needs:
            self.fields[f"priority-{need.pk}"] = DigitsIntegerField(
                label=_("Priority of %(need)s") % {"need": need.title}, min_value=1, max_value=999, initial=need.priority
            )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        shown = []
        for raw in self.data.getlist("order") if hasattr(self.data, "getlist") else []:
            try:
                shown.append(int(raw))
            except (TypeError, ValueError):
                raise forms.ValidationError(_("The order must list every need on the list exactly once. Reload the page and try again."), code="bad_order") from None
        known = {need.pk for need in self.needs}
        position = {pk: index for index, pk in enumerate(shown)}
        ids = sorted(known, key=lambda pk: (cleaned[f"priority-{pk}"], position.get(pk, len(shown)), pk))
        if set(shown) - known or len(shown) != len(set(shown)):
            raise forms.ValidationError(_("The order must list every need on the list exactly once. Reload the page and try again."), code="bad_order")
        cleaned["ordered_ids"] = ids
        return cleaned


class NeedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.priority}. {obj.title}"


class MergeForm(forms.Form):
    into = NeedChoiceField(label=_("Merge into"), queryset=Need.objects.none(), empty_label=None)

    def __init__(self, *args, need: Need, listed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = listed.exclude(pk=need.pk)


class ReadinessForm(forms.Form):
    """One yes/partly/no answer and a note per criterion; a criterion left blank stays unanswered."""

    def __init__(self, *args, answers: dict | None = None, **kwargs):
        answers = answers or {}
        initial = {}
        for criterion in CRITERIA:
            item = answers.get(criterion.code)
            if item is not None:
                initial[f"{criterion.code}-answer"] = item.answer
                initial[f"{criterion.code}-note"] = item.note
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for criterion in CRITERIA:
            self.fields[f"{criterion.code}-answer"] = forms.ChoiceField(
                label=criterion.title,
                help_text=criterion.help_text,
                choices=ReadinessAnswer.choices,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"{criterion.code}-note"] = forms.CharField(
                label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2, **AUTO})
            )

    def rows(self):
        return [(criterion, self[f"{criterion.code}-answer"], self[f"{criterion.code}-note"]) for criterion in CRITERIA]

    def answers(self) -> dict[str, tuple[str, str]]:
        return {
            criterion.code: (self.cleaned_data[f"{criterion.code}-answer"], self.cleaned_data[f"{criterion.code}-note"])
            for criterion in CRITERIA
            if self.cleaned_data.get(f"{criterion.code}-answer")
        }
