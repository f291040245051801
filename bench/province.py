"""The province data set of ``make bench``: 150 units, 1,000 agencies, 100,000 tasks, timed.

A unit's pages are timed as the chairman of the unit with the most tasks (the worst case), with every other
unit's data in the database; the province's follow-up view as the province leader, next to the bare SQL of
its per-unit aggregate. The same pages run once more on a province ten times smaller to show that the number
of statements per page does not grow with the number of units. The plans of the unit pages' statements are
written out (EXPLAIN ANALYZE) for docs/performance.md.
"""

import re
import time

import sqlalchemy as sa

from bench.measure import logged_in, statements_of, time_route, time_sql

# Where the province's follow-up view may be registered (it is being built on another branch): the first
# endpoint of these the app has is timed; none means "not built".
PROVINCE_ENDPOINTS = ("province.index", "province.overview", "province.view", "province.follow_up",
                      "reports.province", "main.province")
# The province view's own work without Python: one row per unit with the report's categories for today and
# its latest PAR score. The page does more (ranks, fields, scores' change); this is the floor it is held to.
PROVINCE_SQL = """
WITH counts AS (
  SELECT unit_id, count(*) AS total,
    count(*) FILTER (WHERE status = 'done' AND (due_date IS NULL OR completed_on <= due_date)) AS done_on_time,
    count(*) FILTER (WHERE status = 'done' AND completed_on > due_date) AS done_late,
    count(*) FILTER (WHERE status IN ('not_started', 'in_progress', 'submitted', 'returned')
                     AND due_date >= CURRENT_DATE) AS open_in_time,
    count(*) FILTER (WHERE status IN ('not_started', 'in_progress', 'submitted', 'returned')
                     AND due_date < CURRENT_DATE) AS open_overdue,
    count(*) FILTER (WHERE status = 'postponed') AS postponed,
    count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
    count(*) FILTER (WHERE status IN ('not_started', 'in_progress', 'submitted', 'returned')
                     AND due_date IS NULL) AS no_deadline
  FROM task WHERE NOT is_group AND status <> 'draft' GROUP BY unit_id),
latest AS (
  SELECT DISTINCT ON (unit_id) unit_id, year, total_score FROM appraisal ORDER BY unit_id, year DESC)
SELECT agency.id, agency.name, counts.*, latest.year, latest.total_score
FROM agency LEFT JOIN counts ON counts.unit_id = agency.id LEFT JOIN latest ON latest.unit_id = agency.id
WHERE agency.unit_id = agency.id ORDER BY counts.open_overdue DESC NULLS LAST, agency.name
"""


def unit_pages() -> list[tuple[str, str, str]]:
    """The everyday pages (bench.measure.everyday_pages), opened by a unit's chairman."""
    from bench.measure import everyday_pages

    return [(f"unit_{key}", f"A unit's {label[0].lower()}{label[1:]}", path) for key, label, path in everyday_pages()]


def province_path(app) -> str | None:
    """The province view's URL if the app has one (see PROVINCE_ENDPOINTS)."""
    from flask import url_for

    for endpoint in PROVINCE_ENDPOINTS:
        if endpoint in app.view_functions:
            with app.test_request_context():
                return url_for(endpoint)
    return None


def biggest_unit_leader(engine) -> tuple[str, int]:
    """The chairman of the unit with the most tasks, and that number."""
    with engine.connect() as conn:
        unit, tasks = conn.execute(sa.text(
            "SELECT unit_id, count(*) FROM task GROUP BY unit_id ORDER BY count(*) DESC, unit_id LIMIT 1")).one()
        name = conn.scalar(sa.text("SELECT username FROM user_account WHERE role = 'leader' AND agency_id = :u "
                                   "ORDER BY id LIMIT 1"), {"u": unit})
    return name, tasks


def measure(app, password: str, runs: int) -> dict:
    """Time the unit pages and the province view in ``app`` (its database filled by the generator)."""
    from tracker.extensions import db

    with app.app_context():
        engine = db.engine
    leader, unit_tasks = biggest_unit_leader(engine)
    unit_client = logged_in(app, leader, password)
    province_client = logged_in(app, "tinh.chutich", password)
    floor = time_route(unit_client, "floor", "/healthz", runs)
    pages = {}
    for key, label, path in unit_pages():
        pages[key] = _page(app, unit_client, key, label, path, runs)
    path = province_path(app)
    if path is not None:
        pages["province"] = _page(app, province_client, "province", "The province's follow-up view", path, runs)
    with app.app_context():
        bare = time_sql([(PROVINCE_SQL, {})], "province_sql", runs)
    return {"floor": floor, "pages": pages, "province_built": path is not None, "bare_sql": bare,
            "leader": leader, "unit_tasks": unit_tasks}


def _page(app, client, key, label, path, runs) -> dict:
    # Timed with no application context held open: each request gets its own, as in production (the user is
    # loaded, ``g`` is empty, the session starts clean).
    page = time_route(client, key, path, runs)
    with app.app_context():
        statements = statements_of(app, client, path)
        limit = time_sql(statements, key, runs)
    print(f"{key}: {page.median * 1000:.0f} ms (SQL {limit.median * 1000:.0f} ms, {len(statements)} statements)",
          flush=True)
    return {"label": label, "url": path, "page": page, "sql": limit, "statements": len(statements),
            "queries": statements}


def statement_counts(app, password: str) -> dict[str, int]:
    """Statements per page on this database (the small province), for the same pages and roles."""
    from tracker.extensions import db

    with app.app_context():
        engine = db.engine
    leader, _n = biggest_unit_leader(engine)
    counts = {}
    clients = {"unit": logged_in(app, leader, password), "province": logged_in(app, "tinh.chutich", password)}
    targets = [(key, "unit", path) for key, _label, path in unit_pages()]
    path = province_path(app)
    if path is not None:
        targets.append(("province", "province", path))
    for key, who, path in targets:
        with app.app_context():
            counts[key] = len(statements_of(app, clients[who], path))
    return counts


def plans(app, pages: dict) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of every SELECT the unit pages send, as Markdown."""
    from tracker.extensions import db

    out = ["# Plans of a unit's pages on the province data set", "",
           f"Generated by `make bench` on {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC "
           "(docs/performance.md explains them). Parameters are the bench's.", ""]
    with app.app_context():
        raw = db.engine.raw_connection()
        try:
            cursor = raw.cursor()
            for key, item in pages.items():
                out += [f"## {item['label']} (`{item['url']}`)", ""]
                for n, (statement, parameters) in enumerate(item["queries"], 1):
                    if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
                        continue
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
                    # The login's session token is a parameter like any other: not printed.
                    plan = re.sub(r"(session_token\)::text = ')[^']+'", r"\1…'",
                                  "\n".join(row[0] for row in cursor.fetchall()))
                    out += [f"### {key} statement {n}", "", "```sql", statement.strip(), "```", "", "```",
                            plan, "```", ""]
            raw.rollback()
        finally:
            raw.close()
    return "\n".join(out)
