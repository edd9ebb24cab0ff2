""""Add to calendar": iCalendar (RFC 5545) text for one event, written small by hand.

One VEVENT per file, in Riyadh time (Saudi Arabia keeps +03:00 all year, so its VTIMEZONE has one
STANDARD part and no daylight saving). The UID is stable for one object (`kind-pk@host`): a
calendar that imports the file again, or a changed interview sent again, updates the same event
instead of adding a second. Text values are escaped (backslash, semicolon, comma, new lines) and
lines folded at 75 octets, never inside a UTF-8 character.
"""

from dataclasses import dataclass
import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

RIYADH = "Asia/Riyadh"
MEDIA_TYPE = "text/calendar"

_VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{RIYADH}",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0300",
    "TZOFFSETTO:+0300",
    "TZNAME:+03",
    "END:STANDARD",
    "END:VTIMEZONE",
)


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # stable per object: "interview-12@khibra.sa"
    summary: str
    start: dt.datetime | dt.date  # a date: an all-day event (a due date)
    end: dt.datetime | dt.date | None = None
    description: str = ""
    location: str = ""
    url: str = ""
    sequence: int = 0  # raise it when the same event changes (a new interview date)


def uid_for(kind: str, pk: int) -> str:
    host = (getattr(settings, "SITE_URL", "") or "khibra").split("://")[-1].split("/")[0].split(":")[0] or "khibra"
    return f"{kind}-{pk}@{host}"


def escape(value: str) -> str:
    """A TEXT value: backslash, semicolon and comma escaped, new lines as \\n."""
    text = str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after CRLF and one space."""
    out, current = [], b""
    for char in line:
        encoded = char.encode()
        limit = 75 if not out else 74  # a continuation line starts with the space
        if len(current) + len(encoded) > limit:
            out.append(current.decode())
            current = b""
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)


def _stamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _when(name: str, value: dt.datetime | dt.date) -> str:
    if isinstance(value, dt.datetime):
        local = value.astimezone(ZoneInfo(RIYADH)) if timezone.is_aware(value) else value
        return f"{name};TZID={RIYADH}:{local.strftime('%Y%m%dT%H%M%S')}"
    return f"{name};VALUE=DATE:{value.strftime('%Y%m%d')}"


def calendar_text(event: CalendarEvent, *, now: dt.datetime | None = None) -> str:
    """The whole .ics file for `event`, CRLF line ends."""
    end = event.end
    if end is None:
        end = event.start + (dt.timedelta(hours=1) if isinstance(event.start, dt.datetime) else dt.timedelta(days=1))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Khibra//Khibra//AR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        *_VTIMEZONE,
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{_stamp(now or timezone.now())}",
        f"SEQUENCE:{event.sequence}",
        _when("DTSTART", event.start),
        _when("DTEND", end),
        f"SUMMARY:{escape(event.summary)}",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{escape(event.description)}")
    if event.location:
        lines.append(f"LOCATION:{escape(event.location)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(fold(line) for line in lines) + "\r\n"


def ics_response(event: CalendarEvent, filename: str) -> HttpResponse:
    """A download of the event (the browser hands it to the calendar program)."""
    response = HttpResponse(calendar_text(event), content_type=f"{MEDIA_TYPE}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def attachment(event: CalendarEvent, filename: str) -> dict:
    """The event as an e-mail attachment (core.mail.queue_email)."""
    return {"name": filename, "type": MEDIA_TYPE, "content": calendar_text(event)}
