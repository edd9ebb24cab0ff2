"""Step 6, outreach: the recruitment plan (Table 6), a share link per channel, "invite a colleague"
referral links, and the sources report (where applicants came from).

Admins and volunteer managers of the organization write the plan; anyone may follow a share link.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Count, F, Q
from django.utils.translation import gettext as _, gettext_lazy

from khibra.organizations.access import require_manager
from khibra.core import audit
from khibra.opportunities.models import MarketingChannel, Opportunity
from khibra.organizations.models import Membership

from ..models import Application, RecruitmentPlan, ShareLink

# The channel recorded on a volunteer's own "invite a colleague" link.
REFERRAL_CHANNEL = MarketingChannel.REFERRALS


class Incentive(models.TextChoices):
    PUBLIC_THANKS = "public_thanks", gettext_lazy("Public thanks")
    CREDIT = "credit", gettext_lazy("Credit on the delivered work")
    CERTIFICATE = "certificate", gettext_lazy("Certificate")
    REFERENCE_LETTER = "reference_letter", gettext_lazy("Reference letter")
    NETWORKING = "networking", gettext_lazy("Networking")
    OTHER = "other", gettext_lazy("Other")


PLAN_FIELDS = frozenset(
    {"target_group", "incentives", "tools", "best_time", "message", "publisher", "assistant", "screening_on", "interviews_on"}
)


def plan_errors(*, organization, values: dict) -> dict[str, list[str]]:
    """The mistakes in a plan, by field. The form calls this too: one implementation of each rule."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if any(code not in Incentive.values for code in values.get("incentives") or []):
        add("incentives", _("Choose incentives from the list."))
    if any(code not in MarketingChannel.values for code in values.get("tools") or []):
        add("tools", _("Choose recruitment channels from the list."))
    publisher, assistant = values.get("publisher"), values.get("assistant")
    members = set(
        Membership.objects.active()
        .filter(organization=organization, user__in=[user for user in (publisher, assistant) if user is not None])
        .values_list("user_id", flat=True)
    )
    if publisher is not None and publisher.pk not in members:
        add("publisher", _("The person in charge must be an active member of the organization."))
    if assistant is not None and assistant.pk not in members:
        add("assistant", _("The assistant must be an active member of the organization."))
    if publisher is not None and assistant is not None and publisher.pk == assistant.pk:
        add("assistant", _("The assistant must be someone other than the person in charge."))
    if assistant is not None and publisher is None:
        add("publisher", _("Name the person in charge before an assistant."))
    screening_on, interviews_on = values.get("screening_on"), values.get("interviews_on")
    if screening_on and interviews_on and interviews_on < screening_on:
        add("interviews_on", _("Interviews cannot come before screening."))
    return errors


@transaction.atomic
def save_recruitment_plan(*, opportunity: Opportunity, by, **fields) -> RecruitmentPlan:
    """Create or replace the opportunity's plan, and make sure each chosen channel has its link."""
    unknown = set(fields) - PLAN_FIELDS
    if unknown:
        raise TypeError(f"a recruitment plan cannot take {sorted(unknown)}")
    require_manager(opportunity.organization, by)
    values = {
        name: (value.strip() if isinstance(value, str) else value) for name, value in fields.items()
    }
    values["incentives"] = list(dict.fromkeys(values.get("incentives") or []))
    values["tools"] = list(dict.fromkeys(values.get("tools") or []))
    errors = plan_errors(organization=opportunity.organization, values=values)
    if errors:
        raise ValidationError(errors, code="plan")
    plan = RecruitmentPlan.objects.select_for_update().filter(opportunity=opportunity).first()
    created = plan is None
    if created:
        plan = RecruitmentPlan(opportunity=opportunity)
    for name, value in values.items():
        setattr(plan, name, value)
    plan.full_clean()
    plan.save()
    for channel in plan.tools:
        _channel_link(opportunity, channel)
    audit.record(
        actor=by,
        verb="recruitment_plan.created" if created else "recruitment_plan.updated",
        target=plan,
        organization=opportunity.organization,
        opportunity=opportunity.pk,
        tools=plan.tools,
    )
    return plan


def _channel_link(opportunity: Opportunity, channel: str) -> ShareLink:
    link, _created = ShareLink.objects.get_or_create(opportunity=opportunity, channel=channel, referred_by=None)
    return link


@transaction.atomic
def referral_link(*, opportunity: Opportunity, volunteer) -> ShareLink:
    """The volunteer's own "invite a colleague" link to a public opportunity (one per person)."""
    if not getattr(volunteer, "is_authenticated", False) or not hasattr(volunteer, "volunteer_profile"):
        raise PermissionDenied(_("Only volunteers can invite colleagues."))
    existing = ShareLink.objects.filter(opportunity=opportunity, referred_by=volunteer).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            link = ShareLink.objects.create(opportunity=opportunity, channel=REFERRAL_CHANNEL, referred_by=volunteer)
    except IntegrityError:  # the same person clicked twice at once
        return ShareLink.objects.get(opportunity=opportunity, referred_by=volunteer)
    audit.record(actor=volunteer, verb="share_link.referral_created", target=link, opportunity=opportunity.pk)
    return link


def count_visit(link: ShareLink) -> None:
    """Someone followed the link: one more visit, in a single UPDATE (safe under concurrency)."""
    ShareLink.objects.filter(pk=link.pk).update(visits=F("visits") + 1)


def link_for_ref(opportunity: Opportunity, code: str | None) -> ShareLink | None:
    """The share link named by `?ref=` for this opportunity, or None: for the apply service
    to set `Application.source`. A code of another opportunity is ignored."""
    if not code:
        return None
    return ShareLink.objects.filter(opportunity=opportunity, code=str(code)[:20]).first()


def channel_links(opportunity: Opportunity) -> list[ShareLink]:
    """The plan's channel links, in the plan's order."""
    plan = RecruitmentPlan.objects.filter(opportunity=opportunity).first()
    if plan is None:
        return []
    links = {link.channel: link for link in ShareLink.objects.filter(opportunity=opportunity, referred_by__isnull=True, channel__in=plan.tools)}
    return [links[channel] for channel in plan.tools if channel in links]


def share_message(*, opportunity: Opportunity, message: str, url: str) -> str:
    """Plain text that pastes well into WhatsApp, Telegram, e-mail or a post."""
    parts = [f"*{opportunity.title}*"]
    if message:
        parts.append(message)
    parts.append(url)
    return "\n\n".join(parts)


@dataclass(frozen=True)
class SourceRow:
    link: ShareLink
    label: str
    visits: int
    applications: int


def sources_report(opportunity: Opportunity) -> tuple[list[SourceRow], list[SourceRow], int]:
    """Visits and applications per channel and per referring volunteer, and applications that
    came with no link; one aggregate query for the links and one count."""
    links = (
        ShareLink.objects.filter(opportunity=opportunity)
        .select_related("referred_by")
        .annotate(application_count=Count("applications", filter=Q(applications__opportunity=opportunity)))
        .order_by("channel", "pk")
    )
    channels, referrers = [], []
    labels = dict(MarketingChannel.choices)
    for link in links:
        if link.referred_by_id:
            referrers.append(SourceRow(link, link.referred_by.full_name or link.referred_by.email, link.visits, link.application_count))
        else:
            channels.append(SourceRow(link, str(labels.get(link.channel, link.channel)), link.visits, link.application_count))
    direct = Application.objects.filter(opportunity=opportunity, source__isnull=True).count()
    return channels, referrers, direct
