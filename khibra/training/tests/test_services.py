import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
import pytest

from khibra.core.models import AuditEvent
from khibra.testing.factories import OrganizationFactory
from khibra.training import selectors, services
from khibra.training.models import CompletionStatus, Course, CourseCompletion, OpportunityCourse

from .conftest import course_values

TODAY = timezone.localdate


def test_staff_create_platform_courses(staff, platform_course):
    assert platform_course.provider is None and platform_course.is_active
    assert AuditEvent.objects.filter(verb="training.course_created", target_id=str(platform_course.pk)).exists()


def test_it_refuses_platform_courses_to_non_staff(manager_a):
    with pytest.raises(PermissionDenied):
        services.create_course(by=manager_a, **course_values())
    assert not Course.objects.exists()


def test_managers_create_their_organizations_courses(org_a, admin_a, course_a):
    assert course_a.provider == org_a
    services.create_course(by=admin_a, provider=org_a, **course_values(title_ar="دورة ثانية"))
    assert Course.objects.filter(provider=org_a).count() == 2


@pytest.mark.parametrize("who", ["supervisor_a", "manager_b", "staff", "volunteer"])
def test_others_cannot_create_an_organizations_course(request, org_a, who):
    with pytest.raises(PermissionDenied):
        services.create_course(by=request.getfixturevalue(who), provider=org_a, **course_values())


def test_an_external_course_needs_a_link(staff):
    with pytest.raises(ValidationError) as error:
        services.create_course(by=staff, **course_values(url=""))
    assert "url" in error.value.message_dict
    assert not Course.objects.exists()


@pytest.mark.parametrize("hours", [Decimal("0"), Decimal("0.4"), Decimal("1001")])
def test_the_duration_is_bounded(staff, hours):
    with pytest.raises(ValidationError) as error:
        services.create_course(by=staff, **course_values(duration_hours=hours))
    assert "duration_hours" in error.value.message_dict


def test_the_database_holds_the_rules(platform_course):
    with pytest.raises(IntegrityError), transaction.atomic():
        Course.objects.filter(pk=platform_course.pk).update(url="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Course.objects.filter(pk=platform_course.pk).update(duration_hours=Decimal("2000"))


def test_update_and_deactivate(org_a, manager_a, manager_b, course_a):
    services.update_course(course=course_a, by=manager_a, title_en="Safeguarding children", duration_hours=Decimal("2.5"))
    course_a.refresh_from_db()
    assert course_a.title_en == "Safeguarding children" and course_a.duration_hours == Decimal("2.5")
    with pytest.raises(PermissionDenied):
        services.update_course(course=course_a, by=manager_b, title_en="x")
    with pytest.raises(PermissionDenied):
        services.deactivate_course(course=course_a, by=manager_b)
    services.deactivate_course(course=course_a, by=manager_a)
    course_a.refresh_from_db()
    assert not course_a.is_active
    with pytest.raises(ValidationError):
        services.deactivate_course(course=course_a, by=manager_a)


def test_a_volunteer_declares_a_completion(volunteer, profile, platform_course):
    completion = services.declare_completion(course=platform_course, by=volunteer, completed_on=TODAY(), evidence_url="https://x.example/c")
    assert completion.status == CompletionStatus.SELF_DECLARED and completion.volunteer == profile


def test_only_volunteers_declare(plain_user, platform_course):
    with pytest.raises(PermissionDenied):
        services.declare_completion(course=platform_course, by=plain_user, completed_on=TODAY())


def test_a_completion_cannot_be_in_the_future(volunteer, platform_course):
    with pytest.raises(ValidationError) as error:
        services.declare_completion(course=platform_course, by=volunteer, completed_on=TODAY() + dt.timedelta(days=1))
    assert error.value.error_dict["completed_on"][0].code == "future"
    assert not CourseCompletion.objects.exists()


def test_an_inactive_course_cannot_be_declared(volunteer, staff, platform_course):
    services.deactivate_course(course=platform_course, by=staff)
    with pytest.raises(ValidationError):
        services.declare_completion(course=platform_course, by=volunteer, completed_on=TODAY())


def test_the_courses_organization_confirms(manager_a, declared_a):
    completion = services.confirm_completion(completion=declared_a, by=manager_a)
    assert completion.status == CompletionStatus.CONFIRMED and completion.confirmed_by == manager_a and completion.confirmed_at


def test_a_rejection_needs_a_note(manager_a, declared_a):
    with pytest.raises(ValidationError):
        services.reject_completion(completion=declared_a, by=manager_a, note="  ")
    declared_a.refresh_from_db()
    assert declared_a.status == CompletionStatus.SELF_DECLARED
    services.reject_completion(completion=declared_a, by=manager_a, note="لم نجد اسمك في سجل الحضور.")
    declared_a.refresh_from_db()
    assert declared_a.status == CompletionStatus.REJECTED


@pytest.mark.parametrize("who", ["manager_b", "admin_b", "supervisor_a", "staff", "other_volunteer"])
def test_others_cannot_decide(request, declared_a, who):
    with pytest.raises(PermissionDenied):
        services.confirm_completion(completion=declared_a, by=request.getfixturevalue(who))
    declared_a.refresh_from_db()
    assert declared_a.status == CompletionStatus.SELF_DECLARED


def test_staff_decide_platform_completions_and_managers_do_not(staff, manager_a, volunteer, platform_course):
    completion = services.declare_completion(course=platform_course, by=volunteer, completed_on=TODAY())
    with pytest.raises(PermissionDenied):
        services.confirm_completion(completion=completion, by=manager_a)
    services.confirm_completion(completion=completion, by=staff)
    completion.refresh_from_db()
    assert completion.status == CompletionStatus.CONFIRMED


def test_a_decided_completion_is_not_decided_again(manager_a, declared_a):
    services.confirm_completion(completion=declared_a, by=manager_a)
    with pytest.raises(ValidationError) as error:
        services.reject_completion(completion=declared_a, by=manager_a, note="x")
    assert error.value.code == "already_decided"


def test_declaring_again_after_a_rejection_goes_back_for_confirmation(manager_a, volunteer, declared_a, course_a):
    services.reject_completion(completion=declared_a, by=manager_a, note="أرفق الشهادة")
    again = services.declare_completion(course=course_a, by=volunteer, completed_on=TODAY(), evidence_url="https://x.example/c")
    assert again.pk == declared_a.pk and again.status == CompletionStatus.SELF_DECLARED and again.note == ""
    services.confirm_completion(completion=again, by=manager_a)
    with pytest.raises(ValidationError) as error:
        services.declare_completion(course=course_a, by=volunteer, completed_on=TODAY())
    assert error.value.code == "already_confirmed"


def test_requiring_courses(manager_a, opportunity_a, platform_course, course_a):
    requirement, created = services.require_course(opportunity=opportunity_a, course=platform_course, by=manager_a)
    assert created
    _again, created = services.require_course(opportunity=opportunity_a, course=platform_course, by=manager_a)
    assert not created and OpportunityCourse.objects.count() == 1
    services.require_course(opportunity=opportunity_a, course=course_a, by=manager_a)
    assert [c.pk for c in selectors.required_courses(opportunity_a)] == sorted([platform_course.pk, course_a.pk], key=lambda pk: Course.objects.get(pk=pk).title_ar)
    services.unrequire_course(opportunity=opportunity_a, course=course_a, by=manager_a)
    assert selectors.required_courses(opportunity_a) == [platform_course]
    with pytest.raises(ValidationError):
        services.unrequire_course(opportunity=opportunity_a, course=course_a, by=manager_a)


def test_only_active_courses_can_be_required(staff, manager_a, opportunity_a, platform_course):
    services.deactivate_course(course=platform_course, by=staff)
    with pytest.raises(ValidationError):
        services.require_course(opportunity=opportunity_a, course=platform_course, by=manager_a)


def test_an_unverified_organizations_course_is_not_requirable_by_others(manager_a, opportunity_a):
    pending = OrganizationFactory(verification_status="pending")
    from khibra.testing.factories import MembershipFactory

    owner = MembershipFactory(organization=pending, role="admin").user
    hidden = services.create_course(by=owner, provider=pending, **course_values(delivery="internal", url=""))
    with pytest.raises(ValidationError):
        services.require_course(opportunity=opportunity_a, course=hidden, by=manager_a)


@pytest.mark.parametrize("who", ["manager_b", "supervisor_a", "volunteer", "staff"])
def test_others_cannot_change_requirements(request, opportunity_a, platform_course, who):
    with pytest.raises(PermissionDenied):
        services.require_course(opportunity=opportunity_a, course=platform_course, by=request.getfixturevalue(who))
    assert not OpportunityCourse.objects.exists()


def test_missing_courses(manager_a, staff, volunteer, profile, opportunity_a, platform_course, course_a):
    services.require_course(opportunity=opportunity_a, course=platform_course, by=manager_a)
    services.require_course(opportunity=opportunity_a, course=course_a, by=manager_a)
    assert set(selectors.missing_courses(opportunity_a, profile)) == {platform_course, course_a}
    completion = services.declare_completion(course=course_a, by=volunteer, completed_on=TODAY())
    assert selectors.missing_courses(opportunity_a, profile) == [platform_course]  # self-declared counts
    services.reject_completion(completion=completion, by=manager_a, note="لا يوجد دليل")
    assert set(selectors.missing_courses(opportunity_a, profile)) == {platform_course, course_a}  # rejected does not
    services.deactivate_course(course=platform_course, by=staff)
    assert selectors.missing_courses(opportunity_a, profile) == [course_a]  # a deactivated course no longer blocks


def test_catalogue_filters(staff, org_a, manager_a, platform_course, course_a):
    other = services.create_course(by=staff, **course_values(title_ar="المحاسبة للجمعيات", title_en="Accounting", field=platform_course.field.__class__.objects.get(code="finance-accounting"), specialty=""))
    assert set(selectors.catalogue()) == {platform_course, course_a, other}
    assert list(selectors.catalogue(field=other.field)) == [other]
    assert list(selectors.catalogue(q="المحاسبه")) == [other]  # taa marbuta folded
    assert list(selectors.catalogue(q="accounting")) == [other]
    services.deactivate_course(course=other, by=staff)
    assert other not in selectors.catalogue()
