"""Reads of a person's own data: the full export (JSON and readable) and their consents.

Every section is gathered by one query filtered on the person (their user or their volunteer
profile), so the export can hold nothing of anybody else.
"""

from dataclasses import dataclass
import datetime as dt
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext

from khibra.accounts.models import User

from .models import OPTIONAL_PURPOSES, Consent, Purpose
from .sections import SECTIONS, Section  # noqa: F401  (the export's sections, as data)


def _resolve(obj, path: str):
    """(model field, value) at the end of a path such as "opportunity__organization__name_ar"."""
    *hops, last = path.split("__")
    for hop in hops:
        obj = getattr(obj, hop, None)
        if obj is None:
            return None, None
    field = obj._meta.get_field(last)
    if field.many_to_many:
        return field, [str(item) for item in getattr(obj, last).all().order_by("pk")]
    return field, getattr(obj, last)


def _label(model, path: str) -> str:
    *hops, last = path.split("__")
    for hop in hops:
        model = model._meta.get_field(hop).related_model
    field = model._meta.get_field(last)
    if path != last and field.name in ("title", "name", "name_ar", "title_ar", "version", "kind"):
        # "title" alone says little: name it after what it belongs to ("opportunity").
        return str(model._meta.verbose_name)
    return str(field.verbose_name)


def _json(value):
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _display(field, value) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, list):
        return "، ".join(str(item) for item in value)
    if isinstance(value, dict):
        return "\n".join(str(item) for item in value.values())
    choices = dict(field.flatchoices) if field is not None and field.choices else None
    if choices and value in choices:
        return str(choices[value])
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _profile_of(user: User):
    from khibra.volunteers.models import VolunteerProfile

    return VolunteerProfile.objects.filter(user=user).first()


def export_personal_data(user: User) -> dict:
    """Everything the platform holds about `user` that they may see, as JSON-ready data."""
    profile = _profile_of(user)
    data: dict = {"format": "khibra-personal-data/1", "generated_at": timezone.now().isoformat()}
    for section in SECTIONS:
        rows = section.rows(user, profile)
        records = [{path: _json(_resolve(row, path)[1]) for path in section.fields} for row in rows]
        data[section.key] = (records[0] if records else None) if section.single else records
    return data


@dataclass(frozen=True)
class ReadableSection:
    key: str
    title: str
    labels: list[str]
    records: list[list[str]]  # one list of values per row, in the order of `labels`
    single: bool

    @property
    def pairs(self) -> list[tuple[str, str]]:
        """(label, value) of a one-row section, for a definition list."""
        return list(zip(self.labels, self.records[0], strict=True)) if self.records else []


def readable_personal_data(user: User) -> list[ReadableSection]:
    """The same data for people: labels in the active language, choices and dates spelled out."""
    profile = _profile_of(user)
    sections = []
    for section in SECTIONS:
        model = section.model_class()
        records = []
        for row in section.rows(user, profile):
            records.append([_display(*_resolve(row, path)) for path in section.fields])
        labels = [_label(model, path) for path in section.fields]
        sections.append(ReadableSection(section.key, str(section.title), labels, records, section.single))
    return sections


# --- consents -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PurposeStatus:
    purpose: str
    label: str
    optional: bool
    current: Consent | None
    history: list[Consent]

    @property
    def is_given(self) -> bool:
        return self.current is not None


def consent_overview(user: User) -> list[PurposeStatus]:
    """Each purpose with the live consent (if any) and the full history, newest first."""
    rows = list(Consent.objects.filter(user=user).select_related("policy").order_by("-given_at", "-pk"))
    overview = []
    for purpose in Purpose:
        history = [row for row in rows if row.purpose == purpose]
        current = next((row for row in history if row.withdrawn_at is None), None)
        optional = purpose in OPTIONAL_PURPOSES
        overview.append(PurposeStatus(purpose.value, str(purpose.label), optional, current, history))
    return overview


def has_consent(user: User, purpose: str) -> bool:
    return Consent.objects.active().filter(user=user, purpose=purpose).exists()


# --- erasure ---------------------------------------------------------------------------------------


def erasure_blockers(user: User) -> list[str]:
    """Why the account cannot be anonymised now (empty when it can)."""
    from khibra.organizations.models import Membership

    blockers = []
    if user.is_staff or user.is_superuser:
        blockers.append(gettext("Platform staff accounts are closed by an administrator, not from this page."))
    admin_of = Membership.objects.active().filter(user=user, role=Membership.Role.ADMIN).select_related("organization")
    for membership in admin_of.order_by("organization__name_ar"):
        others = (
            Membership.objects.active()
            .filter(organization=membership.organization, role=Membership.Role.ADMIN, user__is_active=True)
            .exclude(user=user)
        )
        if not others.exists():
            blockers.append(
                gettext("You are the only admin of %(organization)s. Make another member an admin first.")
                % {"organization": membership.organization.name}
            )
    return blockers
