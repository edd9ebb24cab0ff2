"""The audit log as export kinds (khibra/exports/kinds.py): an organization's trail for its admins,
the platform's for staff; the same filters and rows as the pages. Imported by AuditLogConfig.ready()."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_lazy as _

from khibra.exports.kinds import CHUNK, Column, ExportKind, date_filter, register

from . import access, selectors
from .labels import label_for


def _text_filter(name, value, organization) -> str:
    value = str(value).strip()
    if len(value) > 254:
        raise ValidationError({"params": _("The “%(name)s” filter is too long.") % {"name": name}})
    return value


def _organization_filter(name, value, organization) -> str:
    from khibra.organizations.models import Organization

    if not Organization.objects.filter(slug=str(value)[:80]).exists():
        raise ValidationError({"params": _("No organization with this address.")})
    return str(value)


def _filters(params: dict) -> selectors.Filters:
    from khibra.organizations.models import Organization

    slug = params.get("organization")
    organization = Organization.objects.filter(slug=slug).first() if slug else None
    return selectors.Filters(
        verb=params.get("verb", ""),
        actor=params.get("actor", ""),
        date_from=dt.date.fromisoformat(params["from"]) if params.get("from") else None,
        date_to=dt.date.fromisoformat(params["to"]) if params.get("to") else None,
        organization=organization,
    )


def _queryset(organization, params):
    return selectors.events(organization=organization, filters=_filters(params))


def _rows(organization, params):
    rows = _queryset(organization, params).values_list(
        "created_at", "actor__full_name", "actor__email", "verb", "target_type", "target_id",
        "organization__name_ar", "organization__name_en", "data",
    )
    arabic = _is_arabic()
    for created, name, email, verb, target_type, target_id, org_ar, org_en, data in rows.iterator(chunk_size=CHUNK):
        details = "; ".join(f"{key}: {value}" for key, value in selectors.details_from(data))
        yield (
            timezone.localtime(created).strftime("%Y-%m-%d %H:%M"),
            name or "",
            email or "",
            label_for(verb),
            verb,
            gettext("%(kind)s #%(id)s") % {"kind": selectors.target_type_label(target_type), "id": target_id},
            (org_ar or org_en or "") if arabic else (org_en or org_ar or ""),
            details,
        )


def _is_arabic() -> bool:
    return (get_language() or "ar").startswith("ar")


def _count(organization, params) -> int:
    return _queryset(organization, params).count()


COLUMNS = (
    Column("when", _("When")),
    Column("actor_name", _("Who")),
    Column("actor_email", _("E-mail")),
    Column("action", _("Action")),
    Column("verb", _("Action code")),
    Column("object", _("Object")),
    Column("organization", _("Organization")),
    Column("details", _("Details")),
)

COMMON_FILTERS = {"verb": _text_filter, "actor": _text_filter, "from": date_filter, "to": date_filter}

ORGANIZATION_AUDIT = register(
    ExportKind(
        name="audit_log",
        label=_("Audit log"),
        columns=COLUMNS,
        check=access.check_organization_export,
        count_rows=_count,
        iter_rows=_rows,
        filters=lambda: dict(COMMON_FILTERS),
    )
)

PLATFORM_AUDIT = register(
    ExportKind(
        name="platform_audit_log",
        label=_("Platform audit log"),
        columns=COLUMNS,
        check=access.check_platform_export,
        count_rows=_count,
        iter_rows=_rows,
        filters=lambda: {**COMMON_FILTERS, "organization": _organization_filter},
        platform=True,
    )
)
