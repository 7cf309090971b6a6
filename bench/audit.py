"""Lighthouse's mobile scores for the pages buyers land on, from the site run the production
way.

    make audit            # or: .venv/bin/python bench/audit.py [--lang en vi] [--runs N]

Starts `make serve-prod` (gunicorn, showcase.settings.production, DEBUG off, whitenoise's
collectstatic'd files) on a free loopback port with its own database, var/audit.sqlite3,
which `load_demo` fills with the demo content the first time (several minutes; kept for the
next run). Then runs the npm package `lighthouse` (package.json) with Debian's Chromium
on the home, catalogue, product and event pages, prints a table of the four category
scores (the median of --runs) and what keeps a page below the targets; each page's last
report stays in var/audit/. Not part of
`make test`: the scores depend on the machine. Exits 1 when a target is missed.
"""

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = "/usr/bin/chromium"
REPORTS = ROOT / "var" / "audit"  # the last run's JSON report of each page
CHROMIUM_FLAGS = (
    "--headless=new --no-sandbox --disable-background-networking --disable-component-update "
    "--no-first-run --disable-sync"
)
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
PAGES = ["home", "catalogue", "product", "event"]
PRODUCT_QUERY = "Tan Cuong"  # a product with every field and several pictures


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url):
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback)
        return response.read().decode()


def start_site(port):
    """`make serve-prod` on 127.0.0.1:port in its own process group (make, then gunicorn)."""
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get("AUDIT_DATABASE_URL", f"sqlite:///{ROOT}/var/audit.sqlite3"),
        "MEDIA_ROOT": str(ROOT / "var" / "audit-media"),
        "GUNICORN_WORKERS": "2",
        "LOG_LEVEL": "WARNING",
    }
    log = open(ROOT / "var" / "audit-server.log", "w")  # noqa: SIM115 (open while it runs)
    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve-prod", f"PROD_ADDR=127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30 * 60  # the first demo load takes minutes
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the site did not start: see {log.name}")
        try:
            get(f"{base}/en/")
            return server, base
        except OSError:
            time.sleep(2)
    stop_site(server)
    sys.exit(f"the site did not answer within 30 minutes: see {log.name}")


def stop_site(server):
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(server.pid, signal.SIGKILL)


def page_url(base, page_type, language):
    """The address of the first live page of a type (Wagtail's read-only page API)."""
    query = urllib.parse.urlencode({"type": page_type, "locale": language, "limit": 1})
    page = json.loads(get(f"{base}/api/v2/pages/?{query}"))["items"][0]
    # The path only: the address holds the Site's own host name, not this server's.
    return base + urllib.parse.urlsplit(page["meta"]["html_url"]).path


def page_urls(base, language):
    """The four pages: the home page, the catalogue, a product found by searching, and the
    first upcoming event on the events page."""
    query = urllib.parse.urlencode({"q": PRODUCT_QUERY, "lang": language})
    product = json.loads(get(f"{base}/api/v1/products/search?{query}"))["results"][0]["url"]
    events = page_url(base, "events.EventIndexPage", language)
    event = re.search(r'class="event-item.*?<a href="([^"]+)"', get(events), re.S).group(1)
    return {
        "home": f"{base}/{language}/",
        "catalogue": page_url(base, "products.ProductIndexPage", language),
        "product": base + urllib.parse.urlsplit(product).path,
        "event": urllib.parse.urljoin(base, event),
    }


def lighthouse(url, output):
    """One Lighthouse run (mobile: its default form factor and throttling); the JSON report."""
    subprocess.run(
        [
            "node",
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={output}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROMIUM_FLAGS}",
        ],
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", CHROMIUM)},
        check=True,
        timeout=300,
    )
    return json.loads(output.read_text())


def shortfalls(report):
    """The audits that cost points, with their figures: what to fix next."""
    lines = []
    for key in CATEGORIES:
        category = report["categories"][key]
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                value = audit.get("displayValue", "")
                lines.append(f"      {key}: {audit['id']} {audit['score']:.2f} {value}".rstrip())
    return lines


METRICS = [
    ("first-contentful-paint", "FCP"),
    ("largest-contentful-paint", "LCP"),
    ("total-blocking-time", "TBT"),
    ("cumulative-layout-shift", "CLS"),
    ("speed-index", "SI"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", nargs="+", default=["en", "vi"], choices=["en", "vi"])
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median counts")
    parser.add_argument("--pages", nargs="+", default=PAGES, choices=PAGES)
    parser.add_argument("--base", help="audit a site already running at this address")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("node_modules/lighthouse is missing: run `npm ci` (make audit does)")

    REPORTS.mkdir(parents=True, exist_ok=True)
    server = None
    if args.base:
        base = args.base.rstrip("/")
    else:
        server, base = start_site(free_port())
    rows, missed = [], []
    try:
        for language in args.lang:
            for name, url in page_urls(base, language).items():
                if name not in args.pages:
                    continue
                scores, metrics, notes = {key: [] for key in CATEGORIES}, {}, []
                get(url)  # a warm server: its renditions made, its caches filled
                for _run in range(args.runs):
                    report = lighthouse(url, REPORTS / f"{language}-{name}.json")
                    for key in CATEGORIES:
                        scores[key].append(round(report["categories"][key]["score"] * 100))
                    for audit, label in METRICS:
                        metrics.setdefault(label, []).append(
                            report["audits"][audit]["numericValue"]
                        )
                    notes = shortfalls(report)
                row = {key: int(statistics.median(values)) for key, values in scores.items()}
                figures = {label: statistics.median(values) for label, values in metrics.items()}
                rows.append((f"{language} {name}", row, figures, url))
                print(format_row(rows[-1]), flush=True)
                for line in notes:
                    print(line)
                missed += [
                    f"{language} {name}: {key} {row[key]} < {target}"
                    for key, target in TARGETS.items()
                    if row[key] < target
                ]
    finally:
        if server is not None:
            stop_site(server)

    print()
    print(HEADER)
    for row in rows:
        print(format_row(row))
    print()
    print("targets: " + ", ".join(f"{key} >= {value}" for key, value in TARGETS.items()))
    if missed:
        print("below target:\n  " + "\n  ".join(missed))
        sys.exit(1)
    print("every page meets every target")


HEADER = (
    f"| {'page':<13} | perf | a11y | best practices | SEO | FCP s | LCP s | TBT ms | CLS   |\n"
    f"| {'-' * 13} | ---- | ---- | -------------- | --- | ----- | ----- | ------ | ----- |"
)


def format_row(row):
    name, scores, figures, _url = row
    return (
        f"| {name:<13} | {scores['performance']:>4} | {scores['accessibility']:>4} "
        f"| {scores['best-practices']:>14} | {scores['seo']:>3} "
        f"| {figures['FCP'] / 1000:>5.1f} | {figures['LCP'] / 1000:>5.1f} "
        f"| {figures['TBT']:>6.0f} | {figures['CLS']:.3f} |"
    )


if __name__ == "__main__":
    main()
