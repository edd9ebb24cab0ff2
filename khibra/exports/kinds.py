"""The registry of export kinds: every table that can be downloaded, defined once for the direct
download, the background build, the pages and the API.

A kind knows who may export it (`check`), which filters it takes (`clean`), how many rows it has
(`count`) and its rows (`rows`, a generator of value tuples read in chunks, never all at once),
with column headers translated in the language active while the file is written.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy as _

from . import access

CHUNK = 1000


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # lazy


@dataclass(frozen=True)
class ExportKind:
    name: str
    label: str  # lazy
    columns: tuple[Column, ...]
    check: Callable  # (user, organization) -> None, raises Http404 / PermissionDenied
    count_rows: Callable  # (organization, params) -> int
    iter_rows: Callable  # (organization, params) -> Iterator[tuple]
    # () -> {name: cleaner(name, value, organization)}; a function because it needs the models.
    filters: Callable = dict
    platform: bool = False  # platform-wide (staff, no organization)

    def headers(self) -> list[str]:
        return [str(column.header) for column in self.columns]

    def clean(self, params, organization) -> dict:
        """Known filters only, each checked; empty values dropped. Raises ValidationError."""
        if params is None:
            params = {}
        if not isinstance(params, dict):
            raise ValidationError({"params": _("The filters must be an object of names and values.")})
        specs = self.filters()
        unknown = sorted(set(params) - set(specs))
        if unknown:
            raise ValidationError(
                {"params": _("This table has no filter named “%(name)s”.") % {"name": str(unknown[0])[:40]}}
            )
        cleaned = {}
        for name, cleaner in specs.items():
            value = params.get(name)
            if value in (None, ""):
                continue
            cleaned[name] = cleaner(name, value, organization)
        if cleaned.get("from") and cleaned.get("to") and cleaned["from"] > cleaned["to"]:
            raise ValidationError({"params": _("The start date must be on or before the end date.")})
        return cleaned

    def count(self, params: dict, organization=None) -> int:
        return self.count_rows(organization, params)

    def rows(self, params: dict, organization=None) -> Iterator[tuple]:
        return self.iter_rows(organization, params)


_REGISTRY: dict[str, ExportKind] = {}


def register(kind: ExportKind) -> ExportKind:
    if kind.name in _REGISTRY:
        raise ValueError(f"export kind {kind.name!r} is already registered")
    _REGISTRY[kind.name] = kind
    return kind


def get_kind(name: str) -> ExportKind | None:
    return _REGISTRY.get(name)


def all_kinds() -> list[ExportKind]:
    return list(_REGISTRY.values())


# Filters -------------------------------------------------------------------------------------


def date_filter(name, value, organization) -> str:
    try:
        return dt.date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        raise ValidationError({"params": _("Enter the “%(name)s” date as YYYY-MM-DD.") % {"name": name}}) from None


def choice_filter(choices):
    def clean(name, value, organization) -> str:
        if str(value) not in choices.values:
            raise ValidationError({"params": _("“%(value)s” is not a valid “%(name)s”.") % {"value": str(value)[:40], "name": name}})
        return str(value)

    return clean


def id_filter(queryset_for):
    """An id of one of the organization's own objects; anything else reads as not found."""

    def clean(name, value, organization) -> int:
        try:
            pk = int(value)
        except (TypeError, ValueError):
            pk = 0
        if not 0 < pk < 2**31 or not queryset_for(organization).filter(pk=pk).exists():
            raise ValidationError({"params": _("No “%(name)s” with this id.") % {"name": name}})
        return pk

    return clean


# Value helpers -------------------------------------------------------------------------------


def _arabic() -> bool:
    return (get_language() or "ar").startswith("ar")


def _name(arabic: str | None, english: str | None) -> str:
    return (arabic or english or "") if _arabic() else (english or arabic or "")


def _label(choices, value) -> str:
    return str(dict(choices.choices).get(value, value or ""))


def _day(value) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _in_period(queryset, params, field_name):
    if params.get("from"):
        queryset = queryset.filter(**{f"{field_name}__gte": params["from"]})
    if params.get("to"):
        queryset = queryset.filter(**{f"{field_name}__lte": params["to"]})
    return queryset


def _opportunities(organization):
    from khibra.opportunities.models import Opportunity

    return Opportunity.objects.filter(organization=organization)


# The organization's hour entries -----------------------------------------------------------


def _hours_queryset(organization, params):
    from khibra.hours.models import HourEntry

    queryset = HourEntry.objects.filter(organization=organization)
    if params.get("status"):
        queryset = queryset.filter(status=params["status"])
    if params.get("opportunity"):
        queryset = queryset.filter(opportunity_id=params["opportunity"])
    return _in_period(queryset, params, "date")


def _hours_rows(organization, params):
    from khibra.hours.models import HourStatus
    from khibra.volunteers.models import Level

    rows = (
        _hours_queryset(organization, params)
        .order_by("date", "pk")
        .values_list("date", "volunteer__user__full_name", "opportunity__title", "hours", "status", "field__name_ar", "field__name_en", "level")
        .iterator(chunk_size=CHUNK)
    )
    for date, volunteer, opportunity, hours, status, field_ar, field_en, level in rows:
        yield (date, volunteer, opportunity, hours, _label(HourStatus, status), _name(field_ar, field_en), _label(Level, level))


def _hours_filters():
    from khibra.hours.models import HourStatus

    return {"status": choice_filter(HourStatus), "opportunity": id_filter(_opportunities), "from": date_filter, "to": date_filter}


# The organization's engagements --------------------------------------------------------------


def _engagements_queryset(organization, params):
    from khibra.engagements.models import Engagement

    queryset = Engagement.objects.filter(opportunity__organization=organization)
    if params.get("status"):
        queryset = queryset.filter(status=params["status"])
    if params.get("opportunity"):
        queryset = queryset.filter(opportunity_id=params["opportunity"])
    return _in_period(queryset, params, "started_on")


def _engagements_rows(organization, params):
    from khibra.engagements.models import EngagementStatus

    rows = (
        _engagements_queryset(organization, params)
        .annotate(approved_hours=Sum("hour_entries__hours", filter=Q(hour_entries__status="approved")))
        .order_by("pk")
        .values_list("volunteer__user__full_name", "opportunity__title", "status", "started_on", "ended_on", "approved_hours")
        .iterator(chunk_size=CHUNK)
    )
    for volunteer, opportunity, status, started, ended, hours in rows:
        yield (volunteer, opportunity, _label(EngagementStatus, status), started, ended, hours or 0)


def _engagements_filters():
    from khibra.engagements.models import EngagementStatus

    return {"status": choice_filter(EngagementStatus), "opportunity": id_filter(_opportunities), "from": date_filter, "to": date_filter}


# The organization's applications (for one opportunity or all) --------------------------------


def _applications_queryset(organization, params):
    from khibra.recruitment.models import Application

    queryset = Application.objects.filter(opportunity__organization=organization)
    if params.get("status"):
        queryset = queryset.filter(status=params["status"])
    if params.get("opportunity"):
        queryset = queryset.filter(opportunity_id=params["opportunity"])
    return queryset


def _answers_text(answers, questions: dict[str, str]) -> str:
    """The answers to the screening questions, one "question: answer" per line."""
    if not isinstance(answers, dict):
        return ""
    return "\n".join(f"{questions[key]}: {text}" for key, text in answers.items() if key in questions and text)


def _applications_rows(organization, params):
    """What a manager needs to decide and to reach the applicant: contact, profession, years,
    city, motivation and answers (the same managers who decide on the board)."""
    from khibra.recruitment.models import ApplicationStatus, ScreeningQuestion

    questions = {
        str(pk): text
        for pk, text in ScreeningQuestion.objects.filter(opportunity__organization=organization).values_list("pk", "text")
    }
    suffix = "ar" if (get_language() or "ar").startswith("ar") else "en"
    rows = (
        _applications_queryset(organization, params)
        .order_by("pk")
        .values_list(
            "volunteer__user__full_name", "volunteer__user__email", "volunteer__phone", f"volunteer__profession__name_{suffix}",
            "volunteer__years_of_experience", f"volunteer__city__name_{suffix}", "opportunity__title", "status", "created_at",
            "decided_at", "motivation", "answers",
        )
        .iterator(chunk_size=CHUNK)
    )
    for volunteer, email, phone, profession, years, city, opportunity, status, applied, decided, motivation, answers in rows:
        yield (
            volunteer, email, phone, profession or "", years, city or "", opportunity, _label(ApplicationStatus, status),
            _day(applied), _day(decided), motivation, _answers_text(answers, questions),
        )


def _applications_filters():
    from khibra.recruitment.models import ApplicationStatus

    return {"status": choice_filter(ApplicationStatus), "opportunity": id_filter(_opportunities)}


# The sector's volunteers (platform staff): no names, e-mails or phone numbers -------------------

AGE_BANDS = ((18, _("Under 18")), (25, _("18–24")), (35, _("25–34")), (45, _("35–44")), (55, _("45–54")), (65, _("55–64")))


def age_band(birth_date: dt.date | None, today: dt.date) -> str:
    if birth_date is None:
        return str(_("Not given"))
    years = today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))
    for limit, label in AGE_BANDS:
        if years < limit:
            return str(label)
    return str(_("65 and over"))


def _volunteers_queryset(organization, params):
    from khibra.volunteers.models import VolunteerProfile

    queryset = VolunteerProfile.objects.filter(user__is_active=True)
    if params.get("level"):
        queryset = queryset.filter(level=params["level"])
    return queryset


def _volunteers_rows(organization, params):
    from khibra.volunteers.models import Gender, Level, VolunteerProfile

    today = timezone.localdate()
    rows = (
        _volunteers_queryset(organization, params)
        .order_by("pk")
        .values_list("pk", "level", "city__name_ar", "city__name_en", "city__region__name_ar", "city__region__name_en", "gender", "birth_date")
        .iterator(chunk_size=CHUNK)
    )
    batch: list[tuple] = []

    def flush():
        # The fields of one batch in one query, instead of one per volunteer.
        fields: dict[int, list[str]] = {}
        links = VolunteerProfile.fields.through.objects.filter(volunteerprofile_id__in=[row[0] for row in batch])
        for profile_id, name_ar, name_en in links.order_by("field__sort_order").values_list(
            "volunteerprofile_id", "field__name_ar", "field__name_en"
        ):
            fields.setdefault(profile_id, []).append(_name(name_ar, name_en))
        for pk, level, city_ar, city_en, region_ar, region_en, gender, birth_date in batch:
            yield (
                _label(Level, level),
                _name(city_ar, city_en),
                _name(region_ar, region_en),
                "، ".join(fields.get(pk, [])) if _arabic() else ", ".join(fields.get(pk, [])),
                _label(Gender, gender) if gender else "",
                age_band(birth_date, today),
            )

    for row in rows:
        batch.append(row)
        if len(batch) >= CHUNK:
            yield from flush()
            batch = []
    if batch:
        yield from flush()


def _volunteers_filters():
    from khibra.volunteers.models import Level

    return {"level": choice_filter(Level)}


# All organizations (platform staff) ----------------------------------------------------------


def _organizations_queryset(organization, params):
    from khibra.organizations.models import Organization

    queryset = Organization.objects.all()
    if params.get("kind"):
        queryset = queryset.filter(kind=params["kind"])
    if params.get("verification"):
        queryset = queryset.filter(verification_status=params["verification"])
    return queryset


def _organizations_rows(organization, params):
    from khibra.organizations.models import OrganizationKind, VerificationStatus

    rows = (
        _organizations_queryset(organization, params)
        .order_by("pk")
        .values_list("name_ar", "name_en", "kind", "city__name_ar", "city__name_en", "city__region__name_ar", "city__region__name_en", "verification_status", "created_at")
        .iterator(chunk_size=CHUNK)
    )
    for name_ar, name_en, kind, city_ar, city_en, region_ar, region_en, verification, created in rows:
        yield (
            _name(name_ar, name_en),
            _label(OrganizationKind, kind),
            _name(city_ar, city_en),
            _name(region_ar, region_en),
            _label(VerificationStatus, verification),
            _day(created),
        )


def _organizations_filters():
    from khibra.organizations.models import OrganizationKind, VerificationStatus

    return {"kind": choice_filter(OrganizationKind), "verification": choice_filter(VerificationStatus)}


def _count(queryset_for):
    return lambda organization, params: queryset_for(organization, params).count()


HOURS = register(
    ExportKind(
        name="hours",
        label=_("Hours"),
        columns=(
            Column("date", _("Date")),
            Column("volunteer", _("Volunteer")),
            Column("opportunity", _("Opportunity")),
            Column("hours", _("Hours")),
            Column("status", _("Status")),
            Column("field", _("Field")),
            Column("level", _("Volunteering level")),
        ),
        check=access.require_organization_manager,
        count_rows=_count(_hours_queryset),
        iter_rows=_hours_rows,
        filters=_hours_filters,
    )
)

ENGAGEMENTS = register(
    ExportKind(
        name="engagements",
        label=_("Engagements"),
        columns=(
            Column("volunteer", _("Volunteer")),
            Column("opportunity", _("Opportunity")),
            Column("status", _("Status")),
            Column("started_on", _("Started on")),
            Column("ended_on", _("Ended on")),
            Column("approved_hours", _("Approved hours")),
        ),
        check=access.require_organization_manager,
        count_rows=_count(_engagements_queryset),
        iter_rows=_engagements_rows,
        filters=_engagements_filters,
    )
)

APPLICATIONS = register(
    ExportKind(
        name="applications",
        label=_("Applications"),
        columns=(
            Column("volunteer", _("Volunteer")),
            Column("email", _("E-mail")),
            Column("phone", _("Mobile number")),
            Column("profession", _("Profession")),
            Column("years", _("Years of experience")),
            Column("city", _("City")),
            Column("opportunity", _("Opportunity")),
            Column("status", _("Status")),
            Column("applied_on", _("Applied on")),
            Column("decided_on", _("Decided on")),
            Column("motivation", _("Motivation")),
            Column("answers", _("Answers to the screening questions")),
        ),
        check=access.require_organization_manager,
        count_rows=_count(_applications_queryset),
        iter_rows=_applications_rows,
        filters=_applications_filters,
    )
)

SECTOR_VOLUNTEERS = register(
    ExportKind(
        name="sector_volunteers",
        label=_("The sector's volunteers"),
        columns=(
            Column("level", _("Volunteering level")),
            Column("city", _("City")),
            Column("region", _("Region")),
            Column("fields", _("Fields")),
            Column("gender", _("Gender")),
            Column("age_band", _("Age band")),
        ),
        check=access.require_platform_staff,
        count_rows=_count(_volunteers_queryset),
        iter_rows=_volunteers_rows,
        filters=_volunteers_filters,
        platform=True,
    )
)

ORGANIZATIONS = register(
    ExportKind(
        name="organizations",
        label=_("Organizations"),
        columns=(
            Column("name", _("Name")),
            Column("kind", _("Type")),
            Column("city", _("City")),
            Column("region", _("Region")),
            Column("verification", _("Verification")),
            Column("joined_on", _("Joined on")),
        ),
        check=access.require_platform_staff,
        count_rows=_count(_organizations_queryset),
        iter_rows=_organizations_rows,
        filters=_organizations_filters,
        platform=True,
    )
)
