"""Test databases: one per run, built by the migrations, emptied between tests.

``TRACKER_TEST_DB`` chooses the backend (``sqlite`` or ``postgresql``); the
Makefile runs the whole suite once on each.
"""

import os
import uuid
from pathlib import Path

import sqlalchemy as sa

PG_ADMIN_URL = os.environ.get("TRACKER_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def backend() -> str:
    return os.environ.get("TRACKER_TEST_DB", "sqlite")


def postgres_available() -> bool:
    try:
        engine = sa.create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:
        return False


class TestDatabase:
    """A uniquely named database on the chosen backend."""

    def __init__(self, tmp_dir: Path):
        self.name = f"tracker_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        if backend() == "postgresql":
            self.admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
            with self.admin.connect() as conn:
                conn.execute(sa.text(f'CREATE DATABASE "{self.name}" ENCODING \'UTF8\' TEMPLATE template0'))
            self.url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + self.name
        else:
            self.admin = None
            self.url = f"sqlite:///{tmp_dir / (self.name + '.db')}"

    def new_url(self, tmp_dir: Path) -> str:
        """Another empty database beside this one (for migration tests)."""
        other = TestDatabase.__new__(TestDatabase)
        other.__init__(tmp_dir)
        self._others = getattr(self, "_others", []) + [other]
        return other.url

    def empty(self, engine: sa.Engine, metadata: sa.MetaData) -> None:
        """Remove every row, keep the schema; sequences restart so ids are predictable."""
        tables = [t.name for t in metadata.sorted_tables]
        with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                quoted = ", ".join(f'"{t}"' for t in tables)
                conn.execute(sa.text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
            else:
                conn.execute(sa.text("PRAGMA foreign_keys=OFF"))
                for table in reversed(tables):
                    conn.execute(sa.text(f'DELETE FROM "{table}"'))
                conn.execute(sa.text("DELETE FROM sqlite_sequence")) if _has_sqlite_sequence(conn) else None
                conn.execute(sa.text("PRAGMA foreign_keys=ON"))

    def drop(self) -> None:
        for other in getattr(self, "_others", []):
            other.drop()
        if self.admin is not None:
            with self.admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
            self.admin.dispose()


def _has_sqlite_sequence(conn) -> bool:
    return bool(conn.execute(sa.text("SELECT 1 FROM sqlite_master WHERE name='sqlite_sequence'")).first())
