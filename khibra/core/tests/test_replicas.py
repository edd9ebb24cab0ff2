"""The database router: which reads go to the replica, and a person's own reads after a write.

The test run has a `replica` alias that mirrors the test database (settings); the router uses it
only when REPLICA_DATABASE names it, as DATABASE_REPLICA_URL does in a deployment.
"""

import time

from django.contrib.sessions.models import Session
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, transaction
import pytest

from khibra.core import replicas
from khibra.core.models import OutboundEmail
from khibra.opportunities.models import Opportunity
from khibra.organizations.models import Organization
from khibra.testing.factories import OrganizationFactory

NOW = 1_800_000_000.0


@pytest.fixture
def replica_on(settings):
    settings.REPLICA_DATABASE = "replica"
    settings.REPLICA_PIN_SECONDS = 10
    return settings


# --- pure decisions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cookie", "expected"),
    [
        (None, False),
        ("", False),
        ("not a time", False),
        (str(NOW - 3), True),  # wrote 3 s ago: still on the primary
        (str(NOW - 9.9), True),
        (str(NOW - 10), False),  # the pin has run out
        (str(NOW - 3600), False),
        (str(NOW + 2), True),  # another node's clock a little ahead
    ],
)
def test_a_recent_write_pins_the_person_to_the_primary(cookie, expected):
    assert replicas.pinned(cookie, now=NOW, seconds=10) is expected


def test_only_safe_requests_to_listed_views_without_a_recent_write_want_the_replica(replica_on):
    replica_on.REPLICA_READ_VIEWS = ["opportunities:search"]
    assert replicas.wants_replica(method="GET", view_name="opportunities:search", cookie=None, now=NOW)
    assert replicas.wants_replica(method="head", view_name="opportunities:search", cookie=str(NOW - 60), now=NOW)
    assert not replicas.wants_replica(method="POST", view_name="opportunities:search", cookie=None, now=NOW)
    assert not replicas.wants_replica(method="GET", view_name="core:dashboard", cookie=None, now=NOW)
    assert not replicas.wants_replica(method="GET", view_name=None, cookie=None, now=NOW)
    assert not replicas.wants_replica(method="GET", view_name="opportunities:search", cookie=str(NOW - 1), now=NOW)


def test_the_router_reads_the_primary_unless_a_replica_is_configured_and_allowed(settings):
    router = replicas.ReplicaRouter()
    settings.REPLICA_DATABASE = ""
    with replicas.replica_reads():
        assert router.db_for_read(Opportunity) is None  # no replica configured
    settings.REPLICA_DATABASE = "replica"
    assert router.db_for_read(Opportunity) is None  # not inside an allowed request or block
    with replicas.replica_reads():
        assert router.db_for_read(Opportunity) == "replica"
        assert router.db_for_read(Organization) == "replica"
        with replicas.replica_reads(False):
            assert router.db_for_read(Opportunity) is None
    settings.REPLICA_DATABASE = "unknown-alias"
    with replicas.replica_reads():
        assert router.db_for_read(Opportunity) is None


def test_bookkeeping_stays_on_the_primary_and_writes_and_migrations_never_touch_the_replica(replica_on):
    router = replicas.ReplicaRouter()
    cache_model = DatabaseCache("khibra_cache", {}).cache_model_class
    with replicas.replica_reads():
        for model in (Session, cache_model, OutboundEmail):  # sessions, rate limits, the outbox
            assert router.db_for_read(model) is None, model
        assert router.db_for_write(Opportunity) == "default"
    assert router.allow_migrate("default", "opportunities")
    assert not router.allow_migrate("replica", "opportunities")
    assert router.allow_relation(object(), object())


@pytest.mark.django_db
def test_a_read_inside_a_transaction_on_the_primary_stays_there(replica_on):
    router = replicas.ReplicaRouter()
    with replicas.replica_reads():
        with transaction.atomic():
            assert router.db_for_read(Opportunity) is None


# --- through the middleware -----------------------------------------------------------------------


@pytest.fixture
def routed(replica_on, monkeypatch):
    """Requests through the real middleware and router. The replica alias shares the test
    database's connection (a separate connection to SQLite's in-memory test database could not see
    the test's open transaction), and every read the router sends there is counted by table."""
    connections["replica"] = connections["default"]
    decisions: list[tuple[str, str | None]] = []
    real = replicas.ReplicaRouter.db_for_read

    def spy(self, model, **hints):
        alias = real(self, model, **hints)
        decisions.append((model._meta.db_table, alias))
        return alias

    monkeypatch.setattr(replicas.ReplicaRouter, "db_for_read", spy)
    yield decisions
    del connections["replica"]


def _get(client, decisions, path: str):
    decisions.clear()
    response = client.get(path)
    replica = {table for table, alias in decisions if alias == "replica"}
    primary = {table for table, alias in decisions if alias is None}
    return response, replica, primary


@pytest.mark.django_db
def test_public_search_reads_the_replica_until_the_person_writes(client, routed):
    OrganizationFactory()
    response, replica, primary = _get(client, routed, "/en/opportunities/")
    assert response.status_code == 200
    assert "opportunities_opportunity" in replica, (replica, primary)
    assert "opportunities_opportunity" not in primary
    assert "django_session" not in replica and "khibra_cache" not in replica

    # Any write request (here: choosing a language) stamps the person; their reads follow the primary.
    written = client.post("/i18n/setlang/", {"language": "en", "next": "/en/"})
    assert replicas.PIN_COOKIE in written.cookies
    assert 0 < int(written.cookies[replicas.PIN_COOKIE]["max-age"]) <= 10
    response, replica, primary = _get(client, routed, "/en/opportunities/")
    assert response.status_code == 200
    assert not replica and "opportunities_opportunity" in primary

    # Once the pin has run out, the replica again.
    client.cookies[replicas.PIN_COOKIE] = str(time.time() - 11)
    _response, replica, _primary = _get(client, routed, "/en/opportunities/")
    assert "opportunities_opportunity" in replica


@pytest.mark.django_db
def test_the_public_api_search_reads_the_replica_and_a_signed_in_page_does_not(client, routed, volunteer):
    response, replica, _primary = _get(client, routed, "/api/v1/opportunities/")
    assert response.status_code == 200
    assert "opportunities_opportunity" in replica
    client.force_login(volunteer)
    response, replica, _primary = _get(client, routed, "/en/dashboard/")
    assert response.status_code == 200
    assert not replica


@pytest.mark.django_db
def test_no_replica_configured_means_no_pin_cookie_and_no_replica_reads(client, routed, settings):
    settings.REPLICA_DATABASE = ""
    _response, replica, _primary = _get(client, routed, "/en/opportunities/")
    assert not replica
    written = client.post("/i18n/setlang/", {"language": "en", "next": "/en/"})
    assert replicas.PIN_COOKIE not in written.cookies
