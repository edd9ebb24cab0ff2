"""A provider's programs and the e-mail domains that let its people join at once. Each function
checks who may act (PermissionDenied) and the rules (ValidationError with a translated message),
writes and audits in one transaction."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from khibra.core import audit
from khibra.organizations.models import Organization

from ..models import Audience, ProviderDomain, ProviderProgram
from .rules import DOMAIN_RE, PUBLIC_MAIL_DOMAINS, field_error, normalize_domain, require_staff


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
    require_staff(provider, by, admin=True)
    name = (name or "").strip()
    if audience not in Audience.values:
        raise field_error("audience", _("Choose who takes part from the list."), "bad_audience")
    if ends_on and ends_on < starts_on:
        raise field_error("ends_on", _("The end date must be on or after the start date."), "period")
    if ProviderProgram.objects.filter(provider=provider, name=name).exists():
        raise field_error("name", _("The provider already has a program with this name."), "duplicate")
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
    require_staff(program.provider, by, admin=True)
    if not program.is_active:
        raise ValidationError(_("This program is already closed."), code="closed")
    program.is_active = False
    program.save(update_fields=["is_active", "updated_at"])
    audit.record(actor=by, verb="provider_program.closed", target=program, organization=program.provider)
    return program


@transaction.atomic
def add_domain(*, provider: Organization, by, domain: str) -> ProviderDomain:
    require_staff(provider, by, admin=True)
    domain = normalize_domain(domain)
    if not DOMAIN_RE.match(domain):
        raise field_error("domain", _("Enter a domain such as company.com.sa, without the @."), "invalid")
    if domain in PUBLIC_MAIL_DOMAINS:
        raise field_error("domain", _("Anybody can have an address at this public e-mail service: it cannot prove who works for you."), "public")
    if ProviderDomain.objects.filter(domain=domain).exists():
        raise field_error("domain", _("This domain is already registered on Khibra."), "taken")
    row = ProviderDomain(provider=provider, domain=domain, added_by=by)
    row.full_clean()
    row.save()
    audit.record(actor=by, verb="provider_domain.added", target=row, organization=provider, domain=domain)
    return row


@transaction.atomic
def remove_domain(*, domain: ProviderDomain, by) -> None:
    """New joins stop; members who joined by the domain stay verified."""
    require_staff(domain.provider, by, admin=True)
    audit.record(actor=by, verb="provider_domain.removed", target=domain, organization=domain.provider, domain=domain.domain)
    ProviderDomain.objects.filter(pk=domain.pk).delete()
