"""Who takes part in an engagement and hears about it: the guards and notices every use case shares."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from khibra.core.models import Notification
from khibra.core.notify import notify

from ..models import Engagement, EngagementStatus
from ..selectors import ORG_SIDE, engagement_role


def require_org_side(engagement: Engagement, by) -> str:
    role = engagement_role(engagement, by)
    if role not in ORG_SIDE:
        raise PermissionDenied(_("Only the organization's managers or the supervisor can do this."))
    return role


def require_volunteer(engagement: Engagement, by) -> None:
    if engagement_role(engagement, by) != "volunteer":
        raise PermissionDenied(_("Only the volunteer of this engagement can do this."))


def require_party(engagement: Engagement, by) -> str:
    role = engagement_role(engagement, by)
    if role is None:
        raise PermissionDenied(_("You are not part of this engagement."))
    return role


def require_active(engagement: Engagement) -> None:
    if engagement.status != EngagementStatus.ACTIVE:
        raise ValidationError(_("This engagement is no longer active."), code="not_active")


def touch(engagement: Engagement) -> None:
    """The volunteer showed a sign of life: silence is measured from here."""
    now = timezone.now()
    Engagement.objects.filter(pk=engagement.pk).update(last_activity_at=now)
    engagement.last_activity_at = now


def org_side_users(engagement: Engagement) -> list:
    """Who hears about the volunteer's work: the supervisor, else the organization's managers."""
    from khibra.organizations.models import Membership

    opportunity = engagement.opportunity
    if opportunity.supervisor_id and Membership.objects.active().filter(organization=opportunity.organization, user_id=opportunity.supervisor_id).exists():
        return [opportunity.supervisor]
    return [m.user for m in Membership.objects.active().select_related("user").filter(organization=opportunity.organization) if m.can_manage]


def tell_party(
    user, *, kind: str, engagement: Engagement, title, body: str = "", email: bool = True, dedupe_key: str | None = None,
    attachments=None,
) -> None:
    """Notify `user` in their own language; `title` (and `attachments`, files for the e-mail) are
    callables rendered under that language."""
    with translation.override(user.preferred_language or "ar"):
        notify(user=user, kind=kind, title=str(title()), body=body, url=reverse("engagements:workspace", args=[engagement.pk]),
               email=email, dedupe_key=dedupe_key, attachments=attachments() if attachments else None)


def volunteer_work_audience(engagement: Engagement) -> list:
    """Who is told when the volunteer's hours, work or weekly report arrive: the organization's
    active admins and volunteer managers, and the opportunity's supervisor while a member."""
    from khibra.organizations.models import Membership, MembershipRole

    opportunity = engagement.opportunity
    roles = (MembershipRole.ADMIN, MembershipRole.VOLUNTEER_MANAGER, MembershipRole.SUPERVISOR)
    memberships = Membership.objects.active().filter(organization=opportunity.organization, role__in=roles, user__is_active=True)
    people = []
    for membership in memberships.select_related("user").order_by("pk"):
        if membership.role != MembershipRole.SUPERVISOR or membership.user_id == opportunity.supervisor_id:
            people.append(membership.user)
    return people


def tell_arrival(engagement: Engagement, *, kind: str, title, url: str, key: str) -> None:
    """Tell the organization's side that something of the volunteer arrived: in the app, and by
    e-mail for those whose settings ask for it. Nothing twice: `key` names the event (an e-mail
    per key and person through the outbox's idempotency), and a person who has not yet read the
    same kind of notice about the same page gets no second one."""
    for user in volunteer_work_audience(engagement):
        if Notification.objects.filter(user=user, kind=kind, url=url, read_at__isnull=True).exists():
            continue
        with translation.override(user.preferred_language or "ar"):
            notify(user=user, kind=kind, title=str(title()), url=url, email=user.emails_on_volunteer_work,
                   dedupe_key=f"{key}:{user.pk}")
