"""Existing data migrates into one unit with nothing lost, and back again: the units migration with data.

The rows are written as the schema before units was (raw SQL on reflected tables, not the models of today),
then upgraded to head, checked, downgraded, and checked again.
"""

from datetime import UTC, date, datetime

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from tracker import create_app
from tracker.extensions import db

BEFORE_UNITS = "7c3a91d2e8b4"
NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC).replace(tzinfo=None)


def _insert(conn, table: str, **values) -> int:
    t = sa.Table(table, sa.MetaData(), autoload_with=conn)
    return conn.execute(t.insert().values(**values)).inserted_primary_key[0]


def _legacy_rows(conn) -> dict:
    """A district as session 1 stored it: a flat agency tree, a leader without agency, an appraisal, tasks."""
    district = _insert(conn, "agency", name="UBND huyện Gia Viễn", short_name="UBND huyện", kind="committee",
                       is_active=True, search_name="ubnd huyen gia vien", created_at=NOW)
    office = _insert(conn, "agency", name="Phòng Nội vụ", short_name="Phòng NV", kind="department",
                     parent_id=district, is_active=True, search_name="phong noi vu", created_at=NOW)
    commune = _insert(conn, "agency", name="UBND xã Gia Hòa", short_name="Xã Gia Hòa", kind="commune",
                      parent_id=district, is_active=True, search_name="ubnd xa gia hoa", created_at=NOW)
    users = {}
    for username, role, agency in (("chutich", "leader", None), ("noivu", "coordinator", office),
                                   ("cb.hoa", "officer", commune), ("admin", "admin", None)):
        users[username] = _insert(conn, "user_account", username=username, full_name=username, password_hash="x",
                                  role=role, agency_id=agency, active=True, locale="vi",
                                  session_token=f"token-{username}", failed_logins=0, must_change_password=False,
                                  created_at=NOW)
    framework = _insert(conn, "framework", name="Bộ chỉ số 2021", year=2021, issuing_body="UBND tỉnh Ninh Bình",
                        is_active=True, created_at=NOW)
    appraisal = _insert(conn, "appraisal", unit_id=district, year=2021, framework_id=framework, team="Tổ thẩm định",
                        team_head="", conclusion_number="", conclusion_text="", status="final", created_at=NOW,
                        updated_at=NOW)
    tasks = []
    for title, lead in (("Rà soát công chức xã", commune), ("Kế hoạch đào tạo", office)):
        tasks.append(_insert(conn, "task", title=title, description="", expected_output="", evidence_required=True,
                             appraisal_id=appraisal, lead_agency_id=lead, lead_agency_name="", priority="normal",
                             due_date=date(2026, 12, 31), status="in_progress", progress=10, version=1,
                             search_text=title.lower(), is_group=False, assigned_at=NOW, created_at=NOW,
                             updated_at=NOW))
    conn.execute(sa.text("INSERT INTO setting (key, value) VALUES ('report.place', 'Gia Viễn')"))
    return {"district": district, "office": office, "commune": commune, "users": users, "tasks": tasks}


def _counts(conn) -> dict:
    return {t: conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar()
            for t in ("agency", "user_account", "appraisal", "task", "setting")}


def test_existing_data_becomes_one_unit_and_comes_back(database, tmp_path):
    url = database.new_url(tmp_path)
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": url, "UPLOAD_FOLDER": str(tmp_path / "up")})
    with app.app_context():
        upgrade(revision=BEFORE_UNITS)
        with db.engine.begin() as conn:
            made = _legacy_rows(conn)
            before = _counts(conn)
        upgrade()
        with db.engine.connect() as conn:
            assert _counts(conn) == before, "nothing lost"
            units = conn.execute(sa.text("SELECT DISTINCT unit_id FROM agency")).scalars().all()
            assert units == [made["district"]], "every agency belongs to the appraised district"
            assert conn.execute(sa.text("SELECT DISTINCT unit_id FROM task")).scalars().all() == [made["district"]]
            place = conn.execute(sa.text("SELECT place FROM agency WHERE id = :d"), {"d": made["district"]}).scalar()
            assert place == "Gia Viễn", "the unit's documents keep their place"
            leader_agency = conn.execute(sa.text("SELECT agency_id FROM user_account WHERE username = 'chutich'"))
            assert leader_agency.scalar() == made["district"], "a leader who followed everything leads the unit"
        downgrade(revision=BEFORE_UNITS)
        with db.engine.connect() as conn:
            assert _counts(conn) == before, "nothing lost on the way back"
            columns = {c["name"] for c in sa.inspect(conn).get_columns("agency")}
            assert "unit_id" not in columns
        upgrade()
        db.engine.dispose()
