"""gunicorn's settings for the hub: `gunicorn showcase.wsgi` run from the repository root
reads this file by itself (gunicorn looks for ./gunicorn.conf.py), so `make serve-prod`,
bench/load.py and a production service unit all start the site the same way.

Everything a deployment may change comes from the environment:

    GUNICORN_BIND         address(es), comma-separated (default 127.0.0.1:8000: loopback;
                          the proxy or load balancer in front is what faces the network)
    GUNICORN_WORKERS      processes (default 2 × CPU cores + 1)
    GUNICORN_THREADS      threads per process (default 4)
    GUNICORN_TIMEOUT      seconds before a silent worker is killed (default 30)
    GUNICORN_KEEPALIVE    seconds an idle keep-alive connection stays open (default 5)
    GUNICORN_MAX_REQUESTS requests before a worker is replaced (default 1000, ±10 % jitter)
    FORWARDED_ALLOW_IPS   addresses of the proxies whose X-Forwarded-* headers are trusted
                          (default: none)
    LOG_LEVEL             gunicorn's own log level (default info)
"""

import os


def _int(name, default):
    return int(os.environ.get(name, default))


def _cores():
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use (containers)
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


wsgi_app = "showcase.wsgi:application"
bind = [part.strip() for part in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")]
proc_name = "ocop-hub"

# Processes for the CPU (rendering pages is Python work), a few threads each for the time
# a request waits on PostgreSQL, the search cluster or Redis, and for slow clients.
worker_class = "gthread"
workers = _int("GUNICORN_WORKERS", 2 * _cores() + 1)
threads = _int("GUNICORN_THREADS", 4)

# A PDF catalogue of 100 products takes ~4 s (README, Measured): 30 s is ample, and a request
# stuck longer is a fault worth a restart. On SIGTERM, requests under way get as long to end.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Replace each worker after about this many requests, at staggered times (the jitter), so
# slow memory growth never accumulates and workers never all restart at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = max(1, max_requests // 10)

# Load Django once in the master, then fork: workers start fast and share its memory.
preload_app = True

# Trust no proxy's X-Forwarded-* headers unless told which proxies are ours; gunicorn's own
# default trusts 127.0.0.1, i.e. anything else on the machine.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "")

# Access log on stdout (journald or the container runtime collects it): client, request,
# status, bytes, duration in ms, the page cache's verdict (hit, miss, skip), referrer, agent.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms cache=%({x-page-cache}o)s "%(f)s" "%(a)s"'

# Heartbeat files on a RAM disk: on a disk-backed /tmp a slow fsync can make the master
# think a healthy worker hung.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# gunicorn ≥ 25 opens a control socket at one fixed path per user; several instances on one
# machine (serve-prod, the load benchmark, Lighthouse) would take it from each other.
control_socket_disable = "GUNICORN_CONTROL_SOCKET" not in os.environ
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]


def pre_fork(server, worker):
    # Nothing should open a database connection while the app loads; if something does,
    # close it here so that no worker inherits (and shares) the master's socket.
    from django.db import connections

    connections.close_all()
