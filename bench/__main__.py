"""``make bench``: three data sets in fresh PostgreSQL databases, timed, written to BENCHMARKS.md.

The district set (one unit: 100,000 tasks, 500 agencies, 5 appraisals, their history): the dashboard, the
report as of today and of a past day, the task lists and the XLSX export of 10,000 tasks, next to /healthz
(the floor) and the pages' own SQL replayed without Python (the limit). The province set (150 units, 1,000
agencies, 100,000 tasks; bench/province.py): a unit's pages with the whole province in the database, the
province's view against its bare SQL, statements per page at two sizes, and the plans of a unit's pages.
The everyday set (10,000 tasks over 200 agencies): the same pages as the district's at a unit's usual size.
Every database is created by COPY (bench/generate.py) and dropped at the end, whatever happened.
``--sets district``, ``--sets province`` or ``--sets everyday`` runs one; ``--tasks`` and ``--agencies`` size
the district.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
ADMIN_URL = os.environ.get("TRACKER_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
PASSWORD = "correct horse battery staple"
# The machine's yardstick: one GROUP BY over the stored columns of every task row (the deadline column
# keeps PostgreSQL from answering from the (lead_agency_id, status) index alone); no history, no extensions.
# The everyday set of issue 10: the overdue list of a unit this size is the page most opened.
EVERYDAY_TASKS, EVERYDAY_AGENCIES = 10_000, 200
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
    parser.add_argument("--tasks", type=int, default=100_000, help="tasks of the one-unit (district) set")
    parser.add_argument("--agencies", type=int, default=500, help="agencies of the one-unit (district) set")
    parser.add_argument("--units", type=int, default=150, help="units of the province set")
    parser.add_argument("--province-agencies", type=int, default=1_000)
    parser.add_argument("--province-tasks", type=int, default=100_000)
    parser.add_argument("--sets", default="district,province,everyday",
                        help="which data sets: district, province, everyday (10,000 tasks, 200 agencies)")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--output", default=str(ROOT / "BENCHMARKS.md"))
    parser.add_argument("--plans", default=str(ROOT / "docs" / "plans.md"),
                        help="where the province set writes the plans of a unit's pages")
    args = parser.parse_args()
    sets = {s.strip() for s in args.sets.split(",") if s.strip()}
    admin = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect():
            pass
    except sa.exc.OperationalError as exc:
        print(f"PostgreSQL does not answer on {ADMIN_URL}: {exc.orig}", file=sys.stderr)
        return 2
    made: list[str] = []

    def database(suffix: str) -> str:
        name = f"tracker_bench_{os.getpid()}_{suffix}"
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0'))
        made.append(name)
        return ADMIN_URL.rsplit("/", 1)[0] + "/" + name

    load_start = os.getloadavg()[0]
    try:
        results = {"runs": args.runs, "sets": sorted(sets)}
        if "district" in sets:
            results.update(run(database("district"), args))
        if "province" in sets:
            results["province"] = run_province(database("province"), database("small"), args)
        if "everyday" in sets:
            results["everyday"] = run_everyday(database("everyday"), args)
        results["load"] = (load_start, os.getloadavg()[0])
        results = _verdicts(results)
        from bench.markdown import write
        from loadtest.report import keep_section

        output = Path(args.output)
        old = output.read_text(encoding="utf-8") if output.exists() else ""
        # The load test's figures come from another run (make loadtest): keep them.
        output.write_text(keep_section(old, write(results)), encoding="utf-8")
        print(f"Wrote {args.output}")
        return 0 if results["ok"] else 1
    finally:
        for app in _APPS:
            _dispose(app)
        with admin.connect() as conn:
            for name in made:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


_APPS: list = []


def _dispose(app) -> None:
    from tracker.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def fill(url: str, tasks: int, agencies: int, units: int = 1):
    """A migrated database filled by the generator; returns (app, counts, seconds)."""
    from flask_migrate import upgrade
    from werkzeug.security import generate_password_hash

    from bench.generate import generate
    from tracker.extensions import db
    from tracker.services import reference

    app = make_app(url)
    _APPS.append(app)
    with app.app_context():
        upgrade()
        reference.seed_reference_data()
        db.session.commit()
        started = time.perf_counter()
        raw = db.engine.raw_connection()
        try:
            counts = generate(raw.driver_connection, generate_password_hash(
                PASSWORD, method=app.config["PASSWORD_HASH_METHOD"]), tasks, agencies, units)
        finally:
            raw.close()
        db.session.remove()
    seconds = time.perf_counter() - started
    print(f"Generated {counts} in {seconds:.1f} s", flush=True)
    return app, counts, seconds


def _time_pages(app, pages: list[tuple[str, str, str]], runs: int) -> tuple:
    """The floor (/healthz), then each page next to its own statements replayed without Python."""
    from bench.measure import logged_in, statements_of, time_route, time_sql

    client = logged_in(app, "chutich", PASSWORD)
    # Requests are timed with no application context held open, so each gets its own as in production.
    floor = time_route(client, "floor", "/healthz", runs)
    measured = {}
    for key, label, path in pages:
        page = time_route(client, key, path, runs)
        with app.app_context():
            statements = statements_of(app, client, path)
            limit = time_sql(statements, key, runs)
        measured[key] = {"label": label, "url": path, "page": page, "sql": limit, "statements": len(statements)}
        print(f"{key}: {page.median * 1000:.0f} ms (SQL {limit.median * 1000:.0f} ms)", flush=True)
    return floor, measured


def run(url: str, args) -> dict:
    """The one-unit (district) set: the everyday pages of a big unit, and the XLSX export."""
    from bench.measure import everyday_pages, time_sql
    from tracker.extensions import db

    app, counts, generation = fill(url, args.tasks, args.agencies)
    floor, measured = _time_pages(app, everyday_pages(), args.runs)
    with app.app_context():
        version = db.session.scalar(sa.text("SHOW server_version"))
        plain = time_sql([(PLAIN_SQL, {})], "plain", args.runs)
        from bench import notify  # remind over every task, then the delivery rate (docs/notifications.md)

        notifications = notify.measure(app) if "notifications.index" in app.view_functions else None
        db.session.remove()
    xlsx = [_xlsx_probe(url) for _ in range(3)]
    return {"counts": counts, "generation": generation, "floor": floor, "pages": measured,
            "xlsx": xlsx, "postgres": version, "plain": plain, "plan": _plan_probe(),
            "notifications": notifications}


def run_everyday(url: str, args) -> dict:
    """A unit of everyday size (10,000 tasks over 200 agencies): the same pages, no exports."""
    from bench.measure import everyday_pages

    app, counts, generation = fill(url, EVERYDAY_TASKS, EVERYDAY_AGENCIES)
    floor, measured = _time_pages(app, everyday_pages(), args.runs)
    _dispose(app)
    return {"counts": counts, "generation": generation, "floor": floor, "pages": measured}


def run_province(url: str, small_url: str, args) -> dict:
    """The province set, and the same pages' statement counts on a province a tenth of its size."""
    from bench import province
    from tracker.extensions import db

    app, counts, generation = fill(url, args.province_tasks, args.province_agencies, args.units)
    result = province.measure(app, PASSWORD, args.runs)
    Path(args.plans).write_text(province.plans(app, {k: v for k, v in result["pages"].items()
                                                     if k != "province"}), encoding="utf-8")
    print(f"Wrote {args.plans}")
    with app.app_context():
        result["postgres"] = db.session.scalar(sa.text("SHOW server_version"))
    _dispose(app)
    small_units = max(2, args.units // 10)
    small_app, small_counts, _s = fill(small_url, args.province_tasks // 10, args.province_agencies // 10,
                                       small_units)
    result["small_statements"] = province.statement_counts(small_app, PASSWORD)
    _dispose(small_app)
    result.update(counts=counts, generation=generation, small_counts=small_counts, units=args.units,
                  small_units=small_units)
    return result


def _plan_probe() -> dict:
    """The 2,000-row plan from Excel, previewed and imported in its own process and database."""
    out = subprocess.run([sys.executable, "-m", "bench.plan_import"], cwd=ROOT, capture_output=True, text=True,
                         timeout=600, env={**os.environ, "PYTHONPATH": str(ROOT)})
    lines = out.stdout.strip().splitlines()
    if not lines:
        raise RuntimeError(f"plan probe failed: {out.stderr[-2000:]}")
    return json.loads(lines[-1])


def _xlsx_probe(url: str) -> dict:
    """The export of the appraisal with 10,000 tasks (the generator's fifth), in a fresh process."""
    out = subprocess.run([sys.executable, "-m", "bench.xlsx_probe", url, "5", "chutich", PASSWORD], cwd=ROOT,
                         capture_output=True, text=True, timeout=600, env={**os.environ, "PYTHONPATH": str(ROOT)})
    if out.returncode != 0:
        raise RuntimeError(f"xlsx probe failed: {out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _verdicts(results: dict) -> dict:
    """Each target of the issues, met or not."""
    verdicts = []
    if "pages" in results:
        verdicts += _district_verdicts(results)
    if "province" in results:
        from bench.markdown_province import verdicts as province_verdicts

        verdicts += province_verdicts(results["province"])
    if "everyday" in results:
        overdue = results["everyday"]["pages"]["overdue_list"]["page"].median
        verdicts.append((f"Everyday unit ({EVERYDAY_TASKS:,} tasks, {EVERYDAY_AGENCIES} agencies): overdue task list, "
                         f"50 a page, median < 25 ms ({overdue * 1000:.0f} ms)", overdue < 0.025))
    n = results.get("notifications")
    if n:
        verdicts.append((f"remind over {results['counts'].tasks:,} tasks: < 30 s ({n['remind']:.1f} s)",
                         n["remind"] < 30))
        verdicts.append(("remind twice the same day queues nothing more", n["again_queued"] == 0))
    results["verdicts"] = verdicts
    results["ok"] = all(ok for _label, ok in verdicts)
    return results


def _district_verdicts(results: dict) -> list:
    pages, verdicts = results["pages"], []
    for key in ("dashboard", "report_today", "report_past"):
        if key in pages:
            page, sql = pages[key]["page"].median, pages[key]["sql"].median
            verdicts.append((f"{pages[key]['label']}: within 3 × its SQL ({page / sql:.2f} ×)", page / sql <= 3))
            verdicts.append((f"{pages[key]['label']}: median < 300 ms ({page * 1000:.0f} ms)", page < 0.3))
    if "xlsx" not in results:
        return verdicts
    listed = pages["task_list"]["page"].median
    verdicts.append((f"Filtered task list: median < 100 ms ({listed * 1000:.0f} ms)", listed < 0.1))
    overdue = pages["overdue_list"]["page"].median
    if results["counts"].tasks <= 10_000:
        # The everyday page of issue 10, on 10,000 tasks over 200 agencies.
        verdicts.append((f"Overdue task list: median < 25 ms ({overdue * 1000:.0f} ms)", overdue < 0.025))
    else:
        verdicts.append((f"Overdue task list: median < 100 ms ({overdue * 1000:.0f} ms)", overdue < 0.1))
    xlsx_time = sorted(x["seconds"] for x in results["xlsx"])[1]
    verdicts.append(("XLSX of 10,000 tasks: < 5 s (median of 3)", xlsx_time < 5))
    verdicts.append(("XLSX of 10,000 tasks: peak memory < 300 MB",
                     max(x["peak_rss_mb"] for x in results["xlsx"]) < 300))
    plan = results.get("plan")
    if plan:
        verdicts.append((f"Plan from Excel, {plan['rows']:,} rows: preview < 10 s ({plan['preview_seconds']:.1f} s)",
                         plan["preview_seconds"] < 10))
        verdicts.append((f"Plan from Excel, {plan['rows']:,} rows: import < 10 s ({plan['import_seconds']:.1f} s)",
                         plan["import_seconds"] < 10))
    return verdicts


if __name__ == "__main__":
    sys.exit(main())
