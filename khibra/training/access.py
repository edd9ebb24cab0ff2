"""Who may see or change courses and completions.

An organization's courses belong to it: outsiders get 404, members without the right to manage
get 403. Platform courses (no organization) are kept by platform staff; for anybody else their
management pages do not exist (404).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from khibra.organizations.access import (
    active_membership,
    get_organization_for_member,
    is_staff,
    require_role,
    require_slug,
    require_staff,
)

from .models import Course, CourseCompletion


def may_manage_course(user, course: Course) -> bool:
    """Platform staff keep platform courses; an organization's admins and managers keep its own."""
    if course.provider_id is None:
        return is_staff(user)
    membership = active_membership(course.provider, user)
    return bool(membership and membership.can_manage)


def get_course_owner(user, org_slug: str | None):
    """Whose courses are managed: the organization (by slug) for its managers, or None (the
    platform's) for platform staff; anybody else gets 404."""
    if org_slug is None:
        require_staff(user)
        return None
    organization, _membership = get_organization_for_member(user, org_slug, manage=True)
    return organization


def get_course_for_manager(user, org_slug: str | None, pk: int) -> Course:
    """A course to edit: the organization's (by slug) for its managers, or a platform course for staff."""
    if org_slug is None:
        if not is_staff(user):
            raise Http404
        return get_object_or_404(Course.objects.platform().select_related("field"), pk=pk)
    organization, _membership = get_organization_for_member(user, org_slug, manage=True)
    return get_object_or_404(Course.objects.select_related("field", "provider"), provider=organization, pk=pk)


def get_completion_for_reviewer(user, pk: int, *, org_slug: str | None = None) -> CourseCompletion:
    """A completion the user may confirm or reject. For an organization's course: its members who
    manage (others of its members 403, outsiders 404); for a platform course: staff (else 404)."""
    completion = (
        CourseCompletion.objects.select_related("course__provider", "course__field", "volunteer__user").filter(pk=pk).first()
    )
    if completion is None:
        raise Http404
    provider = completion.course.provider
    if provider is None:
        if org_slug is not None or not is_staff(user):
            raise Http404
        return completion
    require_slug(provider, org_slug)
    membership = active_membership(provider, user)
    if membership is None:
        raise Http404
    require_role(membership, manage=True)
    return completion
