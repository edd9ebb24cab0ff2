"""What every state change of teams shares: limits, guards, locks and notices."""


from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from khibra.core.notify import notify
from khibra.organizations.access import active_membership
from khibra.organizations.models import Organization
from khibra.providers.models import ProviderMember
from khibra.volunteers.models import VolunteerProfile

from ..models import Team
from ..selectors import is_provider_staff

MAX_MOTIVATION = 4000
MAX_NOTE = 500


def field_error(name: str, message: str, code: str) -> ValidationError:
    return ValidationError({name: ValidationError(message, code=code)})


def tell(user, *, kind: str, title, body=lambda: "", url: str = "") -> None:
    """Notify in the person's own language; `title` and `body` are callables run under it."""
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        notify(user=user, kind=kind, title=str(title()), body=str(body()), url=url)


def team_url(team: Team) -> str:
    return reverse("teams:detail", args=[team.pk])


def lock_team(team: Team) -> Team:
    return Team.objects.select_for_update(of=("self",)).select_related("provider", "leader").get(pk=team.pk)


def require_provider_staff(provider: Organization, by) -> None:
    membership = active_membership(provider, by)
    if not provider.is_provider or membership is None or not membership.can_manage:
        raise PermissionDenied(_("Only the provider's admin or coordinator can do this."))


def require_lead(team: Team, by) -> None:
    """The team lead; for a provider team, also the provider's staff."""
    if getattr(by, "pk", None) == team.leader_id or is_provider_staff(team, by):
        return
    raise PermissionDenied(_("Only the team lead can do this."))


def require_active_team(team: Team) -> None:
    if not team.is_active:
        raise ValidationError(_("This team is no longer active."), code="inactive")


def is_provider_member(provider: Organization, profile: VolunteerProfile) -> bool:
    return ProviderMember.objects.verified().filter(provider=provider, user_id=profile.user_id).exists()


def check_provider_member(team_provider: Organization | None, profile: VolunteerProfile, field: str) -> None:
    if team_provider is not None and not is_provider_member(team_provider, profile):
        raise field_error(field, _("Only verified members of the provider can be in its team."), "not_provider_member")


def profile_of(user) -> VolunteerProfile | None:
    return VolunteerProfile.objects.select_related("user").filter(user=user).first() if getattr(user, "pk", None) else None


def clean_text(value: str, *, field: str, limit: int, required: bool = False, message: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        raise field_error(field, message or _("This field is required."), "required")
    if len(value) > limit:
        raise field_error(field, _("Keep it under %(max)s characters.") % {"max": limit}, "too_long")
    return value
