"""The benchmarks: run against the PostgreSQL database of DATABASE_URL holding the bench data set
(`python -m bench.data`); write bench/results.json and docs/benchmarks.md.

Every latency figure is p50/p95 over at least 200 varied calls after a warm-up. Service figures
call the real service functions in this process; page figures are whole HTTP requests to a
gunicorn server started here with production settings (DEBUG off, compiled static files).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
from pathlib import Path
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results.json"
REPORT = ROOT / "docs" / "benchmarks.md"
SAMPLES = 200
WARM_UP = 20


def _setup() -> None:
    # The sessions this process writes for the dashboard must be signed with the server's key.
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 40)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khibra.settings")
    import django

    django.setup()


def percentiles(values_ms: list[float]) -> dict[str, float]:
    ordered = sorted(values_ms)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered))) - 1)]
    return {"p50": round(statistics.median(ordered), 2), "p95": round(p95, 2), "n": len(ordered)}


def timed(calls) -> dict[str, float]:
    """Run callables (warm-up first), return their latency percentiles in ms."""
    calls = list(calls)
    for call in calls[:WARM_UP]:
        call()
    times = []
    for call in calls[WARM_UP:]:
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return percentiles(times)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){memory}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def postgres_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


# --- samples -------------------------------------------------------------------------------------


def sample_opportunities(n: int, rand: random.Random) -> list:
    from django.db.models import F

    from khibra.opportunities.models import Opportunity

    ids = list(Opportunity.objects.public().filter(seats_filled__lt=F("seats")).values_list("pk", flat=True))
    rand.shuffle(ids)
    chosen = ids[:n]
    rows = Opportunity.objects.in_bulk(chosen)
    return [rows[pk] for pk in chosen]


def sample_volunteers(n: int, rand: random.Random) -> list:
    from khibra.volunteers.models import VolunteerProfile

    top = VolunteerProfile.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ids = rand.sample(range(1, top + 1), min(n * 2, top))
    rows = VolunteerProfile.objects.in_bulk(ids)
    return [rows[pk] for pk in ids if pk in rows][:n]


SEARCH_WORDS = ["محاسب", "القوائم المالية", "تسويق رقمي", "مراجعة العقود", "تطوير المواقع", "الأمن السيبراني", "تحليل البيانات",
                "الخطة الاستراتيجية", "جمع التبرعات", "تدريب الفريق", "الموارد البشرية", "استشارة", "الحوكمة", "مدير مشاريع",
                "مصمم", "الزكاة", "المحاسبة", "قياس الأثر", "منح", "التوظيف"]


def search_cases(n: int, rand: random.Random) -> list[dict]:
    from khibra.reference.models import City, Field

    fields = list(Field.objects.values_list("pk", flat=True))
    cities = list(City.objects.values_list("pk", flat=True))
    cases = []
    for _ in range(n):
        case = {"query": rand.choice(SEARCH_WORDS)}
        roll = rand.random()
        if roll < 0.3:
            case["field"] = rand.choice(fields)
        elif roll < 0.45:
            case["city"] = rand.choice(cities)
        elif roll < 0.6:
            case["nature"] = rand.choice(["remote", "in_person", "both"])
        cases.append(case)
    return cases


def page_params(case: dict) -> dict:
    """A service case as the search page's query string: `q`, and fields and cities by code."""
    from khibra.reference.models import City, Field

    params = {"q": case["query"]}
    if "field" in case:
        params["field"] = Field.objects.get(pk=case["field"]).code
    if "city" in case:
        params["city"] = City.objects.get(pk=case["city"]).code
    if "nature" in case:
        params["nature"] = case["nature"]
    return params


def api_params(case: dict) -> dict:
    """A service case as the API's query string: `q`, and fields and cities by id."""
    return {("q" if name == "query" else name): value for name, value in case.items()}


# --- services ---------------------------------------------------------------------------------------


def bench_services(rand: random.Random, results: dict) -> None:
    from khibra.matching.ranking import recommend_opportunities, suggest_volunteers
    from khibra.opportunities.search import search_opportunities

    opportunities = sample_opportunities(SAMPLES + WARM_UP, rand)
    counts = []

    def match(opportunity):
        def call():
            counts.append(len(suggest_volunteers(opportunity=opportunity, limit=20)))
        return call

    results["match_opportunity_top20_ms"] = timed(match(o) for o in opportunities)
    results["match_opportunity_top20_ms"]["mean_results"] = round(statistics.mean(counts), 1)
    print("match", results["match_opportunity_top20_ms"], flush=True)

    volunteers = sample_volunteers(SAMPLES + WARM_UP, rand)
    counts.clear()

    def recommend(volunteer):
        def call():
            counts.append(len(recommend_opportunities(volunteer=volunteer, limit=20)))
        return call

    results["recommend_volunteer_top20_ms"] = timed(recommend(v) for v in volunteers)
    results["recommend_volunteer_top20_ms"]["mean_results"] = round(statistics.mean(counts), 1)
    print("recommend", results["recommend_volunteer_top20_ms"], flush=True)

    counts.clear()

    def search(case):
        def call():
            page = search_opportunities(**case)
            counts.append(len(list(page.object_list)))
        return call

    results["search_opportunities_ms"] = timed(search(case) for case in search_cases(SAMPLES + WARM_UP, rand))
    results["search_opportunities_ms"]["mean_results"] = round(statistics.mean(counts), 1)
    print("search", results["search_opportunities_ms"], flush=True)


# --- the HTTP server --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(**extra) -> dict:
    env = dict(os.environ)
    env.update(
        DEBUG="0", HTTPS="0", SECRET_KEY=env["SECRET_KEY"], ALLOWED_HOSTS="127.0.0.1,localhost",
        ROOT_URLCONF="bench.urls", DATA_DIR=str(ROOT / "var" / "bench"), LOG_LEVEL="WARNING",
        # The API's rate limits protect production; the throughput figure measures the server itself.
        API_RATE_LIMIT_IP="100000000/min", API_RATE_LIMIT_TOKEN="100000000/min",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
    )
    env.update(extra)
    return env


def collect_static() -> None:
    """Production settings serve hashed static files: the server and the workers need the manifest."""
    subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "manage.py", "collectstatic", "--noinput", "-v", "0"],
                   cwd=ROOT, env=server_env(), check=True)


class Server:
    def __init__(self, workers: int):
        self.port = free_port()
        self.workers = workers

    def __enter__(self):
        env = server_env()
        collect_static()
        self.process = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "khibra.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(self.workers), "--threads", "1", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )
        for _ in range(100):
            try:
                if self.get("/healthz")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("the bench server did not start")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)

    def get(self, path: str, headers: dict | None = None, connection: http.client.HTTPConnection | None = None):
        own = connection is None
        connection = connection or http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        if own:
            connection.close()
        return response.status, body


def session_cookie(user) -> str:
    """A signed-in session for `user`, written straight into the session store."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def bench_pages(rand: random.Random, results: dict) -> None:
    from khibra.organizations.models import Membership

    opportunities = sample_opportunities(SAMPLES + WARM_UP, rand)
    cases = search_cases(SAMPLES + WARM_UP, rand)
    admins = list(
        Membership.objects.filter(role="admin", is_active=True, organization__verification_status="verified")
        .select_related("user", "organization").order_by("?")[: SAMPLES + WARM_UP]
    )
    cookies = [(m.organization.slug, session_cookie(m.user)) for m in admins]
    from urllib.parse import urlencode

    with Server(workers=2) as server:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        statuses: dict[str, list[int]] = {}

        def page(name, path, headers=None):
            def call():
                status, _body = server.get(path, headers, connection)
                statuses.setdefault(name, []).append(status)
            return call

        results["page_floor_ms"] = timed(page("floor", f"/bench/floor/{o.pk}/") for o in opportunities)
        results["page_opportunity_list_ms"] = timed(
            page("list", "/opportunities/?" + urlencode(page_params(case))) for case in cases
        )
        results["page_opportunity_detail_ms"] = timed(page("detail", f"/opportunities/{o.pk}/") for o in opportunities)
        results["page_dashboard_ms"] = timed(
            page("dashboard", f"/organizations/{slug}/dashboard/", {"Cookie": cookie}) for slug, cookie in cookies
        )
        connection.close()
        for name, codes in statuses.items():
            bad = [code for code in codes if code != 200]
            if bad:
                raise SystemExit(f"page {name}: {len(bad)} answers were not 200 (e.g. {bad[:5]})")
        floor = results["page_floor_ms"]["p50"]
        for name in ("page_opportunity_list_ms", "page_opportunity_detail_ms", "page_dashboard_ms"):
            results[name]["ratio_to_floor_p50"] = round(results[name]["p50"] / floor, 2)
        print({k: v for k, v in results.items() if k.startswith("page_")}, flush=True)

        results["api_throughput_rps"] = api_throughput(server, rand)
        print("api", results["api_throughput_rps"], flush=True)


API_DISTINCT = 2000  # distinct searches in the API mix
API_ZIPF = 1.1  # the skew of search traffic: the k-th most asked search is asked ∝ 1 / k^1.1


def api_mix(rand: random.Random, n: int = API_DISTINCT) -> list[str]:
    """The API figure's requests: `n` distinct searches (a query word or two of SEARCH_WORDS,
    with no filter or with a field, a city, a nature, an hours cap, a later page or newest
    first), ranked in a random order and asked with a Zipf skew, as search traffic is: a few
    searches are asked often, most rarely."""
    from urllib.parse import urlencode

    from khibra.reference.models import City, Field

    fields = list(Field.objects.values_list("pk", flat=True))
    cities = list(City.objects.values_list("pk", flat=True))
    seen: set[str] = set()
    paths: list[str] = []
    while len(paths) < n:
        words = [rand.choice(SEARCH_WORDS)] + ([rand.choice(SEARCH_WORDS)] if rand.random() < 0.15 else [])
        params: dict = {"q": " ".join(words)} if rand.random() < 0.85 else {}
        roll = rand.random()
        if roll < 0.3:
            params["field"] = rand.choice(fields)
        elif roll < 0.45:
            params["city"] = rand.choice(cities)
        elif roll < 0.6:
            params["nature"] = rand.choice(["remote", "in_person", "both"])
        elif roll < 0.65:
            params["hours"] = rand.choice([5, 10, 20])
        if rand.random() < 0.1:
            params["page"] = rand.choice([2, 3])
        if rand.random() < 0.05:
            params["sort"] = "newest"
        path = "/api/v1/opportunities/?" + urlencode(params)
        if path not in seen:
            seen.add(path)
            paths.append(path)
    return paths


def zipf_weights(n: int, s: float = API_ZIPF) -> list[float]:
    return [1 / (rank + 1) ** s for rank in range(n)]


def api_throughput(server: Server, rand: random.Random, clients: int = 16, seconds: float = 30.0) -> dict:
    paths = api_mix(rand)
    weights = zipf_weights(len(paths))
    done = [0] * clients
    errors = [0] * clients
    latencies: list[list[float]] = [[] for _ in range(clients)]
    asked: list[list[str]] = [[] for _ in range(clients)]
    deadline = time.monotonic() + seconds
    start_gate = threading.Barrier(clients + 1)

    def client(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        rand = random.Random(index)
        start_gate.wait()
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                path = rand.choices(paths, weights)[0]
                asked[index].append(path)
                status, _body = server.get(path, {"Accept-Language": "ar"}, connection)
            except (OSError, http.client.HTTPException):
                errors[index] += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
                continue
            latencies[index].append((time.perf_counter() - start) * 1000)
            done[index] += 1
            if status != 200:
                errors[index] += 1
        connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    start_gate.wait()
    began = time.monotonic()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    all_latencies = [value for chunk in latencies for value in chunk]
    return {
        "rps": round(sum(done) / elapsed, 1),
        "errors": sum(errors),
        "requests": sum(done),
        "clients": clients,
        "seconds": round(elapsed, 1),
        "latency_ms": percentiles(all_latencies) if all_latencies else {},
        "mix": {"distinct_searches": len(paths), "zipf": API_ZIPF,
                "distinct_asked": len({path for chunk in asked for path in chunk})},
    }


# --- fan-out ---------------------------------------------------------------------------------------


def fanout_opportunity(target: int):
    """A new published remote opportunity in the field whose fitting volunteers are nearest `target`."""
    from django.db.models import Count

    from khibra.matching.selectors import fitting_volunteers
    from khibra.opportunities.models import Opportunity
    from khibra.organizations.models import Organization
    from khibra.reference.models import Field
    from khibra.volunteers.models import VolunteerProfile

    organization = Organization.objects.filter(verification_status="verified", slug__startswith="bench-org-").order_by("pk").first()
    sizes = (
        VolunteerProfile.fields.through.objects.values("field_id").annotate(n=Count("*")).order_by("field_id")
    )
    field_id = min(sizes, key=lambda row: abs(row["n"] * 0.85 - target))["field_id"]
    from django.utils import timezone

    opportunity = Opportunity.objects.create(
        organization=organization, program=organization.programs.order_by("pk").first(), status="published",
        published_at=timezone.now(), title="مراجعة الخطة المالية للجمعية", description="مهمة عن بعد", nature="remote",
        hours_per_week=1, seats=5,
    )
    opportunity.fields.set([Field.objects.get(pk=field_id)])
    fitting = fitting_volunteers(opportunity).count()
    return opportunity, fitting


def bench_fanout(results: dict, target: int = 100_000) -> None:
    from django.db import connection

    from khibra.matching.alerts import alert_recipients, fan_out_alerts
    from khibra.matching.models import Alert, Frequency

    collect_static()
    figures = {}
    for workers in (1, 2):
        opportunity, fitting = fanout_opportunity(target)
        expected = alert_recipients(opportunity).count()
        # Every fitting volunteer gets an alert row; the e-mail figure is the immediate ones.
        start = time.perf_counter()
        created = fan_out_alerts(opportunity_id=opportunity.pk)
        rows_s = time.perf_counter() - start
        immediate = Alert.objects.filter(opportunity=opportunity, frequency=Frequency.IMMEDIATE).count()
        connection.close()
        start = time.perf_counter()
        processes = [
            subprocess.Popen([str(ROOT / ".venv" / "bin" / "python"), "manage.py", "worker", "--sweep-every", "5"],
                             cwd=ROOT, env=server_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(workers)
        ]
        try:
            deadline = time.monotonic() + 30 * 60
            while time.monotonic() < deadline:
                sent = _sent(opportunity)
                if sent >= immediate:
                    break
                time.sleep(1)
            emails_s = time.perf_counter() - start
        finally:
            for process in processes:
                process.send_signal(signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
        figures[workers] = {"rows": rows_s, "emails": emails_s, "created": created, "fitting": fitting, "expected": expected,
                            "immediate": immediate, "sent": _sent(opportunity)}
        print("fan-out", workers, figures[workers], flush=True)
        remove_fanout(opportunity.pk)
    one = figures[1]
    results["fanout_100k_s"] = {
        "rows": round(one["rows"], 2),
        "emails_1_worker": round(figures[1]["emails"], 1),
        "emails_2_workers": round(figures[2]["emails"], 1),
        "emails_sent_1_worker": figures[1]["sent"],
        "emails_sent_2_workers": figures[2]["sent"],
        "immediate_alerts": one["immediate"],
    }
    # Fitting: the volunteers the opportunity fits whose alert settings accept it (alerts off,
    # another kind of work or other fields opt out); every one of them must get exactly one row.
    results["alerts_created"] = one["created"]
    results["fitting_volunteers"] = one["expected"]
    results["fitting_before_alert_settings"] = one["fitting"]


def remove_fanout(opportunity_id: int) -> None:
    """Take a fan-out's opportunity, alerts, e-mails and notifications out again, so that the next
    run starts from the same data set (and its workers find nothing of this one left to send)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM core_outboundemail e USING matching_alert a"
            " WHERE e.dedupe_key = 'alert:' || a.id AND a.opportunity_id = %s", [opportunity_id]
        )
        cursor.execute("DELETE FROM core_notification WHERE url = %s", [f"/opportunities/{opportunity_id}/"])
        cursor.execute("DELETE FROM matching_alert WHERE opportunity_id = %s", [opportunity_id])
        cursor.execute("DELETE FROM opportunities_opportunity_fields WHERE opportunity_id = %s", [opportunity_id])
        cursor.execute("DELETE FROM matching_opportunityterm WHERE opportunity_id = %s", [opportunity_id])
        cursor.execute("DELETE FROM opportunities_opportunitysearchdocument WHERE opportunity_id = %s", [opportunity_id])
        cursor.execute("DELETE FROM opportunities_opportunity WHERE id = %s", [opportunity_id])


def _sent(opportunity) -> int:
    from django.db import connection

    from khibra.core.models import OutboundEmail
    from khibra.matching.models import Alert

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {OutboundEmail._meta.db_table} e JOIN {Alert._meta.db_table} a "
            "ON e.dedupe_key = 'alert:' || a.id WHERE a.opportunity_id = %s AND e.status = 'sent'",
            [opportunity.pk],
        )
        return cursor.fetchone()[0]


# --- report ------------------------------------------------------------------------------------------


def write(results: dict) -> None:
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Khibra benchmarks")
    parser.add_argument("--only", choices=["services", "pages", "fanout"], action="append")
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args(argv)
    _setup()
    from django.db import connection

    from khibra.opportunities.models import Opportunity
    from khibra.volunteers.models import VolunteerProfile

    if connection.vendor != "postgresql":
        print("The benchmarks run on PostgreSQL: set DATABASE_URL.", file=sys.stderr)
        return 2
    from bench.data import tune_database

    tune_database()
    rand = random.Random(options.seed)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() and options.only else {}
    results["sizes"] = {"volunteers": VolunteerProfile.objects.count(), "opportunities": Opportunity.objects.count()}
    results["machine"] = f"{machine()}; PostgreSQL {postgres_version()}"
    # The servers' shared cache (rate limits, anonymous search answers): REDIS_URL in production.
    results["cache"] = "Redis (REDIS_URL)" if os.environ.get("REDIS_URL") else "the database table (no REDIS_URL)"
    parts = options.only or ["services", "pages", "fanout"]
    if "services" in parts:
        bench_services(rand, results)
    if "pages" in parts:
        bench_pages(rand, results)
    if "fanout" in parts:
        bench_fanout(results)
    write(results)
    from bench.report import write_report

    write_report(results, REPORT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
