"""/healthz: the database and the worker's heartbeat."""

from datetime import timedelta

from django.utils import timezone
import pytest

from khibra.core.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def _beat(seconds_ago: int) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id=f"w{seconds_ago}", seen_at=now - timedelta(seconds=seconds_ago), started_at=now - timedelta(hours=1), host="h", pid=1
    )


def test_it_reports_a_worker_that_beat_recently(client):
    _beat(5)
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["worker"]["status"] == "ok"
    assert 4 <= body["worker"]["seconds_since"] <= 7
    assert body["worker"]["last_heartbeat"]


def test_a_worker_silent_past_the_threshold_is_stale_and_the_site_still_answers_200(client, settings):
    settings.WORKER_STALE_SECONDS = 60
    _beat(61)
    _beat(300)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["worker"]["status"] == "stale"
    assert response.json()["worker"]["stale_after_seconds"] == 60


def test_no_worker_ever_is_stale(client):
    body = client.get("/healthz").json()
    assert body["worker"] == {"status": "stale", "last_heartbeat": None, "seconds_since": None, "stale_after_seconds": 120}
