"""Walk the pages a signed-in person can reach from their home, the way they would: links only.

Shared by the crawl test (tests/browser/test_crawl.py) and `make screens` (bin/screens). Same-origin
links, GET only, breadth first (the navigation and the home's own links come first, so the first
pages found are the most used ones), bounded: at most `per_pattern` pages of one URL pattern (one
Django view name) and `limit` pages in all. Sign-out, the language switch, the admin site and
downloads are not followed.
"""

from collections import deque
from dataclasses import dataclass, field
import json
import re
from urllib.parse import urldefrag, urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import translation

# Never followed: they end the session, leave the product's pages or start a download.
SKIP = re.compile(
    r"/(accounts/logout|logout|i18n|admin|api/v1|static|media|healthz)(/|$)"
    r"|\.(pdf|ics|csv|xlsx|zip|png|jpg|svg)$"
    r"|/(download|export|exports/\d+/file|pdf|ics|calendar\.ics)(/|$)",
)
# A date box of the project's date picker: its hint (both calendars) and its tools next to it.
DATE_FIELD = ".date-field"


WIDTH_JS = "() => [document.documentElement.scrollWidth, window.innerWidth]"
# What makes a page wider than the window: the widest elements whose right (or left) edge passes it.
CULPRITS_JS = """() => {
  const width = window.innerWidth;
  return [...document.querySelectorAll('body *')]
    .filter(el => { const r = el.getBoundingClientRect(); return r.width && (r.right > width + 1 || r.left < -1); })
    .filter(el => !el.parentElement || (() => { const r = el.parentElement.getBoundingClientRect(); return r.right <= width + 1 && r.left >= -1; })())
    .slice(0, 4)
    .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ' ' + Math.round(el.getBoundingClientRect().width) + 'px');
}"""
DATES_JS = """(selector) => [...document.querySelectorAll(selector)].filter(field => {
  const tools = field.querySelector('.date-tools');
  return !field.querySelector('.date-hint') || !tools || tools.hidden;
}).map(field => (field.querySelector('input') || {}).name)"""
NATIVE_DATES_JS = (
    """() => [...document.querySelectorAll('input[type=date]:not(.date-native)')].map(input => input.name)"""
)


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@dataclass
class Page:
    path: str
    pattern: str
    status: int
    found_on: str
    links: list[str] = field(default_factory=list)


def pattern_of(path: str) -> str:
    """The Django view name a path resolves to (one name per URL pattern), or the path itself."""
    path = urlsplit(path).path
    language = path.split("/")[1] if path.count("/") > 1 else ""
    try:
        with translation.override(language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE):
            return resolve(path).view_name
    except Resolver404:
        return path


def same_origin_links(page, origin: str) -> list[tuple[str, bool]]:
    """Each link's path and whether it sits in the footer (followed last: the least used pages)."""
    hrefs = page.eval_on_selector_all(
        "a[href]:not([download])",
        "links => links.map(link => [link.href, !!link.closest('footer, .site-footer')])",
    )
    paths = []
    seen = set()
    for href, in_footer in hrefs:
        href, _fragment = urldefrag(href)
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path and not SKIP.search(parts.path) and path not in seen:
            seen.add(path)
            paths.append((path, in_footer))
    return paths


def crawl(page, origin: str, start: str, *, limit: int = 40, per_pattern: int = 1, visit=None) -> list[Page]:
    """Breadth first from `start`; `visit(page, found)` runs on every HTML page reached (checks,
    screenshots). Returns every page reached, with the status it answered."""
    queue = deque([(start, "")])
    later = deque()  # footer links: after every other page
    seen = {start}
    per = {}
    found: list[Page] = []
    while (queue or later) and len(found) < limit:
        path, referrer = (queue or later).popleft()
        pattern = pattern_of(path)
        if per.get(pattern, 0) >= per_pattern:
            continue
        per[pattern] = per.get(pattern, 0) + 1
        response = page.goto(origin + path, wait_until="load")
        status = response.status if response else 0
        content_type = (response.headers.get("content-type", "") if response else "") or ""
        here = Page(path=path, pattern=pattern, status=status, found_on=referrer)
        found.append(here)
        if status >= 400 or "text/html" not in content_type:
            continue
        if urlsplit(page.url).path != urlsplit(path).path:  # redirected: judge the page it landed on
            here.pattern = pattern_of(urlsplit(page.url).path)
        links = same_origin_links(page, origin)
        here.links = [link for link, _in_footer in links]
        if visit is not None:
            visit(page, here)
        for link, in_footer in links:
            if link not in seen:
                seen.add(link)
                (later if in_footer else queue).append((link, path))
    return found


def axe_problems(page) -> list[dict]:
    """axe-core's serious and critical violations on the current page (axe comes as an init script)."""
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


class Checker:
    """The checks of one crawl: the page at 390 px then 1280 px is no wider than the window; axe
    once per URL pattern and width; every date box with the picker's hint and tools; no script error.
    Used as `crawl(..., visit=checker)`; the problems pile up in `checker.problems`."""

    def __init__(self, page, where: str, *, axe: bool):
        self.where = where
        self.axe = axe
        self.axed: set[tuple[str, int]] = set()
        self.problems: list[str] = []
        self.errors: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def __call__(self, page, here: "Page") -> None:
        where = self.where
        for viewport in (PHONE, DESKTOP):
            width = viewport["width"]
            if page.viewport_size != viewport:
                page.set_viewport_size(viewport)
            scroll, inner = page.evaluate(WIDTH_JS)
            if scroll > inner:
                culprits = ", ".join(page.evaluate(CULPRITS_JS))
                self.problems.append(
                    f"{where} {width}px {here.path}: {scroll}px wide in a {inner}px window ({culprits})"
                )
            if self.axe and (here.pattern, width) not in self.axed:
                self.axed.add((here.pattern, width))
                bad = axe_problems(page)
                if bad:
                    self.problems.append(f"{where} {width}px {here.path}: axe {json.dumps(bad, ensure_ascii=False)}")
        page.set_viewport_size(PHONE)
        missing = page.evaluate(DATES_JS, DATE_FIELD)
        if missing:
            self.problems.append(f"{where} {here.path}: date boxes without the picker or hint: {missing}")
        native = page.evaluate(NATIVE_DATES_JS)
        if native:
            self.problems.append(f"{where} {here.path}: browser date inputs instead of the date picker: {native}")
        if self.errors:
            self.problems.append(f"{where} {here.path}: script errors {self.errors[:]}")
            self.errors.clear()

    def statuses(self, pages: list["Page"]) -> None:
        for found in pages:
            if found.status >= 400 or found.status == 0:
                self.problems.append(
                    f"{self.where} {found.path} answered {found.status} (linked from {found.found_on or 'the start'})"
                )
