"""What "fits" means: the hard limits of matching, defined once, read by suggestions,
recommendations, alerts and invitations alike.

Each limit is a named `Q` over volunteers (for one opportunity) and its mirror over opportunities
(for one volunteer). A volunteer fits an opportunity when every limit holds both ways; the names
let the pages say which one limit a near miss misses. Weekly hours are soft: fewer hours than
asked lower the score (ranking), and only a gap below `HOURS_FLOOR` of the hours asked excludes.
Nothing here writes; every filter is an indexed column test or an EXISTS on a link table.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from khibra.accounts.models import PolicyAcceptance, PolicyKind
from khibra.accounts.services import current_policy
from khibra.opportunities.models import ExperienceRule, Nature, Opportunity
from khibra.reference.models import Language
from khibra.training.models import COUNTING_STATUSES, CourseCompletion, OpportunityCourse
from khibra.volunteers.models import GuardianConsent, IdentityStatus, VolunteerProfile, WorkMode

# A volunteer offering at least this share of the weekly hours asked is still a candidate (ranked
# lower, the gap said in words); below it the work would take over five times longer: a near miss.
HOURS_FLOOR = 0.2

# The order the pages list near misses in; "eligibility" (charter, active account, identity not
# rejected, a guardian's consent for minors) is never shown as a near miss.
LIMITS = ("hours", "work_mode", "city", "language", "experience", "age", "gender", "courses")

LanguageLink = VolunteerProfile.languages.through
WorkCityLink = VolunteerProfile.work_cities.through


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _language_ids(codes: list[str]) -> list[int]:
    return list(Language.objects.filter(code__in=codes).values_list("pk", flat=True))


def charter_accepted(user_ref: str = "user_id"):
    """An Exists() over the current charter's acceptance, or None while there is no charter."""
    policy = current_policy(PolicyKind.CHARTER)
    if policy is None:
        return None
    return Exists(PolicyAcceptance.objects.filter(user_id=OuterRef(user_ref), policy=policy, withdrawn_at__isnull=True))


def eligible() -> Q:
    """Who may be matched at all: the current charter accepted, an active account, an identity not
    rejected, and a guardian's consent for a volunteer under 18. Nobody while there is no charter."""
    charter = charter_accepted()
    if charter is None:
        return Q(pk__in=[])
    adult_born_by = _years_before(timezone.localdate(), settings.ADULT_AGE)
    minor = Q(birth_date__gt=adult_born_by) & ~Exists(GuardianConsent.objects.filter(profile_id=OuterRef("pk")))
    return Q(charter, user__is_active=True) & ~Q(identity_status=IdentityStatus.REJECTED) & ~minor


# --- for one opportunity: which volunteers pass each limit ----------------------------------------------


def volunteer_limits(opportunity: Opportunity) -> dict[str, Q]:
    """{limit: Q over VolunteerProfile} for this opportunity; a limit it does not set is absent."""
    limits: dict[str, Q] = {}
    hours = float(opportunity.hours_per_week)
    limits["hours"] = Q(hours_per_week__gte=hours * HOURS_FLOOR)
    if opportunity.nature == Nature.IN_PERSON:
        limits["work_mode"] = Q(work_mode__in=[WorkMode.IN_PERSON, WorkMode.BOTH])
    elif opportunity.nature == Nature.REMOTE:
        limits["work_mode"] = Q(work_mode__in=[WorkMode.REMOTE, WorkMode.BOTH])
    if opportunity.city_id and opportunity.nature != Nature.REMOTE:
        local = Q(city_id=opportunity.city_id) | Exists(
            WorkCityLink.objects.filter(volunteerprofile_id=OuterRef("pk"), city_id=opportunity.city_id)
        )
        # Work that may also be done remotely needs the city only of those who work in person only.
        limits["city"] = local if opportunity.nature == Nature.IN_PERSON else local | ~Q(work_mode=WorkMode.IN_PERSON)
    languages = ["ar", "en"] if opportunity.english_allowed else ["ar"]
    # Language ids, not a join to the language table inside the EXISTS: PostgreSQL then probes the
    # (profile, language) index per candidate instead of hashing every language row.
    limits["language"] = Exists(
        LanguageLink.objects.filter(volunteerprofile_id=OuterRef("pk"), language_id__in=_language_ids(languages))
    )
    if opportunity.min_years_experience and opportunity.experience_rule == ExperienceRule.REQUIRED:
        limits["experience"] = Q(years_of_experience__gte=opportunity.min_years_experience)
    today = timezone.localdate()
    if opportunity.age_min is not None:
        limits["age"] = Q(birth_date__lte=_years_before(today, opportunity.age_min))
    if opportunity.age_max is not None:
        limits["age"] = limits.get("age", Q()) & Q(birth_date__gt=_years_before(today, opportunity.age_max + 1))
    if opportunity.gender:
        limits["gender"] = Q(gender=opportunity.gender)
    courses = list(
        OpportunityCourse.objects.filter(opportunity=opportunity, course__is_active=True).values_list("course_id", flat=True)
    )
    if courses:
        done = Q()
        for course_id in courses:
            done &= Exists(
                CourseCompletion.objects.filter(volunteer_id=OuterRef("pk"), course_id=course_id, status__in=COUNTING_STATUSES)
            )
        limits["courses"] = done
    return limits


def volunteers_passing(opportunity: Opportunity, limits: dict[str, Q] | None = None) -> Q:
    """Every limit of the opportunity, and eligibility, as one Q over VolunteerProfile."""
    limits = volunteer_limits(opportunity) if limits is None else limits
    passing = eligible()
    for condition in limits.values():
        passing &= condition
    return passing


# --- for one volunteer: which opportunities pass each limit ----------------------------------------------


def opportunity_limits(volunteer: VolunteerProfile) -> dict[str, Q]:
    """{limit: Q over Opportunity} for this volunteer: the mirror of `volunteer_limits`."""
    limits: dict[str, Q] = {}
    limits["hours"] = Q(hours_per_week__lte=volunteer.hours_per_week / HOURS_FLOOR)
    if volunteer.work_mode == WorkMode.IN_PERSON:
        limits["work_mode"] = Q(nature__in=[Nature.IN_PERSON, Nature.BOTH])
    elif volunteer.work_mode == WorkMode.REMOTE:
        limits["work_mode"] = Q(nature__in=[Nature.REMOTE, Nature.BOTH])
    city_ids = set(volunteer.work_cities.values_list("pk", flat=True)) | ({volunteer.city_id} if volunteer.city_id else set())
    where = Q(city__isnull=True) | Q(city_id__in=city_ids)
    if volunteer.work_mode == WorkMode.IN_PERSON:
        limits["city"] = Q(nature=Nature.REMOTE) | where
    else:
        limits["city"] = ~Q(nature=Nature.IN_PERSON) | where
    codes = set(volunteer.languages.values_list("code", flat=True))
    if "ar" not in codes:
        limits["language"] = Q(english_allowed=True) if "en" in codes else Q(pk__in=[])
    limits["experience"] = ~Q(
        experience_rule=ExperienceRule.REQUIRED, min_years_experience__gt=volunteer.years_of_experience
    )
    age = volunteer.age_on(timezone.localdate())
    if age is None:
        limits["age"] = Q(age_min__isnull=True, age_max__isnull=True)
    else:
        limits["age"] = (Q(age_min__isnull=True) | Q(age_min__lte=age)) & (Q(age_max__isnull=True) | Q(age_max__gte=age))
    limits["gender"] = Q(gender="") | Q(gender=volunteer.gender) if volunteer.gender else Q(gender="")
    done = CourseCompletion.objects.filter(volunteer=volunteer, course_id=OuterRef("course_id"), status__in=COUNTING_STATUSES)
    limits["courses"] = ~Exists(
        OpportunityCourse.objects.filter(opportunity_id=OuterRef("pk"), course__is_active=True).exclude(Exists(done))
    )
    return limits


def is_eligible(volunteer: VolunteerProfile) -> bool:
    return VolunteerProfile.objects.filter(eligible(), pk=volunteer.pk).exists()


def missed_limits(opportunity: Opportunity, volunteer: VolunteerProfile) -> list[str]:
    """The limits of the opportunity this volunteer misses, by the same Q objects (for one row)."""
    limits = volunteer_limits(opportunity)
    row = VolunteerProfile.objects.filter(pk=volunteer.pk)
    return [name for name in LIMITS if name in limits and not row.filter(limits[name]).exists()]
