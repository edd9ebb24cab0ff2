"""Playwright in Debian's Chromium against the live test server.

Skipped, loudly, when Chromium is not installed. Screenshots go to test-results/screenshots/
for a person to look at; every page visited can be checked with axe-core (serious and
critical violations fail the test).
"""

from importlib import import_module
import json
import os
from pathlib import Path
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
# browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / ".cache/node/node_modules/axe-core/axe.min.js"
SCREENSHOTS = ROOT / "test-results/screenshots"


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if "tests/browser" in str(item.fspath)]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        print(f"\n!!! Chromium not found at {CHROMIUM}: {len(browser_items)} browser test(s) SKIPPED !!!\n")
        for item in browser_items:
            item.add_marker(pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}"))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _platform_data(transactional_db):
    """Transactional tests empty every table, migration data included: put it back."""
    from django.apps import apps

    from khibra.accounts.policies import publish_initial
    from khibra.opportunities import template_data
    from khibra.reference import data

    data.load(apps)
    publish_initial(apps)
    template_data.load(apps)
    # The national value of a volunteer hour, or every evaluation values the hours at 0 SAR.
    import_module("khibra.evaluation.migrations.0005_national_hourly_value_per_year").load(apps, None)


@pytest.fixture
def page(browser, live_server):
    # The app's Content-Security-Policy stays in force; axe-core comes in as an init script,
    # which the browser runs outside the page's CSP.
    context = browser.new_context(base_url=live_server.url, locale="ar-SA", viewport={"width": 1280, "height": 900})
    if AXE.exists():
        context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    yield page
    context.close()
    # A script error or a blocked resource (CSP) is a broken page even when the test got through.
    assert not problems, "the browser reported errors:\n" + "\n".join(problems)


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def check_accessibility(page, label: str) -> None:
    """axe-core on the current page: no serious or critical violation."""
    if not AXE.exists():
        print(f"axe-core missing at {AXE}: accessibility not checked for {label} (run make browser-deps)")
        return
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    details = [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in bad
    ]
    assert not bad, f"axe found serious/critical problems on {label}:\n{json.dumps(details, indent=1, ensure_ascii=False)}"
