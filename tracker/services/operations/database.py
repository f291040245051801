"""Database snapshots for backups, and loading one into an empty database.

PostgreSQL: one REPEATABLE READ transaction exports its snapshot; ``pg_dump --snapshot`` dumps exactly
what that transaction sees, and the same transaction counts the rows and lists the evidence files, so
the manifest describes the dump and not a moment later. SQLite: the online backup API copies the file
page by page under a read lock, and the counts are taken from the copy.
"""

import os
import re
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from ...extensions import db


class DatabaseToolError(Exception):
    """pg_dump/pg_restore is missing, too old, or failed; the message says which."""


@dataclass
class Snapshot:
    """What a backup saw: per-table row counts, the Alembic revision, the evidence rows (name -> sha256)."""

    tables: dict[str, int]
    revision: str | None
    evidence: dict[str, str]


def dialect() -> str:
    return db.engine.dialect.name


def table_names(conn: sa.Connection) -> list[str]:
    return sorted(sa.inspect(conn).get_table_names())


def _snapshot_of(conn: sa.Connection) -> Snapshot:
    tables = {name: conn.execute(sa.text(f'SELECT count(*) FROM "{name}"')).scalar_one() for name in table_names(conn)}
    revision = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() \
        if "alembic_version" in tables else None
    evidence = dict(conn.execute(sa.text("SELECT stored_name, sha256 FROM evidence")).all()) \
        if "evidence" in tables else {}
    return Snapshot(tables, revision, evidence)


def snapshot(target: Path) -> Snapshot:
    """Write a consistent copy of the database to ``target`` and describe it."""
    if dialect() == "postgresql":
        return _pg_snapshot(target)
    if dialect() == "sqlite":
        return _sqlite_snapshot(target)
    raise DatabaseToolError(f"không hỗ trợ sao lưu cơ sở dữ liệu loại {dialect()}")


def _pg_snapshot(target: Path) -> Snapshot:
    check_pg_tool("pg_dump")
    with db.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            snap_id = conn.execute(sa.text("SELECT pg_export_snapshot()")).scalar_one()
            described = _snapshot_of(conn)
            # Held open until pg_dump has finished: the exported snapshot lives as long as this transaction.
            _run(["pg_dump", "--format=custom", "--compress=6", f"--snapshot={snap_id}", "--file", str(target)])
    return described


def _sqlite_snapshot(target: Path) -> Snapshot:
    source_path = sqlite_path()
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()
    engine = sa.create_engine(f"sqlite:///{target}")
    try:
        with engine.connect() as conn:
            return _snapshot_of(conn)
    finally:
        engine.dispose()


def sqlite_path() -> Path:
    path = db.engine.url.database
    if not path or path == ":memory:":
        raise DatabaseToolError("cơ sở dữ liệu SQLite trong bộ nhớ không sao lưu hay khôi phục được")
    return Path(path)


def is_empty() -> bool:
    """True when the configured database has no table at all (a fresh ``createdb`` or a new SQLite file)."""
    if dialect() == "sqlite" and not sqlite_path().exists():
        return True
    with db.engine.connect() as conn:
        return not table_names(conn)


def load(source: Path, archive_dialect: str) -> None:
    """Load a snapshot into the configured (empty) database; all or nothing."""
    if archive_dialect != dialect():
        raise DatabaseToolError(f"bản sao lưu là của {archive_dialect}, cơ sở dữ liệu đích là {dialect()}")
    db.session.remove()
    db.engine.dispose()
    if dialect() == "postgresql":
        check_pg_tool("pg_restore")
        _run(["pg_restore", "--exit-on-error", "--single-transaction", "--no-owner", "--no-privileges",
              "--dbname", _pg_env()["PGDATABASE"], str(source)])
    else:
        target = sqlite_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        src, dst = sqlite3.connect(source), sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
    db.engine.dispose()


def describe_current() -> Snapshot:
    with db.engine.connect() as conn:
        return _snapshot_of(conn)


# pg_dump and pg_restore are told where to connect by libpq's variables, so the password never shows in `ps`.


def _pg_env() -> dict[str, str]:
    url = db.engine.url
    env = dict(os.environ)
    # A Unix socket is given as ?host=/var/run/postgresql (peer authentication, no password at all).
    host = url.host or url.query.get("host")
    for var, value in (("PGHOST", host), ("PGPORT", url.port), ("PGUSER", url.username),
                       ("PGPASSWORD", url.password), ("PGDATABASE", url.database)):
        if value is not None:
            env[var] = str(value)
    return env


def _major(text: str) -> int | None:
    match = re.search(r"(\d+)(?:\.\d+)?", text)
    return int(match.group(1)) if match else None


def check_pg_tool(tool: str) -> None:
    """pg_dump older than the server refuses to dump; say so plainly before starting."""
    try:
        out = subprocess.run([tool, "--version"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise DatabaseToolError(f"không chạy được {tool} (cài gói postgresql-client): {exc}") from exc
    with db.engine.connect() as conn:
        server = conn.execute(sa.text("SHOW server_version")).scalar_one()
    # "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)": the number after the product name.
    tool_major, server_major = _major(out.partition(")")[2]), _major(server)
    if tool_major is None or server_major is None or tool_major < server_major:
        raise DatabaseToolError(f"{tool} phiên bản {tool_major} cũ hơn máy chủ PostgreSQL {server_major}: "
                                f"cài postgresql-client-{server_major}")


def _run(command: list[str]) -> None:
    result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise DatabaseToolError(f"{command[0]} thất bại (mã {result.returncode}): {result.stderr.strip()[:2000]}")

