"""The per-agency report as JSON for scripting, in exactly the shape the issue fixes."""

import json

from ..services.reports.counting import Report


def report_json(report: Report) -> dict:
    """``{"as_of", "rows": [{"agency", "total", seven categories}], "totals": {"total", seven categories}}``."""
    return {
        "as_of": report.filters.as_of.isoformat(),
        "rows": [{"agency": row.agency_name, **row.counts.as_dict()} for row in report.rows],
        "totals": report.totals.as_dict(),
    }


def render(report: Report) -> bytes:
    return json.dumps(report_json(report), ensure_ascii=False, indent=2).encode("utf-8")
