"""The HTML face of every e-mail: one layout for the plain text the services write.

Services write plain text (it is the alternative part, and what the tests read). The HTML part is
made from it here, in the language active when the e-mail is queued: paragraphs are kept, a link on
a line of its own in the body becomes the action button, and what follows a "--" line is the footer
(an alert's unsubscribe line). The text is escaped by the template; only links become markup.
"""

import re

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language, get_language_bidi

_URL = re.compile(r"(https?://[^\s<>\"]+[^\s<>\".,،:;!?)])")


def _segments(line: str) -> list[dict]:
    """A line as text and link pieces: [{'text': 'go to '}, {'url': 'https://…'}]."""
    pieces = _URL.split(line)
    return [{"url": piece} if index % 2 else {"text": piece} for index, piece in enumerate(pieces) if piece]


def _paragraphs(text: str) -> list[list[list[dict]]]:
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [_segments(line.strip()) for line in block.splitlines() if line.strip()]
        if lines:
            paragraphs.append(lines)
    return paragraphs


def _settings_url() -> str:
    # The consent page lives in a higher app; reversing its name keeps core free of the import.
    try:
        return settings.SITE_URL + reverse("privacy:consents")
    except NoReverseMatch:
        return ""


def render_html(subject: str, body_text: str) -> str:
    body, *rest = re.split(r"^--\s*$", body_text, maxsplit=1, flags=re.M)
    footer = rest[0] if rest else ""
    paragraphs = _paragraphs(body)
    # One link in the body is what the e-mail asks the reader to open: it becomes the button, and a
    # paragraph that was only that link is dropped (the button shows it).
    links = set(_URL.findall(body))
    action_url = links.pop() if len(links) == 1 else ""
    if action_url and paragraphs[-1] == [[{"url": action_url}]]:
        paragraphs.pop()
    return render_to_string(
        "email/message.html",
        {
            "subject": subject,
            "paragraphs": paragraphs,
            "footer": _paragraphs(footer),
            "action_url": action_url,
            "site_url": settings.SITE_URL,
            "settings_url": _settings_url(),
            "language": get_language() or settings.LANGUAGE_CODE,
            "rtl": get_language_bidi(),
        },
    )
