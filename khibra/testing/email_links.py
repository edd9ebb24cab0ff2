"""Do an e-mail's links lead somewhere on the running site?

Every link in the text part and every href of the HTML part that points at the site (SITE_URL,
or any 127.0.0.1/localhost address: a link to the wrong port is as dead as a wrong path) must
resolve against the site's URL configuration. Links elsewhere (a partner's website) are not
the site's to check.
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import translation

_TEXT_LINK = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,،:;!?)]")
_HREF = re.compile(r'href="([^"]+)"')
_LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Links built from the request (the authentication library's) carry the address the person used;
# in tests that is the test client's.
_REQUEST_HOST = "testserver"


def links(email) -> set[str]:
    found = set(_TEXT_LINK.findall(email.body_text or ""))
    found |= {href.replace("&amp;", "&") for href in _HREF.findall(email.body_html or "")}
    return {link for link in found if link.startswith(("http://", "https://"))}


def problem(link: str) -> str:
    """Why this link does not resolve on the site ("" when it does or is not the site's)."""
    site = urlsplit(settings.SITE_URL)
    parts = urlsplit(link)
    if parts.netloc not in (site.netloc, _REQUEST_HOST):
        if parts.hostname in _LOCAL_HOSTS or parts.hostname == site.hostname:
            return f"points at {parts.netloc}, not the site's {site.netloc}"
        return ""
    path = parts.path or "/"
    # The language prefix ("/en/…", none for Arabic) decides which patterns answer, as on the site.
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            resolve(path)
    except Resolver404:
        return "no page has this address"
    return ""


def unresolved(email) -> list[str]:
    return sorted(f"{link}: {reason}" for link in links(email) if (reason := problem(link)))
