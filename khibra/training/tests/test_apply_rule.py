"""An opportunity that requires a course cannot be applied to before the course is completed."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
import pytest

from khibra.recruitment.models import Application
from khibra.recruitment.services.applications import apply, apply_blockers
from khibra.testing.api import ApiClient, error_of
from khibra.training import services


@pytest.fixture
def requiring(manager_a, opportunity_a, platform_course):
    services.require_course(opportunity=opportunity_a, course=platform_course, by=manager_a)
    return opportunity_a


def _apply(opportunity, profile):
    return apply(opportunity=opportunity, volunteer=profile, motivation="لدي خبرة مناسبة.", answers={}, availability_confirmed=True)


def test_without_requirements_nothing_changes(opportunity_a, ready_profile):
    assert apply_blockers(opportunity=opportunity_a, volunteer=ready_profile) == []


def test_a_missing_course_blocks_applying(requiring, ready_profile, platform_course):
    blockers = apply_blockers(opportunity=requiring, volunteer=ready_profile)
    assert [error.code for error in blockers] == ["course_required"]
    with pytest.raises(ValidationError):
        _apply(requiring, ready_profile)
    assert not Application.objects.exists()


def test_the_message_names_the_missing_course(requiring, ready_profile, platform_course):
    from django.utils import translation

    with translation.override("en"):
        (blocker,) = apply_blockers(opportunity=requiring, volunteer=ready_profile)
        assert "Personal data protection" in blocker.message


def test_a_declared_completion_opens_applying(requiring, ready_profile, platform_course):
    services.declare_completion(course=platform_course, by=ready_profile.user, completed_on=timezone.localdate())
    assert apply_blockers(opportunity=requiring, volunteer=ready_profile) == []
    assert _apply(requiring, ready_profile).pk


def test_a_rejected_completion_blocks_again(requiring, ready_profile, platform_course, staff):
    completion = services.declare_completion(course=platform_course, by=ready_profile.user, completed_on=timezone.localdate())
    services.reject_completion(completion=completion, by=staff, note="الرابط لا يعمل")
    assert [error.code for error in apply_blockers(opportunity=requiring, volunteer=ready_profile)] == ["course_required"]


def test_the_apply_page_and_the_api_refuse(client, requiring, ready_profile):
    client.force_login(ready_profile.user)
    response = client.post(
        reverse("recruitment:apply", args=[requiring.pk]), {"motivation": "خبرة", "availability_confirmed": "on"}
    )
    assert response.status_code in (200, 400)
    assert not Application.objects.exists()
    api = ApiClient(ready_profile.user, language="en")
    response = api.post(f"/opportunities/{requiring.pk}/applications/", {"motivation": "x", "availability_confirmed": True, "answers": {}})
    assert response.status_code == 400, response.content
    assert "Personal data protection" in error_of(response)["message"]
    assert not Application.objects.exists()
