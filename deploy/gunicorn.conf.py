"""gunicorn settings for production: ``gunicorn --config deploy/gunicorn.conf.py wsgi:app``.

Every value can be changed from the environment (the systemd unit's EnvironmentFile) without editing this file.
"""

import multiprocessing
import os
import shutil
import tempfile
from pathlib import Path

# Only the reverse proxy may reach gunicorn: the app trusts X-Forwarded-For from whoever connects (ProxyFix),
# so gunicorn listens on loopback. On a multi-host setup bind the private address nginx uses, firewall it, and
# put nginx's address in FORWARDED_ALLOW_IPS.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Sync workers: each request holds one worker, most time is spent in PostgreSQL and password hashing (CPU).
# Two per core keeps the cores busy while one worker waits on the database; the load test measures 4 on 2 cores.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count()))
worker_class = "sync"
# A request longer than this is killed (the user gets nginx's 502); reports and imports finish well inside it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5  # nginx keeps upstream connections open (upstream keepalive)
# Recycle workers now and then, so a slow leak in a library never grows without bound.
max_requests = 2000
max_requests_jitter = 200
# Uploads larger than this never reach Python; nginx's client_max_body_size refuses them first anyway.
limit_request_line = 8190

# Logs: gunicorn writes the access log itself, through a logger that masks calendar feed keys and tokens
# and writes JSON lines when LOG_FORMAT=json. The request id is the app's X-Request-ID response header
# (nginx's $request_id when behind nginx), the same id the app's own log lines and error pages carry.
logger_class = "tracker.observability.gunicorn_logger.RedactingLogger"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = ('%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(b)s %(M)sms '
                     'rid=%({x-request-id}o)s "%(f)s" "%(a)s"')
capture_output = True  # the app's own log lines (stderr) go to the same error log

# Prometheus counters are kept in files shared by all workers (see tracker/observability/metrics.py). The
# folder must exist before the app is imported and be emptied at each start, or old workers' counts linger.
_metrics_dir = Path(os.environ.setdefault(
    "PROMETHEUS_MULTIPROC_DIR",
    os.path.join(os.environ.get("RUNTIME_DIRECTORY") or tempfile.gettempdir(), f"tracker-metrics-{os.getpid()}")))
_metrics_dir.mkdir(parents=True, exist_ok=True)


def _clear_metrics():
    # Only the counters' own files: the folder may be one an operator chose.
    for counts in _metrics_dir.glob("*.db"):
        counts.unlink(missing_ok=True)


def on_starting(server):
    _metrics_dir.mkdir(parents=True, exist_ok=True)
    _clear_metrics()


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    _clear_metrics()
    if _metrics_dir.name.startswith("tracker-metrics-"):
        shutil.rmtree(_metrics_dir, ignore_errors=True)
