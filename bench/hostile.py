"""Hostile traffic against the site served the production way (issue 16), on 127.0.0.1.

    .venv/bin/python bench/hostile.py [--samples 40]     # ~3 minutes once the demo exists

Starts gunicorn with gunicorn.conf.py and the production settings on a free loopback port,
on its own database with the demo (var/bench-hostile.sqlite3, built once with bench/load.py's
helpers), a fresh PDF cache and its own render locks, then measures:

(a) the search API's p95 latency idle, then, right after (whatever else the machine runs
    weighs on both), while 10 PDF requests are in flight: in bursts of 10 at once, the next
    burst when all are answered (the issue's curl loop, again and again) — the same
    catalogue with junk parameters from one address (`n=$i`), then 10 new catalogues from
    10 addresses each burst, none of them in the cache. Target: p95 under 3 × idle. For
    reference, the same 10 clients as a flood (each re-sending as soon as it has an
    answer, Retry-After ignored) of new PDFs and of /healthz: any flood costs the server
    what its requests cost, a matter for a rate limit in front;
(b) each gunicorn worker's RSS before, after 150 and after 300 long catalogue addresses
    (330 region values and a junk parameter that changes each time: 3.9 KB);
(c) how many inquiries 50 valid POSTs sent at once from one address save.

Bounded: every request has a 30 s timeout, each phase a fixed count or duration, and the
server is stopped at the end. Not part of `make test`.
"""

import argparse
import http.client
import http.cookiejar
import itertools
import os
import re
import secrets
import sqlite3
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import load  # bench/load.py: how a bench starts the site

DB = load.VAR / "bench-hostile.sqlite3"
API = "/api/v1/products/search?q=tea&export_ready=true"
SAME_PDF = "/vi/print/products.pdf?include_expired=true&sort=stars&n={n}"
LONG_URL = "/en/products/?z={n}&" + "&".join(f"region=r{i}" for i in range(330))
PDF_CLIENTS = 10


def environment(port, scratch):
    env = load.environment(port)
    env.update(
        DATABASE_URL=f"sqlite:///{DB}",
        MEDIA_ROOT=str(load.VAR / "bench-hostile-media"),
        HUB_CACHE_STAMP=str(load.VAR / "bench-hostile.generation"),
        HUB_PDF_LOCKS=str(Path(scratch) / "pdf-renders"),
        HUB_PDF_CACHE_DIR=str(Path(scratch) / "pdf-cache"),  # a first render is measured
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        HUB_COUNTERS_PATH=str(Path(scratch) / "counters.sqlite3"),  # rate limits start at 0
    )
    return env


def get(base, path, source="127.0.0.1", timeout=30):
    """(status, headers, body, seconds) of a GET from the loopback address `source` (all
    of 127.0.0.0/8 reaches the server); an HTTP error is an answer too, no answer is 0."""
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    started = time.perf_counter()
    connection = http.client.HTTPConnection(
        host, int(port), timeout=timeout, source_address=(source, 0)
    )
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        return response.status, response.headers, body, time.perf_counter() - started
    except OSError:
        return 0, {}, b"", time.perf_counter() - started
    finally:
        connection.close()


def p95(seconds):
    return statistics.quantiles(seconds, n=20)[-1] * 1000


def api_p95(base, samples):
    return p95([get(base, API)[3] for _ in range(samples)])


def different_catalogues():
    """Catalogue addresses none of which the cache holds: a new filter combination each."""
    combinations = itertools.product(range(1, 13), ("3", "4", "5", "4&stars=5"), ("", "true"))
    for month, stars, exported in combinations:
        yield (
            f"/en/print/products.pdf?include_expired=true&month={month}&stars={stars}"
            + (f"&export_ready={exported}" if exported else "")
        )


class Traffic:
    """PDF_CLIENTS clients sending `next_path()` from one loopback address or one each,
    until stopped: in bursts (all at once, the next burst once every answer is in: the
    issue's `for i in $(seq 10); do curl … & done`, again and again) or as a flood (each
    client re-sending as soon as it has an answer, whatever the answer)."""

    def __init__(self, base, next_path, addresses, flood):
        self.base, self.next_path, self.addresses = base, next_path, addresses
        self.lock, self.stop = threading.Lock(), threading.Event()
        self.answers = Counter()
        self.runner = threading.Thread(target=self.flood if flood else self.bursts)

    def send(self, n):
        with self.lock:
            path = self.next_path()
        source = "127.0.0.1" if self.addresses == 1 else f"127.0.1.{n + 1}"
        status, headers, _body, _seconds = get(self.base, path, source)
        with self.lock:
            self.answers[f"{status} {headers.get('X-PDF-Cache', '')}".strip()] += 1

    def bursts(self):
        with ThreadPoolExecutor(PDF_CLIENTS) as pool:
            while not self.stop.is_set():
                list(pool.map(self.send, range(PDF_CLIENTS)))

    def flood(self):
        def client(n):
            while not self.stop.is_set():
                self.send(n)

        with ThreadPoolExecutor(PDF_CLIENTS) as pool:
            list(pool.map(client, range(PDF_CLIENTS)))

    def __enter__(self):
        self.runner.start()
        time.sleep(1)  # the first requests are in flight
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.runner.join(60)


def latency_under_pdfs(base, samples):
    """For each kind of traffic, the API's p95 just before (idle) and while it runs, paired
    so that other work on the machine weighs on both: (name, idle, busy, seconds, answers)."""
    counter = itertools.count()
    catalogues = itertools.cycle(different_catalogues())
    rows = []
    for name, next_path, addresses, flood in (
        ("bursts: the same PDF, 1 address", lambda: SAME_PDF.format(n=next(counter)), 1, False),
        ("bursts: 10 new PDFs, 10 addresses", lambda: next(catalogues), PDF_CLIENTS, False),
        ("flood: new PDFs, 10 addresses", lambda: next(catalogues), PDF_CLIENTS, True),
        ("flood: /healthz (any flood)", lambda: "/healthz", PDF_CLIENTS, True),
    ):
        idle = api_p95(base, samples)
        started = time.perf_counter()
        with Traffic(base, next_path, addresses, flood) as traffic:
            busy = api_p95(base, samples)
        seconds = time.perf_counter() - started
        answers = ", ".join(f"{n} × {answer}" for answer, n in sorted(traffic.answers.items()))
        rows.append((name, idle, busy, seconds, answers))
    return rows


def workers(master):
    """The gunicorn workers' pids: the master's children."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            found.append(int(stat.parent.name))
    return sorted(found)


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def long_addresses(base, master):
    """RSS per worker before, after 150 long addresses and after 150 more (does it level?)."""
    for n in range(10):  # every worker has served pages before the first reading
        get(base, f"/en/products/?q=tea&page={n % 3 + 1}")
    readings = [{pid: rss_mb(pid) for pid in workers(master)}]
    answers = []
    for first in (0, 150):
        with ThreadPoolExecutor(5) as pool:
            answers += pool.map(
                lambda n: get(base, LONG_URL.format(n=n)), range(first, first + 150)
            )
        readings.append({pid: rss_mb(pid) for pid in workers(master)})
    statuses = Counter(status for status, *_rest in answers)
    biggest = max(len(body) for _status, _headers, body, _seconds in answers)
    return readings, statuses, biggest


def inquiry_burst(base, count=50):
    """`count` valid inquiries POSTed at once from one address; the rows saved."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + "/en/inquiry/", timeout=30) as response:
        form = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    before = saved_inquiries()

    def send(n):
        data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "form_token": secrets.token_urlsafe(16),  # each a form of its own
                "name": f"Buyer {n}",
                "email": f"buyer{n}@example.com",
                "message": "We are looking for 20 t of green tea a month for export.",
                "consent": "on",
            }
        ).encode()
        request = urllib.request.Request(
            base + "/en/inquiry/", data=data, headers={"Referer": base + "/en/inquiry/"}
        )
        try:
            with opener.open(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    with ThreadPoolExecutor(count) as pool:
        statuses = Counter(pool.map(send, range(count)))
    return saved_inquiries() - before, statuses


def saved_inquiries():
    with sqlite3.connect(DB) as connection:
        return connection.execute("SELECT COUNT(*) FROM inquiries_inquiry").fetchone()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samples", type=int, default=40, help="API calls per p95")
    args = parser.parse_args()
    load.VAR.mkdir(exist_ok=True)
    port = load.free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = load.VAR / "bench-hostile-gunicorn.log"
    with tempfile.TemporaryDirectory() as scratch, open(log_path, "w") as log:
        env = environment(port, scratch)
        load.prepare(env)
        server = subprocess.Popen(
            [load.GUNICORN, "--config", "gunicorn.conf.py"],
            cwd=load.ROOT,
            env=env,
            stdout=log,
            stderr=log,
        )
        try:
            load.wait_until_up(base, server)
            for _ in range(10):  # warm up: templates, the lists every page shows
                get(base, API)
            print(
                f"\ngunicorn on {base}: {len(workers(server.pid))} workers, "
                f"{os.environ.get('GUNICORN_THREADS', '4')} threads; log: {log_path}; "
                f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n"
            )
            rows = latency_under_pdfs(base, args.samples)
            readings, statuses, biggest = long_addresses(base, server.pid)
            saved, posted = inquiry_burst(base)
        finally:
            server.terminate()
            server.wait(timeout=60)

    print(f"(a) search API p95 in ms, {args.samples} calls idle then {args.samples} under:\n")
    print(f"{'10 PDF clients':34} {'idle':>6} {'under':>6} {'×':>5} {'< 3×':>8}  answers")
    for name, idle, busy, seconds, answers in rows:
        verdict = ("met" if busy < 3 * idle else "NOT MET") if name.startswith("bursts") else "-"
        print(
            f"{name:34} {idle:>6.0f} {busy:>6.0f} {busy / idle:>5.1f} {verdict:>8}  "
            f"{answers} ({seconds:.0f} s)"
        )
    print(
        f"\n(b) catalogue addresses of 3.9 KB (330 regions, junk varies): "
        f"{dict(statuses)}, largest answer {biggest / 1024:.0f} KB"
    )
    print(f"{'worker':>8} {'RSS before MB':>14} {'after 150':>10} {'after 300':>10}")
    before, after, later = readings
    for pid in sorted(before):
        if pid in later:
            print(f"{pid:>8} {before[pid]:>14.0f} {after[pid]:>10.0f} {later[pid]:>10.0f}")
    print(
        f"\n(c) 50 valid inquiries POSTed at once from one address: {saved} saved "
        f"(answers: {dict(posted)})"
    )


if __name__ == "__main__":
    main()
