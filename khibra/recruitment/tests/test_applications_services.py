"""Every rule and transition of applying and selecting (services/applications.py)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
import pytest

from khibra.agreements import access as agreement_access, services as agreement_services
from khibra.core.dates import format_gregorian, format_hijri
from khibra.core.models import AuditEvent, Notification
from khibra.engagements import services as engagement_services
from khibra.engagements.models import Engagement
from khibra.opportunities.models import Opportunity
from khibra.organizations.models import Organization
from khibra.recruitment import selectors
from khibra.recruitment.models import Application, Interview, PassReason, ShareLink
from khibra.recruitment.services import applications as services
from khibra.testing.factories import VolunteerProfileFactory, published_opportunity, ready_volunteer

from .selection_fixtures import (  # noqa: F401  (fixtures)
    applicant,
    application,
    apply_to,
    make_applicant,
    opportunity,
    other_applicant,
    other_application,
    question,
)

pytestmark = pytest.mark.django_db


def codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def refused(code: str, **kwargs) -> None:
    with pytest.raises(ValidationError) as error:
        apply_to(**kwargs)
    assert code in codes(error.value), codes(error.value)
    assert not Application.objects.filter(volunteer=kwargs["profile"], opportunity=kwargs["opportunity"]).exists()


# --- applying ----------------------------------------------------------------------------------


def test_a_ready_volunteer_applies_and_the_managers_are_told(opportunity, question, applicant, manager_a, supervisor_a):
    application = apply_to(opportunity, applicant)

    assert application.status == Application.Status.APPLIED
    assert application.answers == {str(question.pk): "بنيت منصة تبرعات بإطار جانغو."}
    assert application.availability_confirmed and application.first_response_at is None
    assert AuditEvent.objects.filter(verb="application.submitted", target_id=str(application.pk)).exists()
    assert Notification.objects.filter(user=manager_a, kind="application.submitted").exists()
    assert Notification.objects.filter(user=supervisor_a, kind="application.submitted").exists()


def test_the_share_link_is_recorded_as_the_source(opportunity, applicant):
    link = ShareLink.objects.create(opportunity=opportunity, channel="universities")

    application = apply_to(opportunity, applicant, source_code=link.code)

    assert application.source == link


def test_an_unknown_share_code_is_ignored(opportunity, applicant):
    assert apply_to(opportunity, applicant, source_code="nope").source is None


@pytest.mark.parametrize("change", ["draft", "unverified"])
def test_only_public_opportunities_take_applications(opportunity, applicant, change):
    if change == "draft":
        Opportunity.objects.filter(pk=opportunity.pk).update(status=Opportunity.Status.DRAFT)
    else:
        Organization.objects.filter(pk=opportunity.organization_id).update(verification_status="pending")
    refused("not_open", opportunity=opportunity, profile=applicant)


def test_a_full_opportunity_takes_no_more_applications(opportunity, applicant):
    Opportunity.objects.filter(pk=opportunity.pk).update(seats_filled=2)
    opportunity.refresh_from_db()
    refused("no_seats", opportunity=opportunity, profile=applicant)


def test_the_ethics_charter_comes_first(opportunity, volunteer):
    profile = volunteer.volunteer_profile
    profile.languages.set([])
    from khibra.testing.factories import language

    profile.languages.add(language("ar"))
    refused("charter_required", opportunity=opportunity, profile=profile)


def test_required_answers_are_required_and_nothing_is_written(opportunity, question, applicant):
    with pytest.raises(ValidationError) as error:
        apply_to(opportunity, applicant, answers={str(question.pk): "   "})
    assert f"answer_{question.pk}" in error.value.error_dict
    assert not Application.objects.exists() and not Notification.objects.exists()


def test_an_optional_question_may_stay_empty_and_unknown_answers_are_dropped(opportunity, question, applicant):
    question.required = False
    question.save()
    application = apply_to(opportunity, applicant, answers={"999": "خارج الأسئلة"})
    assert application.answers == {}


@pytest.mark.parametrize(
    "overrides,field",
    [({"availability_confirmed": False}, "availability_confirmed"), ({"motivation": "  "}, "motivation")],
)
def test_motivation_and_availability_are_required(opportunity, applicant, overrides, field):
    with pytest.raises(ValidationError) as error:
        apply_to(opportunity, applicant, **overrides)
    assert field in error.value.error_dict
    assert not Application.objects.exists()


def test_a_volunteer_without_arabic_needs_an_english_friendly_opportunity(org_a, opportunity):
    profile = ready_volunteer(VolunteerProfileFactory(), languages=("en",))
    refused("language", opportunity=opportunity, profile=profile)

    english = published_opportunity(org_a, english_allowed=True, english_supervisor="Sarah Smith")
    assert apply_to(english, profile).status == Application.Status.APPLIED


def test_the_age_range_is_respected(org_a):
    opportunity = published_opportunity(org_a, age_min=30, age_max=50)
    young = make_applicant(birth_date=timezone.localdate() - dt.timedelta(days=365 * 25))
    unknown = make_applicant(birth_date=None)
    fitting = make_applicant(birth_date=timezone.localdate() - dt.timedelta(days=365 * 40))

    refused("age", opportunity=opportunity, profile=young)
    refused("age_unknown", opportunity=opportunity, profile=unknown)
    assert apply_to(opportunity, fitting)


def test_a_women_only_opportunity_takes_women(org_a):
    opportunity = published_opportunity(org_a, gender="female")
    refused("gender", opportunity=opportunity, profile=make_applicant(gender="male"))
    assert apply_to(opportunity, make_applicant(gender="female"))


def test_pending_applications_are_capped(org_a, applicant, settings):
    settings.MAX_PENDING_APPLICATIONS = 2
    first, second, third = (published_opportunity(org_a) for _ in range(3))
    held = apply_to(first, applicant)
    apply_to(second, applicant)

    refused("too_many_pending", opportunity=third, profile=applicant)

    services.withdraw_application(application=held, by=applicant.user)
    assert apply_to(third, applicant)


def test_one_application_per_opportunity(application, opportunity, applicant):
    with pytest.raises(ValidationError) as error:
        apply_to(opportunity, applicant)
    assert "already_applied" in codes(error.value)
    assert Application.objects.count() == 1


def test_a_member_cannot_apply_to_their_own_organization(opportunity, manager_a):
    profile = ready_volunteer(VolunteerProfileFactory(user=manager_a))
    refused("own_organization", opportunity=opportunity, profile=profile)


# --- the organization's decisions ----------------------------------------------------------------


def test_screening_records_the_first_response_once(application, manager_a):
    services.move_to_screening(application=application, by=manager_a)
    application.refresh_from_db()
    first = application.first_response_at
    assert application.status == Application.Status.SCREENING and first is not None

    services.waitlist_application(application=application, by=manager_a)
    application.refresh_from_db()
    assert application.first_response_at == first


@pytest.mark.parametrize("persona", ["supervisor_a", "admin_b", "manager_b", "volunteer"])
def test_only_the_organizations_admins_and_managers_decide(request, application, persona):
    user = request.getfixturevalue(persona)
    for decide in (services.move_to_screening, services.accept_application, services.waitlist_application):
        with pytest.raises(PermissionDenied):
            decide(application=application, by=user)
    application.refresh_from_db()
    assert application.status == Application.Status.APPLIED and application.first_response_at is None


def test_decisions_start_only_from_their_allowed_statuses(application, manager_a):
    services.reject_application(application=application, by=manager_a, reason_code=PassReason.SKILLS)
    for decide in (services.move_to_screening, services.accept_application, services.waitlist_application):
        with pytest.raises(ValidationError) as error:
            decide(application=application, by=manager_a)
        assert error.value.code == "wrong_status"


def test_an_interview_is_scheduled_and_the_volunteer_told_in_both_calendars(application, manager_a, applicant):
    when = timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=5), dt.time(17, 30)))

    interview = services.schedule_interview(
        application=application, scheduled_at=when, mode="online", meeting_link="https://meet.example.sa/abc", by=manager_a
    )

    application.refresh_from_db()
    assert application.status == Application.Status.INTERVIEW and application.first_response_at is not None
    assert interview.meeting_link == "https://meet.example.sa/abc"
    note = Notification.objects.get(user=applicant.user, kind="application.interview")
    with translation.override("ar"):
        assert format_hijri(when.date()) in note.body and format_gregorian(when.date()) in note.body
    assert "17:30" in note.body


def test_an_interview_can_be_moved_to_a_new_date(application, manager_a):
    when = timezone.now() + dt.timedelta(days=3)
    services.schedule_interview(application=application, scheduled_at=when, mode="in_person", location="مقر الجمعية", by=manager_a)
    services.schedule_interview(application=application, scheduled_at=when + dt.timedelta(days=1), mode="online", meeting_link="https://meet.example.sa/x", by=manager_a)
    assert Interview.objects.filter(application=application).count() == 2


@pytest.mark.parametrize(
    "values,field",
    [
        ({"mode": "online", "meeting_link": ""}, "meeting_link"),
        ({"mode": "in_person", "location": ""}, "location"),
        ({"mode": "phone"}, "mode"),
        ({"mode": "online", "meeting_link": "https://x.sa", "past": True}, "scheduled_at"),
    ],
)
def test_a_bad_interview_is_refused_and_nothing_changes(application, manager_a, values, field):
    past = values.pop("past", False)
    when = timezone.now() + dt.timedelta(days=-1 if past else 2)
    with pytest.raises(ValidationError) as error:
        services.schedule_interview(application=application, scheduled_at=when, by=manager_a, **values)
    assert field in error.value.error_dict
    application.refresh_from_db()
    assert application.status == Application.Status.APPLIED and not Interview.objects.exists()


def test_accepting_takes_a_seat_starts_the_engagement_and_asks_for_the_agreement(application, opportunity, manager_a, applicant):
    agreement = agreement_services.generate_volunteer_agreement(opportunity=opportunity, by=manager_a)

    engagement = services.accept_application(application=application, by=manager_a)

    application.refresh_from_db()
    opportunity.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED and application.decided_by == manager_a
    assert opportunity.seats_filled == 1
    assert engagement.status == Engagement.Status.ACTIVE and engagement.agreement == agreement
    assert engagement.application == application and engagement.volunteer == applicant
    note = Notification.objects.get(user=applicant.user, kind="engagement.started")
    assert note.url == reverse("agreements:detail", args=[agreement.pk])
    assert agreement_access.can_accept(applicant.user, agreement)


def test_a_free_commercial_service_has_no_agreement_to_accept(application, opportunity, manager_a):
    Opportunity.objects.filter(pk=opportunity.pk).update(service_model=Opportunity.ServiceModel.FREE_COMMERCIAL)
    engagement = services.accept_application(application=application, by=manager_a)
    assert engagement.agreement is None


def test_seats_are_never_overfilled(opportunity, manager_a, question):
    Opportunity.objects.filter(pk=opportunity.pk).update(seats=1)
    first = apply_to(opportunity, make_applicant())
    second = apply_to(opportunity, make_applicant())
    services.accept_application(application=first, by=manager_a)

    with pytest.raises(ValidationError) as error:
        services.accept_application(application=second, by=manager_a)

    assert error.value.code == "no_seats"
    second.refresh_from_db()
    opportunity.refresh_from_db()
    assert second.status == Application.Status.APPLIED and opportunity.seats_filled == 1
    assert Engagement.objects.count() == 1


def test_waitlisting_tells_the_volunteer(application, manager_a, applicant):
    services.waitlist_application(application=application, by=manager_a)
    application.refresh_from_db()
    assert application.status == Application.Status.WAITLISTED
    assert Notification.objects.filter(user=applicant.user, kind="application.waitlisted").exists()


def test_passing_needs_a_reason_kept_from_the_volunteer(application, manager_a, applicant):
    with pytest.raises(ValidationError):
        services.reject_application(application=application, by=manager_a, reason_code="")

    services.reject_application(application=application, by=manager_a, reason_code=PassReason.EXPERIENCE, note="خبرته في PHP فقط")

    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED and application.pass_reason == "experience"
    note = Notification.objects.get(user=applicant.user, kind="application.rejected")
    with translation.override("ar"):
        hidden = [str(PassReason.EXPERIENCE.label), "PHP", "experience"]
    assert not any(word in note.title + note.body for word in hidden)
    assert selectors.pass_reasons_for(applicant) == {"experience": 1}


def test_only_the_volunteer_withdraws(application, other_applicant, manager_a):
    for user in (other_applicant.user, manager_a):
        with pytest.raises(PermissionDenied):
            services.withdraw_application(application=application, by=user)

    services.withdraw_application(application=application, by=application.volunteer.user, reason="ظرف عائلي")
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN and application.withdrawn_reason == "ظرف عائلي"


def test_a_freed_seat_is_offered_to_the_oldest_on_the_waiting_list(opportunity, manager_a, question):
    Opportunity.objects.filter(pk=opportunity.pk).update(seats=1)
    accepted = apply_to(opportunity, make_applicant())
    oldest = apply_to(opportunity, make_applicant())
    newer = apply_to(opportunity, make_applicant())
    services.accept_application(application=accepted, by=manager_a)
    services.waitlist_application(application=oldest, by=manager_a)
    services.waitlist_application(application=newer, by=manager_a)

    services.withdraw_application(application=accepted, by=accepted.volunteer.user)

    opportunity.refresh_from_db()
    assert opportunity.seats_filled == 0
    assert Engagement.objects.get(application=accepted).status == Engagement.Status.WITHDRAWN
    assert Notification.objects.filter(user=oldest.volunteer.user, kind="application.seat_offered").exists()
    assert not Notification.objects.filter(user=newer.volunteer.user, kind="application.seat_offered").exists()
    assert Notification.objects.filter(user=manager_a, kind="application.seat_offered_manager").exists()
    oldest.refresh_from_db()
    assert oldest.status == Application.Status.WAITLISTED  # offered, not accepted automatically
    services.accept_application(application=oldest, by=manager_a)
    opportunity.refresh_from_db()
    assert opportunity.seats_filled == 1


def test_withdrawing_from_the_engagement_frees_the_seat(application, opportunity, manager_a, applicant):
    engagement = services.accept_application(application=application, by=manager_a)

    engagement_services.withdraw_engagement(engagement=engagement, by=applicant.user, reason="ضغط العمل")

    opportunity.refresh_from_db()
    application.refresh_from_db()
    assert opportunity.seats_filled == 0 and application.status == Application.Status.WITHDRAWN
    with pytest.raises(ValidationError):
        engagement_services.withdraw_engagement(engagement=engagement, by=applicant.user)
    opportunity.refresh_from_db()
    assert opportunity.seats_filled == 0


def test_notifications_follow_the_recipients_language(application, manager_a, applicant):
    applicant.user.preferred_language = "en"
    applicant.user.save()
    services.waitlist_application(application=application, by=manager_a)
    note = Notification.objects.get(user=applicant.user, kind="application.waitlisted")
    assert note.title.startswith("You are on the waiting list")
    assert note.url.startswith("/en/")
