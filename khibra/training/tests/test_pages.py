import datetime as dt

from django.urls import reverse
from django.utils import timezone

from khibra.training import services
from khibra.training.models import CompletionStatus, Course, CourseCompletion, OpportunityCourse

from .conftest import course_values


def test_the_catalogue_is_public_and_filters(client, platform_course, course_a, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        page = client.get(reverse("training:catalogue")).content.decode()
    assert f'id="course-{platform_course.pk}"' in page and f'id="course-{course_a.pk}"' in page
    page = client.get(reverse("training:catalogue"), {"q": "الطفل"}).content.decode()
    assert f'id="course-{course_a.pk}"' in page and f'id="course-{platform_course.pk}"' not in page
    page = client.get(reverse("training:catalogue"), {"field": platform_course.field_id}).content.decode()
    assert f'id="course-{platform_course.pk}"' in page


def test_bad_filters_are_ignored(client, platform_course):
    response = client.get(reverse("training:catalogue"), {"field": "abc", "q": "x" * 500})
    assert response.status_code == 200


def test_the_course_page(client, platform_course):
    page = client.get(reverse("training:detail", args=[platform_course.pk])).content.decode()
    assert 'id="course-title"' in page and 'id="course-link"' in page and 'id="completion-login"' in page


def test_an_inactive_course_has_no_page(client, staff, platform_course):
    services.deactivate_course(course=platform_course, by=staff)
    assert client.get(reverse("training:detail", args=[platform_course.pk])).status_code == 404


def test_a_volunteer_declares_on_the_course_page(client, volunteer, platform_course):
    client.force_login(volunteer)
    url = reverse("training:detail", args=[platform_course.pk])
    assert 'id="completion-form"' in client.get(url).content.decode()
    response = client.post(url, {"completed_on": timezone.localdate().isoformat(), "evidence_url": "https://x.example/c"})
    assert response.status_code == 302
    completion = CourseCompletion.objects.get()
    assert completion.status == CompletionStatus.SELF_DECLARED and completion.evidence_url == "https://x.example/c"
    page = client.get(reverse("training:mine")).content.decode()
    assert f'id="completion-{completion.pk}"' in page


def test_bad_completion_input_writes_nothing(client, volunteer, platform_course):
    client.force_login(volunteer)
    url = reverse("training:detail", args=[platform_course.pk])
    for data in (
        {"completed_on": "not a date"},
        {"completed_on": (timezone.localdate() + dt.timedelta(days=3)).isoformat()},
        {"completed_on": timezone.localdate().isoformat(), "evidence_url": "javascript:alert(1)"},
    ):
        response = client.post(url, data)
        assert response.status_code == 400
        assert 'class="error"' in response.content.decode() or "form-errors" in response.content.decode()
    assert not CourseCompletion.objects.exists()


def test_a_user_without_a_profile_cannot_declare(client, plain_user, platform_course):
    client.force_login(plain_user)
    response = client.post(reverse("training:detail", args=[platform_course.pk]), {"completed_on": timezone.localdate().isoformat()})
    assert response.status_code == 302 and not CourseCompletion.objects.exists()
    assert client.get(reverse("training:mine")).status_code == 404


def test_managers_manage_their_courses(client, org_a, manager_a, course_a, declared_a):
    client.force_login(manager_a)
    page = client.get(reverse("training:org_courses", args=[org_a.slug])).content.decode()
    assert f'id="managed-course-{course_a.pk}"' in page and f'id="review-completion-{declared_a.pk}"' in page
    response = client.post(
        reverse("training:org_course_new", args=[org_a.slug]),
        {**{k: v for k, v in course_values(title_ar="دورة جديدة").items() if k != "field"}, "field": course_a.field_id},
    )
    assert response.status_code == 302
    assert Course.objects.filter(provider=org_a, title_ar="دورة جديدة").exists()
    response = client.post(
        reverse("training:org_course_edit", args=[org_a.slug, course_a.pk]),
        {"title_ar": "عنوان معدل", "field": course_a.field_id, "delivery": "internal", "duration_hours": "٢٫٥"},
    )
    assert response.status_code == 302
    course_a.refresh_from_db()
    assert course_a.title_ar == "عنوان معدل" and str(course_a.duration_hours) == "2.5"
    client.post(reverse("training:org_course_deactivate", args=[org_a.slug, course_a.pk]))
    course_a.refresh_from_db()
    assert not course_a.is_active


def test_bad_course_input_writes_nothing(client, org_a, manager_a, course_a):
    client.force_login(manager_a)
    url = reverse("training:org_course_new", args=[org_a.slug])
    response = client.post(url, {"title_ar": "", "field": course_a.field_id, "delivery": "external", "url": "", "duration_hours": "5000"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_url_error"' in page and 'id="id_duration_hours_error"' in page and 'id="id_title_ar_error"' in page
    assert Course.objects.count() == 1


def test_confirm_and_reject_on_the_page(client, org_a, manager_a, declared_a, course_a, other_volunteer):
    client.force_login(manager_a)
    client.post(reverse("training:org_reject", args=[org_a.slug, declared_a.pk]), {"note": ""})
    declared_a.refresh_from_db()
    assert declared_a.status == CompletionStatus.SELF_DECLARED  # a rejection needs a note
    client.post(reverse("training:org_confirm", args=[org_a.slug, declared_a.pk]), {"note": ""})
    declared_a.refresh_from_db()
    assert declared_a.status == CompletionStatus.CONFIRMED
    other = services.declare_completion(course=course_a, by=other_volunteer, completed_on=timezone.localdate())
    client.post(reverse("training:org_reject", args=[org_a.slug, other.pk]), {"note": "لم تحضر"})
    other.refresh_from_db()
    assert other.status == CompletionStatus.REJECTED


def test_organization_b_cannot_reach_organization_as_training(client, org_a, org_b, manager_b, course_a, declared_a):
    client.force_login(manager_b)
    assert client.get(reverse("training:org_courses", args=[org_a.slug])).status_code == 404
    assert client.post(reverse("training:org_course_edit", args=[org_a.slug, course_a.pk]), {"title_ar": "x"}).status_code == 404
    assert client.post(reverse("training:org_course_deactivate", args=[org_a.slug, course_a.pk])).status_code == 404
    # Through their own organization's address too.
    assert client.post(reverse("training:org_course_deactivate", args=[org_b.slug, course_a.pk])).status_code == 404
    assert client.post(reverse("training:org_confirm", args=[org_b.slug, declared_a.pk])).status_code == 404
    assert client.post(reverse("training:org_confirm", args=[org_a.slug, declared_a.pk])).status_code == 404
    declared_a.refresh_from_db()
    course_a.refresh_from_db()
    assert declared_a.status == CompletionStatus.SELF_DECLARED and course_a.is_active


def test_supervisors_get_403(client, org_a, supervisor_a, declared_a):
    client.force_login(supervisor_a)
    assert client.get(reverse("training:org_courses", args=[org_a.slug])).status_code == 403
    assert client.post(reverse("training:org_confirm", args=[org_a.slug, declared_a.pk])).status_code == 403


def test_staff_manage_platform_courses(client, staff, manager_a, volunteer, platform_course):
    completion = services.declare_completion(course=platform_course, by=volunteer, completed_on=timezone.localdate())
    client.force_login(manager_a)
    assert client.get(reverse("training:manage")).status_code == 404
    assert client.post(reverse("training:manage_confirm", args=[completion.pk])).status_code == 404
    client.force_login(staff)
    page = client.get(reverse("training:manage")).content.decode()
    assert f'id="managed-course-{platform_course.pk}"' in page and f'id="review-completion-{completion.pk}"' in page
    client.post(reverse("training:manage_confirm", args=[completion.pk]), {"note": ""})
    completion.refresh_from_db()
    assert completion.status == CompletionStatus.CONFIRMED
    response = client.post(
        reverse("training:manage_new"),
        {"title_ar": "دورة المنصة", "field": platform_course.field_id, "delivery": "internal", "duration_hours": "2"},
    )
    assert response.status_code == 302 and Course.objects.platform().filter(title_ar="دورة المنصة").exists()


def test_the_requirements_page(client, org_a, manager_a, opportunity_a, platform_course):
    client.force_login(manager_a)
    url = reverse("training:opportunity", args=[org_a.slug, opportunity_a.pk])
    assert 'id="no-required-courses"' in client.get(url).content.decode()
    assert client.post(url, {"course": platform_course.pk}).status_code == 302
    assert OpportunityCourse.objects.filter(opportunity=opportunity_a, course=platform_course).exists()
    assert f'id="required-course-{platform_course.pk}"' in client.get(url).content.decode()
    assert client.post(url, {"course": "999999"}).status_code == 400
    client.post(reverse("training:opportunity_remove", args=[org_a.slug, opportunity_a.pk, platform_course.pk]))
    assert not OpportunityCourse.objects.exists()


def test_organization_b_cannot_change_organization_as_requirements(client, org_a, manager_a, manager_b, opportunity_a, platform_course):
    services.require_course(opportunity=opportunity_a, course=platform_course, by=manager_a)
    client.force_login(manager_b)
    url = reverse("training:opportunity", args=[org_a.slug, opportunity_a.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"course": platform_course.pk}).status_code == 404
    remove = reverse("training:opportunity_remove", args=[org_a.slug, opportunity_a.pk, platform_course.pk])
    assert client.post(remove).status_code == 404
    assert OpportunityCourse.objects.count() == 1


def test_english_pages(client, platform_course):
    page = client.get("/en/training/").content.decode()
    assert "Training courses" in page and "Personal data protection" in page
