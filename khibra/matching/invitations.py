"""Invitations: an organization asks a fitting volunteer to apply."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from khibra.core import audit
from khibra.core.notify import notify
from khibra.opportunities.models import Opportunity
from khibra.organizations.access import require_manager
from khibra.volunteers.models import VolunteerProfile

from .models import Invitation
from .selectors import fitting_volunteers, is_open


@transaction.atomic
def invite_to_apply(*, opportunity: Opportunity, volunteer: VolunteerProfile, by) -> Invitation:
    """Invite a volunteer to apply, once; the volunteer is told in their language."""
    require_manager(opportunity.organization, by)
    if not is_open(opportunity):
        raise ValidationError(_("This opportunity is not open for applications."), code="not_open")
    if not fitting_volunteers(opportunity).filter(pk=volunteer.pk).exists():
        raise ValidationError(_("This volunteer does not meet the opportunity's conditions."), code="not_fitting")
    if Invitation.objects.filter(opportunity=opportunity, volunteer=volunteer).exists():
        raise ValidationError(_("This volunteer was already invited."), code="already_invited")
    invitation = Invitation.objects.create(opportunity=opportunity, volunteer=volunteer, invited_by=by)
    user = volunteer.user
    with translation.override(user.preferred_language or "ar"):
        title = _("You are invited to apply: %(title)s") % {"title": opportunity.title}
        body = _("%(organization)s thinks your experience fits this opportunity and invites you to apply.") % {
            "organization": opportunity.organization.name
        }
        url = reverse("opportunities:public_detail", args=[opportunity.pk])
    notify(user=user, kind="matching.invitation", title=title, body=body, url=url, dedupe_key=f"invitation:{invitation.pk}")
    audit.record(actor=by, verb="matching.invited", target=invitation, organization=opportunity.organization, volunteer=volunteer.pk)
    return invitation
