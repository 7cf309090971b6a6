"""Rate limits count once for the whole machine, however many workers serve it.

gunicorn runs several worker processes: counts kept in each process's memory let one
address through once per worker (50 parallel inquiries from one address saved 37 with a
limit of 10). Without Redis the counts live in the counters cache (showcase/counters.py),
one SQLite file that every worker on the machine shares, whose `add` and `incr` are each
one statement and so atomic across processes; with REDIS_URL they live in Redis.

The last test starts gunicorn the production way (gunicorn.conf.py) with five
single-threaded workers on 127.0.0.1 and sends 50 valid inquiries from one address at the
same moment: exactly the limit, 10, are saved.
"""

import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, build_opener, urlopen

import pytest
from django.db import connection
from django_ratelimit.core import is_ratelimited

from inquiries.models import Inquiry
from products.models import ProductPage
from showcase import counters
from showcase.counters import SharedCounterCache

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def shared(tmp_path):
    return SharedCounterCache(str(tmp_path / "counters.sqlite3"), {})


@pytest.fixture
def clock(monkeypatch):
    """The counters' clock, moved by hand."""
    now = [1_000_000.0]
    monkeypatch.setattr(counters, "clock", lambda: now[0])
    return now


# --- The cache itself -------------------------------------------------------------------------


def test_add_starts_a_count_once_until_it_expires(shared, clock):
    assert shared.add("window", 1, 60) is True
    assert shared.add("window", 1, 60) is False
    assert shared.get("window") == 1
    clock[0] += 61
    assert shared.get("window") is None
    assert shared.add("window", 1, 60) is True  # a new window starts from 1 again
    assert shared.get("window") == 1


def test_incr_counts_and_keeps_the_expiry(shared, clock):
    shared.add("window", 1, 60)
    clock[0] += 50
    assert shared.incr("window") == 2
    assert shared.incr("window", 3) == 5
    clock[0] += 11  # 61 s after the window opened: the increments did not extend it
    assert shared.get("window") is None
    with pytest.raises(ValueError):
        shared.incr("window")
    with pytest.raises(ValueError):
        shared.incr("never-set")


def test_it_is_a_cache_for_other_values_too(shared, clock):
    shared.set("record", {"tries": [1, 2]}, 30)
    assert shared.get("record") == {"tries": [1, 2]}
    assert shared.has_key("record")
    with pytest.raises(ValueError):
        shared.incr("record")  # counts only count whole numbers
    assert shared.touch("record", 100)
    clock[0] += 50
    assert shared.get("record") == {"tries": [1, 2]}
    assert shared.delete("record") and not shared.has_key("record")
    shared.set("forever", True, None)
    clock[0] += 10**9
    assert shared.get("forever") is True
    shared.set("a", 1)
    shared.clear()
    assert shared.get("a") is None and shared.get("forever") is None


HAMMER = """
import pathlib, sys, time
from showcase.counters import SharedCounterCache

location, go, rounds = sys.argv[1], pathlib.Path(sys.argv[2]), int(sys.argv[3])
counts = SharedCounterCache(location, {})
while not go.exists():
    time.sleep(0.001)
won = counts.add("window", 1, 600)
for _ in range(rounds):
    counts.incr("hits")
print("won" if won else "lost")
"""


def test_add_and_incr_are_atomic_across_processes(shared, tmp_path):
    processes, rounds = 6, 300
    shared.add("hits", 0, 600)
    go = tmp_path / "go"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", HAMMER, shared.location, str(go), str(rounds)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    time.sleep(1)  # every process is waiting for the start
    go.touch()
    results = [worker.communicate(timeout=120)[0].strip() for worker in workers]
    assert [worker.returncode for worker in workers] == [0] * processes
    assert shared.get("hits") == processes * rounds  # no increment lost
    assert sorted(results) == ["lost"] * (processes - 1) + ["won"]  # one window, one start


def test_django_ratelimit_counts_in_the_shared_counters(settings, rf, tmp_path):
    settings.CACHES = {
        **settings.CACHES,
        "counters": {
            "BACKEND": "showcase.counters.SharedCounterCache",
            "LOCATION": str(tmp_path / "counters.sqlite3"),
        },
    }

    def limited():
        request = rf.post("/en/inquiry/", REMOTE_ADDR="192.0.2.1")
        return is_ratelimited(request, group="t", key="ip", rate="3/h", increment=True)

    assert settings.RATELIMIT_USE_CACHE == "counters"
    assert [limited() for _ in range(5)] == [False, False, False, True, True]
    with sqlite3.connect(tmp_path / "counters.sqlite3") as database:
        assert database.execute("SELECT value FROM counters").fetchall() == [(5,)]


# --- The settings -------------------------------------------------------------------------------

SHOW_CACHES = """
import json
from showcase.settings import base
print(json.dumps({
    "backends": {name: cache["BACKEND"] for name, cache in base.CACHES.items()},
    "counters": base.CACHES["counters"].get("LOCATION"),
    "ratelimit": base.RATELIMIT_USE_CACHE,
}))
"""


def settings_with(**env):
    environment = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    result = subprocess.run(
        [sys.executable, "-c", SHOW_CACHES],
        cwd=ROOT,
        env={**environment, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_without_redis_the_counters_are_shared_by_the_machine(tmp_path):
    configured = settings_with(HUB_COUNTERS_PATH=str(tmp_path / "c.sqlite3"))
    assert configured["ratelimit"] == "counters"
    assert configured["backends"]["counters"] == "showcase.counters.SharedCounterCache"
    assert configured["counters"] == str(tmp_path / "c.sqlite3")
    # The page cache may stay in each process's memory: it holds nothing that must add up.
    assert configured["backends"]["default"].endswith("LocMemCache")


def test_with_redis_the_counters_are_in_redis():
    configured = settings_with(REDIS_URL="redis://127.0.0.1:6379/0")
    assert configured["ratelimit"] == "counters"
    assert configured["backends"]["counters"] == "django.core.cache.backends.redis.RedisCache"
    assert configured["counters"] == "redis://127.0.0.1:6379/0"


# --- 50 inquiries at once against five gunicorn workers ----------------------------------------

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
WORKERS = 5
INQUIRIES = 50
LIMIT = 10


class NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def settings_module(tmp_path):
    """The test settings, on this run's test database, with the counters cache configured
    as production configures it without Redis."""
    database = connection.settings_dict["NAME"]  # PostgreSQL: the test database's name
    if connection.vendor == "sqlite":  # a file: its full path, from any working directory
        database = Path(database).resolve()
    (tmp_path / "limits_settings.py").write_text(
        "from showcase.settings import base\n"
        "from showcase.settings.test import *  # noqa: F403\n"
        f"DATABASES['default']['NAME'] = {str(database)!r}\n"
        "CACHES['counters'] = {**base.CACHES['counters'], "
        f"'LOCATION': {str(tmp_path / 'counters.sqlite3')!r}}}\n"
        f"HUB_INQUIRY_RATE_LIMIT = '{LIMIT}/h'\n"
    )
    return "limits_settings"


@pytest.fixture
def gunicorn(hub, tmp_path):
    """The hub under gunicorn (gunicorn.conf.py), five workers of one thread each, so that
    simultaneous requests are spread over processes; its access log names each request's
    worker."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module(tmp_path),
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(WORKERS),
        "GUNICORN_THREADS": "1",
        "LOG_LEVEL": "warning",
    }
    log = tmp_path / "access.log"
    with open(log, "w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--access-logformat", "%(p)s %(m)s %(s)s"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 90
            while True:
                assert server.poll() is None, log.read_text()
                try:
                    with urlopen(f"{base}/healthz", timeout=5):
                        break
                except (URLError, ConnectionError):
                    assert time.monotonic() < deadline, "gunicorn did not start"
                    time.sleep(0.25)
            yield base, log
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=30)


def test_fifty_parallel_inquiries_from_one_address_save_exactly_the_limit(gunicorn):
    base, log = gunicorn
    product = ProductPage.objects.get(import_ref="T-002", locale__language_code="en")
    url = f"{base}/en/inquiry/?product={product.pk}"
    start = threading.Barrier(INQUIRIES)

    def buyer(number):
        opener = build_opener(HTTPCookieProcessor(CookieJar()), NoRedirect())
        with opener.open(url, timeout=60) as page:
            html = page.read().decode()
        data = urlencode(
            {
                "csrfmiddlewaretoken": CSRF.search(html).group(1),
                "form_token": FORM_TOKEN.search(html).group(1),
                "name": f"Buyer {number}",
                "email": f"buyer{number}@limits.example",
                "country": "NL",
                "message": f"Inquiry number {number}",
                "consent": "on",
            }
        ).encode()
        start.wait(timeout=120)  # every buyer sends at the same moment
        try:
            with opener.open(url, data=data, timeout=60) as answer:
                return answer.status
        except HTTPError as answer:  # 302 once redirects are refused, 429 when limited
            return answer.code

    with ThreadPoolExecutor(max_workers=INQUIRIES) as pool:
        statuses = list(pool.map(buyer, range(INQUIRIES)))

    assert sorted(statuses) == [302] * LIMIT + [429] * (INQUIRIES - LIMIT)
    assert Inquiry.objects.filter(email__endswith="@limits.example").count() == LIMIT
    posts = [line.split() for line in log.read_text().splitlines() if " POST " in line]
    assert len(posts) == INQUIRIES
    assert len({pid for pid, _method, _status in posts}) > 1  # several workers counted
