"""Where each number of a report leads: the filtered task list behind it.

The task list (``tasks.index``, see ``services.tasks.search``) counts "as of" a day with the same rules
as the report, so a number links there, with ``as_of``, whenever the list has the filters to express it. The supporting
view and a range of assignment dates have no list filter: those numbers open the agency's page of this
blueprint instead, which lists the very rows the number counted.
"""

from datetime import timedelta

from flask import current_app, url_for

from ..services import deadlines
from ..services.reports.counting import LEAD, ReportFilter

STAND_IN = 2147483647  # an agency id no database holds (the largest PostgreSQL integer)
# Task-list filters for each column of the report ("status=open" and a deadline from the day on is
# exactly "not finished, in time").
LIST_FILTERS = {
    "total": {},
    "done_on_time": {"time": "done_on_time"},
    "done_late": {"time": "done_late"},
    "open_in_time": {"status": "open", "due_from": None},
    "open_overdue": {"time": "overdue"},
    "no_deadline": {"time": "no_deadline"},
    "postponed": {"status": "postponed"},
    "cancelled": {"status": "cancelled"},
    "done": {"status": "done"},  # both done columns together (the dashboard's "Đã hoàn thành")
}


def filter_args(f: ReportFilter, today=None) -> dict:
    """The report's own query arguments (for exports, the agency page, and links back)."""
    today = today or deadlines.today()
    args = {
        "as_of": f.as_of.isoformat() if f.as_of != today else None,
        "appraisal": f.appraisal_id, "field": f.field_id, "priority": f.priority.value if f.priority else None,
        "assigned_from": f.assigned_from.isoformat() if f.assigned_from else None,
        "assigned_to": f.assigned_to.isoformat() if f.assigned_to else None,
        "view": f.view if f.view != LEAD else None, "unit": f.unit_id if f.unit_asked else None,
    }
    return {k: v for k, v in args.items() if v is not None}


class Links:
    """URLs of a report's numbers; ``cell(agency_id or None, column)`` is None when nothing can list them."""

    def __init__(self, f: ReportFilter):
        self.f = f
        self.today = deadlines.today()
        self.to_list = ("tasks.index" in current_app.view_functions and f.view == LEAD
                        and f.assigned_from is None and f.assigned_to is None)
        self._bases: dict[str, str] = {}
        self._agency_bases: dict[str | None, str] = {}

    def cell(self, agency_id: int | None, column: str) -> str | None:
        if self.to_list:
            base = self._bases.get(column)
            if base is None:
                base = self._bases[column] = url_for("tasks.index", **self._list_args(None, column))
            return base if agency_id is None else f"{base}&agency={agency_id}"
        if agency_id is None:
            return None
        return self.agency(agency_id, column)

    def agency(self, agency_id: int, column: str | None = None) -> str:
        key = column if column not in (None, "total", "done") else None
        if key not in self._agency_bases:
            # Built once with a stand-in id: url_for for each of 500 agencies × 8 columns is slow.
            self._agency_bases[key] = url_for("reports.agency", agency_id=STAND_IN, **filter_args(self.f, self.today),
                                              **({"loai": key} if key else {}))
        return self._agency_bases[key].replace(f"/{STAND_IN}", f"/{agency_id}", 1)

    def due_within(self, agency_id: int | None, days: int) -> str | None:
        """Open tasks due from the day to ``days`` later (the dashboard's "due within 7 days")."""
        if "tasks.index" not in current_app.view_functions:
            return None
        args = self._list_args(agency_id, "total")
        args.update(status="open", due_from=self.f.as_of.isoformat(),
                    due_to=(self.f.as_of + timedelta(days=days)).isoformat())
        return url_for("tasks.index", **args)

    def _list_args(self, agency_id: int | None, column: str) -> dict:
        f = self.f
        args = {"agency": agency_id, "unit": f.unit_id if f.unit_asked else None, "appraisal": f.appraisal_id,
                "field": f.field_id,
                "priority": f.priority.value if f.priority else None,
                # Always the day, so a number still opens the tasks it counted once that day is past.
                "as_of": f.as_of.isoformat()}
        for key, value in LIST_FILTERS[column].items():
            args[key] = f.as_of.isoformat() if key == "due_from" else value
        return {k: v for k, v in args.items() if v is not None}
