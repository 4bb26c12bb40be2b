"""Consistent copies of the database while the server runs, and putting one back.

SQLite: the online backup API copies every page inside one read transaction, so the copy is
the database as of one commit while writers go on (WAL). PostgreSQL: ``pg_dump`` in its
custom format (one snapshot), put back with ``pg_restore``; the password goes to them
through the environment, never on a command line.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Literal

from sqlalchemy import create_engine, func, inspect, make_url, select, table
from sqlalchemy.engine import URL, Engine

from sync_server.db import migrate

SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"
COUNTED = ("clients", "records", "referrals", "devices", "users", "audit_log")
"""Tables whose rows a backup counts in its manifest, for the restore to compare."""
BUSY_MS = 30_000


class SnapshotError(Exception):
    """A copy could not be made or put back; the message names the step, never data."""


Kind = Literal["sqlite", "postgresql"]


def kind_of(url: str) -> Kind:
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        return "sqlite"
    if backend == "postgresql":
        return "postgresql"
    raise SnapshotError(f"backups support SQLite and PostgreSQL, not {backend}")


def sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database:
        raise SnapshotError("the SQLite address names no file")
    return Path(database)


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy the database at ``source`` into a new file ``target`` (one consistent snapshot)."""
    if not source.is_file():
        raise SnapshotError(f"no database at {source}")
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # private from birth
    reader = sqlite3.connect(source, timeout=BUSY_MS / 1000)
    writer = sqlite3.connect(target)
    try:
        reader.backup(writer)  # all pages in one step: one read transaction
        writer.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside
    finally:
        writer.close()
        reader.close()


def sqlite_facts(path: Path) -> tuple[str | None, dict[str, int]]:
    """The schema revision and the counted tables' rows of the SQLite file at ``path``."""
    engine = read_only(path)
    try:
        with engine.connect() as connection:
            revision = migrate.current(connection)
            tables = set(inspect(connection).get_table_names())
            counts = {
                name: int(
                    connection.execute(select(func.count()).select_from(table(name))).scalar_one()
                )
                for name in COUNTED
                if name in tables
            }
    finally:
        engine.dispose()
    return revision, counts


def read_only(path: Path) -> Engine:
    """An engine that only reads the SQLite file at ``path`` (a copy stays as it was made)."""
    return create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """``url`` for pg_dump and pg_restore, and the environment that carries its password."""
    parsed: URL = make_url(url)
    environment = dict(os.environ)
    if parsed.password is not None:
        environment["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), environment


def _run(arguments: list[str], environment: dict[str, str], step: str) -> None:
    try:
        done = subprocess.run(  # noqa: S603 - fixed programs, arguments not from a shell
            arguments, env=environment, capture_output=True, text=True, check=False
        )
    except FileNotFoundError as error:
        raise SnapshotError(f"{arguments[0]} is not installed (postgresql-client)") from error
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise SnapshotError(f"{step} failed: {last}")


def dump_postgres(url: str, target: Path) -> None:
    address, environment = _libpq(url)
    _run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={target}", f"--dbname={address}"],
        environment,
        "pg_dump",
    )


def restore_postgres(url: str, source: Path) -> None:
    address, environment = _libpq(url)
    _run(
        ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={address}", str(source)],
        environment,
        "pg_restore",
    )


def is_empty(url: str) -> bool:
    """True when the database at ``url`` has no tables (or, for SQLite, no file)."""
    if kind_of(url) == "sqlite" and not sqlite_path(url).exists():
        return True
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return not inspect(connection).get_table_names()
    finally:
        engine.dispose()
