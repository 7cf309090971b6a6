"""The counters cache: rate-limit counts that every worker on the machine shares, when
there is no Redis (settings: `CACHES["counters"]`, `RATELIMIT_USE_CACHE`).

django-ratelimit counts with the cache's `add` (open a window at 1) and `incr` (one more),
which must be atomic across processes. Local memory is per process: gunicorn's five
workers let 37 of 50 parallel inquiries through a limit of 10. Django's file-based and
database caches share the counts but implement `incr` as a read and then a write, so two
workers that both read 4 both write 5, and each write resets the window's expiry to the
cache's default timeout. Here every operation is one SQL statement on a small SQLite file,
which SQLite applies atomically across processes:

    add   INSERT … ON CONFLICT (key) DO UPDATE … WHERE the old row has expired
    incr  UPDATE … SET value = value + ? … RETURNING value        (the expiry is kept)

Counts are stored as SQLite integers; any other value is pickled, so the cache behaves
like Django's others for the rare caller that stores something else. Each thread of each
process has its own connection (opened after gunicorn forks); the file and its table are
created on first use. One increment costs well under a millisecond. Expired rows are
removed whenever a new window opens.

With REDIS_URL the settings use Redis instead (its INCR is atomic too), which several app
servers need to share one count.
"""

import os
import pickle
import sqlite3
import threading
import time
from pathlib import Path

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

SCHEMA = """
CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, value, expires REAL);
CREATE INDEX IF NOT EXISTS counters_expires ON counters (expires);
"""
# A row is alive while it has no expiry or its expiry is still ahead.
ALIVE = "(expires IS NULL OR expires > ?)"


def clock():
    return time.time()


def _stored(value):
    return value if type(value) is int else sqlite3.Binary(pickle.dumps(value))


def _loaded(value):
    return pickle.loads(value) if isinstance(value, bytes) else value


class SharedCounterCache(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)
        self.location = location
        self._local = threading.local()

    def _connection(self):
        local = self._local
        if getattr(local, "pid", None) != os.getpid():  # a new thread, or a forked worker
            Path(self.location).parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.location, timeout=20, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.executescript(SCHEMA)
            local.connection, local.pid = connection, os.getpid()
        return local.connection

    def _run(self, sql, parameters=()):
        """Rows of one statement, read to the end so that its (autocommit) transaction
        ends here; and how many rows it changed."""
        cursor = self._connection().execute(sql, parameters)
        rows = cursor.fetchall()
        return rows, cursor.rowcount

    def _expires(self, timeout):
        if timeout is DEFAULT_TIMEOUT:
            timeout = self.default_timeout
        return None if timeout is None else clock() + timeout

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        now = clock()
        _rows, changed = self._run(
            "INSERT INTO counters (key, value, expires) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires "
            "WHERE counters.expires <= ?",
            (key, _stored(value), self._expires(timeout), now),
        )
        if changed:
            self._run("DELETE FROM counters WHERE expires <= ?", (now,))
        return bool(changed)

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        rows, _changed = self._run(
            f"UPDATE counters SET value = value + ? WHERE key = ? AND {ALIVE} "
            "AND typeof(value) = 'integer' RETURNING value",
            (delta, key, clock()),
        )
        if not rows:
            raise ValueError(f"Key '{key}' not found, or not a count.")
        return rows[0][0]

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        rows, _changed = self._run(
            f"SELECT value FROM counters WHERE key = ? AND {ALIVE}", (key, clock())
        )
        return _loaded(rows[0][0]) if rows else default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        self._run(
            "INSERT INTO counters (key, value, expires) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires",
            (key, _stored(value), self._expires(timeout)),
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        _rows, changed = self._run(
            f"UPDATE counters SET expires = ? WHERE key = ? AND {ALIVE}",
            (self._expires(timeout), key, clock()),
        )
        return bool(changed)

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        _rows, changed = self._run("DELETE FROM counters WHERE key = ?", (key,))
        return bool(changed)

    def has_key(self, key, version=None):
        return self.get(key, self, version=version) is not self

    def clear(self):
        self._run("DELETE FROM counters")
