"""``make bench``: a province-scale data set in a fresh PostgreSQL database, timed, written to BENCHMARKS.md.

Creates ``tracker_bench_<pid>``, migrates it, fills it by COPY (100,000 tasks, 500 agencies, 5 appraisals,
their history), times the dashboard, the report as of today and of a past day, the filtered task list and
the XLSX export of 10,000 tasks, next to /healthz (the floor) and the pages' own SQL replayed without
Python (the limit); then drops the database, whatever happened.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
ADMIN_URL = os.environ.get("TRACKER_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
PASSWORD = "correct horse battery staple"
# The machine's yardstick: one GROUP BY over the stored columns of every task row (the deadline column
# keeps PostgreSQL from answering from the (lead_agency_id, status) index alone); no history, no extensions.
PLAIN_SQL = ("SELECT lead_agency_id, status, due_date < CURRENT_DATE AS late, count(*) FROM task "
             "GROUP BY lead_agency_id, status, late")


def make_app(url: str):
    """The app as it runs in production, on the bench database (debug off, real templates cache)."""
    os.environ.setdefault("TRACKER_INSTANCE_DIR", tempfile.mkdtemp(prefix="tracker-bench-"))
    from tracker import create_app

    return create_app("development", {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-only-secret",
                                      "UPLOAD_FOLDER": os.path.join(os.environ["TRACKER_INSTANCE_DIR"], "up")})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--agencies", type=int, default=500)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--output", default=str(ROOT / "BENCHMARKS.md"))
    args = parser.parse_args()
    name = f"tracker_bench_{os.getpid()}"
    admin = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0'))
    except sa.exc.OperationalError as exc:
        print(f"PostgreSQL does not answer on {ADMIN_URL}: {exc.orig}", file=sys.stderr)
        return 2
    url = ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    try:
        results = run(url, args)
        from bench.markdown import write
        from loadtest.report import keep_section

        output = Path(args.output)
        old = output.read_text(encoding="utf-8") if output.exists() else ""
        # The load test's figures come from another run (make loadtest): keep them.
        output.write_text(keep_section(old, write(results)), encoding="utf-8")
        print(f"Wrote {args.output}")
        return 0 if results["ok"] else 1
    finally:
        from tracker.extensions import db

        try:
            db.engine.dispose()
        except RuntimeError:
            pass  # no app context was ever pushed
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run(url: str, args) -> dict:
    from flask_migrate import upgrade
    from werkzeug.security import generate_password_hash

    from bench.generate import generate
    from bench.measure import logged_in, statements_of, time_route, time_sql
    from tracker.extensions import db
    from tracker.services import deadlines, reference

    app = make_app(url)
    load_start = os.getloadavg()[0]
    with app.app_context():
        upgrade()
        reference.seed_reference_data()
        db.session.commit()
        started = time.perf_counter()
        raw = db.engine.raw_connection()
        try:
            counts = generate(raw.driver_connection, generate_password_hash(
                PASSWORD, method=app.config["PASSWORD_HASH_METHOD"]), args.tasks, args.agencies)
        finally:
            raw.close()
        generation = time.perf_counter() - started
        print(f"Generated {counts} in {generation:.1f} s", flush=True)
        client = logged_in(app, "chutich", PASSWORD)
        past = (deadlines.today() - timedelta(days=180)).isoformat()
        pages = [("dashboard", "Dashboard", "/"),
                 ("report_today", "Per-agency report as of today", "/bao-cao/"),
                 ("report_past", f"Per-agency report as of {past}", f"/bao-cao/?as_of={past}")]
        if "tasks.index" in app.view_functions:
            pages.append(("task_list", "Filtered task list, 50 a page", "/nhiem-vu/?status=open"))
            # No target: the list as the reports' links open it for a past day, from the history.
            pages.append(("task_list_past", f"Filtered task list as of {past}",
                          f"/nhiem-vu/?status=open&as_of={past}"))
        floor = time_route(client, "floor", "/healthz", args.runs)
        measured = {}
        for key, label, path in pages:
            page = time_route(client, key, path, args.runs)
            statements = statements_of(app, client, path)
            limit = time_sql(statements, key, args.runs)
            measured[key] = {"label": label, "url": path, "page": page, "sql": limit, "statements": len(statements)}
            print(f"{key}: {page.median * 1000:.0f} ms (SQL {limit.median * 1000:.0f} ms)", flush=True)
        version = db.session.scalar(sa.text("SHOW server_version"))
        plain = time_sql([(PLAIN_SQL, {})], "plain", args.runs)
    xlsx = [_xlsx_probe(url) for _ in range(3)]
    return _verdicts({"counts": counts, "generation": generation, "floor": floor, "pages": measured,
                      "xlsx": xlsx, "postgres": version, "runs": args.runs, "plain": plain,
                      "load": (load_start, os.getloadavg()[0])})


def _xlsx_probe(url: str) -> dict:
    """The export of the appraisal with 10,000 tasks (the generator's fifth), in a fresh process."""
    out = subprocess.run([sys.executable, "-m", "bench.xlsx_probe", url, "5", "chutich", PASSWORD], cwd=ROOT,
                         capture_output=True, text=True, timeout=600, env={**os.environ, "PYTHONPATH": str(ROOT)})
    if out.returncode != 0:
        raise RuntimeError(f"xlsx probe failed: {out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _verdicts(results: dict) -> dict:
    """Each target of the issue, met or not."""
    pages, verdicts = results["pages"], []
    for key in ("dashboard", "report_today", "report_past"):
        if key in pages:
            page, sql = pages[key]["page"].median, pages[key]["sql"].median
            verdicts.append((f"{pages[key]['label']}: within 3 × its SQL ({page / sql:.2f} ×)", page / sql <= 3))
            verdicts.append((f"{pages[key]['label']}: median < 300 ms ({page * 1000:.0f} ms)", page < 0.3))
    if "task_list" in pages:
        verdicts.append(("Filtered task list: median < 100 ms", pages["task_list"]["page"].median < 0.1))
    xlsx_time = sorted(x["seconds"] for x in results["xlsx"])[1]
    verdicts.append(("XLSX of 10,000 tasks: < 5 s (median of 3)", xlsx_time < 5))
    verdicts.append(("XLSX of 10,000 tasks: peak memory < 300 MB",
                     max(x["peak_rss_mb"] for x in results["xlsx"]) < 300))
    results["verdicts"] = verdicts
    results["ok"] = all(ok for _label, ok in verdicts)
    return results


if __name__ == "__main__":
    sys.exit(main())
