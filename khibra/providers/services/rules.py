"""What every state change of provider programs shares: domain rules, guards, locks and notices."""

import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from khibra.core.notify import notify
from khibra.organizations.access import active_membership
from khibra.organizations.models import Organization

from ..models import ProviderMember, ProviderProgram

DOMAIN_RE = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
# Anybody can have an address there: such a domain proves nothing about the employer.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "hotmail.com", "outlook.com", "outlook.sa", "live.com", "msn.com",
        "yahoo.com", "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com", "mail.com", "gmx.com", "yandex.com",
    }
)


def require_staff(provider: Organization, by, *, admin: bool = False):
    membership = active_membership(provider, by)
    if not provider.is_provider or membership is None or not membership.can_manage or (admin and not membership.is_admin):
        if admin:
            raise PermissionDenied(_("Only an admin of this provider can do this."))
        raise PermissionDenied(_("Only the provider's admin or coordinator can do this."))
    return membership


def require_authenticated(user) -> None:
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Log in first."))


def check_program(provider: Organization, program: ProviderProgram | None) -> None:
    if program is not None and (program.provider_id != provider.pk or not program.is_active):
        raise field_error("program", _("Choose one of the provider's active programs."), "bad_program")


def lock_member(member: ProviderMember) -> ProviderMember:
    return ProviderMember.objects.select_for_update(of=("self",)).select_related("provider", "user", "program").get(pk=member.pk)


def staff_people(provider: Organization):
    from khibra.organizations.models import Membership

    return [
        m.user
        for m in Membership.objects.active().filter(organization=provider, user__is_active=True).select_related("user").order_by("pk")
        if m.can_manage
    ]


def tell(user, *, kind: str, title, body, url: str = "", dedupe_key: str | None = None) -> None:
    """Notify in the person's own language; `title` and `body` are callables run under it."""
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        notify(user=user, kind=kind, title=str(title()), body=str(body()), url=url, dedupe_key=dedupe_key)


def field_error(name: str, message: str, code: str) -> ValidationError:
    return ValidationError({name: ValidationError(message, code=code)})


def normalize_domain(value: str) -> str:
    return (value or "").strip().lower().lstrip("@").rstrip(".")
