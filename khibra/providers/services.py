"""State changes of provider programs: programs, e-mail domains, members, participations and
suggestions. Each function checks who may act (PermissionDenied) and the rules (ValidationError
with a translated message), writes and audits in one transaction."""

import datetime as dt
import re
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
from khibra.core.notify import notify
from khibra.organizations.access import active_membership
from khibra.organizations.models import Organization

from . import selectors
from .models import (
    Audience,
    JoinedBy,
    MemberStatus,
    Participation,
    ParticipationStatus,
    ProviderDomain,
    ProviderMember,
    ProviderProgram,
    ProviderSuggestion,
)

DOMAIN_RE = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
# Anybody can have an address there: such a domain proves nothing about the employer.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "hotmail.com", "outlook.com", "outlook.sa", "live.com", "msn.com",
        "yahoo.com", "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com", "mail.com", "gmx.com", "yandex.com",
    }
)


# --- helpers ------------------------------------------------------------------------------------


def _require_staff(provider: Organization, by, *, admin: bool = False):
    membership = active_membership(provider, by)
    if not provider.is_provider or membership is None or not membership.can_manage or (admin and not membership.is_admin):
        if admin:
            raise PermissionDenied(_("Only an admin of this provider can do this."))
        raise PermissionDenied(_("Only the provider's admin or coordinator can do this."))
    return membership


def _require_authenticated(user) -> None:
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Log in first."))


def _check_program(provider: Organization, program: ProviderProgram | None) -> None:
    if program is not None and (program.provider_id != provider.pk or not program.is_active):
        raise _field_error("program", _("Choose one of the provider's active programs."), "bad_program")


def _lock_member(member: ProviderMember) -> ProviderMember:
    return ProviderMember.objects.select_for_update(of=("self",)).select_related("provider", "user", "program").get(pk=member.pk)


def _staff_people(provider: Organization):
    from khibra.organizations.models import Membership

    return [
        m.user
        for m in Membership.objects.active().filter(organization=provider, user__is_active=True).select_related("user").order_by("pk")
        if m.can_manage
    ]


def _tell(user, *, kind: str, title, body, url: str = "", dedupe_key: str | None = None) -> None:
    """Notify in the person's own language; `title` and `body` are callables run under it."""
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        notify(user=user, kind=kind, title=str(title()), body=str(body()), url=url, dedupe_key=dedupe_key)


def _field_error(name: str, message: str, code: str) -> ValidationError:
    return ValidationError({name: ValidationError(message, code=code)})


def normalize_domain(value: str) -> str:
    return (value or "").strip().lower().lstrip("@").rstrip(".")


def email_domain(address: str) -> str:
    return address.rsplit("@", 1)[-1].strip().lower() if "@" in (address or "") else ""


# --- programs -----------------------------------------------------------------------------------


@transaction.atomic
def create_program(
    *,
    provider: Organization,
    by,
    name: str,
    audience: str,
    counts_as_work_time: bool = False,
    max_hours_per_month: int | None = None,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
) -> ProviderProgram:
    _require_staff(provider, by, admin=True)
    name = (name or "").strip()
    if audience not in Audience.values:
        raise _field_error("audience", _("Choose who takes part from the list."), "bad_audience")
    if ends_on and ends_on < starts_on:
        raise _field_error("ends_on", _("The end date must be on or after the start date."), "period")
    if ProviderProgram.objects.filter(provider=provider, name=name).exists():
        raise _field_error("name", _("The provider already has a program with this name."), "duplicate")
    program = ProviderProgram(
        provider=provider, name=name, audience=audience, counts_as_work_time=counts_as_work_time,
        max_hours_per_month=max_hours_per_month, starts_on=starts_on, ends_on=ends_on, created_by=by,
    )
    program.full_clean()
    program.save()
    audit.record(actor=by, verb="provider_program.created", target=program, organization=provider, audience=audience)
    return program


@transaction.atomic
def close_program(*, program: ProviderProgram, by) -> ProviderProgram:
    """An ended program takes no new participations; what it approved stays."""
    program = ProviderProgram.objects.select_for_update(of=("self",)).select_related("provider").get(pk=program.pk)
    _require_staff(program.provider, by, admin=True)
    if not program.is_active:
        raise ValidationError(_("This program is already closed."), code="closed")
    program.is_active = False
    program.save(update_fields=["is_active", "updated_at"])
    audit.record(actor=by, verb="provider_program.closed", target=program, organization=program.provider)
    return program


# --- e-mail domains -----------------------------------------------------------------------------


@transaction.atomic
def add_domain(*, provider: Organization, by, domain: str) -> ProviderDomain:
    _require_staff(provider, by, admin=True)
    domain = normalize_domain(domain)
    if not DOMAIN_RE.match(domain):
        raise _field_error("domain", _("Enter a domain such as company.com.sa, without the @."), "invalid")
    if domain in PUBLIC_MAIL_DOMAINS:
        raise _field_error("domain", _("Anybody can have an address at this public e-mail service: it cannot prove who works for you."), "public")
    if ProviderDomain.objects.filter(domain=domain).exists():
        raise _field_error("domain", _("This domain is already registered on Khibra."), "taken")
    row = ProviderDomain(provider=provider, domain=domain, added_by=by)
    row.full_clean()
    row.save()
    audit.record(actor=by, verb="provider_domain.added", target=row, organization=provider, domain=domain)
    return row


@transaction.atomic
def remove_domain(*, domain: ProviderDomain, by) -> None:
    """New joins stop; members who joined by the domain stay verified."""
    _require_staff(domain.provider, by, admin=True)
    audit.record(actor=by, verb="provider_domain.removed", target=domain, organization=domain.provider, domain=domain.domain)
    ProviderDomain.objects.filter(pk=domain.pk).delete()


def verified_domains_of(user) -> set[str]:
    """The domains of the user's verified (allauth) e-mail addresses."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return {email_domain(a) for a in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)}


def providers_by_domain(user):
    """Verified providers the user may join at once through a verified work address."""
    return Organization.objects.providers().verified().filter(provider_domains__domain__in=verified_domains_of(user)).distinct()


# --- members ------------------------------------------------------------------------------------


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
    _require_authenticated(user)
    existing = _existing(provider, user)
    _check_may_join(provider, existing)
    _check_program(provider, program)
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
    _require_authenticated(user)
    existing = _existing(provider, user)
    _check_may_join(provider, existing)
    _check_program(provider, program)
    member = _save_member(
        existing or ProviderMember(provider=provider, user=user),
        status=MemberStatus.PENDING, how=JoinedBy.REQUEST, program=program, department=department.strip(),
        job_title=job_title.strip(), verified_at=None, verified_by=None, invited_email="", invitation_expires_at=None,
        decision_note="",
    )
    audit.record(actor=user, verb="provider_member.requested", target=member, organization=provider)
    url = reverse("providers:requests", args=[provider.slug])
    for person in _staff_people(provider):
        _tell(
            person, kind="providers.join_request",
            title=lambda: _("%(name)s asks to join your pro bono program") % {"name": user.full_name},
            body=lambda: _("Check that they work with you, then verify or decline the request."),
            url=url, dedupe_key=f"provider-request:{member.pk}:{person.pk}:{member.updated_at.timestamp()}",
        )
    return member


@transaction.atomic
def invite_member(*, provider: Organization, by, email: str, program: ProviderProgram | None = None) -> ProviderMember:
    """Invite a person by e-mail; inviting the same address again sends it again."""
    _require_staff(provider, by)
    if not provider.is_verified:
        raise ValidationError(_("Your organization must be verified before it invites members."), code="not_verified")
    _check_program(provider, program)
    email = (email or "").strip().lower()
    from django.core.validators import validate_email

    try:
        validate_email(email)
    except ValidationError:
        raise _field_error("email", _("Enter a valid e-mail address."), "invalid_email") from None
    from khibra.accounts.models import User

    user = User.objects.filter(email__iexact=email).first()
    if user is not None and ProviderMember.objects.filter(
        provider=provider, user=user, status__in=(MemberStatus.VERIFIED, MemberStatus.PENDING)
    ).exists():
        raise _field_error("email", _("This person already belongs to your program or asked to join it."), "already_member")
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
    _require_authenticated(user)
    member = _lock_member(member)
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
    member = _lock_member(member)
    _require_staff(member.provider, by)
    if member.status != MemberStatus.INVITED:
        raise ValidationError(_("Only a pending invitation can be withdrawn."), code="not_invited")
    audit.record(actor=by, verb="provider_member.invitation_revoked", target=member, organization=member.provider, email=member.invited_email)
    member.delete()


@transaction.atomic
def verify_member(*, member: ProviderMember, by) -> ProviderMember:
    member = _lock_member(member)
    _require_staff(member.provider, by)
    if member.status != MemberStatus.PENDING:
        raise ValidationError(_("Only a request waiting for verification can be verified."), code="not_pending")
    member = _save_member(member, status=MemberStatus.VERIFIED, verified_by=by, verified_at=timezone.now())
    audit.record(actor=by, verb="provider_member.verified", target=member, organization=member.provider)
    _tell(
        member.user, kind="providers.verified",
        title=lambda: _("%(provider)s verified you as a member of its pro bono program") % {"provider": member.provider.name},
        body=lambda: _("Your engagements can now count in the program."),
        url=reverse("providers:employers"),
    )
    return member


@transaction.atomic
def decline_member(*, member: ProviderMember, by, note: str = "") -> ProviderMember:
    member = _lock_member(member)
    _require_staff(member.provider, by)
    if member.status != MemberStatus.PENDING:
        raise ValidationError(_("Only a request waiting for verification can be declined."), code="not_pending")
    note = (note or "").strip()
    if len(note) > 500:
        raise _field_error("note", _("Keep the note under 500 characters."), "too_long")
    member = _save_member(member, status=MemberStatus.DECLINED, verified_by=by, verified_at=None, decision_note=note)
    audit.record(actor=by, verb="provider_member.declined", target=member, organization=member.provider)
    _tell(
        member.user, kind="providers.declined",
        title=lambda: _("%(provider)s did not verify your request to join") % {"provider": member.provider.name},
        body=lambda: note, url=reverse("providers:employers"),
    )
    return member


@transaction.atomic
def set_member_program(*, member: ProviderMember, by, program: ProviderProgram | None) -> ProviderMember:
    member = _lock_member(member)
    _require_staff(member.provider, by)
    _check_program(member.provider, program)
    if member.status != MemberStatus.VERIFIED:
        raise ValidationError(_("Only a verified member can be placed in a program."), code="not_verified")
    member = _save_member(member, program=program)
    audit.record(actor=by, verb="provider_member.program_set", target=member, organization=member.provider,
                 program=program.pk if program else None)
    return member


@transaction.atomic
def leave(*, member: ProviderMember, by) -> ProviderMember:
    """The volunteer leaves; from now on their hours carry no provider tag."""
    member = _lock_member(member)
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
    member = _lock_member(member)
    if getattr(by, "pk", None) is None or member.user_id != by.pk:
        raise PermissionDenied(_("Only the volunteer can change who sees their employer."))
    if member.status != MemberStatus.VERIFIED:
        raise ValidationError(_("Only a verified membership can be shown to non-profits."), code="not_verified")
    if member.share_with_nonprofits != bool(share):
        member = _save_member(member, share_with_nonprofits=bool(share))
        audit.record(actor=by, verb="provider_member.sharing_changed", target=member, organization=member.provider, share=bool(share))
    return member


# --- participations -----------------------------------------------------------------------------


def open_participations(*, engagement) -> list[Participation]:
    """Called when an engagement starts (engagements.services.start_engagement): ask each
    provider the volunteer verifiably belongs to, in an active program, to approve it. Runs in
    the caller's transaction."""
    user_id = engagement.volunteer.user_id
    members = ProviderMember.objects.verified().filter(
        user_id=user_id, program__isnull=False, program__is_active=True
    ).select_related("provider")
    created = []
    for member in members:
        participation, is_new = Participation.objects.get_or_create(member=member, engagement=engagement)
        if is_new:
            created.append(participation)
            audit.record(actor=None, verb="participation.opened", target=participation, organization=member.provider,
                         engagement=engagement.pk)
    return created


def _lock_participation(participation: Participation) -> Participation:
    return (
        Participation.objects.select_for_update(of=("self",))
        .select_related("member__provider", "member__program", "member__user", "engagement__opportunity")
        .get(pk=participation.pk)
    )


@transaction.atomic
def approve_participation(*, participation: Participation, by, paid_time: bool = False, note: str = "") -> Participation:
    """Approve one engagement for the program; paid time only where the program counts it."""
    participation = _lock_participation(participation)
    member = participation.member
    _require_staff(member.provider, by)
    if participation.status != ParticipationStatus.PENDING:
        raise ValidationError(_("This participation is already decided."), code="decided")
    if member.status != MemberStatus.VERIFIED:
        raise ValidationError(_("This person is no longer a verified member."), code="not_verified")
    if paid_time and not (member.program and member.program.counts_as_work_time):
        raise _field_error("paid_time", _("The member's program does not count pro bono work as paid work time."), "not_paid_program")
    note = (note or "").strip()
    if len(note) > 500:
        raise _field_error("note", _("Keep the note under 500 characters."), "too_long")
    participation.status, participation.paid_time, participation.note = ParticipationStatus.APPROVED, bool(paid_time), note
    participation.decided_by, participation.decided_at = by, timezone.now()
    participation.full_clean(validate_unique=False, validate_constraints=False)
    participation.save()
    audit.record(actor=by, verb="participation.approved", target=participation, organization=member.provider,
                 paid_time=participation.paid_time)
    title = participation.engagement.opportunity.title
    _tell(
        member.user, kind="providers.participation_approved",
        title=lambda: _("%(provider)s approved your participation in “%(title)s”") % {"provider": member.provider.name, "title": title},
        body=lambda: _("It counts as paid work time.") if participation.paid_time else note,
        url=reverse("providers:employers"),
    )
    return participation


@transaction.atomic
def decline_participation(*, participation: Participation, by, note: str = "") -> Participation:
    participation = _lock_participation(participation)
    member = participation.member
    _require_staff(member.provider, by)
    if participation.status != ParticipationStatus.PENDING:
        raise ValidationError(_("This participation is already decided."), code="decided")
    note = (note or "").strip()
    if len(note) > 500:
        raise _field_error("note", _("Keep the note under 500 characters."), "too_long")
    participation.status, participation.paid_time, participation.note = ParticipationStatus.DECLINED, False, note
    participation.decided_by, participation.decided_at = by, timezone.now()
    participation.save()
    audit.record(actor=by, verb="participation.declined", target=participation, organization=member.provider)
    title = participation.engagement.opportunity.title
    _tell(
        member.user, kind="providers.participation_declined",
        title=lambda: _("%(provider)s did not approve “%(title)s” for its program") % {"provider": member.provider.name, "title": title},
        body=lambda: note, url=reverse("providers:employers"),
    )
    return participation


# --- suggestions --------------------------------------------------------------------------------


@transaction.atomic
def suggest_member(*, member: ProviderMember, opportunity, by, note: str = "") -> ProviderSuggestion:
    """Suggest a verified member to an open opportunity of a current partner non-profit. The
    suggestion names the employer, so the member must have allowed non-profits to see it."""
    member = _lock_member(member)
    provider = member.provider
    _require_staff(provider, by)
    if member.status != MemberStatus.VERIFIED:
        raise ValidationError(_("Only a verified member can be suggested."), code="not_verified")
    if not member.share_with_nonprofits:
        raise ValidationError(
            _("This member has not allowed non-profits to see their employer. Ask them to turn it on first."), code="not_shared"
        )
    if not selectors.suggestable_opportunities(provider).filter(pk=opportunity.pk).exists():
        raise _field_error("opportunity", _("Choose an open opportunity of a non-profit you have a signed partner agreement with."), "not_partner_opportunity")
    if ProviderSuggestion.objects.filter(member=member, opportunity=opportunity).exists():
        raise ValidationError(_("This member was already suggested for this opportunity."), code="already_suggested")
    note = (note or "").strip()
    if len(note) > 1000:
        raise _field_error("note", _("Keep the note under 1000 characters."), "too_long")
    suggestion = ProviderSuggestion.objects.create(provider=provider, member=member, opportunity=opportunity, suggested_by=by, note=note)
    audit.record(actor=by, verb="provider_suggestion.created", target=suggestion, organization=provider,
                 opportunity=opportunity.pk, nonprofit=opportunity.organization_id)
    _tell(
        member.user, kind="providers.suggested",
        title=lambda: _("%(provider)s suggests you for “%(title)s”") % {"provider": provider.name, "title": opportunity.title},
        body=lambda: note or _("Read the opportunity and apply if it suits you."),
        url=reverse("opportunities:public_detail", args=[opportunity.pk]),
        dedupe_key=f"provider-suggestion:{suggestion.pk}",
    )
    return suggestion
