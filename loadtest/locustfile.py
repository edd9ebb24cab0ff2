"""The load test's visitors, volunteers and managers (started by `make loadtest`, see bin/loadtest).

- Visitors browse: the home page, the opportunity list, Arabic and English searches, details.
- Volunteers sign in (web session and API token), open their dashboard, log hours on their
  engagement, list them, and apply to open opportunities (withdrawing to stay under the cap).
- Managers review: the queue of pending hours of their organization, approving the oldest.

The accounts come from loadtest/prepare.py (LOADTEST_ACCOUNTS). At the end the figures go to
LOADTEST_RESULTS (JSON) and the run fails if any answer was a 5xx or a dropped connection.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
from pathlib import Path
import random
import re
import threading

from locust import HttpUser, between, events, task

ACCOUNTS = json.loads(Path(os.environ.get("LOADTEST_ACCOUNTS", "var/loadtest/accounts.json")).read_text())
RESULTS = Path(os.environ.get("LOADTEST_RESULTS", "loadtest/results.json"))
SEARCHES_AR = ["محاسب", "تصميم", "قانوني", "بيانات", "تسويق", "مطور موقع", "مستشار"]
SEARCHES_EN = ["finance", "design", "legal", "data", "marketing", "website"]
_volunteers = itertools.cycle(ACCOUNTS["volunteers"])
_lock = threading.Lock()
_counts = {"5xx": 0, "dropped": 0, "hours_logged": 0, "applications": 0, "approvals": 0}


def _count(name: str) -> None:
    with _lock:
        _counts[name] += 1


@events.request.add_listener
def _watch(request_type, name, response_time, response_length, response=None, exception=None, **kwargs):
    status = getattr(response, "status_code", 0) or 0
    if status >= 500:
        _count("5xx")
    elif exception is not None and status == 0:
        _count("dropped")


def _api(user: HttpUser, token: str) -> dict:
    return {"Authorization": f"Bearer {token}", "Accept-Language": random.choice(["ar", "en"])}


def _token(user: HttpUser, email: str) -> str:
    with user.client.post(
        "/api/v1/auth/token/", json={"email": email, "password": ACCOUNTS["password"], "name": "load"},
        name="api: sign in", catch_response=True,
    ) as response:
        if response.status_code != 201:
            response.failure(f"sign-in {response.status_code}")
            return ""
        return response.json()["token"]


def _web_login(user: HttpUser, email: str) -> None:
    page = user.client.get("/en/accounts/login/", name="web: log-in page")
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    user.client.post(
        "/en/accounts/login/",
        data={"login": email, "password": ACCOUNTS["password"], "csrfmiddlewaretoken": match.group(1) if match else ""},
        headers={"Referer": user.host + "/en/accounts/login/"},
        name="web: log in",
    )


class Visitor(HttpUser):
    weight = 5
    wait_time = between(1, 3)

    @task(3)
    def home(self):
        self.client.get(random.choice(["/", "/en/"]), name="page: home")

    @task(3)
    def browse(self):
        self.client.get(random.choice(["/opportunities/", "/en/opportunities/"]), name="page: opportunities")

    @task(4)
    def search_arabic(self):
        self.client.get("/opportunities/", params={"q": random.choice(SEARCHES_AR)}, name="page: search (Arabic)")

    @task(1)
    def search_english(self):
        self.client.get("/en/opportunities/", params={"q": random.choice(SEARCHES_EN)}, name="page: search (English)")

    @task(3)
    def detail(self):
        pk = random.choice(ACCOUNTS["opportunities"])
        self.client.get(f"/opportunities/{pk}/", name="page: opportunity")

    @task(1)
    def api_list(self):
        self.client.get("/api/v1/opportunities/", headers={"Accept-Language": "ar"}, name="api: opportunities")


class Volunteer(HttpUser):
    weight = 3
    wait_time = between(1, 3)

    def on_start(self):
        with _lock:
            account = next(_volunteers)
        self.email, self.engagement_id = account["email"], account["engagement_id"]
        self.days_back = random.randrange(0, 300)
        _web_login(self, self.email)
        self.token = _token(self, self.email)

    @task(2)
    def dashboard(self):
        with self.client.get("/en/dashboard/", name="page: dashboard", catch_response=True) as response:
            if "/accounts/login/" in response.url:
                response.failure("not signed in")  # the web log-in of on_start did not hold

    @task(3)
    def log_hours(self):
        # A different past day each time: the 24-hour day limit never gets in the way.
        self.days_back = (self.days_back + 1) % 360
        day = (dt.date.today() - dt.timedelta(days=1 + self.days_back)).isoformat()
        with self.client.post(
            f"/api/v1/engagements/{self.engagement_id}/hours/",
            json={"date": day, "hours": random.choice([0.5, 1, 1.5, 2]), "note": "عمل على المراجعة", "confirm_over_plan": True},
            headers=_api(self, self.token), name="api: log hours", catch_response=True,
        ) as response:
            if response.status_code == 201:
                _count("hours_logged")
            elif response.status_code == 400:
                response.success()  # a rule said no (another user logged that day): a fine answer
            else:
                response.failure(f"{response.status_code}")

    @task(1)
    def my_hours(self):
        self.client.get(f"/api/v1/engagements/{self.engagement_id}/hours/", headers=_api(self, self.token), name="api: my hours")

    @task(1)
    def apply_and_withdraw(self):
        pk = random.choice(ACCOUNTS["open_opportunities"])
        with self.client.post(
            f"/api/v1/opportunities/{pk}/applications/",
            json={"motivation": "لدي خبرة عشر سنوات في هذا المجال وأرغب في خدمة الجمعية.", "availability_confirmed": True},
            headers=_api(self, self.token), name="api: apply", catch_response=True,
        ) as response:
            if response.status_code == 201:
                _count("applications")
                application_id = response.json()["id"]
            else:
                if response.status_code == 400:  # applied there before, or at the cap: a rule, not an error
                    response.success()
                else:
                    response.failure(f"{response.status_code}")
                return
        self.client.post(
            f"/api/v1/applications/{application_id}/withdraw/", json={"reason": "اختبار الحمل"},
            headers=_api(self, self.token), name="api: withdraw",
        )


class Manager(HttpUser):
    weight = 1
    wait_time = between(2, 4)

    def on_start(self):
        account = random.choice(ACCOUNTS["managers"])
        self.organization_id = account["organization_id"]
        self.opportunity_id = account["opportunity_id"]
        self.token = _token(self, account["email"])

    @task(3)
    def review_hours(self):
        response = self.client.get(
            f"/api/v1/organizations/{self.organization_id}/hours/", params={"status": "pending", "page_size": 5},
            headers=_api(self, self.token), name="api: pending hours",
        )
        items = response.json().get("results", []) if response.status_code == 200 else []
        if items:
            with self.client.post(
                f"/api/v1/hours/{items[0]['id']}/approve/", json={}, headers=_api(self, self.token),
                name="api: approve hours", catch_response=True,
            ) as approved:
                if approved.status_code == 200:
                    _count("approvals")
                elif approved.status_code in (400, 409):  # another manager approved it first
                    approved.success()

    @task(1)
    def applications(self):
        self.client.get(
            f"/api/v1/opportunities/{self.opportunity_id}/applications/", headers=_api(self, self.token), name="api: applications"
        )


@events.quitting.add_listener
def _report(environment, **kwargs):
    total = environment.stats.total
    seconds = max((total.last_request_timestamp or 0) - (total.start_time or 0), 1)
    percentile = total.get_response_time_percentile
    figures = {
        "users": environment.runner.target_user_count if environment.runner else None,
        "seconds": round(seconds),
        "requests": total.num_requests,
        "failures": total.num_failures,
        "requests_per_second": round(total.num_requests / seconds, 1),
        "p50_ms": percentile(0.50),
        "p95_ms": percentile(0.95),
        "p99_ms": percentile(0.99),
        "max_ms": round(total.max_response_time or 0),
        "server_errors_5xx": _counts["5xx"],
        "dropped_connections": _counts["dropped"],
        "hours_logged": _counts["hours_logged"],
        "applications": _counts["applications"],
        "approvals": _counts["approvals"],
        "endpoints": {
            name: {"requests": entry.num_requests, "failures": entry.num_failures, "p50_ms": entry.get_response_time_percentile(0.5),
                   "p95_ms": entry.get_response_time_percentile(0.95)}
            for (name, _method), entry in sorted(environment.stats.entries.items())
        },
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n")
    bad = _counts["5xx"] + _counts["dropped"]
    environment.process_exit_code = 1 if bad or total.num_failures else 0
    print(f"load test: {total.num_requests} requests, {figures['requests_per_second']}/s, p95 {figures['p95_ms']} ms, "
          f"{_counts['5xx']} 5xx, {total.num_failures} failures -> {RESULTS}")
