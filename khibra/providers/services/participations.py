"""Participations (the provider approves its members' engagements, issue 7) and the suggestions
of members for partner non-profits' opportunities."""


from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khibra.core import audit

from .. import selectors
from ..models import MemberStatus, Participation, ParticipationStatus, ProviderMember, ProviderSuggestion
from .rules import field_error, lock_member, require_staff, tell


def open_participations(*, engagement) -> list[Participation]:
    """Called when an engagement starts (engagements.hooks.engagement_started): ask each
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
    require_staff(member.provider, by)
    if participation.status != ParticipationStatus.PENDING:
        raise ValidationError(_("This participation is already decided."), code="decided")
    if member.status != MemberStatus.VERIFIED:
        raise ValidationError(_("This person is no longer a verified member."), code="not_verified")
    if paid_time and not (member.program and member.program.counts_as_work_time):
        raise field_error("paid_time", _("The member's program does not count pro bono work as paid work time."), "not_paid_program")
    note = (note or "").strip()
    if len(note) > 500:
        raise field_error("note", _("Keep the note under 500 characters."), "too_long")
    participation.status, participation.paid_time, participation.note = ParticipationStatus.APPROVED, bool(paid_time), note
    participation.decided_by, participation.decided_at = by, timezone.now()
    participation.full_clean(validate_unique=False, validate_constraints=False)
    participation.save()
    audit.record(actor=by, verb="participation.approved", target=participation, organization=member.provider,
                 paid_time=participation.paid_time)
    title = participation.engagement.opportunity.title
    tell(
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
    require_staff(member.provider, by)
    if participation.status != ParticipationStatus.PENDING:
        raise ValidationError(_("This participation is already decided."), code="decided")
    note = (note or "").strip()
    if len(note) > 500:
        raise field_error("note", _("Keep the note under 500 characters."), "too_long")
    participation.status, participation.paid_time, participation.note = ParticipationStatus.DECLINED, False, note
    participation.decided_by, participation.decided_at = by, timezone.now()
    participation.save()
    audit.record(actor=by, verb="participation.declined", target=participation, organization=member.provider)
    title = participation.engagement.opportunity.title
    tell(
        member.user, kind="providers.participation_declined",
        title=lambda: _("%(provider)s did not approve “%(title)s” for its program") % {"provider": member.provider.name, "title": title},
        body=lambda: note, url=reverse("providers:employers"),
    )
    return participation


@transaction.atomic
def suggest_member(*, member: ProviderMember, opportunity, by, note: str = "") -> ProviderSuggestion:
    """Suggest a verified member to an open opportunity of a current partner non-profit. The
    suggestion names the employer, so the member must have allowed non-profits to see it."""
    member = lock_member(member)
    provider = member.provider
    require_staff(provider, by)
    if member.status != MemberStatus.VERIFIED:
        raise ValidationError(_("Only a verified member can be suggested."), code="not_verified")
    if not member.share_with_nonprofits:
        raise ValidationError(
            _("This member has not allowed non-profits to see their employer. Ask them to turn it on first."), code="not_shared"
        )
    if not selectors.suggestable_opportunities(provider).filter(pk=opportunity.pk).exists():
        raise field_error("opportunity", _("Choose an open opportunity of a non-profit you have a signed partner agreement with."), "not_partner_opportunity")
    if ProviderSuggestion.objects.filter(member=member, opportunity=opportunity).exists():
        raise ValidationError(_("This member was already suggested for this opportunity."), code="already_suggested")
    note = (note or "").strip()
    if len(note) > 1000:
        raise field_error("note", _("Keep the note under 1000 characters."), "too_long")
    suggestion = ProviderSuggestion.objects.create(provider=provider, member=member, opportunity=opportunity, suggested_by=by, note=note)
    audit.record(actor=by, verb="provider_suggestion.created", target=suggestion, organization=provider,
                 opportunity=opportunity.pk, nonprofit=opportunity.organization_id)
    tell(
        member.user, kind="providers.suggested",
        title=lambda: _("%(provider)s suggests you for “%(title)s”") % {"provider": provider.name, "title": opportunity.title},
        body=lambda: note or _("Read the opportunity and apply if it suits you."),
        url=reverse("opportunities:public_detail", args=[opportunity.pk]),
        dedupe_key=f"provider-suggestion:{suggestion.pk}",
    )
    return suggestion
