"""Selectors of what waits for a provider's coordinators: people asking to join its pro bono
program (to verify) and its members' engagements (to approve). Reads only; the home assembles
them (site.selectors). Scoped to the providers given; one query per kind to count or list."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khibra.core.inbox import REVIEW_WORKING_DAYS, Waiting, with_bdi
from khibra.core.workdays import add_working_days

from .models import MemberStatus, Participation, ParticipationStatus, ProviderMember

PROVIDER_KINDS = ("members", "participations")
LIMIT = 30


def _pending_members(providers):
    return ProviderMember.objects.filter(provider__in=providers, status=MemberStatus.PENDING)


def _pending_participations(providers):
    return Participation.objects.filter(member__provider__in=providers, status=ParticipationStatus.PENDING)


def waiting_counts(providers) -> dict[str, int]:
    return {"members": _pending_members(providers).count(), "participations": _pending_participations(providers).count()}


def _due(created_at):
    return add_working_days(timezone.localtime(created_at).date(), REVIEW_WORKING_DAYS)


def waiting_for_coordinator(providers) -> list[Waiting]:
    items = [
        Waiting(
            kind="members",
            title=_("Verify a request to join your program"),
            subject=member.user.full_name if member.user_id else member.invited_email,
            url=reverse("providers:requests", args=[member.provider.slug]) + f"#request-{member.pk}",
            due=_due(member.created_at),
            organization=member.provider.name,
            key=f"member-{member.pk}",
        )
        for member in _pending_members(providers).select_related("user", "provider").order_by("created_at", "pk")[:LIMIT]
    ]
    participations = (
        _pending_participations(providers)
        .select_related("member__user", "member__provider", "engagement__opportunity__organization")
        .order_by("created_at", "pk")[:LIMIT]
    )
    items += [
        Waiting(
            kind="participations",
            title=with_bdi(_("Approve volunteering on “%(title)s” with %(organization)s"), title=participation.engagement.opportunity.title,
                organization=participation.engagement.opportunity.organization.name,),
            subject=participation.member.user.full_name if participation.member.user_id else "",
            url=reverse("providers:participations", args=[participation.member.provider.slug]),
            due=_due(participation.created_at),
            organization=participation.member.provider.name,
            key=f"participation-{participation.pk}",
        )
        for participation in participations
    ]
    return items
