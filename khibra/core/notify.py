"""Telling a person something: an in-app notification, and an e-mail copy through the outbox.

Call inside the service's transaction; the e-mail is sent by the worker after commit.
"""

from collections.abc import Callable

from django.conf import settings
from django.utils import translation

from .mail import queue_email
from .models import Notification


def notify(
    *, user, kind: str, title: str, body: str = "", url: str = "", email: bool = True, dedupe_key: str | None = None,
    attachments: list | None = None,
) -> Notification:
    """`title` and `body` should already be in the user's language (render them under
    `translation.override(user.preferred_language)`); `url` is a site path; `attachments` go
    with the e-mail (core.mail.queue_email), e.g. an event's .ics (core.ics.attachment)."""
    notification = Notification.objects.create(user=user, kind=kind, title=title[:200], body=body, url=url)
    if email and user.email:
        link = f"{settings.SITE_URL}{url}" if url else settings.SITE_URL
        with translation.override(user.preferred_language or "ar"):
            queue_email(
                to=user.email, subject=title, body_text=f"{body}\n\n{link}\n".strip() + "\n", dedupe_key=dedupe_key,
                attachments=attachments,
            )
    return notification


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
