"""Timing helpers: a logged-in client, route timings, and the page's own SQL replayed without Python."""

import re
import statistics
import time
from dataclasses import dataclass

import sqlalchemy as sa

from tracker.extensions import db

CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


@dataclass
class Timing:
    name: str
    samples: list[float]
    # This process's CPU time per request: on a shared machine it moves far less than the wall clock, which
    # also counts waiting for a core (and the database's own time).
    cpu: list[float] | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu) if self.cpu else float("nan")

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def logged_in(app, username: str, password: str):
    client = app.test_client()
    token = CSRF.search(client.get("/dang-nhap").get_data(as_text=True)).group(1)
    response = client.post("/dang-nhap", data={"username": username, "password": password, "csrf_token": token})
    assert response.status_code == 302, response.status_code
    return client


def time_route(client, name: str, url: str, runs: int, warmup: int = 2) -> Timing:
    """Server time of ``url`` through the WSGI app in process (no network), after ``warmup`` runs."""
    for _ in range(warmup):
        assert client.get(url).status_code == 200, url
    samples, cpu = [], []
    for _ in range(runs):
        start, cpu_start = time.perf_counter(), time.process_time()
        response = client.get(url)
        samples.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
        assert response.status_code == 200, url
    return Timing(name, samples, cpu)


def statements_of(app, client, url: str) -> list[tuple[str, object]]:
    """The SQL statements (with their parameters) one request of ``url`` sends to the database."""
    seen: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    return seen


def time_sql(statements: list[tuple[str, object]], name: str, runs: int, warmup: int = 2) -> Timing:
    """The same statements on a raw driver connection in one transaction: the database's share, the limit."""
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()

        def once() -> float:
            start = time.perf_counter()
            for statement, parameters in statements:
                cursor.execute(statement, parameters)
                if cursor.description is not None:
                    cursor.fetchall()
            elapsed = time.perf_counter() - start
            raw.rollback()
            return elapsed

        for _ in range(warmup):
            once()
        return Timing(name, [once() for _ in range(runs)])
    finally:
        raw.close()


def everyday_pages() -> list[tuple[str, str, str]]:
    """(key, label, path) of the pages a unit's chairman opens every day, as every data set times them."""
    from datetime import timedelta

    from tracker.services import deadlines

    past = (deadlines.today() - timedelta(days=180)).isoformat()
    return [("dashboard", "Dashboard", "/"),
            ("report_today", "Per-agency report as of today", "/bao-cao/"),
            ("report_past", f"Per-agency report as of {past}", f"/bao-cao/?as_of={past}"),
            ("task_list", "Filtered task list, 50 a page", "/nhiem-vu/?status=open"),
            ("overdue_list", "Overdue task list, 50 a page", "/nhiem-vu/?time=overdue"),
            # No target of its own in the district: the list as the reports' links open it for a past day.
            ("task_list_past", f"Filtered task list as of {past}", f"/nhiem-vu/?status=open&as_of={past}")]
