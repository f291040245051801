"""deploy/gunicorn.conf.py as production runs it: real gunicorn workers, metrics summed across them, a masked
access log with the request id. Skipped when gunicorn is not installed."""

import json
import os
import runpy
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "gunicorn.conf.py"

pytest.importorskip("gunicorn")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode()


def test_config_binds_loopback_and_trusts_only_the_local_proxy(monkeypatch, tmp_path):
    for name in ("GUNICORN_BIND", "FORWARDED_ALLOW_IPS", "GUNICORN_WORKERS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    settings = runpy.run_path(str(CONFIG))
    assert settings["bind"] == "127.0.0.1:8000"
    assert settings["forwarded_allow_ips"] == "127.0.0.1"
    assert settings["workers"] == 2 * os.cpu_count()
    assert "x-request-id" in settings["access_log_format"]


@pytest.fixture
def served(database, tmp_path):
    """gunicorn with two workers on a free loopback port, against the run's test database."""
    port = _free_port()
    access_log = tmp_path / "access.log"
    env = {
        **os.environ, "TRACKER_ENV": "development", "DATABASE_URL": database.url,
        "TRACKER_INSTANCE_DIR": str(tmp_path / "instance"), "UPLOAD_FOLDER": str(tmp_path / "evidence"),
        "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2", "GUNICORN_ACCESS_LOG": str(access_log),
        "GUNICORN_ERROR_LOG": str(tmp_path / "error.log"), "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
        "METRICS_ALLOWED_IPS": "127.0.0.1", "LOG_FORMAT": "json",
    }
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "--config", str(CONFIG), "wsgi:app"],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if _get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None:
                pytest.fail(f"gunicorn exited: {(tmp_path / 'error.log').read_text()[-2000:]}")
            time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not answer /healthz within 30 s")
        yield base, access_log
    finally:
        process.terminate()
        process.wait(timeout=40)


def test_gunicorn_serves_healthz_and_sums_metrics_over_workers(served):
    base, access_log = served
    status, headers, body = _get(base + "/healthz", {"X-Request-ID": "deploy-test-0001"})
    assert status == 200 and json.loads(body) == {"status": "ok"}
    assert headers["X-Request-ID"] == "deploy-test-0001"
    for _ in range(9):
        assert _get(base + "/healthz")[0] == 200
    assert _get(base + "/nhiem-vu/lich/SECRETFEEDKEY123.ics?token=abc")[0] == 404

    status, _headers, metrics = _get(base + "/metrics")
    assert status == 200
    count = [line for line in metrics.splitlines()
             if line.startswith("tracker_http_request_duration_seconds_count") and 'endpoint="main.healthz"' in line]
    # Every worker's requests, whichever served them (the readiness polls add one or more).
    assert count and float(count[0].rsplit(" ", 1)[1]) >= 10

    time.sleep(0.5)  # the access log is written after the response
    lines = [json.loads(line) for line in access_log.read_text().splitlines() if line.startswith("{")]
    assert any(e["request_id"] == "deploy-test-0001" and e["path"] == "/healthz" for e in lines)
    assert "SECRETFEEDKEY123" not in access_log.read_text()
    assert any(e["path"] == "/nhiem-vu/lich/***.ics?token=***" and e["status"] == 404 for e in lines)
