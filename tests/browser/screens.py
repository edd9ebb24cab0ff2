"""Screenshots of the most used pages of each role, in Arabic and English, at 390 and 1280 px.

`make screens` runs it (through bin/screens, which starts a throwaway Khibra with the demo world):

    python -m tests.browser.screens --base http://127.0.0.1:8767 --out screens [--check]

For each role it signs in as the demo person, walks the links from the home breadth first (the
navigation and the home's own links come first: the most used pages) and keeps the first
`--pages` URL patterns (20). Each page is saved full-length as
`<out>/<role>/<nn>-<view name>-<language>-<width>.png`, and `<out>/index.html` shows them all.
With --check it also prints what the crawl test checks (width, axe-core, dates, statuses).
"""

import argparse
import html
import os
from pathlib import Path
import re
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khibra.settings")
os.environ.setdefault("DEBUG", "1")
django.setup()

from .crawl import DESKTOP, PHONE, Checker, crawl  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / ".cache/node/node_modules/axe-core/axe.min.js"
PASSWORD = "khibra-demo-2026"
ROLES = {
    "volunteer": "sara.alotaibi@khibra.example",
    "manager": "rabee.manager@khibra.example",
    "coordinator": "madar.coordinator@khibra.example",
    "staff": "staff@khibra.example",
}
LANGUAGES = (("ar", "/dashboard/"), ("en", "/en/dashboard/"))


def log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.locator("form.stack-form button[type=submit]").click()
    page.wait_for_load_state("load")


def main(argv=None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default=os.environ.get("KHIBRA", "http://127.0.0.1:8767"))
    parser.add_argument("--out", default=str(ROOT / "screens"))
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--roles", default=",".join(ROLES), help="comma-separated: " + ", ".join(ROLES))
    parser.add_argument("--check", action="store_true", help="also run the crawl test's checks and print problems")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    shots: dict[str, list[tuple[str, str, dict[str, str]]]] = {}
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            headless=True,
            args=["--no-sandbox", "--disable-gpu"],
        )
        for role in args.roles.split(","):
            folder = out / role
            folder.mkdir(exist_ok=True)
            rows: dict[str, tuple[str, str, dict[str, str]]] = {}
            for language, home in LANGUAGES:
                context = browser.new_context(viewport=PHONE)
                if args.check and AXE.exists():
                    context.add_init_script(path=str(AXE))
                page = context.new_page()
                page.set_default_timeout(30_000)
                log_in(page, args.base, ROLES[role])
                checker = Checker(page, f"{role}/{language}", axe=args.check and AXE.exists())

                def visit(page, here, language=language, checker=checker, rows=rows, folder=folder):
                    if args.check:
                        before = len(checker.problems)
                        checker(page, here)
                        for problem in checker.problems[before:]:
                            print(problem, flush=True)
                    number = list(rows).index(here.pattern) + 1 if here.pattern in rows else len(rows) + 1
                    name = f"{number:02d}-" + re.sub(r"[^A-Za-z0-9_-]+", "-", here.pattern).strip("-")
                    files = rows.setdefault(here.pattern, (here.pattern, here.path, {}))[2]
                    for viewport in (PHONE, DESKTOP):
                        page.set_viewport_size(viewport)
                        file = f"{name}-{language}-{viewport['width']}.png"
                        page.screenshot(path=str(folder / file), full_page=True)
                        files[f"{language}-{viewport['width']}"] = f"{role}/{file}"
                    page.set_viewport_size(PHONE)

                pages = crawl(page, args.base, home, limit=args.pages, visit=visit)
                checker.statuses(pages)
                problems += checker.problems
                context.close()
            shots[role] = list(rows.values())
            print(f"{role}: {len(rows)} pages", flush=True)
        browser.close()
    (out / "index.html").write_text(_index(shots), encoding="utf-8")
    print(f"screenshots in {out}/ (index.html) in {time.monotonic() - started:.0f}s")
    return 1 if problems else 0


def _index(shots) -> str:
    columns = ("ar-390", "ar-1280", "en-390", "en-1280")
    parts = [
        "<!doctype html><html lang='en'><meta charset='utf-8'><title>Khibra screens</title>",
        "<style>body{font-family:sans-serif;margin:1rem}img{max-width:180px;max-height:320px;object-fit:cover;object-position:top;"
        "border:1px solid #ccc}td,th{vertical-align:top;padding:4px;text-align:start}</style><h1>Khibra screens</h1>",
    ]
    for role, rows in shots.items():
        parts.append(
            f"<h2>{html.escape(role)}</h2><table><tr><th>page</th>"
            + "".join(f"<th>{c}</th>" for c in columns)
            + "</tr>"
        )
        for pattern, path, files in rows:
            cells = "".join(
                f"<td><a href='{html.escape(files[c])}'><img loading='lazy' src='{html.escape(files[c])}' alt='{c}'></a></td>"
                if c in files
                else "<td></td>"
                for c in columns
            )
            parts.append(f"<tr><th>{html.escape(pattern)}<br><small>{html.escape(path)}</small></th>{cells}</tr>")
        parts.append("</table>")
    return "\n".join(parts)


if __name__ == "__main__":
    sys.exit(main())
