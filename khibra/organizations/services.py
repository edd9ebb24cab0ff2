"""State changes of organizations, memberships and invitations.

Each function is one use case: it checks who may act (`PermissionDenied`) and the business rules
(`ValidationError` with a translated message), writes, and records an audit row in the same
transaction. Views, the API, commands and tests all go through here.
"""

from datetime import timedelta
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from khibra.accounts.models import User
from khibra.core import audit
from khibra.core.mail import queue_email
from khibra.reference.models import City

from .models import (
    Invitation,
    Membership,
    MembershipRole,
    Organization,
    OrganizationKind,
    VerificationStatus,
    roles_for,
)

# Paths under /organizations/ that a slug must not shadow.
RESERVED_SLUGS = frozenset({"register", "review", "invitations", "new", "edit"})
SLUG_MAX = 60

# What `update_organization` may change. The kind is fixed at registration: it decides which
# roles exist, so changing it would leave members with roles the organization cannot have.
EDITABLE_FIELDS = frozenset(
    {
        "name_ar",
        "name_en",
        "registration_number",
        "city",
        "fields",
        "description",
        "contact_email",
        "contact_phone",
        "website",
        "logo",
        "signatory_name",
        "signatory_title",
        "signature",
    }
)
# Verification vouches for who the organization is: its names and its licence number. Changing
# any of them on a verified organization sends it back to the review queue.
IDENTITY_FIELDS = frozenset({"name_ar", "name_en", "registration_number"})


# --- helpers ---------------------------------------------------------------------------------


def _active_membership(organization: Organization, user) -> Membership | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.active().filter(organization=organization, user=user).first()


def _require_admin(organization: Organization, user) -> Membership:
    membership = _active_membership(organization, user)
    if membership is None or not membership.is_admin:
        raise PermissionDenied(_("Only an admin of this organization can do this."))
    return membership


def _require_staff(user) -> None:
    if not (getattr(user, "is_authenticated", False) and user.is_staff):
        raise PermissionDenied(_("Only platform staff can do this."))


def _check_role(organization: Organization, role: str) -> None:
    if role not in roles_for(organization.kind):
        raise ValidationError(
            _("This role does not exist in this kind of organization."), code="role_not_allowed"
        )


def _check_registration_unique(*, kind: str, number: str, exclude_pk: int | None = None) -> None:
    taken = Organization.objects.filter(kind=kind, registration_number=number)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(
            {"registration_number": _("An organization of this type with this registration number is already registered.")},
            code="duplicate_registration",
        )


def _unique_slug(name_en: str) -> str:
    base = slugify(name_en)[:SLUG_MAX].strip("-")
    if not base or base in RESERVED_SLUGS or base.isdigit():
        base = f"org-{secrets.token_hex(4)}"
    slug = base
    while slug in RESERVED_SLUGS or Organization.objects.filter(slug=slug).exists():
        slug = f"{base[: SLUG_MAX - 7]}-{secrets.token_hex(3)}"
    return slug


def _admins_of(organization: Organization):
    return User.objects.filter(
        memberships__organization=organization, memberships__role=MembershipRole.ADMIN, memberships__is_active=True
    )


def _active_admin_count(organization: Organization) -> int:
    # Lock the admin rows so two concurrent demotions cannot both see "one other admin left".
    admins = Membership.objects.select_for_update().filter(
        organization=organization, role=MembershipRole.ADMIN, is_active=True
    )
    return len(list(admins))


def _language_of(user) -> str:
    return getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _notify_admins_of_decision(organization: Organization) -> None:
    """Tell every admin the outcome of the review, each in their own language."""
    for admin in _admins_of(organization):
        with translation.override(_language_of(admin)):
            context = {
                "organization": organization,
                "recipient": admin,
                "url": _absolute(reverse("organizations:detail", args=[organization.slug])),
            }
            if organization.is_verified:
                subject = _("Your organization is verified on Khibra")
            else:
                subject = _("Your organization's registration on Khibra needs changes")
            body = render_to_string("organizations/email/decision.txt", context)
        queue_email(to=admin.email, subject=subject, body_text=body)


def _send_invitation(invitation: Invitation, by) -> None:
    """The invitation e-mail, written in the inviter's language."""
    with translation.override(_language_of(by)):
        context = {
            "invitation": invitation,
            "organization": invitation.organization,
            "inviter": by,
            "role": invitation.get_role_display(),
            "url": _absolute(reverse("organizations:invitation", args=[invitation.token])),
        }
        subject = _("You are invited to join %(organization)s on Khibra") % {
            "organization": invitation.organization.name
        }
        body = render_to_string("organizations/email/invitation.txt", context)
    queue_email(to=invitation.email, subject=subject, body_text=body)


def _set_logo(organization: Organization, logo, field: str = "logo") -> None:
    """Stores an image already checked by khibra.core.uploads (the logo or the signature)."""
    if logo:
        if not isinstance(logo, File):
            raise TypeError(f"{field} must be a django File")
        getattr(organization, field).save(logo.name, logo, save=False)
    else:
        setattr(organization, field, "")


# --- organizations ---------------------------------------------------------------------------


@transaction.atomic
def register_organization(
    *,
    by: User,
    kind: str,
    name_ar: str,
    name_en: str = "",
    registration_number: str,
    city: City,
    fields=(),
    description: str = "",
    contact_email: str,
    contact_phone: str = "",
    website: str = "",
    logo=None,
) -> Organization:
    """A person registers an organization: it waits for review, and they become its first admin."""
    if not getattr(by, "is_authenticated", False):
        raise PermissionDenied(_("Log in to register an organization."))
    if kind not in OrganizationKind.values:
        raise ValidationError({"kind": _("Choose a valid type of organization.")}, code="invalid_kind")
    _check_registration_unique(kind=kind, number=registration_number)
    organization = Organization(
        kind=kind,
        name_ar=name_ar,
        name_en=name_en,
        slug=_unique_slug(name_en),
        registration_number=registration_number,
        city=city,
        description=description,
        contact_email=contact_email,
        contact_phone=contact_phone,
        website=website,
        verification_status=VerificationStatus.PENDING,
    )
    organization.full_clean()
    if logo:
        _set_logo(organization, logo)  # after validation, so a refused form leaves no file behind
    organization.save()
    organization.fields.set(fields)

    membership = Membership(organization=organization, user=by, role=MembershipRole.ADMIN)
    membership.full_clean()
    membership.save()

    audit.record(actor=by, verb="organization.registered", target=organization, organization=organization, kind=kind)
    return organization


@transaction.atomic
def update_organization(*, organization: Organization, by: User, **changes) -> Organization:
    """An admin edits the profile.

    Editing the names or the registration number of a verified organization sends it back to
    pending review: verification vouched for exactly those. Any edit of a rejected organization
    is a resubmission, so it goes back to pending too (the reason of the rejection stays in the
    audit trail). Other edits of a verified organization keep it verified.
    """
    _require_admin(organization, by)
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"update_organization() cannot change {', '.join(sorted(unknown))}")

    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    new_fields = changes.pop("fields", None)
    images = {name: changes.pop(name) for name in ("logo", "signature") if name in changes}

    changed = [name for name, value in changes.items() if getattr(organization, name) != value]
    for name in changed:
        setattr(organization, name, changes[name])
    if "registration_number" in changed:
        _check_registration_unique(
            kind=organization.kind, number=organization.registration_number, exclude_pk=organization.pk
        )
    changed.extend(images)
    if new_fields is not None:
        new_fields = {getattr(item, "pk", item) for item in new_fields}
        if new_fields != set(organization.fields.values_list("pk", flat=True)):
            changed.append("fields")
    if not changed:
        return organization

    status = organization.verification_status
    resubmitted = (status == VerificationStatus.VERIFIED and bool(IDENTITY_FIELDS & set(changed))) or (
        status == VerificationStatus.REJECTED
    )
    if resubmitted:
        organization.verification_status = VerificationStatus.PENDING
        organization.rejection_reason = ""
        organization.verified_at = None
        organization.verified_by = None

    organization.full_clean()
    for name, image in images.items():
        _set_logo(organization, image, name)
    organization.save()
    if "fields" in changed:
        organization.fields.set(new_fields)

    audit.record(
        actor=by,
        verb="organization.updated",
        target=organization,
        organization=organization,
        changed=sorted(changed),
        back_to_review=resubmitted,
    )
    return organization


@transaction.atomic
def verify_organization(*, organization: Organization, by: User) -> Organization:
    """Platform staff confirm the organization is who it says it is; it appears in the directory."""
    _require_staff(by)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.verification_status == VerificationStatus.VERIFIED:
        raise ValidationError(_("This organization is already verified."), code="already_verified")
    organization.verification_status = VerificationStatus.VERIFIED
    organization.rejection_reason = ""
    organization.verified_at = timezone.now()
    organization.verified_by = by
    organization.full_clean()
    organization.save()
    audit.record(actor=by, verb="organization.verified", target=organization, organization=organization)
    _notify_admins_of_decision(organization)
    return organization


@transaction.atomic
def reject_organization(*, organization: Organization, by: User, reason: str) -> Organization:
    """Platform staff turn down a registration (or withdraw a verification) with a reason."""
    _require_staff(by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Write the reason so the organization knows what to fix.")}, code="required")
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.verification_status == VerificationStatus.REJECTED:
        raise ValidationError(_("This organization is already rejected."), code="already_rejected")
    organization.verification_status = VerificationStatus.REJECTED
    organization.rejection_reason = reason
    organization.verified_at = timezone.now()
    organization.verified_by = by
    organization.full_clean()
    organization.save()
    audit.record(actor=by, verb="organization.rejected", target=organization, organization=organization, reason=reason)
    _notify_admins_of_decision(organization)
    return organization


# --- members ---------------------------------------------------------------------------------


def _join(*, organization: Organization, user: User, role: str) -> Membership:
    """Create the membership, or bring back one that was removed earlier."""
    _check_role(organization, role)
    membership = Membership.objects.select_for_update().filter(organization=organization, user=user).first()
    if membership is not None and membership.is_active:
        raise ValidationError(_("This person is already a member of the organization."), code="already_member")
    if membership is None:
        membership = Membership(organization=organization, user=user)
    membership.role = role
    membership.is_active = True
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def add_member(*, organization: Organization, user: User, role: str, by: User | None = None) -> Membership:
    """Add a person with a role. `by=None` is the platform itself (a command, a data import)."""
    if by is not None and not by.is_staff:
        _require_admin(organization, by)
    membership = _join(organization=organization, user=user, role=role)
    audit.record(
        actor=by, verb="membership.added", target=membership, organization=organization, user=user.pk, role=role
    )
    return membership


@transaction.atomic
def invite_member(*, organization: Organization, email: str, role: str, by: User) -> Invitation:
    """Invite an address to join with a role. Inviting it again while an invitation is pending
    re-sends that invitation with the new role and a fresh expiry instead of failing."""
    _require_admin(organization, by)
    _check_role(organization, role)
    email = (email or "").strip().lower()
    if Membership.objects.active().filter(organization=organization, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member of the organization.")}, code="already_member")

    expires_at = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)
    # The constraint allows one pending (not accepted, not revoked) invitation per address;
    # an expired one still counts, and is brought back to life here.
    invitation = (
        Invitation.objects.select_for_update()
        .filter(organization=organization, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True)
        .first()
    )
    verb = "invitation.resent"
    if invitation is None:
        invitation = Invitation(organization=organization, email=email)
        verb = "invitation.sent"
    invitation.role = role
    invitation.invited_by = by
    invitation.expires_at = expires_at
    invitation.full_clean()
    invitation.save()

    audit.record(actor=by, verb=verb, target=invitation, organization=organization, email=email, role=role)
    _send_invitation(invitation, by)
    return invitation


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user: User) -> Membership:
    """The invited person accepts: only with the address the invitation was sent to."""
    invitation = Invitation.objects.select_for_update().select_related("organization").get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError(_("This invitation is no longer valid."), code="closed")
    if not getattr(user, "is_authenticated", False) or user.email.strip().lower() != invitation.email.strip().lower():
        raise ValidationError(
            _("This invitation was sent to a different e-mail address. Log in with that address to accept it."),
            code="email_mismatch",
        )
    membership = _join(organization=invitation.organization, user=user, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    audit.record(
        actor=user, verb="invitation.accepted", target=invitation, organization=invitation.organization, role=invitation.role
    )
    return membership


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, by: User) -> Invitation:
    _require_admin(invitation.organization, by)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise ValidationError(_("Only a pending invitation can be withdrawn."), code="not_pending")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])
    audit.record(
        actor=by, verb="invitation.revoked", target=invitation, organization=invitation.organization, email=invitation.email
    )
    return invitation


@transaction.atomic
def change_role(*, membership: Membership, role: str, by: User) -> Membership:
    organization = membership.organization
    _require_admin(organization, by)
    _check_role(organization, role)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not membership.is_active:
        raise ValidationError(_("This person is no longer a member of the organization."), code="inactive")
    old_role = membership.role
    if old_role == role:
        return membership
    if old_role == MembershipRole.ADMIN and _active_admin_count(organization) <= 1:
        raise ValidationError(
            _("The organization needs at least one admin. Make someone else an admin first."), code="last_admin"
        )
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role", "updated_at"])
    audit.record(
        actor=by,
        verb="membership.role_changed",
        target=membership,
        organization=organization,
        user=membership.user_id,
        old_role=old_role,
        role=role,
    )
    return membership


@transaction.atomic
def remove_member(*, membership: Membership, by: User) -> Membership:
    """An admin removes a member, or a member leaves. The row stays (inactive) for the history."""
    organization = membership.organization
    if membership.user_id != getattr(by, "pk", None):
        _require_admin(organization, by)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not membership.is_active:
        raise ValidationError(_("This person is no longer a member of the organization."), code="inactive")
    if membership.role == MembershipRole.ADMIN and _active_admin_count(organization) <= 1:
        raise ValidationError(
            _("The organization needs at least one admin. Make someone else an admin first."), code="last_admin"
        )
    membership.is_active = False
    membership.save(update_fields=["is_active", "updated_at"])
    audit.record(
        actor=by, verb="membership.removed", target=membership, organization=organization, user=membership.user_id
    )
    return membership
