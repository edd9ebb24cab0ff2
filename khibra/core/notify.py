"""Telling a person something: an in-app notification, and copies by e-mail (the outbox), SMS and
WhatsApp (the phone outbox) as the person chose for this kind of notice (core.channels).

Call inside the service's transaction; the copies are sent by the worker after commit.
"""

from collections.abc import Callable

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from . import channels
from .mail import queue_email
from .messaging import queue_message
from .models import NoticeChannel, Notification


def notify(
    *, user, kind: str, title: str, body: str = "", url: str = "", email: bool = True, dedupe_key: str | None = None,
    attachments: list | None = None,
) -> Notification:
    """`title` and `body` should already be in the user's language (render them under
    `translation.override(user.preferred_language)`); `url` is a site path. `email=False`: the
    caller sends its own e-mail (or none); `attachments` go with the e-mail (core.mail.queue_email),
    e.g. an event's .ics (core.ics.attachment)."""
    notification = Notification.objects.create(user=user, kind=kind, title=title[:200], body=body, url=url)
    choice = channels.choice_for(user, kind)
    link = f"{settings.SITE_URL}{url}" if url else settings.SITE_URL
    language = user.preferred_language or "ar"
    if email and choice.email and user.email:
        with translation.override(language):
            queue_email(
                to=user.email, subject=title, body_text=f"{body}\n\n{link}\n".strip() + "\n", dedupe_key=dedupe_key,
                attachments=attachments,
            )
    if choice.sms or choice.whatsapp:
        _phone_copies(user, notification, choice, title=title, link=link, language=language, dedupe_key=dedupe_key)
    return notification


def _phone_copies(user, notification, choice, *, title: str, link: str, language: str, dedupe_key: str | None) -> None:
    phone = channels.phone_of.first(user)
    if not phone:
        return
    key = dedupe_key or f"notice:{notification.pk}"
    not_before = channels.quiet_until(user)
    with translation.override(language):
        text = _("Khibra: %(title)s %(link)s") % {"title": title, "link": link}
    for channel, wanted in ((NoticeChannel.SMS, choice.sms), (NoticeChannel.WHATSAPP, choice.whatsapp)):
        if wanted:
            queue_message(
                user=user, channel=channel, to=phone, body=text, params=[title, link], language=language,
                dedupe_key=f"{key}:{channel}", not_before=not_before,
            )


def tell(
    user,
    *,
    kind: str,
    title: Callable[[], str],
    body: Callable[[], str] = lambda: "",
    url: str = "",
    dedupe_key: str | None = None,
    attachments: Callable[[], list] | None = None,
) -> Notification:
    """`notify` in the person's own language: `title`, `body` and `attachments` are callables run under it."""
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        return notify(
            user=user, kind=kind, title=str(title()), body=str(body()), url=url, dedupe_key=dedupe_key,
            attachments=attachments() if attachments else None,
        )
