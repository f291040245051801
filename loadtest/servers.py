"""The pieces a load run starts and stops: a PostgreSQL cluster of its own, a database, gunicorn instances."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"


class Cluster:
    """A Debian PostgreSQL cluster (``pg_ctlcluster``), by default one made for load runs on its own port, so
    the failure run's restart disturbs nobody else's database."""

    def __init__(self, version: str, name: str, port: int):
        self.version, self.name, self.port = version, name, port

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def ensure(self) -> None:
        listed = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=True).stdout
        if not any(line.split()[:2] == [self.version, self.name] for line in listed.splitlines()):
            subprocess.run(["pg_createcluster", self.version, self.name, "--port", str(self.port), "--",
                            "--auth-local=trust", "--auth-host=trust"], check=True, capture_output=True)
        self.ctl("start", check=False)
        self.wait()

    def ctl(self, action: str, *extra: str, check: bool = True) -> None:
        subprocess.run(["pg_ctlcluster", self.version, self.name, action, *extra], check=check, capture_output=True)

    def wait(self, seconds: float = 30) -> None:
        deadline = time.time() + seconds
        while time.time() < deadline:
            try:
                engine = sa.create_engine(self.admin_url, connect_args={"connect_timeout": 2})
                with engine.connect():
                    engine.dispose()
                    return
            except sa.exc.OperationalError:
                time.sleep(0.5)
        raise RuntimeError(f"PostgreSQL {self.version}/{self.name} does not answer on port {self.port}")

    def fresh_database(self, name: str) -> str:
        engine = sa.create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(sa.text(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0"))
        engine.dispose()
        return self.admin_url.rsplit("/", 1)[0] + "/" + name

    def drop_database(self, name: str) -> None:
        engine = sa.create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """One instance started with deploy/gunicorn.conf.py, as production starts it."""

    def __init__(self, env: dict, workdir: Path, workers: int, label: str):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.logs = workdir / f"gunicorn-{label}"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.env = {**os.environ, **env, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "GUNICORN_WORKERS": str(workers),
                    "GUNICORN_ACCESS_LOG": str(self.logs / "access.log"),
                    "GUNICORN_ERROR_LOG": str(self.logs / "error.log"),
                    "PROMETHEUS_MULTIPROC_DIR": str(self.logs / "metrics")}
        self.process: subprocess.Popen | None = None

    def start(self) -> "Gunicorn":
        self.process = subprocess.Popen([sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONF), "wsgi:app"],
                                        cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.logs / 'error.log'}")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=5) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn on {self.base} did not answer /healthz")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.logs / "metrics", ignore_errors=True)
