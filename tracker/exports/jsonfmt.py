"""The per-agency report as JSON for scripting, in exactly the shape the issue fixes."""

import json

from ..services.reports.counting import Report


def report_json(report: Report) -> dict:
    """``{"as_of", "rows": [{"agency", "total", seven categories, points}], "totals": {...}}``.

    Points (``points_at_stake``, ``points_covered``) are numbers with two decimals; the rows add up to the totals.
    """
    return {
        "as_of": report.filters.as_of.isoformat(),
        "rows": [{"agency": row.agency_name, **row.counts.as_dict(), **_points(row)} for row in report.rows],
        "totals": {**report.totals.as_dict(), **_points(report)},
    }


def _points(item) -> dict:
    return {"points_at_stake": float(item.points_at_stake), "points_covered": float(item.points_covered)}


def render(report: Report) -> bytes:
    return json.dumps(report_json(report), ensure_ascii=False, indent=2).encode("utf-8")
