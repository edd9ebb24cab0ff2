"""Forms for the volunteer's own pages and for staff identity review.

Text fields accept any script. Every rule the database holds is repeated here so that a bad value
gets a readable message instead of a failed write; the services check again.
"""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khibra.accounts.validators import validate_person_name
from khibra.core.arabic import to_latin_digits
from khibra.core.forms import DigitsIntegerField, DualDateField, add_service_errors  # noqa: F401 (re-exported)
from khibra.reference.models import City, Field, Language, Profession

from .models import DayPart, Gender, QualificationKind, VolunteerProfile, Weekday, WorkMode
from .validators import normalize_saudi_mobile, split_skills, validate_skill_names
from .verification import validate_saudi_id

MAX_EXPERIENCE_YEARS = 70  # profile_experience_range
MAX_HOURS_PER_WEEK = 80  # profile_hours_range
OLDEST_BIRTH_YEAR = 1900
QUALIFICATION_FIRST_YEAR = 1950  # qualification_year_range

_LTR = {"dir": "ltr"}


class ProfileForm(forms.Form):
    """The volunteer profile in four sections; the name is saved on the user."""

    SECTIONS = (
        ("personal", _("About you"), ("full_name", "city", "phone", "gender", "birth_date", "headline", "bio")),
        (
            "professional",
            _("Profession and expertise"),
            ("profession", "specialty", "years_of_experience", "fields", "skills", "languages"),
        ),
        (
            "availability",
            _("Availability"),
            ("hours_per_week", "available_days", "available_times", "work_mode", "work_cities"),
        ),
        ("links", _("Links"), ("cv_url", "portfolio_url", "linkedin_url")),
    )
    # Rendered as a group of choices with a legend rather than one labelled input.
    GROUPS = frozenset({"fields", "languages", "available_days", "available_times", "work_mode"})

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        validators=[validate_person_name],
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "name"}),
    )
    city = forms.ModelChoiceField(
        label=_("City"),
        queryset=City.objects.active(),
        empty_label=_("Choose your city"),
        error_messages={"required": _("Choose the city you live in.")},
    )
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        required=False,
        help_text=_("A Saudi mobile number: 05XXXXXXXX or +9665XXXXXXXX."),
        widget=forms.TextInput(attrs={"type": "tel", "dir": "ltr", "inputmode": "tel", "autocomplete": "tel"}),
    )
    gender = forms.ChoiceField(
        label=_("Gender"), required=False, choices=[("", _("Prefer not to say")), *Gender.choices]
    )
    birth_date = DualDateField(label=_("Date of birth"), required=False)
    headline = forms.CharField(
        label=_("Headline"),
        max_length=160,
        required=False,
        help_text=_("One line that says what you do, e.g. 'Chartered accountant, 12 years in audit'."),
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    bio = forms.CharField(
        label=_("About me"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"})
    )

    profession = forms.ModelChoiceField(
        label=_("Profession"),
        queryset=Profession.objects.active(),
        required=False,
        empty_label=_("No profession listed"),
    )
    specialty = forms.CharField(
        label=_("Specialty"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=_("e.g. zakat and tax, labour law, data engineering"),
    )
    years_of_experience = DigitsIntegerField(
        label=_("Years of experience in your profession"),
        required=False,
        min_value=0,
        max_value=MAX_EXPERIENCE_YEARS,
        error_messages={
            "invalid": _("Write the number of years as digits."),
            "min_value": _("The years of experience cannot be negative."),
            "max_value": _("The years of experience can be at most 70."),
        },
    )
    fields = forms.ModelMultipleChoiceField(
        label=_("Fields you can help in"),
        queryset=Field.objects.active(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    skills = forms.CharField(
        label=_("Skills"),
        max_length=2000,
        required=False,
        help_text=_("Separate skills with commas, e.g. financial audit، budgeting، Excel"),
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages you work in"),
        queryset=Language.objects.active(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    hours_per_week = DigitsIntegerField(
        label=_("Hours you can give per week"),
        required=False,
        min_value=0,
        max_value=MAX_HOURS_PER_WEEK,
        error_messages={
            "invalid": _("Write the number of hours as digits."),
            "min_value": _("The hours per week cannot be negative."),
            "max_value": _("The hours per week can be at most 80."),
        },
    )
    available_days = forms.TypedMultipleChoiceField(
        label=_("Days you are available"),
        choices=Weekday.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    available_times = forms.TypedMultipleChoiceField(
        label=_("Times of day you are available"),
        choices=DayPart.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    work_mode = forms.ChoiceField(
        label=_("How you can work"), choices=WorkMode.choices, initial=WorkMode.BOTH, widget=forms.RadioSelect
    )
    work_cities = forms.ModelMultipleChoiceField(
        label=_("Other cities you can work in"),
        queryset=City.objects.active(),
        required=False,
        help_text=_("For in-person work. Hold Ctrl (or ⌘) to choose more than one."),
    )

    cv_url = forms.URLField(
        label=_("CV link"), max_length=200, required=False, assume_scheme="https", widget=forms.URLInput(attrs=_LTR)
    )
    portfolio_url = forms.URLField(
        label=_("Portfolio link"),
        max_length=200,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs=_LTR),
    )
    linkedin_url = forms.URLField(
        label=_("Professional profile link"),
        max_length=200,
        required=False,
        assume_scheme="https",
        help_text=_("LinkedIn or a similar professional network."),
        widget=forms.URLInput(attrs=_LTR),
    )

    def __init__(self, *args, user, profile: VolunteerProfile | None = None, **kwargs):
        if profile is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(profile)
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("full_name", user.full_name)
        super().__init__(*args, **kwargs)

    @staticmethod
    def initial_from(profile: VolunteerProfile) -> dict:
        return {
            "city": profile.city_id,
            "phone": profile.phone,
            "gender": profile.gender,
            "birth_date": profile.birth_date,
            "headline": profile.headline,
            "bio": profile.bio,
            "profession": profile.profession_id,
            "specialty": profile.specialty,
            "years_of_experience": profile.years_of_experience,
            "fields": list(profile.fields.values_list("pk", flat=True)),
            "skills": "، ".join(skill.name for skill in profile.skills.all()),
            "languages": list(profile.languages.values_list("pk", flat=True)),
            "hours_per_week": profile.hours_per_week,
            "available_days": profile.day_values,
            "available_times": profile.time_values,
            "work_mode": profile.work_mode,
            "work_cities": list(profile.work_cities.values_list("pk", flat=True)),
            "cv_url": profile.cv_url,
            "portfolio_url": profile.portfolio_url,
            "linkedin_url": profile.linkedin_url,
        }

    def sections(self) -> list[tuple[str, str, list]]:
        return [(key, legend, [self[name] for name in names]) for key, legend, names in self.SECTIONS]

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        return normalize_saudi_mobile(phone) if phone else ""

    def clean_birth_date(self) -> dt.date | None:
        birth_date = self.cleaned_data["birth_date"]
        if birth_date is None:
            return None
        if birth_date > timezone.localdate():
            raise ValidationError(_("The date of birth cannot be in the future."), code="future")
        if birth_date.year < OLDEST_BIRTH_YEAR:
            raise ValidationError(_("Check the year of birth."), code="too_old")
        return birth_date

    def clean_skills(self) -> list[str]:
        names = split_skills(self.cleaned_data["skills"])
        validate_skill_names(names)
        return names

    def clean_years_of_experience(self) -> int:
        return self.cleaned_data["years_of_experience"] or 0

    def clean_hours_per_week(self) -> int:
        return self.cleaned_data["hours_per_week"] or 0

    def service_arguments(self) -> dict:
        """The cleaned data as save_profile's keyword arguments (the name is saved separately)."""
        data = dict(self.cleaned_data)
        data.pop("full_name")
        return data


class QualificationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=QualificationKind.choices)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("e.g. Bachelor of Accounting, CPA, SOCPA fellowship"),
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    institution = forms.CharField(
        label=_("Awarded by"), max_length=200, required=False, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    year = DigitsIntegerField(
        label=_("Year"),
        required=False,
        error_messages={"invalid": _("Write the year as four digits, e.g. 2019.")},
    )

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise ValidationError(_("Write the title of the qualification."), code="required")
        return title

    def clean_year(self) -> int | None:
        year = self.cleaned_data["year"]
        if year is None:
            return None
        if year < QUALIFICATION_FIRST_YEAR:
            raise ValidationError(_("The year must be 1950 or later."), code="too_early")
        if year > timezone.localdate().year:
            raise ValidationError(_("The year cannot be in the future."), code="future")
        return year


class IdentityForm(forms.Form):
    national_id = forms.CharField(
        label=_("National ID or iqama number"),
        max_length=20,
        help_text=_("Ten digits; a national ID starts with 1 and an iqama number with 2."),
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_national_id(self) -> str:
        return validate_saudi_id(self.cleaned_data["national_id"])


class PhoneCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the text message"),
        max_length=12,
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def clean_code(self) -> str:
        code = to_latin_digits(self.cleaned_data["code"]).strip().replace(" ", "")
        if len(code) != 6 or not code.isascii() or not code.isdigit():
            raise ValidationError(_("The code is the six digits in the text message."), code="format")
        return code


class GuardianConsentForm(forms.Form):
    guardian_name = forms.CharField(
        label=_("Guardian's full name"),
        max_length=150,
        validators=[validate_person_name],
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    relationship = forms.CharField(
        label=_("Relationship to you"),
        max_length=60,
        help_text=_("e.g. father, mother, brother"),
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    guardian_phone = forms.CharField(
        label=_("Guardian's mobile number"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "dir": "ltr", "inputmode": "tel"}),
    )
    guardian_email = forms.EmailField(label=_("Guardian's e-mail"), required=False, widget=forms.EmailInput(attrs=_LTR))
    confirm = forms.BooleanField(
        label=_("My guardian has read my profile and agrees that I volunteer through Khibra."),
        error_messages={"required": _("Your guardian's agreement is needed to record the consent.")},
    )

    def clean_guardian_name(self) -> str:
        return " ".join(self.cleaned_data["guardian_name"].split())

    def clean_relationship(self) -> str:
        relationship = " ".join(self.cleaned_data["relationship"].split())
        if not relationship:
            raise ValidationError(_("Say how the guardian is related to you."), code="required")
        return relationship

    def clean_guardian_phone(self) -> str:
        return normalize_saudi_mobile(self.cleaned_data["guardian_phone"])


class IdentityReviewForm(forms.Form):
    APPROVE = "approve"
    REJECT = "reject"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(APPROVE, _("The identity is verified")), (REJECT, _("The identity is not accepted"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the volunteer"),
        max_length=1000,
        required=False,
        help_text=_("Required when the identity is not accepted: say what to fix."),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.REJECT and not (cleaned.get("note") or "").strip():
            self.add_error(
                "note",
                ValidationError(
                    _("Say why the identity is not accepted, so the volunteer can fix it."), code="note_required"
                ),
            )
        return cleaned

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == self.APPROVE
