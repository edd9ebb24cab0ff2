"""Forms of the opportunities app. They validate what people type; `services` writes.

Every rule the database holds is repeated here for a readable message, through the same
functions the services use (`rules.design_errors`, `rules.task_errors`), so each rule has
one implementation. Numbers accept Arabic-Indic digits and dates either calendar.
"""

import datetime as dt
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, ngettext

from khibra.accounts.forms import MemberChoiceField
from khibra.accounts.models import User
from khibra.core.forms import CanonicalChoices, DigitsDecimalField, DigitsIntegerField, DualDateField, ListSelect
from khibra.organizations.forms import CityChoiceField
from khibra.programs.forms import ProgramForm, ReadinessForm
from khibra.programs.models import ExecutionMode, Program
from khibra.reference.models import Field, Profession
from khibra.volunteers.models import Level

from . import rules, search
from .models import (
    MAX_BENEFICIARIES,
    BeneficiaryCategory,
    ExperienceRule,
    GenderRestriction,
    MarketingChannel,
    Nature,
    Opportunity,
    ServiceModel,
)
from .services.editing import NewProgram

AUTO = {"dir": "auto"}


def _text(label, *, max_length: int, rows: int = 4, help_text="", required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, **AUTO}),
    )


def _line(label, *, max_length: int, help_text="", required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=max_length, required=required, help_text=help_text, widget=forms.TextInput(attrs=AUTO)
    )


def _answered(bound_field) -> bool:
    value = bound_field.value()
    return value not in (None, "", [], ())


class OpportunityForm(forms.Form):
    """Every field of Table 3 and the usual fields of a national-platform opportunity."""

    SECTIONS = (
        ("role", _("The role"), ("title", "program", "description", "deliverables", "responsibilities", "fields", "other_field", "level")),
        ("beneficiaries", _("Who benefits"), ("beneficiary_category", "beneficiaries_expected")),
        (
            "people",
            _("Who can do it"),
            (
                "requirements", "min_years_experience", "experience_rule", "required_professions", "execution_mode", "team_size", "seats",
                "age_min", "age_max", "gender", "english_allowed", "english_supervisor",
            ),
        ),
        ("place", _("Where and how"), ("nature", "nature_notes", "city", "venue")),
        ("time", _("How long"), ("duration_days", "hours_per_day", "hours_per_week", "starts_on", "ends_on", "apply_by", "urgent")),
        (
            "support",
            _("Supervision, recruiting and benefits"),
            ("supervisor", "supervisor_contact", "marketing_channels", "benefits", "required_training"),
        ),
    )
    # Rendered as a group of checkboxes with a legend rather than one labelled input.
    GROUPS = frozenset({"fields", "required_professions", "marketing_channels"})

    title = _line(
        _("Title"),
        max_length=200,
        required=True,
        help_text=_("Name the role, for example “Python website developer”, not the project or initiative."),
    )
    program = forms.ModelChoiceField(
        label=_("Program"), queryset=Program.objects.none(), required=False, empty_label=_("Choose the program"),
        help_text=_("Every opportunity belongs to a program: its readiness check (step 5) decides when it may be published."),
    )
    description = _text(_("Description"), max_length=6000, rows=5, help_text=_("What the work is, so a reader understands what is asked."))
    deliverables = _text(
        _("Final deliverables"), max_length=4000, rows=3, help_text=_("What is handed over at the end; the opportunity ends when it is delivered.")
    )
    responsibilities = _text(
        _("Responsibilities"), max_length=4000, rows=3, help_text=_("What the volunteer commits to along the way, e.g. a weekly meeting and a weekly report.")
    )
    fields = forms.ModelMultipleChoiceField(
        label=_("Fields of the opportunity"),
        queryset=Field.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_field = _line(_("Other field"), max_length=120, help_text=_("Describe the field when you tick “Other”."))
    level = forms.ChoiceField(label=_("Volunteering level"), choices=Level.choices, initial=Level.PROFESSIONAL)
    beneficiary_category = forms.ChoiceField(
        label=_("Who benefits from the work"), choices=[("", _("Choose who benefits")), *BeneficiaryCategory.choices], required=False,
        help_text=_("Individuals, non-profit organizations, government bodies or the natural environment."),
    )
    beneficiaries_expected = DigitsIntegerField(
        label=_("Expected number of beneficiaries"), required=False, min_value=1, max_value=MAX_BENEFICIARIES,
        help_text=_("For individuals: how many people the work should reach."),
    )

    requirements = _text(
        _("Qualifications and requirements"), max_length=4000, rows=3, help_text=_("For example: three years or more of Python web development.")
    )
    min_years_experience = DigitsIntegerField(label=_("Minimum years of experience"), min_value=0, max_value=60, initial=0)
    experience_rule = forms.ChoiceField(
        label=_("The minimum years are"), choices=ExperienceRule.choices, initial=ExperienceRule.REQUIRED, required=False,
        help_text=_("Required: volunteers with fewer years are not suggested. Preferred: they are, ranked lower."),
    )
    required_professions = forms.ModelMultipleChoiceField(
        label=_("Suitable professions"), queryset=Profession.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    execution_mode = forms.ChoiceField(label=_("Individual or team"), choices=ExecutionMode.choices, initial=ExecutionMode.INDIVIDUAL)
    team_size = DigitsIntegerField(label=_("Team size"), initial=1, max_value=100, help_text=_("For team work: how many people in the team."))
    seats = DigitsIntegerField(label=_("Seats"), initial=1, help_text=_("How many volunteers you will accept."))
    age_min = DigitsIntegerField(label=_("Minimum age"), required=False, min_value=0, max_value=120)
    age_max = DigitsIntegerField(label=_("Maximum age"), required=False, min_value=0, max_value=120)
    gender = forms.ChoiceField(label=_("Open to"), choices=GenderRestriction.choices, required=False)
    english_allowed = forms.BooleanField(label=_("English-speaking volunteers may apply"), required=False)
    english_supervisor = _line(
        _("English-speaking supervisor"),
        max_length=150,
        help_text=_("Required when English-speaking volunteers may apply: who speaks English with them and supports them."),
    )

    nature = forms.ChoiceField(label=_("Nature"), choices=Nature.choices, initial=Nature.REMOTE)
    nature_notes = _line(
        _("When presence is needed"), max_length=500, help_text=_("For in-person and remote work: when the volunteer must come in.")
    )
    city = CityChoiceField(label=_("City"), required=False, empty_label=_("Choose the city"))
    venue = _line(_("Venue"), max_length=200, help_text=_("Where in the city, e.g. the head office or a hotel hall. Leave empty for remote work."))

    duration_days = DigitsIntegerField(label=_("Number of days"), initial=1, help_text=_("Working days, e.g. 20."))
    hours_per_day = DigitsDecimalField(label=_("Hours per day"), max_digits=4, decimal_places=1, initial=Decimal("1"))
    hours_per_week = DigitsDecimalField(label=_("Hours per week"), max_digits=4, decimal_places=1, initial=Decimal("1"))
    starts_on = DualDateField(label=_("Starts on"), required=False)
    ends_on = DualDateField(label=_("Ends on"), required=False)
    apply_by = DualDateField(
        label=_("Applications close on"), required=False,
        help_text=_("The last day to apply. Leave empty to take applications until the start date."),
    )
    urgent = forms.BooleanField(label=_("Urgent"), required=False)

    supervisor = MemberChoiceField(
        label=_("Supervisor"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("No supervisor yet"),
        error_messages={"invalid_choice": _("The supervisor must be an active member of the organization.")},
    )
    supervisor_contact = forms.CharField(
        label=_("Supervisor contact"), max_length=150, required=False, widget=forms.TextInput(attrs={"dir": "ltr"})
    )
    marketing_channels = forms.MultipleChoiceField(
        label=_("Where to find these professionals"),
        choices=MarketingChannel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    benefits = _text(_("Benefits for the volunteer"), max_length=2000, rows=2)
    required_training = _text(_("Required training"), max_length=2000, rows=2)

    def __init__(self, *args, organization, opportunity: Opportunity | None = None, **kwargs):
        if opportunity is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_from(opportunity)
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["program"].queryset = Program.objects.for_organization(organization).order_by("-starts_on", "name")
        if opportunity is not None:
            self.fields["program"].required = True  # a new one may join the only program, or create the first
            self.fields["program"].error_messages["required"] = _("Every opportunity belongs to a program: choose one.")
        self.fields["fields"].queryset = Field.objects.active()
        self.fields["required_professions"].queryset = Profession.objects.active()
        self.fields["supervisor"].queryset = User.objects.filter(
            memberships__organization=organization, memberships__is_active=True
        ).order_by("full_name", "pk")

    def sections(self):
        for key, label, names in self.SECTIONS:
            yield key, label, [self[name] for name in names]

    def steps(self, formset) -> list[dict]:
        """The sections as the steps of a long form: each with its number, its fields, how many of
        them need attention, whether it is complete (every required answer given, none wrong) and
        the step after it (where "Save and continue" goes). The tasks come last."""
        steps = []
        for key, label, fields in self.sections():
            errors = sum(1 for field in fields if field.errors)
            answered = all(_answered(field) for field in fields if field.field.required)
            steps.append({"key": key, "legend": label, "fields": fields, "errors": errors, "done": answered and not errors})
        task_errors = len(formset.non_form_errors()) + sum(1 for errors in formset.errors if errors) if formset.is_bound else 0
        has_tasks = any(_answered(task_form["title"]) for task_form in formset.forms)
        steps.append(
            {"key": "tasks", "legend": _("Tasks and delivery dates"), "fields": [], "errors": task_errors, "done": has_tasks and not task_errors}
        )
        for number, (step, after) in enumerate(zip(steps, [*steps[1:], None], strict=True), start=1):
            step["number"] = number
            step["next"] = after["key"] if after else ""
        return steps

    def clean_experience_rule(self) -> str:
        return self.cleaned_data.get("experience_rule") or ExperienceRule.REQUIRED

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("execution_mode") == ExecutionMode.INDIVIDUAL:
            cleaned["team_size"] = 1
        if cleaned.get("beneficiary_category") != BeneficiaryCategory.INDIVIDUALS:
            cleaned["beneficiaries_expected"] = None  # a count only means something for individuals
        values = dict(cleaned)
        values["city"] = cleaned.get("city").pk if cleaned.get("city") else None
        for name, messages in rules.design_errors(values).items():
            if name in self.fields and name not in self.errors:
                for message in messages:
                    self.add_error(name, message)
        chosen = cleaned.get("fields") or []
        if any(field.is_other for field in chosen) and not (cleaned.get("other_field") or "").strip():
            self.add_error("other_field", _("Describe the field you mean by “Other”."))
        return cleaned

    def changes(self) -> dict:
        """The cleaned values, ready for `services.create_opportunity` / `update_opportunity`."""
        return {name: value for name, value in self.cleaned_data.items() if name in rules.EDITABLE_FIELDS}


def initial_from(opportunity: Opportunity) -> dict:
    initial = {name: getattr(opportunity, name) for name in rules.EDITABLE_FIELDS if name not in rules.MANY_TO_MANY}
    initial["program"] = opportunity.program_id
    initial["city"] = opportunity.city_id
    initial["supervisor"] = opportunity.supervisor_id
    if opportunity.pk:
        initial["fields"] = list(opportunity.fields.values_list("pk", flat=True))
        initial["required_professions"] = list(opportunity.required_professions.values_list("pk", flat=True))
    return initial


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200, widget=forms.TextInput(attrs=AUTO))
    due_on = DualDateField(label=_("Delivery date"))
    details = forms.CharField(label=_("Details"), max_length=2000, required=False, widget=forms.TextInput(attrs=AUTO))


class BaseTaskFormSet(forms.BaseFormSet):
    """The tasks of an opportunity; empty rows are ignored, the rest saved in date order."""

    def tasks(self) -> list[rules.TaskInput]:
        return [task for _form, task in self._filled()]

    def _filled(self):
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or self.can_delete and self._should_delete_form(form):
                continue
            yield form, rules.TaskInput(title=data["title"], due_on=data["due_on"], details=data.get("details", ""))

    def check_period(self, starts_on, ends_on) -> bool:
        """Put the period and duplicate errors on the rows; False when there are any."""
        filled = list(self._filled())
        if len(filled) > rules.MAX_TASKS:
            raise ValidationError(_("An opportunity has at most %(max)s tasks.") % {"max": rules.MAX_TASKS})
        errors = rules.task_errors([task for _form, task in filled], starts_on=starts_on, ends_on=ends_on)
        for index, (field, message) in errors.items():
            filled[index][0].add_error(field, message)
        return not errors


TaskFormSet = forms.formset_factory(TaskForm, formset=BaseTaskFormSet, extra=3, can_delete=True, max_num=30, validate_max=True)


def task_formset(data=None, *, opportunity: Opportunity | None = None) -> BaseTaskFormSet:
    initial = None
    if opportunity is not None and opportunity.pk:
        initial = [{"title": task.title, "due_on": task.due_on, "details": task.details} for task in opportunity.tasks.all()]
    return TaskFormSet(data, initial=initial, prefix="tasks")


def validate_design(form: OpportunityForm, formset: BaseTaskFormSet) -> bool:
    """Both forms valid and every task inside the opportunity's period."""
    valid = form.is_valid()
    valid = formset.is_valid() and valid
    if not valid:
        return False
    try:
        return formset.check_period(form.cleaned_data.get("starts_on"), form.cleaned_data.get("ends_on"))
    except ValidationError as error:
        form.add_error(None, error)
        return False


class UseTemplateForm(forms.Form):
    starts_on = DualDateField(label=_("Start date"), help_text=_("Task dates are counted from this day. Gregorian or Hijri."))
    program = forms.ModelChoiceField(
        label=_("Program"), queryset=Program.objects.none(), required=False, empty_label=_("Not part of a program")
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.for_organization(organization).order_by("-starts_on", "name")


class ServiceModelForm(forms.Form):
    model = forms.ChoiceField(label=_("Service model"), choices=[("", _("Choose a model")), *ServiceModel.choices])
    reasoning = forms.CharField(
        label=_("Why this model"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, **AUTO}),
        help_text=_("Optional for a recommended model; required for any other."),
    )


class ReadinessOverrideForm(forms.Form):
    """An admin (not the opportunity's author) lets it be published before the program is ready."""

    reason = forms.CharField(
        label=_("Why publish before the program is ready"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "id": "override-reason", **AUTO}),
        error_messages={"required": _("Say why the opportunity may be published before the program is ready.")},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Say why the opportunity may be published before the program is ready."), code="required")
        return reason


class QuickProgramForm(ProgramForm):
    """The program an organization's first opportunity creates in the same step (prefix "program")."""

    def __init__(self, *args, organization, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault(
            "initial",
            {
                "name": _("Professional volunteering program of %(organization)s") % {"organization": organization.name},
                "starts_on": today,
                "ends_on": today + dt.timedelta(days=365),
            },
        )
        super().__init__(*args, prefix="program", **kwargs)

    def new_program(self, readiness: ReadinessForm) -> NewProgram:
        data = self.cleaned_data
        return NewProgram(
            name=data["name"], goal=data["goal"], starts_on=data["starts_on"], ends_on=data["ends_on"], readiness=readiness.answers()
        )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2, **AUTO})
    )


# --- the public search ----------------------------------------------------------------------------

SEARCH_HOURS = (5, 10, 20, 40)


class SearchForm(forms.Form):
    """The filters of the public search page (a GET form). A value that is not on the lists is
    dropped with a message rather than failing the page; `filters()` gives what is valid.

    The lists come from the caller (one query each) so that validating costs no further query.
    """

    q = forms.CharField(
        label=_("Search"),
        required=False,
        strip=True,
        widget=forms.TextInput(
            attrs={"type": "search", "id": "search-q", "dir": "auto", "maxlength": search.MAX_QUERY_LENGTH, "autocomplete": "off"}
        ),
    )
    # ListSelect: the organization list holds every organization with a published opportunity.
    field = forms.ChoiceField(label=_("Field"), required=False, widget=ListSelect)
    region = forms.ChoiceField(label=_("Region"), required=False, widget=ListSelect)
    city = forms.ChoiceField(label=_("City"), required=False, widget=ListSelect)
    nature = forms.ChoiceField(
        label=_("Nature"), required=False, choices=[("", _("In person or remote")), *Nature.choices], widget=ListSelect
    )
    duration = forms.ChoiceField(
        label=_("Duration"), required=False, choices=[("", _("Any duration")), *search.Duration.choices], widget=ListSelect
    )
    hours = forms.TypedChoiceField(label=_("Hours per week"), required=False, coerce=int, empty_value=None, widget=ListSelect)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("Any level")), *Level.choices], widget=ListSelect)
    organization = forms.ChoiceField(label=_("Organization"), required=False, widget=ListSelect)
    english = forms.BooleanField(label=_("Open to English-speaking volunteers"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=search.Sort.choices, widget=ListSelect)
    # On by default: a search without the parameter shows open places only.
    places = forms.ChoiceField(
        label=_("Places"),
        required=False,
        choices=[("open", _("Open places only")), ("all", _("Closed and full ones too"))],
        widget=ListSelect,
    )

    def __init__(self, data=None, *, fields, cities, organizations, **kwargs):
        super().__init__(data, **kwargs)
        self._fields = {item.code: item for item in fields}
        self._cities = {item.code: item for item in cities}
        self._regions = {item.region.code: item.region for item in cities}
        self._organizations = {item.slug: item for item in organizations}
        self.fields["field"].choices = [("", _("All fields")), *((code, item.name) for code, item in self._fields.items())]
        self.fields["region"].choices = [("", _("All regions")), *((code, item.name) for code, item in self._regions.items())]
        by_region: dict[str, list] = {}
        for code, item in self._cities.items():
            by_region.setdefault(item.region.name, []).append((code, item.name))
        self.fields["city"].choices = [("", _("All cities")), *by_region.items()]
        self.fields["organization"].choices = CanonicalChoices(
            [("", _("All organizations")), *((slug, item.name) for slug, item in self._organizations.items())]
        )
        self.fields["hours"].choices = [("", _("Any number of hours"))] + [
            (str(hours), ngettext("Up to %(counter)s hour a week", "Up to %(counter)s hours a week", hours) % {"counter": hours})
            for hours in SEARCH_HOURS
        ]

    # The filters folded into the "Filters" panel (the search box and the order stay in view).
    PANEL = ("field", "region", "city", "nature", "duration", "hours", "level", "organization", "english", "places")

    def panel_fields(self):
        return [self[name] for name in self.PANEL]

    def active_filters(self) -> int:
        """How many filters narrow the results now (shown on the folded panel's button)."""
        if not self.is_bound:
            return 0
        filters = self.filters()
        narrowing = ("field", "region", "city", "nature", "duration", "max_hours_per_week", "level", "organization")
        return sum(1 for name in narrowing if filters[name]) + filters["english_friendly"] + (not filters["open_only"])

    def filters(self) -> dict:
        """Keyword arguments for search.search_opportunities from the valid values."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        return {
            "query": data.get("q") or "",
            "field": self._fields.get(data.get("field") or ""),
            "region": self._regions.get(data.get("region") or ""),
            "city": self._cities.get(data.get("city") or ""),
            "nature": data.get("nature") or None,
            "duration": data.get("duration") or None,
            "max_hours_per_week": data.get("hours"),
            "level": data.get("level") or None,
            "organization": self._organizations.get(data.get("organization") or ""),
            "english_friendly": bool(data.get("english")),
            "sort": data.get("sort") or search.Sort.RELEVANCE,
            "open_only": data.get("places") != "all",
        }
