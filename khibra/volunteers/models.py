import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khibra.core.models import TimeStampedModel


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class WorkMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    REMOTE = "remote", _("Remote")
    BOTH = "both", _("In person or remote")


class Level(models.TextChoices):
    """The three levels of volunteering; professional is the rarest and needs real qualifications."""

    GENERAL = "general", _("General volunteering")
    SKILLED = "skilled", _("Skilled volunteering")
    PROFESSIONAL = "professional", _("Professional volunteering")


class IdentityStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("Not verified")
    PENDING = "pending", _("Under review")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Not accepted")


# Availability is stored as bit masks so matching can test it in SQL (`days & mask`).
class Weekday(models.IntegerChoices):
    SUNDAY = 1, _("Sunday")
    MONDAY = 2, _("Monday")
    TUESDAY = 4, _("Tuesday")
    WEDNESDAY = 8, _("Wednesday")
    THURSDAY = 16, _("Thursday")
    FRIDAY = 32, _("Friday")
    SATURDAY = 64, _("Saturday")


class DayPart(models.IntegerChoices):
    MORNING = 1, _("Morning")
    AFTERNOON = 2, _("Afternoon")
    EVENING = 4, _("Evening (after work)")


def mask_of(values) -> int:
    total = 0
    for value in values or ():
        total |= int(value)
    return total


def values_of(mask: int, choices) -> list[int]:
    return [value for value in choices.values if mask & value]


class VolunteerProfile(TimeStampedModel):
    Level = Level
    IdentityStatus = IdentityStatus

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="volunteer_profile", verbose_name=_("user"))
    city = models.ForeignKey("reference.City", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("city"))
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)
    # Set when the volunteer typed back the code sent to `phone` by SMS; a new number clears it.
    phone_verified_at = models.DateTimeField(_("mobile number verified at"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    headline = models.CharField(_("headline"), max_length=160, blank=True, help_text=_("One line that says what you do, e.g. 'Chartered accountant, 12 years in audit'."))
    bio = models.TextField(_("about me"), max_length=3000, blank=True)

    profession = models.ForeignKey(
        "reference.Profession", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("profession")
    )
    specialty = models.CharField(_("specialty"), max_length=150, blank=True)
    years_of_experience = models.PositiveSmallIntegerField(_("years of experience"), default=0)
    fields = models.ManyToManyField("reference.Field", related_name="volunteers", blank=True, verbose_name=_("fields"))
    skills = models.ManyToManyField("reference.Skill", related_name="volunteers", blank=True, verbose_name=_("skills"))
    languages = models.ManyToManyField("reference.Language", related_name="volunteers", blank=True, verbose_name=_("languages"))

    hours_per_week = models.PositiveSmallIntegerField(_("hours available per week"), default=0)
    available_days = models.PositiveSmallIntegerField(_("available days"), default=0)
    available_times = models.PositiveSmallIntegerField(_("available times of day"), default=0)
    work_mode = models.CharField(_("how you can work"), max_length=10, choices=WorkMode, default=WorkMode.BOTH)
    work_cities = models.ManyToManyField(
        "reference.City", related_name="+", blank=True, verbose_name=_("cities you can work in")
    )

    cv_url = models.URLField(_("CV link"), blank=True)
    portfolio_url = models.URLField(_("portfolio link"), blank=True)
    linkedin_url = models.URLField(_("professional profile link"), blank=True)

    # Derived from the profile by services.update_level(); stored so matching can filter on it.
    level = models.CharField(_("level"), max_length=15, choices=Level, default=Level.GENERAL)

    identity_status = models.CharField(
        _("identity verification"), max_length=12, choices=IdentityStatus, default=IdentityStatus.UNVERIFIED
    )
    national_id = models.CharField(_("national ID or iqama number"), max_length=10, blank=True)
    identity_note = models.TextField(_("review note"), blank=True)
    identity_checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    identity_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("checked by")
    )

    class Meta:
        verbose_name = _("volunteer profile")
        verbose_name_plural = _("volunteer profiles")
        constraints = [
            models.CheckConstraint(condition=Q(years_of_experience__lte=70), name="profile_experience_range"),
            models.CheckConstraint(condition=Q(hours_per_week__lte=80), name="profile_hours_range"),
            models.CheckConstraint(condition=Q(available_days__lte=127), name="profile_days_mask"),
            models.CheckConstraint(condition=Q(available_times__lte=7), name="profile_times_mask"),
            models.CheckConstraint(
                condition=~Q(identity_status__in=["pending", "verified"]) | ~Q(national_id=""),
                name="profile_identity_needs_number",
            ),
        ]
        indexes = [
            models.Index(fields=["level", "city"], name="profile_level_city"),
            models.Index(fields=["identity_status"], name="profile_identity_queue", condition=Q(identity_status="pending")),
        ]

    def __str__(self) -> str:
        return str(self.user)

    def age_on(self, day: dt.date) -> int | None:
        if self.birth_date is None:
            return None
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years

    def is_minor(self, today: dt.date | None = None) -> bool:
        age = self.age_on(today or dt.date.today())
        return age is not None and age < settings.ADULT_AGE

    @property
    def masked_national_id(self) -> str:
        return f"••••••{self.national_id[-4:]}" if self.national_id else ""

    @property
    def day_values(self) -> list[int]:
        return values_of(self.available_days, Weekday)

    @property
    def time_values(self) -> list[int]:
        return values_of(self.available_times, DayPart)


class QualificationKind(models.TextChoices):
    DEGREE = "degree", _("Academic degree")
    CERTIFICATE = "certificate", _("Professional certificate")
    LICENSE = "license", _("Professional license or membership")


class Qualification(TimeStampedModel):
    Kind = QualificationKind
    profile = models.ForeignKey(VolunteerProfile, models.CASCADE, related_name="qualifications", verbose_name=_("volunteer"))
    kind = models.CharField(_("kind"), max_length=12, choices=QualificationKind)
    title = models.CharField(_("title"), max_length=200, help_text=_("e.g. Bachelor of Accounting, CPA, SOCPA fellowship"))
    institution = models.CharField(_("awarded by"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(year__isnull=True) | Q(year__gte=1950, year__lte=2100), name="qualification_year_range"),
        ]


class GuardianConsent(TimeStampedModel):
    """A parent's or guardian's recorded consent, required before a minor takes on any engagement."""

    profile = models.OneToOneField(VolunteerProfile, models.CASCADE, related_name="guardian_consent", verbose_name=_("volunteer"))
    guardian_name = models.CharField(_("guardian's full name"), max_length=150)
    relationship = models.CharField(_("relationship"), max_length=60)
    guardian_phone = models.CharField(_("guardian's mobile number"), max_length=20)
    guardian_email = models.EmailField(_("guardian's e-mail"), blank=True)
    consented_at = models.DateTimeField(_("consented at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("recorded by")
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("guardian consent")
        verbose_name_plural = _("guardian consents")
