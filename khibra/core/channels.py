"""Where a notice goes: in the app always; by e-mail, SMS and WhatsApp as each person chooses per
kind of notice; the phone channels never in the person's quiet hours (Riyadh time).

A notice's kind ("hours.returned", "application.rejected", ...) belongs to a group by its prefix;
people choose per group (`GROUPS`). The phone number comes from the apps above through the
`phone_of` hook (volunteers answers with the profile's mobile number), so core knows no profile.
"""

from __future__ import annotations

from dataclasses import dataclass
import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .hooks import Hook
from .models import NoticePreference, QuietHours

RIYADH = ZoneInfo("Asia/Riyadh")

phone_of = Hook(
    "core.phone_of",
    """The mobile number to send a person's SMS and WhatsApp notices to, as 05XXXXXXXX, or None when
    they have none (or none verified). Called as (user).""",
)


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    prefixes: tuple[str, ...]


GROUPS = (
    Group("applications", _("Applications and selection"), ("application.",)),
    Group("work", _("Engagements, agreements and hours"), ("engagement.", "agreement.", "hours.")),
    Group("opportunities", _("Opportunities that fit you and invitations"), ("matching.",)),
    Group("recognition", _("Certificates and thanks"), ("certificate.", "thanks.")),
    Group("evaluation", _("Surveys and evaluation"), ("evaluation.",)),
    Group(
        "organization", _("Your organization's work"), ("opportunity.", "proposal.", "idea.", "providers.", "teams.")
    ),
    Group("other", _("Other notices"), ()),
)
GROUP_KEYS = tuple(group.key for group in GROUPS)


def group_of(kind: str) -> str:
    for group in GROUPS:
        if any(kind.startswith(prefix) for prefix in group.prefixes):
            return group.key
    return "other"


@dataclass(frozen=True)
class Choice:
    email: bool = True
    sms: bool = False
    whatsapp: bool = False


def choice_for(user, kind: str) -> Choice:
    row = NoticePreference.objects.filter(user=user, group=group_of(kind)).values("email", "sms", "whatsapp").first()
    return Choice(**row) if row else Choice()


def quiet_until(user, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the person's quiet hours end, if `now` falls in them; else None."""
    quiet = QuietHours.objects.filter(user=user).first()
    if quiet is None:
        return None
    return end_of_quiet(quiet.starts, quiet.ends, now or timezone.now())


def end_of_quiet(starts: dt.time, ends: dt.time, now: dt.datetime) -> dt.datetime | None:
    """The end of the quiet window `now` falls in (Riyadh time; a window may cross midnight)."""
    local = now.astimezone(RIYADH)
    clock = local.time()
    if starts < ends:
        inside = starts <= clock < ends
        end_day = local.date()
    else:  # e.g. 22:00 → 07:00
        inside = clock >= starts or clock < ends
        end_day = local.date() + dt.timedelta(days=1) if clock >= starts else local.date()
    if not inside:
        return None
    return dt.datetime.combine(end_day, ends, tzinfo=RIYADH)


def preferences(user) -> dict[str, Choice]:
    rows = {row.group: Choice(row.email, row.sms, row.whatsapp) for row in NoticePreference.objects.filter(user=user)}
    return {group.key: rows.get(group.key, Choice()) for group in GROUPS}


def save_preferences(*, user, choices: dict[str, Choice], quiet: tuple[dt.time, dt.time] | None) -> None:
    """Write a person's choices per group and their quiet hours (None: none), all at once."""
    from django.db import transaction

    from . import audit

    with transaction.atomic():
        for key, choice in choices.items():
            if key not in GROUP_KEYS:
                raise ValueError(key)
            NoticePreference.objects.update_or_create(
                user=user, group=key, defaults={"email": choice.email, "sms": choice.sms, "whatsapp": choice.whatsapp}
            )
        if quiet is None:
            QuietHours.objects.filter(user=user).delete()
        else:
            QuietHours.objects.update_or_create(user=user, defaults={"starts": quiet[0], "ends": quiet[1]})
        audit.record(
            actor=user,
            verb="notices.preferences_changed",
            target=user,
            phone_channels=sorted(
                f"{key}:{name}" for key, c in choices.items() for name in ("sms", "whatsapp") if getattr(c, name)
            ),
            quiet=[t.isoformat() for t in quiet] if quiet else None,
        )
