"""State changes of the ideas bank: propose, support (a toggle), adopt into a draft opportunity,
close. Each checks who may act, validates, writes and records an audit row in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from khibra.core import audit
from khibra.core.arabic import initials
from khibra.core.notify import notify
from khibra.opportunities.models import Opportunity
from khibra.opportunities.services import create_opportunity
from khibra.organizations.models import Membership, Organization, OrganizationKind, VerificationStatus

from .models import Idea, IdeaStatus, IdeaSupport


def can_propose(user) -> bool:
    """Volunteers (a volunteer profile) and platform staff propose ideas."""
    return bool(
        getattr(user, "is_authenticated", False) and user.is_active and (user.is_staff or hasattr(user, "volunteer_profile"))
    )


def adopting_organizations(user) -> list[Organization]:
    """The verified non-profits in which the user may adopt an idea (admin or volunteer manager)."""
    if not getattr(user, "is_authenticated", False):
        return []
    memberships = (
        Membership.objects.active()
        .filter(
            user=user,
            role__in=[Membership.Role.ADMIN, Membership.Role.VOLUNTEER_MANAGER],
            organization__kind=OrganizationKind.NONPROFIT,
            organization__verification_status=VerificationStatus.VERIFIED,
        )
        .select_related("organization")
        .order_by("organization__name_ar")
    )
    return [membership.organization for membership in memberships]


@transaction.atomic
def propose_idea(*, by, title: str, description: str, field, city=None) -> Idea:
    if not can_propose(by):
        raise PermissionDenied(_("Only volunteers and platform staff can propose ideas."))
    idea = Idea(title=(title or "").strip(), description=(description or "").strip(), field=field, city=city, proposer=by)
    errors = {}
    if not idea.title:
        errors["title"] = _("Give the idea a title.")
    if not idea.description:
        errors["description"] = _("Describe the idea: what would the volunteer do, and for whom?")
    if field is not None and not field.is_active:
        errors["field"] = _("Choose a field from the list.")
    if errors:
        raise ValidationError(errors, code="idea")
    idea.full_clean()
    idea.save()
    audit.record(actor=by, verb="idea.proposed", target=idea, title=idea.title)
    return idea


@transaction.atomic
def support_idea(*, idea: Idea, by) -> bool:
    """Add the user's support; True when it was added (False when they already supported it)."""
    if not getattr(by, "is_authenticated", False):
        raise PermissionDenied
    if idea.status != IdeaStatus.OPEN:
        raise ValidationError(_("Only open ideas can be supported."), code="not_open")
    if idea.proposer_id == by.pk:
        raise ValidationError(_("You cannot support your own idea."), code="own_idea")
    try:
        with transaction.atomic():
            IdeaSupport.objects.create(idea=idea, user=by)
    except IntegrityError:
        return False
    Idea.objects.filter(pk=idea.pk).update(support_count=F("support_count") + 1)
    audit.record(actor=by, verb="idea.supported", target=idea)
    return True


@transaction.atomic
def withdraw_support(*, idea: Idea, by) -> bool:
    deleted, _rows = IdeaSupport.objects.filter(idea=idea, user=by).delete() if getattr(by, "is_authenticated", False) else (0, {})
    if not deleted:
        return False
    Idea.objects.filter(pk=idea.pk, support_count__gt=0).update(support_count=F("support_count") - 1)
    audit.record(actor=by, verb="idea.support_withdrawn", target=idea)
    return True


def toggle_support(*, idea: Idea, by) -> bool:
    """Support or withdraw support; returns whether the user supports the idea afterwards."""
    if IdeaSupport.objects.filter(idea=idea, user=by).exists():
        withdraw_support(idea=idea, by=by)
        return False
    support_idea(idea=idea, by=by)
    return True


@transaction.atomic
def adopt_idea(*, idea: Idea, organization: Organization, by) -> Opportunity:
    """The organization takes the idea on: a draft opportunity from it, the proposer credited and told."""
    if organization not in adopting_organizations(by):
        raise PermissionDenied(_("Only the admin or volunteer manager of a verified non-profit can adopt an idea."))
    idea = Idea.objects.select_for_update().select_related("proposer", "field").get(pk=idea.pk)
    if idea.status != IdeaStatus.OPEN:
        raise ValidationError(_("This idea has already been adopted or closed."), code="not_open")
    # The description becomes public with the opportunity: the proposer is credited by their
    # initials, as visitors see them in the ideas bank, and never by their address.
    name = initials(idea.proposer.full_name)
    credit = f"\n\n{_('Proposed in the ideas bank by %(name)s.') % {'name': name}}" if name else ""
    values = {"title": idea.title[:200], "description": f"{idea.description}{credit}", "fields": [idea.field_id]}
    if idea.city_id:
        values["city"] = idea.city
    # A draft joins the organization's newest program; the manager can move it before publishing.
    # With no program yet, creating the opportunity says how to start one.
    newest = organization.programs.order_by("-starts_on", "-pk").first()
    if newest is not None:
        values["program"] = newest
    opportunity = create_opportunity(organization=organization, by=by, **values)
    idea.status = IdeaStatus.ADOPTED
    idea.adopted_opportunity = opportunity
    idea.adopted_by_organization = organization
    idea.adopted_at = timezone.now()
    idea.full_clean()
    idea.save()
    audit.record(
        actor=by,
        verb="idea.adopted",
        target=idea,
        organization=organization,
        opportunity=opportunity.pk,
        proposer=idea.proposer_id,
    )
    proposer = idea.proposer
    with translation.override(proposer.preferred_language or "ar"):
        title = _("Your idea “%(idea)s” was adopted") % {"idea": idea.title}
        body = _("%(organization)s adopted your idea and is turning it into a volunteer opportunity. Thank you!") % {
            "organization": organization.name
        }
        url = reverse("ideas:detail", args=[idea.pk])
    notify(user=proposer, kind="idea.adopted", title=title, body=body, url=url, dedupe_key=f"idea-adopted:{idea.pk}")
    return opportunity


@transaction.atomic
def close_idea(*, idea: Idea, by) -> Idea:
    """The proposer or staff withdraw an open idea from the bank."""
    if not (getattr(by, "is_authenticated", False) and (by.pk == idea.proposer_id or by.is_staff)):
        raise PermissionDenied
    if idea.status != IdeaStatus.OPEN:
        raise ValidationError(_("This idea has already been adopted or closed."), code="not_open")
    idea.status = IdeaStatus.CLOSED
    idea.save(update_fields=["status", "updated_at"])
    audit.record(actor=by, verb="idea.closed", target=idea)
    return idea
