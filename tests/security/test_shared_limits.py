"""One limit across processes: two web servers on the embedded default share their rate limits.

`make run` starts two gunicorn workers, and a deployment runs several nodes: a per-process cache
would give a client one allowance per process. Two real server processes work on the test's
database with the default cache (a table in that database, or Redis when REDIS_URL is set), and
calls spread over both count against one limit.
"""

import pytest
import requests

from tests.reliability.processes import ROOT, free_port, share_database, start, stop, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

LIMIT = 5


def _serve(env: dict, log) -> tuple[object, str]:
    port = free_port()
    process = start(
        [str(ROOT / ".venv/bin/gunicorn"), "khibra.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "--error-logfile", "-"],
        env=env, log=log,
    )
    return process, f"http://127.0.0.1:{port}"


def test_calls_spread_over_two_servers_count_against_one_limit(tmp_path):
    env = share_database(tmp_path / "data")
    env.update(API_RATE_LIMIT_IP=f"{LIMIT}/min", API_RATE_LIMIT_TOKEN="1000/min")
    servers = [_serve(env, tmp_path / f"web-{n}.log") for n in (1, 2)]
    try:
        for process, base in servers:
            def answers(process=process, base=base):
                if process.poll() is not None:
                    raise AssertionError((tmp_path / "web-1.log").read_text(errors="replace")[-3000:])
                try:
                    return requests.get(base + "/healthz", timeout=5).status_code == 200
                except requests.RequestException:
                    return False

            wait_for(answers, timeout=120, every=0.5, what="gunicorn to answer")

        answered = []
        for n in range(LIMIT + 2):
            base = servers[n % 2][1]  # one, the other, one, the other…
            answered.append(requests.get(base + "/api/v1/opportunities/", timeout=10))
    finally:
        for process, _base in servers:
            stop(process)

    statuses = [response.status_code for response in answered]
    assert 429 not in statuses[:LIMIT], statuses
    assert statuses[LIMIT:] == [429, 429], statuses  # a per-process cache would have allowed 2 × LIMIT
    assert all(0 < int(response.headers["Retry-After"]) <= 60 for response in answered[LIMIT:])
