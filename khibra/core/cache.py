"""The shared cache of the embedded default: Django's database cache, made cheap for counters.

Rate limits, throttles and lock-outs must be shared by every process (settings.CACHES), and the
API's throttles write on every call. Django's `DatabaseCache` counts the whole table before every
write (to cull it) and increments by a read and a write that two processes can interleave. Here:

- the table is counted on one write in `CULL_CHECK_EVERY` (per process), not on every one;
- `incr` is a compare-and-set: the row is updated only if it still holds the value read, and the
  read is tried again otherwise, so two processes never lose a count;
- `hit` (for counters) adds the key at 1 or increments it, in the fewest statements.

Redis (REDIS_URL) needs none of this: its INCR is atomic and cheap.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime
import itertools
import pickle

from django.conf import settings
from django.core.cache import cache as default_cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import DatabaseError, connections, router, transaction
from django.utils.timezone import now as tz_now

CULL_CHECK_EVERY = 50
CAS_ATTEMPTS = 20


class DatabaseCache(DjangoDatabaseCache):
    def __init__(self, table, params):
        super().__init__(table, params)
        self._writes = itertools.count()

    def _base_set(self, mode, key, value, timeout=DEFAULT_TIMEOUT):
        # Django's version counts the table before every write (to cull it); count on one write
        # in CULL_CHECK_EVERY, which keeps the table near MAX_ENTRIES just the same.
        if next(self._writes) % CULL_CHECK_EVERY == 0:
            return super()._base_set(mode, key, value, timeout)
        timeout = self.get_backend_timeout(timeout)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table, key_column, expires = quote(self._table), quote("cache_key"), quote("expires")
        now = connection.ops.adapt_datetimefield_value(tz_now().replace(microsecond=0))
        tz = UTC if settings.USE_TZ else None
        exp = datetime.max if timeout is None else datetime.fromtimestamp(timeout, tz=tz)
        exp = connection.ops.adapt_datetimefield_value(exp.replace(microsecond=0))
        try:
            with transaction.atomic(using=db), connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT CASE WHEN {expires} < %s THEN 1 ELSE 0 END FROM {table} WHERE {key_column} = %s",
                    [now, key],
                )
                row = cursor.fetchone()
                if row and mode == "touch":
                    cursor.execute(f"UPDATE {table} SET {expires} = %s WHERE {key_column} = %s", [exp, key])
                elif row and (mode == "set" or (mode == "add" and row[0])):
                    cursor.execute(
                        f"UPDATE {table} SET {quote('value')} = %s, {expires} = %s WHERE {key_column} = %s",
                        [self._encode(value), exp, key],
                    )
                elif not row and mode != "touch":
                    cursor.execute(
                        f"INSERT INTO {table} ({key_column}, {quote('value')}, {expires}) VALUES (%s, %s, %s)",
                        [key, self._encode(value), exp],
                    )
                else:
                    return False  # a touch of a missing key, or an add of a live one
        except DatabaseError:
            return False  # another process inserted the key first
        return True

    def _encode(self, value) -> str:
        return base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")

    def incr(self, key, delta=1, version=None):
        """Atomic across processes: update only if the row still holds what was read."""
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table = quote(self._table)
        now = connection.ops.adapt_datetimefield_value(tz_now().replace(microsecond=0))
        with connection.cursor() as cursor:
            for _attempt in range(CAS_ATTEMPTS):
                cursor.execute(
                    f"SELECT {quote('value')} FROM {table} WHERE {quote('cache_key')} = %s AND {quote('expires')} >= %s",
                    [key, now],
                )
                row = cursor.fetchone()
                if row is None:
                    raise ValueError(f"Key '{key}' not found")
                stored = connection.ops.process_clob(row[0])
                new_value = pickle.loads(base64.b64decode(stored.encode())) + delta
                cursor.execute(
                    f"UPDATE {table} SET {quote('value')} = %s WHERE {quote('cache_key')} = %s AND {quote('value')} = %s",
                    [self._encode(new_value), key, stored],
                )
                if cursor.rowcount == 1:
                    return new_value
        raise ValueError(f"Key '{key}' changed {CAS_ATTEMPTS} times while being incremented")


def hit(key: str, timeout: int, cache=None) -> int:
    """Count one more for `key` (created at 1, expiring after `timeout` seconds); return the count.
    Atomic across processes on Redis and on the database cache above. Incremented first: a
    counter that exists (every call but a window's first) costs a read and a write."""
    cache = cache or default_cache
    for _attempt in range(3):
        try:
            return cache.incr(key)
        except ValueError:  # not there yet (or expired): start it, unless another process just did
            if cache.add(key, 1, timeout):
                return 1
    return cache.incr(key)
