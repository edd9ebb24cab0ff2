"""iCalendar text for "Add to calendar": escaping, folding, a stable UID, Riyadh time, all-day dates."""

import datetime as dt
from zoneinfo import ZoneInfo

from khibra.core import ics


def test_text_is_escaped():
    assert ics.escape("أ,ب;ج\\د\nهـ") == "أ\\,ب\\;ج\\\\د\\nهـ"


def test_long_lines_fold_at_75_octets_without_cutting_a_letter():
    line = "SUMMARY:" + "مقابلة " * 30
    folded = ics.fold(line)
    parts = folded.split("\r\n ")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert "".join(parts) == line


def test_an_event_in_riyadh_time_with_a_stable_uid():
    start = dt.datetime(2026, 12, 10, 7, 30, tzinfo=dt.UTC)  # 10:30 in Riyadh
    event = ics.CalendarEvent(uid=ics.uid_for("interview", 7), summary="مقابلة: جمعية البر", start=start, location="جدة")
    now = dt.datetime(2026, 12, 7, 12, 0, tzinfo=ZoneInfo("Asia/Riyadh"))
    text = ics.calendar_text(event, now=now)
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "DTSTART;TZID=Asia/Riyadh:20261210T103000" in text and "DTEND;TZID=Asia/Riyadh:20261210T113000" in text
    assert "DTSTAMP:20261207T090000Z" in text
    assert "SUMMARY:مقابلة: جمعية البر" in text and "TZOFFSETTO:+0300" in text
    assert ics.calendar_text(event, now=now) == text  # the same object, the same file
    assert ics.uid_for("interview", 7) == event.uid


def test_a_due_date_is_an_all_day_event():
    event = ics.CalendarEvent(uid="task-3@khibra", summary="تسليم", start=dt.date(2026, 12, 31))
    text = ics.calendar_text(event)
    assert "DTSTART;VALUE=DATE:20261231" in text and "DTEND;VALUE=DATE:20270101" in text


def test_an_attachment_is_the_calendar_text():
    event = ics.CalendarEvent(uid="x@y", summary="s", start=dt.date(2026, 1, 1))
    attachment = ics.attachment(event, "event.ics")
    assert attachment["name"] == "event.ics" and attachment["type"] == "text/calendar"
    assert attachment["content"].startswith("BEGIN:VCALENDAR")


def test_an_attachment_goes_out_with_the_email_once(db, mailoutbox):
    from khibra.core import mail

    event = ics.CalendarEvent(uid="interview-1@khibra", summary="مقابلة", start=dt.date(2026, 12, 31))
    email = mail.queue_email(to="a@example.com", subject="s", body_text="b", attachments=[ics.attachment(event, "interview.ics")])
    mail.deliver(email.pk)  # a second call sends nothing again
    assert not mail.deliver(email.pk)
    sent = [message for message in mailoutbox if message.to == ["a@example.com"]]
    assert len(sent) == 1
    name, content, media = sent[0].attachments[0]
    assert name == "interview.ics" and media.startswith("text/calendar") and "UID:interview-1@khibra" in content
