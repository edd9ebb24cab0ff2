"""The scale drill's load (bench/drill/run.py starts it headless against the load balancer).

Closed loop, no think time: each user sends its next request as soon as the last is answered, so
throughput is what the web nodes can serve, not what the users ask for.

- Browsers (3 in 4) read public pages only: home, the opportunity search in Arabic and English,
  opportunity pages, the public API search. They never write, so their reads go to the replica.
- Writers (1 in 4) log hours on their engagement through the API (each 201 is an acknowledged
  write, its id kept), list their own hours, and search: a writer wrote a moment ago, so their
  reads stay on the primary.

Every answer is kept (end time, name, status, success) with the acknowledged ids, and written to
DRILL_REQUESTS (JSON) when locust stops.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
from pathlib import Path
import random
import threading
import time

from locust import HttpUser, constant, events, task

ACCOUNTS = json.loads(Path(os.environ["DRILL_ACCOUNTS"]).read_text())
OUT = Path(os.environ["DRILL_REQUESTS"])
SEARCHES_AR = ["محاسب", "تصميم", "قانوني", "بيانات", "تسويق", "مطور موقع", "مستشار", "مالية", "مدرب"]
SEARCHES_EN = ["finance", "design", "legal", "data", "marketing", "website", "trainer"]
_volunteers = itertools.cycle(ACCOUNTS["volunteers"])
_lock = threading.Lock()
_requests: list[tuple[float, str, int, bool]] = []
_acknowledged: list[int] = []
_refused: list[str] = []  # what a rule answered (400), a few kept to show


@events.request.add_listener
def _keep(request_type, name, response_time, response_length, response=None, exception=None, **kwargs):
    status = getattr(response, "status_code", 0) or 0
    with _lock:
        _requests.append((time.time(), name, status, exception is None))


class Browser(HttpUser):
    weight = 3
    wait_time = constant(0)

    @task(2)
    def home(self):
        self.client.get(random.choice(["/", "/en/"]), name="page: home")

    @task(3)
    def search_arabic(self):
        self.client.get("/opportunities/", params={"q": random.choice(SEARCHES_AR)}, name="page: search")

    @task(1)
    def search_english(self):
        self.client.get("/en/opportunities/", params={"q": random.choice(SEARCHES_EN)}, name="page: search")

    @task(3)
    def opportunity(self):
        self.client.get(f"/opportunities/{random.choice(ACCOUNTS['opportunities'])}/", name="page: opportunity")

    @task(2)
    def api_search(self):
        self.client.get(
            "/api/v1/opportunities/", params={"q": random.choice(SEARCHES_EN + SEARCHES_AR)}, name="api: search"
        )


class Writer(HttpUser):
    weight = 1
    wait_time = constant(0)

    def on_start(self):
        with _lock:
            account = next(_volunteers)
        self.engagement_id = account["engagement_id"]
        self.headers = {"Authorization": f"Bearer {account['token']}", "Accept-Language": "en"}
        self.days_back = random.randrange(0, 300)

    @task(3)
    def log_hours(self):
        # 0.5 h on a different past day each time: the 24-hour day limit is rarely reached.
        self.days_back = (self.days_back + 1) % 360
        day = (dt.date.today() - dt.timedelta(days=1 + self.days_back)).isoformat()
        with self.client.post(
            f"/api/v1/engagements/{self.engagement_id}/hours/",
            json={"date": day, "hours": 0.5, "note": "تمرين التوسع", "confirm_over_plan": True},
            headers=self.headers,
            name="api: log hours",
            catch_response=True,
        ) as response:
            if response.status_code == 201:
                with _lock:
                    _acknowledged.append(response.json()["id"])
            elif response.status_code == 400:
                response.success()  # a rule said no (the day is full): an answer, not an error
                with _lock:
                    _refused.append(response.text[:300])
            else:
                response.failure(str(response.status_code))

    @task(1)
    def my_hours(self):
        self.client.get(f"/api/v1/engagements/{self.engagement_id}/hours/", headers=self.headers, name="api: my hours")

    @task(1)
    def search(self):
        self.client.get("/opportunities/", params={"q": random.choice(SEARCHES_AR)}, name="page: search (after a write)")


@events.quitting.add_listener
def _write(environment, **kwargs):
    with _lock:
        OUT.write_text(json.dumps({"requests": _requests, "acknowledged": _acknowledged, "refused": _refused}))
