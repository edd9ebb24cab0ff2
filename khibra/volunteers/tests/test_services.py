from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
import pytest

from khibra.accounts.models import PolicyAcceptance, PolicyKind
from khibra.accounts.services import accept_privacy
from khibra.core.models import AuditEvent, OutboundEmail
from khibra.reference.models import Language, Skill
from khibra.testing.factories import (
    QualificationFactory,
    UserFactory,
    VolunteerProfileFactory,
    city,
    field,
    national_id,
    profession,
)
from khibra.volunteers import services
from khibra.volunteers.models import DayPart, GuardianConsent, Level, VolunteerProfile, Weekday

from .conftest import years_ago

IdentityStatus = VolunteerProfile.IdentityStatus


def verbs(target) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
        .order_by("pk")
        .values_list("verb", flat=True)
    )


# --- save_profile ---------------------------------------------------------------------------


def test_it_creates_a_profile_with_masks_skills_and_level(plain_user):
    profile = services.save_profile(
        user=plain_user,
        city=city("jeddah"),
        phone="+966 55 123 4567",
        profession=profession("lawyer"),
        years_of_experience=6,
        fields=[field("legal-affairs")],
        skills=["صياغة العقود", "Contract drafting"],
        languages=Language.objects.all()[:1],
        hours_per_week=6,
        available_days=[Weekday.SUNDAY, Weekday.THURSDAY],
        available_times=[DayPart.EVENING],
        work_cities=[city("riyadh")],
    )
    assert profile.phone == "0551234567"
    assert profile.available_days == Weekday.SUNDAY | Weekday.THURSDAY
    assert profile.day_values == [Weekday.SUNDAY, Weekday.THURSDAY]
    assert profile.available_times == DayPart.EVENING
    assert profile.skills.count() == 2
    assert list(profile.fields.all()) == [field("legal-affairs")]
    assert list(profile.work_cities.all()) == [city("riyadh")]
    assert profile.level == Level.SKILLED
    assert "profile.created" in verbs(profile)


def test_skills_meet_by_their_normalised_name(plain_user, other_volunteer):
    existing = Skill(name_ar="إدارة المشاريع", key="", is_approved=True)
    existing.clean()
    existing.save()
    profile = services.save_profile(user=plain_user, skills=["ادارة المشاريع", "إدارة  المشاريع", "تحليل البيانات"])
    assert existing in profile.skills.all()
    assert profile.skills.count() == 2
    new_skill = Skill.objects.get(key="تحليل البيانات")
    assert new_skill.is_approved is False


def test_saving_again_updates_the_same_profile(volunteer):
    first = volunteer.volunteer_profile
    services.save_profile(user=volunteer, city=city("riyadh"), hours_per_week=10, skills=["المراجعة"])
    profile = services.save_profile(user=volunteer, city=city("jeddah"), hours_per_week=3)
    assert profile.pk == first.pk
    assert VolunteerProfile.objects.filter(user=volunteer).count() == 1
    assert profile.city == city("jeddah")
    assert profile.skills.count() == 0
    assert "profile.updated" in verbs(profile)


@pytest.mark.parametrize(
    "changes",
    [
        {"hours_per_week": 81},
        {"years_of_experience": 71},
        {"phone": "0123"},
        {"gender": "other"},
        {"work_mode": "sometimes"},
        {"available_days": [128]},
        {"available_times": [8]},
        {"cv_url": "not a link"},
        {"headline": "ت" * 161},
        {"skills": ["م" * 101]},
        {"skills": [f"مهارة {n}" for n in range(31)]},
    ],
)
def test_bad_values_write_nothing(plain_user, changes):
    with pytest.raises(ValidationError):
        services.save_profile(user=plain_user, city=city(), **changes)
    assert not VolunteerProfile.objects.filter(user=plain_user).exists()
    assert not Skill.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_birth_date_in_the_future_is_refused(plain_user):
    from khibra.volunteers.tests.conftest import years_ago

    with pytest.raises(ValidationError) as caught:
        services.save_profile(user=plain_user, birth_date=years_ago(-1))
    assert "birth_date" in caught.value.error_dict


def test_the_stored_level_follows_the_profile(volunteer):
    profile = services.save_profile(user=volunteer, profession=profession(), years_of_experience=8)
    assert profile.level == Level.SKILLED
    services.add_qualification(profile=profile, kind="certificate", title="CPA")
    profile.refresh_from_db()
    assert profile.level == Level.PROFESSIONAL
    assert "profile.level.changed" in verbs(profile)


def test_update_full_name_accepts_any_script_and_refuses_digits(volunteer):
    services.update_full_name(user=volunteer, full_name="  José   Ñúñez ")
    volunteer.refresh_from_db()
    assert volunteer.full_name == "José Ñúñez"
    with pytest.raises(ValidationError):
        services.update_full_name(user=volunteer, full_name="سارة 2")


# --- qualifications -------------------------------------------------------------------------


def test_adding_and_removing_a_qualification_recomputes_the_level(volunteer):
    profile = services.save_profile(user=volunteer, profession=profession(), years_of_experience=5)
    qualification = services.add_qualification(profile=profile, kind="degree", title="ماجستير المحاسبة", year=2015)
    profile.refresh_from_db()
    assert profile.level == Level.PROFESSIONAL
    services.remove_qualification(qualification=qualification, by=volunteer)
    profile.refresh_from_db()
    assert profile.level == Level.SKILLED
    assert not profile.qualifications.exists()
    assert AuditEvent.objects.filter(verb="qualification.added").count() == 1
    assert AuditEvent.objects.filter(verb="qualification.removed").count() == 1


@pytest.mark.parametrize(
    "changes",
    [{"title": ""}, {"title": "ش" * 201}, {"kind": "diploma"}, {"year": 1949}, {"year": 2999}],
)
def test_a_bad_qualification_is_refused(profile, changes):
    data = {"kind": "degree", "title": "بكالوريوس", **changes}
    with pytest.raises(ValidationError):
        services.add_qualification(profile=profile, **data)
    assert not profile.qualifications.exists()


def test_qualifications_are_limited(profile):
    for n in range(services.MAX_QUALIFICATIONS):
        QualificationFactory(profile=profile, title=f"شهادة {n}")
    with pytest.raises(ValidationError):
        services.add_qualification(profile=profile, kind="certificate", title="شهادة أخرى")


def test_only_the_owner_removes_a_qualification(profile, other_volunteer):
    qualification = QualificationFactory(profile=profile)
    with pytest.raises(PermissionDenied):
        services.remove_qualification(qualification=qualification, by=other_volunteer)
    assert profile.qualifications.count() == 1


# --- charter, privacy and blockers ------------------------------------------------------------


def test_accepting_the_charter_lets_a_volunteer_apply(profile):
    assert services.can_apply(profile) is False
    acceptance = services.accept_charter(user=profile.user)
    assert acceptance.policy.kind == PolicyKind.CHARTER
    assert services.can_apply(profile) is True
    assert AuditEvent.objects.filter(verb="policy.charter.accepted", actor=profile.user).count() == 1


def test_accepting_twice_records_one_acceptance(profile):
    services.accept_charter(user=profile.user)
    services.accept_charter(user=profile.user)
    assert PolicyAcceptance.objects.filter(user=profile.user, policy__kind=PolicyKind.CHARTER).count() == 1


def test_accepting_keeps_the_address_of_the_request(profile):
    request = RequestFactory().post("/", REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="Firefox")
    acceptance = services.accept_charter(user=profile.user, request=request)
    assert acceptance.ip_address == "10.1.2.3"
    assert acceptance.user_agent == "Firefox"


def test_a_new_charter_version_must_be_accepted_again(profile, publish_charter):
    services.accept_charter(user=profile.user)
    publish_charter()
    assert services.can_apply(profile) is False
    assert len(services.engagement_blockers(profile)) >= 1
    services.accept_charter(user=profile.user)
    assert services.can_apply(profile) is True
    assert PolicyAcceptance.objects.filter(user=profile.user, policy__kind=PolicyKind.CHARTER).count() == 2


def test_an_adult_with_every_consent_has_no_blockers(profile):
    profile.birth_date = years_ago(30)
    profile.save()
    services.accept_charter(user=profile.user)
    accept_privacy(user=profile.user)
    assert services.engagement_blockers(profile) == []


def test_each_missing_consent_is_a_blocker(profile):
    profile.birth_date = years_ago(30)
    profile.save()
    assert len(services.engagement_blockers(profile)) == 2  # charter and privacy
    services.accept_charter(user=profile.user)
    assert len(services.engagement_blockers(profile)) == 1  # privacy


def test_an_unknown_age_is_a_blocker(profile):
    services.accept_charter(user=profile.user)
    accept_privacy(user=profile.user)
    assert len(services.engagement_blockers(profile)) == 1


def test_a_minor_needs_a_guardian_consent(minor_profile):
    services.accept_charter(user=minor_profile.user)
    accept_privacy(user=minor_profile.user)
    assert len(services.engagement_blockers(minor_profile)) == 1
    request = RequestFactory().post("/", REMOTE_ADDR="10.9.8.7")
    consent = services.record_guardian_consent(
        profile=minor_profile,
        guardian_name="خالد السبيعي",
        relationship="الأب",
        guardian_phone="٠٥٠٩٨٧٦٥٤٣",
        by=minor_profile.user,
        request=request,
    )
    assert consent.guardian_phone == "0509876543"
    assert consent.ip_address == "10.9.8.7"
    assert consent.consented_at is not None
    assert services.engagement_blockers(minor_profile) == []
    assert "profile.guardian_consent.recorded" in verbs(minor_profile)


def test_a_volunteer_turning_18_tomorrow_is_still_a_minor(db):
    profile = VolunteerProfileFactory(birth_date=years_ago(18, days=-1))
    assert profile.is_minor()
    services.record_guardian_consent(
        profile=profile, guardian_name="منى", relationship="الأم", guardian_phone="0501112223", by=profile.user
    )


def test_an_adult_does_not_record_a_guardian_consent(profile):
    profile.birth_date = years_ago(18)
    profile.save()
    with pytest.raises(ValidationError):
        services.record_guardian_consent(
            profile=profile, guardian_name="خالد", relationship="الأب", guardian_phone="0509876543", by=profile.user
        )
    assert not GuardianConsent.objects.exists()


def test_a_guardian_consent_needs_a_valid_phone_and_name(minor_profile):
    for name, phone in [("خالد", "123"), ("<b>", "0509876543"), ("", "0509876543")]:
        with pytest.raises(ValidationError):
            services.record_guardian_consent(
                profile=minor_profile,
                guardian_name=name,
                relationship="الأب",
                guardian_phone=phone,
                by=minor_profile.user,
            )
    assert not GuardianConsent.objects.exists()


def test_nobody_else_records_a_minors_consent(minor_profile, other_volunteer):
    with pytest.raises(PermissionDenied):
        services.record_guardian_consent(
            profile=minor_profile,
            guardian_name="خالد",
            relationship="الأب",
            guardian_phone="0509876543",
            by=other_volunteer,
        )


# --- identity -------------------------------------------------------------------------------


def test_submitting_an_id_puts_it_in_the_review_queue(profile):
    number = national_id("119283746")
    services.submit_identity(
        profile=profile, national_id=number.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")), by=profile.user
    )
    profile.refresh_from_db()
    assert profile.identity_status == IdentityStatus.PENDING
    assert profile.national_id == number
    event = AuditEvent.objects.get(verb="profile.identity.submitted")
    assert number not in str(event.data)  # only the masked number is logged


def test_an_invalid_id_changes_nothing(profile):
    with pytest.raises(ValidationError):
        services.submit_identity(profile=profile, national_id="1234567890", by=profile.user)
    profile.refresh_from_db()
    assert profile.identity_status == IdentityStatus.UNVERIFIED
    assert profile.national_id == ""


def test_only_the_volunteer_submits_their_id(profile, staff):
    with pytest.raises(PermissionDenied):
        services.submit_identity(profile=profile, national_id=national_id(), by=staff)


def test_one_number_belongs_to_one_account(profile, pending_profile):
    with pytest.raises(ValidationError):
        services.submit_identity(profile=profile, national_id=pending_profile.national_id, by=profile.user)


def test_a_connected_verifier_decides_at_once(profile, settings):
    settings.IDENTITY_VERIFIER = "khibra.volunteers.tests.test_verification.AlwaysVerified"
    services.submit_identity(profile=profile, national_id=national_id("210000000"), by=profile.user)
    profile.refresh_from_db()
    assert profile.identity_status == IdentityStatus.VERIFIED
    assert profile.identity_checked_at is not None


def test_a_verified_identity_is_not_submitted_again(profile, settings):
    settings.IDENTITY_VERIFIER = "khibra.volunteers.tests.test_verification.AlwaysVerified"
    services.submit_identity(profile=profile, national_id=national_id("210000000"), by=profile.user)
    with pytest.raises(ValidationError):
        services.submit_identity(profile=profile, national_id=national_id("110000000"), by=profile.user)


def test_staff_approve_a_pending_identity_and_the_volunteer_is_told(pending_profile, staff):
    services.review_identity(profile=pending_profile, by=staff, approve=True)
    pending_profile.refresh_from_db()
    assert pending_profile.identity_status == IdentityStatus.VERIFIED
    assert pending_profile.identity_checked_by == staff
    assert AuditEvent.objects.filter(verb="profile.identity.approved", actor=staff).exists()
    assert OutboundEmail.objects.filter(to=pending_profile.user.email).exists()


def test_a_rejection_needs_a_note(pending_profile, staff):
    with pytest.raises(ValidationError):
        services.review_identity(profile=pending_profile, by=staff, approve=False, note="  ")
    pending_profile.refresh_from_db()
    assert pending_profile.identity_status == IdentityStatus.PENDING
    services.review_identity(profile=pending_profile, by=staff, approve=False, note="الرقم لا يطابق الاسم.")
    pending_profile.refresh_from_db()
    assert pending_profile.identity_status == IdentityStatus.REJECTED
    assert pending_profile.identity_note == "الرقم لا يطابق الاسم."


@pytest.mark.parametrize("who", ["volunteer", "manager_a", "plain_user"])
def test_only_platform_staff_review_identities(pending_profile, who, request):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.review_identity(profile=pending_profile, by=user, approve=True)
    pending_profile.refresh_from_db()
    assert pending_profile.identity_status == IdentityStatus.PENDING


def test_a_decided_identity_is_not_reviewed_again(pending_profile, staff):
    services.review_identity(profile=pending_profile, by=staff, approve=True)
    with pytest.raises(ValidationError):
        services.review_identity(profile=pending_profile, by=staff, approve=False, note="خطأ")


def test_a_rejected_volunteer_may_submit_again(pending_profile, staff):
    services.review_identity(profile=pending_profile, by=staff, approve=False, note="رقم غير صحيح")
    services.submit_identity(profile=pending_profile, national_id=national_id("287654321"), by=pending_profile.user)
    pending_profile.refresh_from_db()
    assert pending_profile.identity_status == IdentityStatus.PENDING


def test_staff_looking_at_an_id_is_logged(pending_profile, staff):
    services.record_identity_viewed(profile=pending_profile, by=staff)
    assert AuditEvent.objects.filter(
        verb="profile.identity.viewed", actor=staff, target_id=str(pending_profile.pk)
    ).exists()
    with pytest.raises(PermissionDenied):
        services.record_identity_viewed(profile=pending_profile, by=UserFactory())
