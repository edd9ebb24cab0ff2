"""Step 6, outreach: the recruitment plan (Table 6), a share link per channel and "invite a colleague"
referral links. The links to show and the sources report (where applicants came from) are read in
recruitment.selectors.

Admins and volunteer managers of the organization write the plan; anyone may follow a share link.
"""


from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils.translation import gettext as _, gettext_lazy

from khibra.core import audit
from khibra.opportunities.models import MarketingChannel, Opportunity
from khibra.organizations.access import require_manager
from khibra.organizations.models import Membership

from ..models import RecruitmentPlan, ShareLink

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
