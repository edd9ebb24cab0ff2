"""Training pages: the public catalogue and course page (with "I completed this course"), the
volunteer's completions, course management (an organization's, or the platform's for staff) with
the completions awaiting confirmation, and the courses an opportunity requires."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from khibra.core.forms import add_service_errors
from khibra.opportunities.access import get_opportunity_for_member
from khibra.opportunities.models import Opportunity
from khibra.organizations.access import require_staff
from khibra.volunteers.access import get_volunteer_profile
from khibra.volunteers.models import VolunteerProfile

from . import access, selectors, services
from .forms import CatalogueFilterForm, CompletionForm, CourseForm, DecisionForm, RequireCourseForm
from .models import Course, CourseCompletion

PAGE_SIZE = 20


# --- public -----------------------------------------------------------------------------------------


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    form = CatalogueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    courses = selectors.catalogue(field=filters.get("field"), q=filters.get("q") or "")
    page = Paginator(courses, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "training/catalogue.html", {"form": form, "page": page})


def _own_profile(user) -> VolunteerProfile | None:
    if not user.is_authenticated:
        return None
    return VolunteerProfile.objects.filter(user=user).first()


@require_http_methods(["GET", "POST"])
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_or_404(Course.objects.catalogue().select_related("field", "provider"), pk=pk)
    profile = _own_profile(request.user)
    completion = CourseCompletion.objects.filter(course=course, volunteer=profile).first() if profile else None
    form = None
    if profile is not None and (completion is None or completion.status != CourseCompletion.Status.CONFIRMED):
        form = CompletionForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        if form is None:
            messages.error(request, _("Only volunteers record the courses they completed."))
            return redirect("training:detail", pk=course.pk)
        if form.is_valid():
            try:
                services.declare_completion(course=course, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your completion is recorded. The course's organization may confirm it."))
                return redirect("training:detail", pk=course.pk)
    opportunities = (
        Opportunity.objects.public().filter(course_requirements__course=course).select_related("organization").order_by("-published_at")[:10]
    )
    return render(
        request,
        "training/detail.html",
        {"course": course, "completion": completion, "form": form, "opportunities": opportunities},
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_GET
def my_training(request: HttpRequest) -> HttpResponse:
    profile = get_volunteer_profile(request.user)
    return render(request, "training/mine.html", {"completions": selectors.completions_of(profile)})


# --- course management: an organization's (org_slug) or the platform's (None, staff) ---------------


def _manage_url(org_slug: str | None) -> str:
    return reverse("training:org_courses", args=[org_slug]) if org_slug else reverse("training:manage")


def _manage(request: HttpRequest, org_slug: str | None) -> HttpResponse:
    organization = access.get_course_owner(request.user, org_slug)
    courses = Course.objects.filter(provider=organization) if organization else Course.objects.platform()
    courses = courses.select_related("field").order_by("-is_active", "title_ar", "pk")
    return render(
        request,
        "training/manage.html",
        {
            "organization": organization,
            "courses": courses,
            "completions": selectors.completions_to_review(organization),
            "decision_form": DecisionForm(),
            "new_url": reverse("training:org_course_new", args=[org_slug]) if org_slug else reverse("training:manage_new"),
        },
    )


def _course_form(request: HttpRequest, org_slug: str | None, pk: int | None) -> HttpResponse:
    organization = access.get_course_owner(request.user, org_slug)
    course = access.get_course_for_manager(request.user, org_slug, pk) if pk else None
    initial = {name: getattr(course, name) for name in services.COURSE_FIELDS} if course else None
    form = CourseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if course is None:
                services.create_course(by=request.user, provider=organization, **form.cleaned_data)
            else:
                services.update_course(course=course, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The course is saved."))
            return redirect(_manage_url(org_slug))
    return render(
        request,
        "training/course_form.html",
        {"organization": organization, "course": course, "form": form, "back_url": _manage_url(org_slug)},
        status=400 if form.errors else 200,
    )


def _deactivate(request: HttpRequest, org_slug: str | None, pk: int) -> HttpResponse:
    course = access.get_course_for_manager(request.user, org_slug, pk)
    try:
        services.deactivate_course(course=course, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The course is no longer in the catalogue."))
    return redirect(_manage_url(org_slug))


def _decide(request: HttpRequest, org_slug: str | None, pk: int, decision: str) -> HttpResponse:
    if org_slug is None:
        require_staff(request.user)
    completion = access.get_completion_for_reviewer(request.user, pk, org_slug=org_slug)
    form = DecisionForm(request.POST)
    if form.is_valid():
        service = services.confirm_completion if decision == "confirm" else services.reject_completion
        try:
            service(completion=completion, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The completion is confirmed.") if decision == "confirm" else _("The completion is marked as not confirmed."))
    else:
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
    return redirect(_manage_url(org_slug))


@login_required
@require_GET
def org_courses(request: HttpRequest, org_slug: str) -> HttpResponse:
    return _manage(request, org_slug)


@login_required
@require_http_methods(["GET", "POST"])
def org_course_new(request: HttpRequest, org_slug: str) -> HttpResponse:
    return _course_form(request, org_slug, None)


@login_required
@require_http_methods(["GET", "POST"])
def org_course_edit(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    return _course_form(request, org_slug, pk)


@login_required
@require_POST
def org_course_deactivate(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    return _deactivate(request, org_slug, pk)


@login_required
@require_POST
def org_completion_confirm(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    return _decide(request, org_slug, pk, "confirm")


@login_required
@require_POST
def org_completion_reject(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    return _decide(request, org_slug, pk, "reject")


@login_required
@require_GET
def manage(request: HttpRequest) -> HttpResponse:
    return _manage(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def manage_new(request: HttpRequest) -> HttpResponse:
    return _course_form(request, None, None)


@login_required
@require_http_methods(["GET", "POST"])
def manage_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _course_form(request, None, pk)


@login_required
@require_POST
def manage_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _deactivate(request, None, pk)


@login_required
@require_POST
def manage_completion_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, None, pk, "confirm")


@login_required
@require_POST
def manage_completion_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, None, pk, "reject")


# --- the courses an opportunity requires ----------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_training(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organization, _membership, opportunity = get_opportunity_for_member(request.user, pk, slug=org_slug, manage=True)
    required_ids = opportunity.course_requirements.values("course_id")
    form = RequireCourseForm(request.POST or None, courses=selectors.requirable_courses(organization).exclude(pk__in=required_ids))
    if request.method == "POST" and form.is_valid():
        try:
            services.require_course(opportunity=opportunity, course=form.cleaned_data["course"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Volunteers must now complete this course before applying."))
            return redirect("training:opportunity", org_slug=organization.slug, pk=opportunity.pk)
    return render(
        request,
        "training/opportunity.html",
        {"organization": organization, "opportunity": opportunity, "requirements": selectors.requirements_of(opportunity), "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def opportunity_training_remove(request: HttpRequest, org_slug: str, pk: int, course_pk: int) -> HttpResponse:
    organization, _membership, opportunity = get_opportunity_for_member(request.user, pk, slug=org_slug, manage=True)
    course = get_object_or_404(Course, pk=course_pk, opportunity_requirements__opportunity=opportunity)
    try:
        services.unrequire_course(opportunity=opportunity, course=course, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The course is no longer required."))
    return redirect("training:opportunity", org_slug=organization.slug, pk=opportunity.pk)
