"""Throughput under load: the site served the production way, measured with wrk.

    make bench            # or: .venv/bin/python bench/load.py [--clients 50] [--duration 60]
    .venv/bin/python bench/load.py --quick    # ~10 s per target: a smoke run

In one run: builds (once) a database var/bench-load.sqlite3 with the demo (`load_demo`,
as `make demo` does), collects the static files, starts gunicorn with gunicorn.conf.py and
the production settings on 127.0.0.1 and a free port, then loads four targets with wrk
(Debian's `wrk`, installed by `make bench`), N clients for D seconds each:

1. a bare Django response (/healthz: no database query), the ceiling for this machine;
2. a product page as an anonymous visitor, which the page cache keeps (X-Page-Cache: hit);
3. the catalogue with text and a facet filter, a new query string per request, so the page
   cache cannot answer it;
4. the JSON search API.

Prints req/s, p50, p95, errors and each target's req/s as a share of the bare response's.
Targets: the cached page at >= 80 % of the bare response; no errors. wrk's client timeout is
set to gunicorn's (30 s): a slow answer is measured, not counted as an error. Not part of
`make test`.
"""

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
VAR = ROOT / "var"
DB = VAR / "bench-load.sqlite3"
NATIONAL = VAR / "bench-national-pages.sqlite3"
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))

CATALOGUE = "/en/products/?q=tea&region=northern-midlands-mountains"
API = "/api/v1/products/search?q=tea&export_ready=true"

# Run by wrk in each of its threads: a request the page cache cannot answer when asked for,
# and the figures as one line of JSON at the end.
WRK_SCRIPT = """
local bust = %(bust)s
local threads = {}
counter = 0

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

if bust then
  function request()
    counter = counter + 1
    local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
    -- The page cache keys only the parameters a listing reads, so a made-up one no longer
    -- misses it; a session cookie does (a visitor with a session is never served from it).
    return wrk.format(nil, wrk.path .. sep .. "nocache=" .. tid .. "-" .. counter,
                      {["Cookie"] = "sessionid=bench-" .. tid .. "-" .. counter})
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %%d, "seconds": %%f, "errors": %%d, "status_errors": %%d, '
    .. '"p50": %%f, "p95": %%f, "max": %%f}\\n',
    summary.requests, summary.duration / 1e6,
    e.connect + e.read + e.write + e.status + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency.max / 1000))
end
"""


def environment(port, national=False):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="showcase.settings.production",
        # --national: bench/pages.py's national catalogue (load_national), as it was loaded.
        DATABASE_URL=f"sqlite:///{NATIONAL if national else DB}",
        MEDIA_ROOT=str(VAR / ("media" if national else "bench-load-media")),
        SECRET_KEY=secrets.token_urlsafe(50),  # throwaway: nothing outlives the run
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_COOKIES="false",  # plain http on loopback, as `make serve-prod`
        SECURE_SSL_REDIRECT="false",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(env):
    """The demo in the bench database (once), and collectstatic's hashed files."""
    manage(env, "migrate", "--noinput", "-v", "0")
    check = "from showcase.models import HomePage; raise SystemExit(HomePage.objects.exists())"
    if subprocess.run([PYTHON, "manage.py", "shell", "-c", check], cwd=ROOT, env=env).returncode:
        print("bench database: demo already loaded")
    else:
        started = time.perf_counter()
        manage(env, "load_demo")
        print(f"bench database: demo loaded in {time.perf_counter() - started:.0f} s")
    manage(env, "collectstatic", "--noinput", "-v", "0")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(base, path):
    with urllib.request.urlopen(base + path, timeout=30) as response:
        return response.status, response.headers, response.read()


def wait_until_up(base, server, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}: see its log")
        try:
            if fetch(base, "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /healthz in time")


def targets(base):
    """(name, path, bust the cache) for the four targets, the product found through the API."""
    status, _headers, body = fetch(base, "/api/v1/products/search?lang=en&q=tea&page_size=1")
    assert status == 200, status
    product = urlsplit(json.loads(body)["results"][0]["url"]).path
    return [
        ("bare Django (/healthz)", "/healthz", False),
        ("product page, page cache", product, False),
        ("catalogue + facets, uncached", CATALOGUE, True),
        ("search API", API, False),
    ]


def load(base, path, bust, clients, duration, script_dir):
    script = Path(script_dir) / ("bust.lua" if bust else "plain.lua")
    script.write_text(WRK_SCRIPT % {"bust": "true" if bust else "false"})
    command = [
        "wrk",
        f"--threads={min(2, clients)}",
        f"--connections={clients}",
        f"--duration={duration}s",
        "--timeout=30s",
        f"--script={script}",
        base + path,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50, help="concurrent connections")
    parser.add_argument("--duration", type=int, default=60, help="seconds per target")
    parser.add_argument("--quick", action="store_true", help="10 s per target (smoke run)")
    parser.add_argument("--rebuild", action="store_true", help="start from an empty database")
    parser.add_argument(
        "--national", action="store_true",
        help="load bench/pages.py's national catalogue (20,000 products per language)",
    )  # fmt: skip
    args = parser.parse_args()
    duration = 10 if args.quick else args.duration
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `make wrk` installs Debian's package")
    if args.rebuild and DB.exists():
        DB.unlink()
    VAR.mkdir(exist_ok=True)

    port = free_port()
    env = environment(port, args.national)
    if args.national and not NATIONAL.exists():
        raise SystemExit(f"{NATIONAL} is missing: run bench/pages.py first, which builds it")
    prepare(env)
    base = f"http://127.0.0.1:{port}"
    log_path = VAR / "bench-load-gunicorn.log"
    with open(log_path, "w") as log, tempfile.TemporaryDirectory() as scratch:
        server = subprocess.Popen(
            [GUNICORN, "--config", "gunicorn.conf.py"], cwd=ROOT, env=env, stdout=log, stderr=log
        )
        try:
            wait_until_up(base, server)
            workers = env.get("GUNICORN_WORKERS", f"2 × {len(os.sched_getaffinity(0))} cores + 1")
            threads = env.get("GUNICORN_THREADS", "4")
            print(
                f"\ngunicorn on {base} (workers: {workers}, threads: {threads}); wrk: "
                f"{args.clients} connections, {duration} s per target; log: {log_path}\n"
            )
            print(
                f"{'target':30} {'cache':>6} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
                f"{'max ms':>8} {'errors':>7} {'vs bare':>8}"
            )
            results = {}
            for name, path, bust in targets(base):
                for number in range(3):  # warm up: templates, the page cache
                    sep = "&" if "?" in path else "?"
                    status, headers, _body = fetch(
                        base, f"{path}{sep}nocache=w{number}" if bust else path
                    )
                    assert status == 200, (path, status)
                figures = load(base, path, bust, args.clients, duration, scratch)
                # Asked after the run: each worker keeps its own local-memory cache, so a
                # warm-up request can show "miss" from a worker that had not yet seen it.
                sep = "&" if "?" in path else "?"
                _status, headers, _body = fetch(base, f"{path}{sep}nocache=after" if bust else path)
                cache = "none" if bust else headers.get("X-Page-Cache", "-")
                rate = figures["requests"] / figures["seconds"]
                results[name] = figures | {"rate": rate}
                bare = results["bare Django (/healthz)"]["rate"]
                print(
                    f"{name:30} {cache:>6} {rate:>8.0f} {figures['p50']:>8.1f} "
                    f"{figures['p95']:>8.1f} {figures['max']:>8.0f} {figures['errors']:>7} "
                    f"{rate / bare:>8.0%}"
                )
        finally:
            server.terminate()
            server.wait(timeout=60)

    summarise(results, args.clients)


def summarise(results, clients):
    cached = results["product page, page cache"]["rate"] / results["bare Django (/healthz)"]["rate"]
    errors = sum(figures["errors"] for figures in results.values())
    print(
        f"\ncached page: {cached:.0%} of the bare response's req/s (target: >= 80 %) — "
        f"{'met' if cached >= 0.8 else 'NOT MET'}"
    )
    catalogue = (
        results["catalogue + facets, uncached"]["rate"] / results["bare Django (/healthz)"]["rate"]
    )
    print(f"uncached catalogue: {catalogue:.0%} of the bare response's req/s (target: >= 20 %)")
    print(
        f"errors: {errors} at {clients} clients (target: 0) — {'met' if errors == 0 else 'NOT MET'}"
    )


if __name__ == "__main__":
    main()
