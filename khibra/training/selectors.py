"""Reads for the training pages, the API and the apply rule. Never writes."""

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import get_language

from khibra.core.arabic import normalize

from .models import COUNTING_STATUSES, CompletionStatus, Course, CourseCompletion, OpportunityCourse

MAX_QUERY_WORDS = 8


def catalogue(*, field=None, q: str = "") -> QuerySet[Course]:
    """The public catalogue, filtered by field and by words (every word must appear, in either
    language, Arabic spelling variants folded)."""
    courses = Course.objects.catalogue().select_related("field", "provider")
    if field is not None:
        courses = courses.filter(field=field)
    for word in normalize(q or "").split()[:MAX_QUERY_WORDS]:
        courses = courses.filter(search_text__contains=word)
    return courses.order_by("title_ar", "pk")


def required_courses(opportunity) -> list[Course]:
    """The active courses an opportunity requires before applying (for its public page)."""
    return list(
        Course.objects.active()
        .filter(opportunity_requirements__opportunity=opportunity)
        .select_related("field", "provider")
        .order_by("title_ar", "pk")
    )


def opportunity_public_annotations() -> dict:
    """Whether a public opportunity requires any course (opportunities.hooks.public_annotations)."""
    return {"requires_courses": Exists(OpportunityCourse.objects.filter(opportunity=OuterRef("pk")))}


def opportunity_public_page_context(opportunity) -> dict:
    """The courses the public page lists (opportunities.hooks.public_page_context); no query when
    the opportunity requires none."""
    return {"required_courses": required_courses(opportunity) if opportunity.requires_courses else []}


def course_titles(courses) -> str:
    """The titles as one list in the active language (Arabic separates with the Arabic comma)."""
    separator = "، " if (get_language() or "ar").startswith("ar") else ", "
    return separator.join(f"“{course.title}”" for course in courses)


def missing_courses(opportunity, volunteer) -> list[Course]:
    """The required courses this volunteer has not completed (declared or confirmed; a rejected
    declaration does not count). A deactivated course no longer blocks anybody."""
    required = required_courses(opportunity)
    if not required:
        return []
    done = set(
        CourseCompletion.objects.filter(
            volunteer=volunteer, status__in=COUNTING_STATUSES, course__in=[course.pk for course in required]
        ).values_list("course_id", flat=True)
    )
    return [course for course in required if course.pk not in done]


def requirements_of(opportunity) -> QuerySet[OpportunityCourse]:
    """Every requirement of the opportunity, inactive courses included (its managers' page)."""
    return (
        OpportunityCourse.objects.filter(opportunity=opportunity)
        .select_related("course__field", "course__provider")
        .order_by("course__title_ar", "pk")
    )


def completions_to_review(organization=None) -> QuerySet[CourseCompletion]:
    """Declarations awaiting a decision on the organization's courses (None: platform courses)."""
    completions = CourseCompletion.objects.filter(status=CompletionStatus.SELF_DECLARED).select_related(
        "course__field", "volunteer__user"
    )
    if organization is None:
        completions = completions.filter(course__provider__isnull=True)
    else:
        completions = completions.filter(course__provider=organization)
    return completions.order_by("created_at", "pk")


def completions_of(volunteer) -> QuerySet[CourseCompletion]:
    return (
        CourseCompletion.objects.filter(volunteer=volunteer)
        .select_related("course__field", "course__provider")
        .order_by("-completed_on", "-pk")
    )


def requirable_courses(organization) -> QuerySet[Course]:
    """Courses an organization may require: the public catalogue and its own active courses."""
    from django.db.models import Q

    return (
        Course.objects.active()
        .filter(Q(provider__isnull=True) | Q(provider__verification_status="verified") | Q(provider=organization))
        .select_related("field", "provider")
        .order_by("title_ar", "pk")
    )
