"""The database cache of the embedded default: counters are exact and writes stay cheap."""

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
import pytest

from khibra.core.cache import DatabaseCache, hit

# serialized_rollback: a transactional test empties every table; the ones after it (the races)
# start from the migrated data only if every transactional test before them puts it back.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def db_cache():
    cache = DatabaseCache(settings.CACHE_TABLE, {})
    cache.clear()
    yield cache
    cache.clear()


def test_hit_counts_from_one(db_cache):
    assert [hit("calls", 60, db_cache) for _n in range(4)] == [1, 2, 3, 4]
    assert db_cache.get("calls") == 4


def test_incr_refuses_a_missing_or_expired_key(db_cache):
    with pytest.raises(ValueError):
        db_cache.incr("nothing")
    db_cache.set("gone", 3, -1)
    with pytest.raises(ValueError):
        db_cache.incr("gone")
    assert hit("gone", 60, db_cache) == 1  # an expired counter starts again


def test_incr_does_not_lose_a_count_written_in_between(db_cache):
    """Another process increments between our read and our write: our write misses and reads again."""
    db_cache.set("calls", 5, 60)
    other = DatabaseCache(settings.CACHE_TABLE, {})
    raced = []

    def racing(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.lstrip().startswith("SELECT") and not raced:
            raced.append(True)
            other.set("calls", 9, 60)
        return result

    with connection.execute_wrapper(racing):
        assert db_cache.incr("calls") == 10
    assert db_cache.get("calls") == 10


def test_most_writes_do_not_count_the_table(db_cache):
    with CaptureQueriesContext(connection) as captured:
        for n in range(20):
            db_cache.set(f"key-{n}", n, 60)
    counts = [query for query in captured.captured_queries if "COUNT(*)" in query["sql"]]
    assert len(counts) <= 1
