"""``flask tracker export-report --by unit`` and ``--unit ID``: the province's JSON adds up, and each unit's row
equals its own report's totals, as of today and as of a past day."""

import json

import pytest

from tests import province_world
from tests.province_world import EXPECTED_D, D
from tracker.services import deadlines

COLUMNS = ["total", "done_on_time", "done_late", "open_in_time", "open_overdue", "postponed", "cancelled",
           "no_deadline"]


def _export(app, tmp_path, day, *extra) -> dict:
    out = tmp_path / f"report-{len(list(tmp_path.iterdir()))}.json"
    result = app.test_cli_runner().invoke(args=["tracker", "export-report", "--as-of", day.isoformat(), "--format",
                                                "json", *extra, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("past", [True, False], ids=["past-day", "today"])
def test_by_unit_adds_up_and_each_row_is_the_units_own_report(app, make, tmp_path, past):
    world = province_world.build(make, with_users=False)
    day = D if past else deadlines.today()
    data = _export(app, tmp_path, day, "--by", "unit")
    assert data["as_of"] == day.isoformat()
    assert {"unit_id", "unit", *COLUMNS} == set(data["rows"][0])
    assert [r["unit"] for r in data["rows"]] == ["Sở Khoa học và Công nghệ", "UBND phường Hoa Lư", "UBND xã Gia Hưng"]
    for column in COLUMNS:
        assert data["totals"][column] == sum(r[column] for r in data["rows"]), column
    for row in data["rows"]:
        assert row["total"] == sum(row[c] for c in COLUMNS[1:])
        own = _export(app, tmp_path, day, "--unit", str(row["unit_id"]))
        assert {c: row[c] for c in COLUMNS} == {c: own["totals"][c] for c in COLUMNS}, row["unit"]
        assert sum(r["total"] for r in own["rows"]) == own["totals"]["total"]
    if past:
        by_id = {r["unit_id"]: r for r in data["rows"]}
        assert {c: by_id[world.a.id][c] for c in COLUMNS} == EXPECTED_D["a"]


def test_unknown_unit_and_mixed_options_are_refused(app, make, tmp_path):
    world = province_world.build(make, with_users=False)
    runner = app.test_cli_runner()
    base = ["tracker", "export-report", "--as-of", D.isoformat(), "--format", "json", "-o", str(tmp_path / "x.json")]
    office = world.offices["a_office"].id
    assert "Không có đơn vị" in runner.invoke(args=[*base, "--unit", str(office)]).output
    mixed = runner.invoke(args=[*base, "--by", "unit", "--unit", str(world.a.id)])
    assert mixed.exit_code != 0 and "--by unit" in mixed.output
    for fmt in ("xlsx", "csv", "docx"):
        out = tmp_path / f"province.{fmt}"
        result = runner.invoke(args=["tracker", "export-report", "--as-of", D.isoformat(), "--format", fmt, "--by",
                                     "unit", "-o", str(out)])
        assert result.exit_code == 0 and out.stat().st_size > 500, result.output
