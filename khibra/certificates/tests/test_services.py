"""Issuing, revoking and verifying certificates; thanks, credit and the portfolio switch."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
import pytest

from khibra.certificates import services
from khibra.certificates.models import CODE_ALPHABET, CODE_LENGTH, Certificate
from khibra.core.models import AuditEvent, Notification
from khibra.engagements.models import Engagement
from khibra.testing.factories import approved_hours

from .fixtures import (  # noqa: F401  (fixtures)
    ARABIC_NAME,
    ARABIC_TITLE,
    accept_deliverables,
    applicant,
    application,
    certificate,
    certificates,
    close,
    completed,
    engagement,
    hours,
    opportunity,
    question,
    waiting_engagement,
)

pytestmark = pytest.mark.django_db

P, A = Certificate.Kind.PARTICIPATION, Certificate.Kind.ACHIEVEMENT


def test_it_issues_participation_and_achievement_for_a_completed_engagement(certificates, completed, org_a):
    assert [c.kind for c in certificates] == [P, A]
    for issued in certificates:
        assert issued.organization == org_a  # the receiving organization
        assert issued.volunteer_name == ARABIC_NAME and issued.opportunity_title == ARABIC_TITLE
        assert issued.organization_name_ar == org_a.name_ar and issued.organization_name_en == org_a.name_en
        assert issued.hours == Decimal("42.5")
        assert (issued.started_on, issued.ended_on) == (completed.started_on, completed.ended_on)
    assert AuditEvent.objects.filter(verb="certificate.issued").count() == 2


def test_it_notifies_the_volunteer_once_per_certificate(certificates, applicant):
    assert Notification.objects.filter(user=applicant.user, kind="certificate.issued").count() == 2


def test_it_is_idempotent(certificates, completed, manager_a, applicant):
    again = services.on_engagement_closed(engagement=completed, by=manager_a)
    assert [c.pk for c in again] == [c.pk for c in certificates]
    assert Certificate.objects.count() == 2
    assert Notification.objects.filter(user=applicant.user, kind="certificate.issued").count() == 2


def test_frozen_facts_do_not_follow_later_renames(certificate, opportunity, org_a):
    opportunity.title = "عنوان جديد"
    opportunity.save(update_fields=["title"])
    org_a.name_ar = "اسم جديد"
    org_a.save(update_fields=["name_ar"])
    certificate.refresh_from_db()
    assert certificate.opportunity_title == ARABIC_TITLE and certificate.organization_name_ar != "اسم جديد"


def test_not_completed_earns_nothing_even_with_hours(engagement, hours, manager_a):
    hours[engagement.pk] = Decimal("10")
    close(engagement, Engagement.Status.NOT_COMPLETED)
    assert services.on_engagement_closed(engagement=engagement, by=manager_a) == []
    with pytest.raises(ValidationError) as refused:
        services.issue_certificate(engagement=engagement, kind=P, by=manager_a)
    assert refused.value.code == "not_completed"


def test_withdrawal_without_hours_earns_nothing(engagement, hours, applicant):
    close(engagement, Engagement.Status.WITHDRAWN)
    assert services.on_engagement_closed(engagement=engagement, by=applicant.user) == []


def test_withdrawal_with_approved_hours_earns_nothing(engagement, hours, applicant):
    hours[engagement.pk] = Decimal("3")
    close(engagement, Engagement.Status.WITHDRAWN)
    assert services.on_engagement_closed(engagement=engagement, by=applicant.user) == []


def test_a_completed_engagement_without_approved_hours_earns_nothing(engagement, hours, manager_a):
    accept_deliverables(engagement)
    close(engagement, Engagement.Status.COMPLETED)
    assert services.on_engagement_closed(engagement=engagement, by=manager_a) == []
    for kind in (P, A):
        with pytest.raises(ValidationError) as refused:
            services.issue_certificate(engagement=engagement, kind=kind, by=manager_a)
        assert refused.value.code == "no_approved_hours"
    assert not Certificate.objects.exists()


def test_achievement_needs_the_accepted_final_deliverable(engagement, hours, manager_a):
    hours[engagement.pk] = Decimal("12")
    close(engagement, Engagement.Status.COMPLETED)  # the deliverable is still open
    assert [c.kind for c in services.on_engagement_closed(engagement=engagement, by=manager_a)] == [P]
    with pytest.raises(ValidationError) as refused:
        services.issue_certificate(engagement=engagement, kind=A, by=manager_a)
    assert refused.value.code == "deliverable_not_accepted"
    accept_deliverables(engagement)
    achievement = services.issue_certificate(engagement=engagement, kind=A, by=manager_a)
    assert achievement.hours == Decimal("12")


def test_certificates_wait_for_the_accepted_agreement(waiting_engagement, hours, manager_a):
    hours[waiting_engagement.pk] = Decimal("8")
    accept_deliverables(waiting_engagement)
    close(waiting_engagement, Engagement.Status.COMPLETED)
    assert services.on_engagement_closed(engagement=waiting_engagement, by=manager_a) == []
    with pytest.raises(ValidationError) as refused:
        services.issue_certificate(engagement=waiting_engagement, kind=P, by=manager_a)
    assert refused.value.code == "agreement_not_accepted"
    assert not Certificate.objects.exists()


def test_an_active_engagement_earns_nothing_yet(engagement, hours, manager_a):
    hours[engagement.pk] = Decimal("3")
    assert services.on_engagement_closed(engagement=engagement, by=manager_a) == []
    with pytest.raises(ValidationError):
        services.issue_certificate(engagement=engagement, kind=P, by=manager_a)


def test_issue_by_hand_needs_a_manager_of_the_organization(engagement, hours, manager_a, supervisor_a, manager_b, staff):
    hours[engagement.pk] = Decimal("3")
    close(engagement, Engagement.Status.COMPLETED)
    for user in (supervisor_a, manager_b, engagement.volunteer.user):
        with pytest.raises(PermissionDenied):
            services.issue_certificate(engagement=engagement, kind=P, by=user)
    with pytest.raises(ValidationError):
        services.issue_certificate(engagement=engagement, kind=A, by=manager_a)  # deliverable not accepted
    first = services.issue_certificate(engagement=engagement, kind=P, by=manager_a)
    assert services.issue_certificate(engagement=engagement, kind=P, by=staff) == first


def test_codes_are_unique_long_and_from_the_safe_alphabet(certificates):
    codes = {c.code for c in certificates}
    assert len(codes) == 2
    for code in codes:
        assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)


def test_code_generator_does_not_repeat():
    from khibra.certificates.models import new_certificate_code

    assert len({new_certificate_code() for _ in range(2000)}) == 2000


def test_verify_reads_typed_codes_and_rejects_others(certificate):
    typed = certificate.display_code.lower().replace("-", " - ")
    assert services.verify(typed) == certificate
    assert services.verify("") is None
    assert services.verify(certificate.code[:-1]) is None
    assert services.verify(str(certificate.pk)) is None


def test_revoke_needs_admin_or_manager_and_a_reason(certificate, admin_a, supervisor_a, admin_b, applicant):
    for user in (supervisor_a, admin_b, applicant.user):
        with pytest.raises(PermissionDenied):
            services.revoke_certificate(certificate=certificate, by=user, reason="خطأ")
    with pytest.raises(ValidationError):
        services.revoke_certificate(certificate=certificate, by=admin_a, reason="  ")
    services.revoke_certificate(certificate=certificate, by=admin_a, reason="أصدرت بالخطأ")
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoked_by == admin_a
    assert AuditEvent.objects.filter(verb="certificate.revoked", target_id=str(certificate.pk)).exists()
    with pytest.raises(ValidationError):
        services.revoke_certificate(certificate=certificate, by=admin_a, reason="مرة أخرى")
    assert services.verify(certificate.code) == certificate  # still verifiable, as revoked


def test_a_revoked_certificate_is_not_reissued_on_a_second_closing(certificate, completed, admin_a, manager_a):
    services.revoke_certificate(certificate=certificate, by=admin_a, reason="أصدرت بالخطأ")
    services.on_engagement_closed(engagement=completed, by=manager_a)
    assert Certificate.objects.filter(kind=A).count() == 1


def test_the_database_holds_one_certificate_per_kind(certificate):
    duplicate = Certificate.objects.get(pk=certificate.pk)
    duplicate.pk = None
    duplicate.code = "ABCDEFGHJKMNPQRS"
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_the_database_refuses_negative_hours(certificate):
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=certificate.pk).update(hours=Decimal("-1"))


def test_thanks_and_credit_come_from_managers_or_the_supervisor(completed, manager_a, supervisor_a, admin_b, applicant):
    with pytest.raises(PermissionDenied):
        services.thank_volunteer(engagement=completed, by=admin_b, message="شكرا")
    with pytest.raises(PermissionDenied):
        services.credit_volunteer(engagement=completed, by=applicant.user, text="من إعدادي")
    thanks = services.thank_volunteer(engagement=completed, by=supervisor_a, message="شكرًا لعطائك")
    assert not thanks.shown_publicly
    credit = services.credit_volunteer(engagement=completed, by=manager_a, text="أعدّت القوائم المالية متطوعةً")
    again = services.credit_volunteer(engagement=completed, by=manager_a, text="نص معدل")
    assert again.pk == credit.pk and again.text == "نص معدل"


def test_only_the_volunteer_shows_thanks_or_opens_the_portfolio(completed, manager_a, applicant):
    thanks = services.thank_volunteer(engagement=completed, by=manager_a, message="شكرًا")
    with pytest.raises(PermissionDenied):
        services.set_thanks_public(thanks=thanks, by=manager_a, shown=True)
    with pytest.raises(PermissionDenied):
        services.set_portfolio_public(profile=applicant, by=manager_a, public=True)
    assert services.set_thanks_public(thanks=thanks, by=applicant.user, shown=True).shown_publicly
    assert services.set_portfolio_public(profile=applicant, by=applicant.user, public=True).is_public


def test_hours_come_from_the_hours_app(engagement, applicant):
    # No monkeypatching here: the real selectors answer, with no approved hours yet.
    assert services.approved_hours(engagement) == Decimal("0")
    assert services.verified_hours(applicant) == Decimal("0")


def test_closing_through_the_engagements_app_issues_the_certificate(engagement, manager_a):
    from khibra.engagements import services as engagements

    approved_hours(engagement, by=manager_a, hours="6.5")
    accept_deliverables(engagement)
    engagements.close_engagement(engagement=engagement, by=manager_a, completed=True)
    issued = Certificate.objects.filter(engagement=engagement).order_by("kind")
    assert [(c.kind, c.hours) for c in issued] == [(A, Decimal("6.5")), (P, Decimal("6.5"))]
