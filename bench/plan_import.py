"""A 2,000-row remediation plan from Excel: its preview and its import, timed (target: each under 10 s).

``python -m bench.plan_import`` makes its own PostgreSQL database (``tracker_plan_bench_<pid>``), a unit with 40
agencies and an appraisal, writes a 2,000-row workbook in the export's layout, then times reading and checking
it (the preview) and saving its rows as draft tasks (the import); prints one JSON line; drops the database.
"""

import io
import json
import os
import sys
import time
from datetime import timedelta

import sqlalchemy as sa

ROWS = 2000
TARGET_SECONDS = 10


def workbook(agencies: list[str], fields: list[str], due: str, rows: int = ROWS) -> bytes:
    from openpyxl import Workbook

    from tracker.exports.xlsx_plan import HEADERS

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Kế hoạch")
    sheet.append(["Kế hoạch khắc phục (bench)"])
    sheet.append(HEADERS)
    for n in range(1, rows + 1):
        lead, helper = agencies[n % len(agencies)], agencies[(n + 1) % len(agencies)]
        sheet.append([n, fields[n % len(fields)], f"Tồn tại số {n}", f"Nhiệm vụ khắc phục số {n}: rà soát, bổ sung",
                      lead, helper, due, f"Báo cáo kết quả số {n}"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def measure(url: str) -> dict:
    from flask_migrate import upgrade

    from bench.__main__ import make_app
    from tracker.extensions import db
    from tracker.models import Agency, AgencyKind, Appraisal, Role, Task, User
    from tracker.services import deadlines, reference
    from tracker.services.tasks import plan_import

    app = make_app(url)
    with app.app_context(), app.test_request_context():
        upgrade()
        reference.seed_reference_data()
        framework = reference.seed_framework(2024)
        unit = Agency(name="UBND huyện Bench", short_name="Huyện Bench", kind=AgencyKind.COMMITTEE)
        db.session.add(unit)
        db.session.flush()
        unit.unit_id = unit.id
        agencies = [Agency(name=f"Phòng chuyên môn số {i}", short_name=f"P{i}", unit_id=unit.id) for i in range(40)]
        coordinator = User(username="bench.coord", full_name="Đầu mối", password_hash="-", role=Role.COORDINATOR,
                           agency=agencies[0])
        appraisal = Appraisal(unit=unit, year=2024, framework=framework)
        db.session.add_all([*agencies, coordinator, appraisal])
        db.session.commit()
        due = (deadlines.today() + timedelta(days=90)).strftime("%d/%m/%Y")
        data = workbook([a.name for a in agencies], [f.name for f in framework.fields], due)
        started = time.perf_counter()
        checked = plan_import.preview(appraisal, plan_import.read_rows(data))
        preview_seconds = time.perf_counter() - started
        db.session.rollback()
        assert checked.ok, [line.problems for line in checked.lines if line.problems][:3]
        started = time.perf_counter()
        checked = plan_import.preview(appraisal, plan_import.read_rows(data))
        plan_import.save(appraisal, checked, coordinator)
        db.session.commit()
        import_seconds = time.perf_counter() - started
        saved = db.session.scalar(sa.select(sa.func.count()).select_from(Task))
        db.engine.dispose()
    return {"rows": ROWS, "saved": saved, "preview_seconds": preview_seconds, "import_seconds": import_seconds,
            "bytes": len(data)}


def main() -> int:
    from bench.__main__ import ADMIN_URL

    name = f"tracker_plan_bench_{os.getpid()}"
    admin = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0'))
    try:
        result = measure(ADMIN_URL.rsplit("/", 1)[0] + "/" + name)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    print(json.dumps(result))
    return 0 if max(result["preview_seconds"], result["import_seconds"]) < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
