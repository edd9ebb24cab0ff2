"""Every page a person reaches from their home, in both languages, on a phone and a desktop.

The demo world is loaded once; then, for a volunteer, a volunteer manager, a provider coordinator
and platform staff, in Arabic and English, the crawler (crawl.py) follows the links from the home.
Each page is opened at 390 px and then widened to 1280 px: at both widths no page is wider than the
window; axe-core runs once per URL pattern, language and width (serious or critical fails); no link
followed answers 4xx or 5xx; every date box of the project's date picker shows its hint and tools.
All problems are collected and reported together.
"""

import time

from django.conf import settings
from django.test import Client
import pytest

from khibra.accounts.models import User
from khibra.demo import data as demo_data, loader as demo_loader

from .conftest import AXE
from .crawl import PHONE, Checker, crawl

pytestmark = pytest.mark.django_db(transaction=True)

# One person per role, from the demo world.
ROLES = {
    "volunteer": "sara.alotaibi",
    "manager": "rabee.manager",
    "coordinator": "madar.coordinator",
    "staff": "staff",
}
LIMIT = 30  # pages per role and language (one per URL pattern): bounded time on two cores


def _log_in(context, live_server, email: str) -> None:
    client = Client()
    client.force_login(User.objects.get(email=email))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_every_page_reachable_from_each_home_fits_the_screen_and_answers(browser, live_server):
    started = time.monotonic()
    demo_loader.load()
    loaded = time.monotonic() - started
    problems: list[str] = []
    visited = 0
    for role, local in ROLES.items():
        for language, home in (("ar", "/dashboard/"), ("en", "/en/dashboard/")):
            context = browser.new_context(locale="ar-SA", viewport=PHONE)
            if AXE.exists():
                context.add_init_script(path=str(AXE))
            _log_in(context, live_server, demo_data.email(local))
            page = context.new_page()
            page.set_default_timeout(20_000)
            checker = Checker(page, f"{role}/{language}", axe=AXE.exists())
            pages = crawl(page, live_server.url, home, limit=LIMIT, visit=checker)
            checker.statuses(pages)
            problems += checker.problems
            visited += len(pages)
            context.close()
    print(f"\ncrawl: demo world loaded in {loaded:.0f}s; {visited} pages in {time.monotonic() - started:.0f}s")
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)
