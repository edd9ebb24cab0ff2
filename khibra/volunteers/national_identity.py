"""Service: the identity the national single sign-on vouched for (accounts.hooks.national_identity_proven).

The provider read the person's national ID and name from the national record, so the identity is
verified without manual review. The volunteer profile is created if the person has none yet.
A number already verified or pending on another person's profile is not moved: that case goes
to platform staff (an audit row says so) rather than silently taking the number over.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from khibra.accounts.models import User
from khibra.accounts.validators import validate_person_name
from khibra.core import audit

from . import hooks
from .models import IdentityStatus, VolunteerProfile
from .verification import validate_saudi_id


@transaction.atomic
def verify_identity_from_national_sso(*, user: User, national_id: str, full_name: str) -> VolunteerProfile | None:
    try:
        number = validate_saudi_id(national_id)
    except ValidationError:
        audit.record(actor=user, verb="profile.identity.national_sso_refused", target=user, reason="invalid_number")
        return None
    profile = VolunteerProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        profile = VolunteerProfile(user=user)
        profile.full_clean()
        profile.save()
        audit.record(actor=user, verb="profile.created", target=profile, fields=[])
    taken = (
        VolunteerProfile.objects.filter(
            national_id=number, identity_status__in=[IdentityStatus.PENDING, IdentityStatus.VERIFIED]
        )
        .exclude(pk=profile.pk)
        .exists()
    )
    if taken:
        audit.record(
            actor=user, verb="profile.identity.national_sso_refused", target=profile, reason="number_taken",
            number=f"••••••{number[-4:]}",
        )  # fmt: skip
        return profile

    name = " ".join((full_name or "").split())
    try:
        validate_person_name(name)
    except ValidationError:
        name = ""
    if name and name != user.full_name:
        user.full_name = name
        user.save(update_fields=["full_name"])
        audit.record(actor=user, verb="user.name.changed", target=user, source="national_sso")
    if profile.identity_status == IdentityStatus.VERIFIED and profile.national_id == number:
        return profile
    previous = profile.masked_national_id if profile.national_id != number else ""
    profile.national_id = number
    profile.identity_status = IdentityStatus.VERIFIED
    profile.identity_note = ""
    profile.identity_checked_at = timezone.now()
    profile.identity_checked_by = None
    profile.full_clean()
    profile.save()
    audit.record(
        actor=user, verb="profile.identity.national_sso", target=profile, number=profile.masked_national_id,
        previous=previous,
    )  # fmt: skip
    hooks.identity_changed(profile)
    return profile
