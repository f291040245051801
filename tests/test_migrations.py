"""The migrations build the schema the models describe, and undo it cleanly."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from tracker import create_app
from tracker.extensions import db


def _pending_changes() -> list:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        return compare_metadata(context, db.metadata)


def test_upgrade_check_downgrade_upgrade(database, tmp_path):
    url = database.new_url(tmp_path)
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": url, "UPLOAD_FOLDER": str(tmp_path / "up")})
    with app.app_context():
        upgrade()
        assert _pending_changes() == [], "models and migrations disagree"
        downgrade(revision="base")
        tables = db.inspect(db.engine).get_table_names()
        assert set(tables) <= {"alembic_version"}
        upgrade()
        assert "task" in db.inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_single_head_and_every_migration_has_a_message(app):
    script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
    assert len(script.get_heads()) == 1
    for revision in script.walk_revisions():
        assert revision.doc and len(revision.doc) > 10, revision.revision
