"""A provider's members: joining by a work address or by request, invitations, verification,
programs, leaving and sharing the employer with non-profits."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from khibra.core import audit
from khibra.core.mail import queue_email
from khibra.organizations.models import Organization

from ..models import JoinedBy, MemberStatus, ProviderDomain, ProviderMember, ProviderProgram
from ..selectors import verified_domains_of
from .rules import check_program, field_error, lock_member, require_authenticated, require_staff, staff_people, tell


def _existing(provider: Organization, user) -> ProviderMember | None:
    return ProviderMember.objects.select_for_update(of=("self",)).filter(provider=provider, user=user).first()


def _check_may_join(provider: Organization, existing: ProviderMember | None) -> None:
    if not provider.is_provider or not provider.is_verified:
        raise ValidationError(_("Choose a verified company, government body or university."), code="bad_provider")
    if existing is not None and existing.status in (MemberStatus.VERIFIED, MemberStatus.PENDING):
        raise ValidationError(_("You already belong to this provider or asked to join it."), code="already_member")


def _save_member(member: ProviderMember, **values) -> ProviderMember:
    for name, value in values.items():
        setattr(member, name, value)
    member.full_clean(validate_unique=False, validate_constraints=False)
    member.save()
    return member


@transaction.atomic
def join_by_domain(
    *, provider: Organization, user, program: ProviderProgram | None = None, department: str = "", job_title: str = ""
) -> ProviderMember:
    """A verified address at one of the provider's domains proves employment: verified at once."""
    require_authenticated(user)
    existing = _existing(provider, user)
    _check_may_join(provider, existing)
    check_program(provider, program)
    domains = set(ProviderDomain.objects.filter(provider=provider).values_list("domain", flat=True))
    if not domains & verified_domains_of(user):
        raise ValidationError(
            _("None of your confirmed e-mail addresses is at this provider's domains. Add and confirm your work address first, or ask to join."),
            code="no_domain",
        )
    now = timezone.now()
    member = _save_member(
        existing or ProviderMember(provider=provider, user=user),
        status=MemberStatus.VERIFIED, how=JoinedBy.DOMAIN, program=program, department=department.strip(),
        job_title=job_title.strip(), verified_at=now, verified_by=None, invited_email="", invitation_expires_at=None,
        decision_note="",
    )
    audit.record(actor=user, verb="provider_member.joined_by_domain", target=member, organization=provider)
    return member


@transaction.atomic
def request_to_join(
    *, provider: Organization, user, program: ProviderProgram | None = None, department: str = "", job_title: str = ""
) -> ProviderMember:
    require_authenticated(user)
    existing = _existing(provider, user)
    _check_may_join(provider, existing)
    check_program(provider, program)
    member = _save_member(
        existing or ProviderMember(provider=provider, user=user),
        status=MemberStatus.PENDING, how=JoinedBy.REQUEST, program=program, department=department.strip(),
        job_title=job_title.strip(), verified_at=None, verified_by=None, invited_email="", invitation_expires_at=None,
        decision_note="",
    )
    audit.record(actor=user, verb="provider_member.requested", target=member, organization=provider)
    url = reverse("providers:requests", args=[provider.slug])
    for person in staff_people(provider):
        tell(
            person, kind="providers.join_request",
            title=lambda: _("%(name)s asks to join your pro bono program") % {"name": user.full_name},
            body=lambda: _("Check that they work with you, then verify or decline the request."),
            url=url, dedupe_key=f"provider-request:{member.pk}:{person.pk}:{member.updated_at.timestamp()}",
        )
    return member


@transaction.atomic
def invite_member(*, provider: Organization, by, email: str, program: ProviderProgram | None = None) -> ProviderMember:
    """Invite a person by e-mail; inviting the same address again sends it again."""
    require_staff(provider, by)
    if not provider.is_verified:
        raise ValidationError(_("Your organization must be verified before it invites members."), code="not_verified")
    check_program(provider, program)
    email = (email or "").strip().lower()
    from django.core.validators import validate_email

    try:
        validate_email(email)
    except ValidationError:
        raise field_error("email", _("Enter a valid e-mail address."), "invalid_email") from None
    from khibra.accounts.models import User

    user = User.objects.filter(email__iexact=email).first()
    if user is not None and ProviderMember.objects.filter(
        provider=provider, user=user, status__in=(MemberStatus.VERIFIED, MemberStatus.PENDING)
    ).exists():
        raise field_error("email", _("This person already belongs to your program or asked to join it."), "already_member")
    member = (
        ProviderMember.objects.select_for_update(of=("self",)).filter(provider=provider, status=MemberStatus.INVITED, invited_email__iexact=email).first()
        or ProviderMember(provider=provider, status=MemberStatus.INVITED, how=JoinedBy.INVITATION)
    )
    member = _save_member(
        member, invited_email=email, program=program, invited_by=by,
        invitation_expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    audit.record(actor=by, verb="provider_member.invited", target=member, organization=provider, email=email)
    language = (user.preferred_language if user else "") or getattr(by, "preferred_language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        subject = _("%(provider)s invites you to its pro bono program on Khibra") % {"provider": provider.name}
        body = render_to_string(
            "providers/email/invitation.txt",
            {
                "provider": provider, "inviter": by, "member": member,
                "url": f"{settings.SITE_URL}{reverse('providers:invitation', args=[member.token])}",
                "days": settings.INVITATION_VALID_DAYS,
            },
        )
    queue_email(to=email, subject=subject, body_text=body)
    return member


@transaction.atomic
def accept_invitation(*, member: ProviderMember, user) -> ProviderMember:
    """Only the invited address (a confirmed address of the user) accepts; the member is verified."""
    require_authenticated(user)
    member = lock_member(member)
    if not member.invitation_is_open:
        raise ValidationError(_("This invitation is no longer valid."), code="closed")
    addresses = {a.lower() for a in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)}
    if member.invited_email.lower() not in addresses:
        raise ValidationError(
            _("This invitation was sent to a different e-mail address. Log in with that address to accept it."),
            code="email_mismatch",
        )
    existing = _existing(member.provider, user)
    if existing is not None and existing.status == MemberStatus.VERIFIED:
        raise ValidationError(_("You already belong to this provider."), code="already_member")
    invitation = member
    if existing is not None:
        # A pending request or an old membership (with its history) takes the invitation's place.
        member = existing
        ProviderMember.objects.filter(pk=invitation.pk).delete()
    member = _save_member(
        member, user=user, status=MemberStatus.VERIFIED, how=JoinedBy.INVITATION, verified_at=timezone.now(),
        verified_by=invitation.invited_by, program=invitation.program or member.program, invited_email=invitation.invited_email,
        invitation_expires_at=None, decision_note="",
    )
    audit.record(actor=user, verb="provider_member.accepted_invitation", target=member, organization=member.provider)
    return member


@transaction.atomic
def revoke_invitation(*, member: ProviderMember, by) -> None:
    member = lock_member(member)
    require_staff(member.provider, by)
    if member.status != MemberStatus.INVITED:
        raise ValidationError(_("Only a pending invitation can be withdrawn."), code="not_invited")
    audit.record(actor=by, verb="provider_member.invitation_revoked", target=member, organization=member.provider, email=member.invited_email)
    member.delete()


@transaction.atomic
def verify_member(*, member: ProviderMember, by) -> ProviderMember:
    member = lock_member(member)
    require_staff(member.provider, by)
    if member.status != MemberStatus.PENDING:
        raise ValidationError(_("Only a request waiting for verification can be verified."), code="not_pending")
    member = _save_member(member, status=MemberStatus.VERIFIED, verified_by=by, verified_at=timezone.now())
    audit.record(actor=by, verb="provider_member.verified", target=member, organization=member.provider)
    tell(
        member.user, kind="providers.verified",
        title=lambda: _("%(provider)s verified you as a member of its pro bono program") % {"provider": member.provider.name},
        body=lambda: _("Your engagements can now count in the program."),
        url=reverse("providers:employers"),
    )
    return member


@transaction.atomic
def decline_member(*, member: ProviderMember, by, note: str = "") -> ProviderMember:
    member = lock_member(member)
    require_staff(member.provider, by)
    if member.status != MemberStatus.PENDING:
        raise ValidationError(_("Only a request waiting for verification can be declined."), code="not_pending")
    note = (note or "").strip()
    if len(note) > 500:
        raise field_error("note", _("Keep the note under 500 characters."), "too_long")
    member = _save_member(member, status=MemberStatus.DECLINED, verified_by=by, verified_at=None, decision_note=note)
    audit.record(actor=by, verb="provider_member.declined", target=member, organization=member.provider)
    tell(
        member.user, kind="providers.declined",
        title=lambda: _("%(provider)s did not verify your request to join") % {"provider": member.provider.name},
        body=lambda: note, url=reverse("providers:employers"),
    )
    return member


@transaction.atomic
def set_member_program(*, member: ProviderMember, by, program: ProviderProgram | None) -> ProviderMember:
    member = lock_member(member)
    require_staff(member.provider, by)
    check_program(member.provider, program)
    if member.status != MemberStatus.VERIFIED:
        raise ValidationError(_("Only a verified member can be placed in a program."), code="not_verified")
    member = _save_member(member, program=program)
    audit.record(actor=by, verb="provider_member.program_set", target=member, organization=member.provider,
                 program=program.pk if program else None)
    return member


@transaction.atomic
def leave(*, member: ProviderMember, by) -> ProviderMember:
    """The volunteer leaves; from now on their hours carry no provider tag."""
    member = lock_member(member)
    if getattr(by, "pk", None) is None or member.user_id != by.pk:
        raise PermissionDenied(_("Only the member can leave the program."))
    if member.status not in (MemberStatus.VERIFIED, MemberStatus.PENDING):
        raise ValidationError(_("You are not a member of this program."), code="not_member")
    member = _save_member(member, status=MemberStatus.LEFT, share_with_nonprofits=False)
    audit.record(actor=by, verb="provider_member.left", target=member, organization=member.provider)
    return member


@transaction.atomic
def set_sharing(*, member: ProviderMember, by, share: bool) -> ProviderMember:
    """Only the volunteer decides whether non-profits may see this employer."""
    member = lock_member(member)
    if getattr(by, "pk", None) is None or member.user_id != by.pk:
        raise PermissionDenied(_("Only the volunteer can change who sees their employer."))
    if member.status != MemberStatus.VERIFIED:
        raise ValidationError(_("Only a verified membership can be shown to non-profits."), code="not_verified")
    if member.share_with_nonprofits != bool(share):
        member = _save_member(member, share_with_nonprofits=bool(share))
        audit.record(actor=by, verb="provider_member.sharing_changed", target=member, organization=member.provider, share=bool(share))
    return member
