"""Every change to a volunteer's profile, qualifications, consents and identity goes through here.

Each function validates, writes, recomputes the level where it depends on the change, and records
an audit row in the same transaction.
"""

from collections.abc import Iterable
import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy as _

from khibra.accounts import selectors as account_selectors, services as account_services
from khibra.accounts.models import PolicyAcceptance, PolicyKind, User
from khibra.accounts.validators import validate_person_name
from khibra.core import audit
from khibra.core.arabic import normalize
from khibra.core.http import client_ip
from khibra.core.mail import queue_email
from khibra.reference.models import City, Profession, Skill

from . import hooks, selectors
from .levels import derive_level
from .models import DayPart, GuardianConsent, IdentityStatus, Qualification, VolunteerProfile, Weekday, mask_of
from .validators import normalize_saudi_mobile, validate_skill_names
from .verification import NEEDS_REVIEW, VERIFIED, get_verifier, validate_saudi_id

MAX_QUALIFICATIONS = 20

_PROFILE_FIELDS = (
    "city",
    "phone",
    "gender",
    "birth_date",
    "headline",
    "bio",
    "profession",
    "specialty",
    "years_of_experience",
    "hours_per_week",
    "available_days",
    "available_times",
    "work_mode",
    "cv_url",
    "portfolio_url",
    "linkedin_url",
)


def _mask(values: Iterable, choices, field: str) -> int:
    allowed = set(choices.values)
    for value in values or ():
        try:
            valid = int(value) in allowed
        except (TypeError, ValueError):
            valid = False
        if not valid:
            raise ValidationError({field: _("Choose from the listed options.")}, code="invalid_choice")
    return mask_of(values)


def _skills_for(names: Iterable[str]) -> list[Skill]:
    """Existing skills matched by normalised name; new names become unapproved skills."""
    names = [" ".join(str(name).split()) for name in names or ()]
    names = [name for name in names if normalize(name)]
    try:
        validate_skill_names(names)
    except ValidationError as error:
        raise ValidationError({"skills": error.error_list}) from None
    skills: dict[str, Skill] = {}
    for name in names:
        key = normalize(name)
        if key in skills:
            continue
        skill = Skill.objects.filter(key=key).first()
        if skill is None:
            has_arabic = any("\u0600" <= ch <= "\u06ff" for ch in name)
            skill = Skill(name_ar=name, name_en="" if has_arabic else name, key=key, is_approved=False)
            skill.full_clean()
            skill.save()
        skills[key] = skill
    return list(skills.values())


def _refresh_level(profile: VolunteerProfile, *, by) -> str:
    level, _reasons = derive_level(profile)
    if level != profile.level:
        previous = profile.level
        profile.level = level
        profile.save(update_fields=["level", "updated_at"])
        audit.record(actor=by, verb="profile.level.changed", target=profile, previous=previous, level=level)
    return level


@transaction.atomic
def update_full_name(*, user: User, full_name: str) -> User:
    """The name shown on the profile and on certificates lives on the user."""
    full_name = " ".join((full_name or "").split())
    if not full_name:
        raise ValidationError({"full_name": _("Write your full name.")}, code="required")
    try:
        validate_person_name(full_name)
    except ValidationError as error:
        raise ValidationError({"full_name": error.error_list}) from None
    if full_name != user.full_name:
        user.full_name = full_name
        user.full_clean(validate_unique=False)
        user.save(update_fields=["full_name"])
        audit.record(actor=user, verb="user.name.changed", target=user)
        _identity_back_to_review(user)
    return user


def _identity_back_to_review(user: User) -> None:
    """A verified identity was checked against the old name: the new one is checked again (as a
    renamed organization goes back to review). Certificates already issued keep the name they
    were issued with (certificates store it)."""
    profile = VolunteerProfile.objects.select_for_update().filter(user=user, identity_status=IdentityStatus.VERIFIED).first()
    if profile is None:
        return
    result = get_verifier().verify(profile, profile.national_id)
    if result.status == VERIFIED:
        return  # an automatic verifier matched the new name to the number
    profile.identity_status = IdentityStatus.PENDING if result.status == NEEDS_REVIEW else IdentityStatus.REJECTED
    profile.identity_note = result.note or ""
    profile.identity_checked_at = None if result.status == NEEDS_REVIEW else timezone.now()
    profile.identity_checked_by = None
    profile.save(update_fields=["identity_status", "identity_note", "identity_checked_at", "identity_checked_by"])
    audit.record(actor=user, verb="profile.identity.renamed", target=profile, outcome=result.status)
    hooks.identity_changed(profile)  # no longer verified: shortlists rank it as such


@transaction.atomic
def save_profile(
    *,
    user: User,
    city: City | None = None,
    phone: str = "",
    gender: str = "",
    birth_date: dt.date | None = None,
    headline: str = "",
    bio: str = "",
    profession: Profession | None = None,
    specialty: str = "",
    years_of_experience: int = 0,
    fields: Iterable = (),
    skills: Iterable[str] = (),
    languages: Iterable = (),
    hours_per_week: int = 0,
    available_days: Iterable[int] = (),
    available_times: Iterable[int] = (),
    work_mode: str = "both",
    work_cities: Iterable = (),
    cv_url: str = "",
    portfolio_url: str = "",
    linkedin_url: str = "",
) -> VolunteerProfile:
    """Create or update the user's volunteer profile and store the level it qualifies for."""
    profile = VolunteerProfile.objects.select_for_update().filter(user=user).first()
    created = profile is None
    if created:
        profile = VolunteerProfile(user=user)

    if phone:
        try:
            phone = normalize_saudi_mobile(phone)
        except ValidationError as error:
            raise ValidationError({"phone": error.error_list}) from None
    if birth_date is not None and birth_date > timezone.localdate():
        raise ValidationError({"birth_date": _("The date of birth cannot be in the future.")}, code="future")

    values = {
        "city": city,
        "phone": phone or "",
        "gender": gender or "",
        "birth_date": birth_date,
        "headline": (headline or "").strip(),
        "bio": (bio or "").strip(),
        "profession": profession,
        "specialty": (specialty or "").strip(),
        "years_of_experience": years_of_experience or 0,
        "hours_per_week": hours_per_week or 0,
        "available_days": _mask(available_days, Weekday, "available_days"),
        "available_times": _mask(available_times, DayPart, "available_times"),
        "work_mode": work_mode,
        "cv_url": (cv_url or "").strip(),
        "portfolio_url": (portfolio_url or "").strip(),
        "linkedin_url": (linkedin_url or "").strip(),
    }
    changed = [name for name in _PROFILE_FIELDS if created or getattr(profile, name) != values[name]]
    if "phone" in changed:
        profile.phone_verified_at = None  # a new number is proven again
    for name, value in values.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()

    skill_rows = _skills_for(skills)
    profile.fields.set(list(fields or ()))
    profile.skills.set(skill_rows)
    profile.languages.set(list(languages or ()))
    profile.work_cities.set(list(work_cities or ()))

    audit.record(actor=user, verb="profile.created" if created else "profile.updated", target=profile, fields=changed)
    _profile_changed(profile, by=user)
    return profile


def _profile_changed(profile: VolunteerProfile, *, by) -> None:
    """What follows any change to what a profile says: its level, and what higher apps derive
    from the profile (matching's terms)."""
    _refresh_level(profile, by=by)
    hooks.profile_changed(profile)


def _check_owner(profile: VolunteerProfile, by) -> None:
    if by is None or not by.is_authenticated or (profile.user_id != by.pk and not by.is_staff):
        raise PermissionDenied


@transaction.atomic
def add_qualification(
    *, profile: VolunteerProfile, kind: str, title: str, institution: str = "", year: int | None = None
) -> Qualification:
    profile = VolunteerProfile.objects.select_for_update().get(pk=profile.pk)
    if profile.qualifications.count() >= MAX_QUALIFICATIONS:
        raise ValidationError(
            _("You can list at most %(max)d qualifications."), code="too_many", params={"max": MAX_QUALIFICATIONS}
        )
    if year is not None and year > timezone.localdate().year:
        raise ValidationError({"year": _("The year cannot be in the future.")}, code="future")
    qualification = Qualification(
        profile=profile,
        kind=kind,
        title=" ".join((title or "").split()),
        institution=" ".join((institution or "").split()),
        year=year,
    )
    qualification.full_clean()
    qualification.save()
    audit.record(
        actor=profile.user, verb="qualification.added", target=qualification, kind=kind, title=qualification.title
    )
    _profile_changed(profile, by=profile.user)
    return qualification


@transaction.atomic
def remove_qualification(*, qualification: Qualification, by: User) -> None:
    profile = VolunteerProfile.objects.select_for_update().get(pk=qualification.profile_id)
    _check_owner(profile, by)
    audit.record(
        actor=by, verb="qualification.removed", target=qualification, kind=qualification.kind, title=qualification.title
    )
    qualification.delete()
    _profile_changed(profile, by=by)


def accept_charter(*, user: User, request: HttpRequest | None = None) -> PolicyAcceptance:
    """Accept the ethics charter in force now (idempotent; audited by accounts.services)."""
    return account_services.accept_policy(user=user, kind=PolicyKind.CHARTER, request=request)


def engagement_blockers(profile: VolunteerProfile) -> list[str]:
    """Why this volunteer may not start an engagement yet, in words; empty when nothing blocks."""
    blockers: list[str] = []
    charter = selectors.policy_status(profile.user, PolicyKind.CHARTER)
    if not charter.accepted_current:
        if charter.accepted_previous:
            blockers.append(gettext("A new version of the volunteer ethics charter was published: read and accept it."))
        else:
            blockers.append(gettext("Accept the volunteer ethics charter."))
    if not account_selectors.has_accepted_current(profile.user, PolicyKind.PRIVACY):
        blockers.append(gettext("Agree to the privacy notice so that organizations may process your data."))
    if profile.birth_date is None:
        blockers.append(gettext("Add your date of birth: volunteers under 18 need a guardian's consent."))
    elif profile.is_minor() and not GuardianConsent.objects.filter(profile=profile).exists():
        blockers.append(gettext("You are under 18: a parent or guardian must give consent before you volunteer."))
    return blockers


def can_apply(profile: VolunteerProfile) -> bool:
    """A volunteer may apply to opportunities once they accept the current ethics charter."""
    return account_selectors.has_accepted_current(profile.user, PolicyKind.CHARTER)


def send_phone_code(*, profile: VolunteerProfile, by: User, request: HttpRequest | None = None) -> None:
    """Text a one-time code to the profile's mobile number (accounts.services: hashed, limited)."""
    if by is None or not by.is_authenticated or profile.user_id != by.pk:
        raise PermissionDenied
    if not profile.phone:
        raise ValidationError(_("Add your mobile number to your profile first."), code="no_phone")
    if profile.phone_verified_at is not None:
        raise ValidationError(_("Your mobile number is already verified."), code="already_verified")
    account_services.send_phone_code(user=by, phone=profile.phone, request=request)


def confirm_phone(*, profile: VolunteerProfile, code: str, by: User) -> VolunteerProfile:
    """The code typed back proves the number: the profile records when."""
    if by is None or not by.is_authenticated or profile.user_id != by.pk:
        raise PermissionDenied
    account_services.check_phone_code(user=by, phone=profile.phone, code=code)
    with transaction.atomic():
        profile = VolunteerProfile.objects.select_for_update().get(pk=profile.pk)
        profile.phone_verified_at = timezone.now()
        profile.save(update_fields=["phone_verified_at", "updated_at"])
    return profile


def submit_identity(*, profile: VolunteerProfile, national_id: str, by: User) -> VolunteerProfile:
    """Check the number, run the configured verifier and store the outcome.

    The verifier may ask a national service over the network (verification_http: timeouts,
    retries), so it runs before the transaction that locks the profile, not inside it; the
    checks are made again under the lock."""
    if by is None or not by.is_authenticated or profile.user_id != by.pk:
        raise PermissionDenied
    try:
        number = validate_saudi_id(national_id)
    except ValidationError as error:
        raise ValidationError({"national_id": error.error_list}) from None
    current = VolunteerProfile.objects.select_related("user").get(pk=profile.pk)
    _check_identity_submittable(current, number)
    result = get_verifier().verify(current, number)
    return _store_identity(profile=current, number=number, result=result, by=by)


def _check_identity_submittable(profile: VolunteerProfile, number: str) -> None:
    if profile.identity_status == IdentityStatus.VERIFIED:
        raise ValidationError(_("Your identity is already verified."), code="already_verified")
    taken = (
        VolunteerProfile.objects.filter(
            national_id=number, identity_status__in=[IdentityStatus.PENDING, IdentityStatus.VERIFIED]
        )
        .exclude(pk=profile.pk)
        .exists()
    )
    if taken:
        raise ValidationError(
            {
                "national_id": _(
                    "This number is already linked to another account. Contact the platform if this is a mistake."
                )
            },
            code="taken",
        )


@transaction.atomic
def _store_identity(*, profile: VolunteerProfile, number: str, result, by: User) -> VolunteerProfile:
    profile = VolunteerProfile.objects.select_for_update().get(pk=profile.pk)
    _check_identity_submittable(profile, number)  # again, under the lock
    profile.national_id = number
    profile.identity_note = result.note or ""
    if result.status == NEEDS_REVIEW:
        profile.identity_status = IdentityStatus.PENDING
        profile.identity_checked_at = None
        profile.identity_checked_by = None
    else:
        profile.identity_status = IdentityStatus.VERIFIED if result.status == VERIFIED else IdentityStatus.REJECTED
        profile.identity_checked_at = timezone.now()
        profile.identity_checked_by = None
    profile.full_clean()
    profile.save()
    audit.record(
        actor=by,
        verb="profile.identity.submitted",
        target=profile,
        outcome=result.status,
        number=profile.masked_national_id,
    )
    hooks.identity_changed(profile)  # a verified identity raises the volunteer in every shortlist
    return profile


@transaction.atomic
def review_identity(*, profile: VolunteerProfile, by: User, approve: bool, note: str = "") -> VolunteerProfile:
    """Platform staff accept or refuse a pending identity; a refusal says why."""
    if by is None or not by.is_authenticated or not by.is_staff:
        raise PermissionDenied
    profile = VolunteerProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    if profile.identity_status != IdentityStatus.PENDING:
        raise ValidationError(_("This identity is not waiting for review."), code="not_pending")
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError(
            {"note": _("Say why the identity is not accepted, so the volunteer can fix it.")}, code="note_required"
        )
    profile.identity_status = IdentityStatus.VERIFIED if approve else IdentityStatus.REJECTED
    profile.identity_note = note
    profile.identity_checked_at = timezone.now()
    profile.identity_checked_by = by
    profile.full_clean()
    profile.save()
    audit.record(actor=by, verb="profile.identity.approved" if approve else "profile.identity.rejected", target=profile)
    hooks.identity_changed(profile)  # a verified identity raises the volunteer in every shortlist
    _notify_identity_decision(profile)
    return profile


def _notify_identity_decision(profile: VolunteerProfile) -> None:
    user = profile.user
    with translation.override(user.preferred_language or "ar"):
        if profile.identity_status == IdentityStatus.VERIFIED:
            subject = gettext("Your identity is verified")
            body = gettext("Your identity on Khibra is verified. Organizations will see your profile as verified.")
        else:
            subject = gettext("Your identity could not be verified")
            body = (
                gettext("Your identity on Khibra could not be verified. The reviewer's note:")
                + "\n\n"
                + profile.identity_note
            )
        queue_email(to=user.email, subject=subject, body_text=body)


@transaction.atomic
def record_identity_viewed(*, profile: VolunteerProfile, by: User) -> None:
    """Staff access to a volunteer's full ID number is logged."""
    if by is None or not by.is_authenticated or not by.is_staff:
        raise PermissionDenied
    audit.record(actor=by, verb="profile.identity.viewed", target=profile)


@transaction.atomic
def record_guardian_consent(
    *,
    profile: VolunteerProfile,
    guardian_name: str,
    relationship: str,
    guardian_phone: str,
    guardian_email: str = "",
    by: User,
    request: HttpRequest | None = None,
) -> GuardianConsent:
    """A parent's or guardian's consent for a volunteer under ADULT_AGE (the Volunteer Work Law)."""
    profile = VolunteerProfile.objects.select_for_update().get(pk=profile.pk)
    _check_owner(profile, by)
    if profile.birth_date is None:
        raise ValidationError(_("Add your date of birth to your profile first."), code="no_birth_date")
    if not profile.is_minor():
        raise ValidationError(_("A guardian's consent is only needed for volunteers under 18."), code="not_minor")
    guardian_name = " ".join((guardian_name or "").split())
    try:
        validate_person_name(guardian_name)
    except ValidationError as error:
        raise ValidationError({"guardian_name": error.error_list}) from None
    try:
        guardian_phone = normalize_saudi_mobile(guardian_phone)
    except ValidationError as error:
        raise ValidationError({"guardian_phone": error.error_list}) from None

    consent = GuardianConsent.objects.filter(profile=profile).first() or GuardianConsent(profile=profile)
    consent.guardian_name = guardian_name
    consent.relationship = " ".join((relationship or "").split())
    consent.guardian_phone = guardian_phone
    consent.guardian_email = (guardian_email or "").strip().lower()
    consent.consented_at = timezone.now()
    consent.recorded_by = by
    consent.ip_address = client_ip(request) if request else None
    consent.full_clean()
    consent.save()
    audit.record(actor=by, verb="profile.guardian_consent.recorded", target=profile, relationship=consent.relationship)
    return consent
