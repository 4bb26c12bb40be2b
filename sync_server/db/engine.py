"""Engines and transactions for SQLite and PostgreSQL.

SQLite: WAL, ``synchronous=FULL`` (NORMAL can lose commits on power loss in WAL mode), foreign
keys on, a busy timeout, and ``BEGIN IMMEDIATE`` for writing transactions so two writers never
deadlock on a lock upgrade. PostgreSQL: its defaults (fsync and synchronous commit on).

Services get a :class:`Session` from :meth:`Database.write` or :meth:`Database.read`; the
transaction commits when the block ends without an error and rolls back otherwise.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from sync_server.db.group_commit import GroupCommitter

T = TypeVar("T")

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=30000",
)
_WRITE = "veldwerk_write"


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when a transaction begins.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = "IMMEDIATE" if connection.get_execution_options().get(_WRITE) else "DEFERRED"
        connection.exec_driver_sql(f"BEGIN {mode}")


def _create_private(path: Path) -> None:
    """The database file readable by its owner only; SQLite gives its WAL and SHM the same."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            _create_private(Path(parsed.database))
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=64,
            max_overflow=64,
        )
        _sqlite_setup(engine)
        return engine
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


class _WriterLock:
    """SQLite's single writer, handed over without polling.

    Waiting writers would otherwise poll SQLite's busy handler, which sleeps in growing steps
    (up to 100 ms) and wrecks latency under load. A lock in the process queues this process's
    writers; an exclusive ``flock`` on a file next to the database queues the writers of other
    server processes on the same data directory (``serve --workers N``), woken by the kernel
    the moment the lock is free. (The server runs on POSIX systems.)
    """

    def __init__(self, database: str | None) -> None:
        self._thread_lock = threading.Lock()
        self._path = None if not database or database == ":memory:" else f"{database}.writer"
        self._fd: int | None = None

    def __enter__(self) -> None:
        self._thread_lock.acquire()
        try:
            if self._path is not None:
                if self._fd is None:
                    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW
                    self._fd = os.open(self._path, flags, 0o600)
                fcntl.flock(self._fd, fcntl.LOCK_EX)
        except BaseException:
            self._thread_lock.release()
            raise

    def __exit__(self, *_exc: object) -> None:
        try:
            if self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._thread_lock.release()

    def close(self) -> None:
        with self._thread_lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None


class Database:
    """One engine and the two kinds of transaction the services use."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.dialect = engine.dialect.name
        self._writer: _WriterLock | AbstractContextManager[None] = (
            _WriterLock(engine.url.database)
            if self.dialect == "sqlite"
            else contextlib.nullcontext()
        )
        self._group = GroupCommitter(self)

    @classmethod
    def from_url(cls, url: str) -> Database:
        return cls(make_engine(url))

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction that will write (SQLite: takes the write lock at its start)."""
        with (
            self._writer,
            self.engine.connect().execution_options(**{_WRITE: True}) as connection,
            Session(bind=connection, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session

    def grouped(self, work: Callable[[Session], T], *, retries: int = 0) -> T:
        """Run ``work`` in a write transaction shared with concurrent callers (one commit,
        one fsync for all), again up to ``retries`` times after a unique-key conflict; see
        :mod:`sync_server.db.group_commit`."""
        return self._group.run(work, retries)

    async def grouped_async(self, work: Callable[[Session], T], *, retries: int = 0) -> T:
        """:meth:`grouped` for the event loop: the request thread is not held meanwhile."""
        return await asyncio.wrap_future(self._group.submit(work, retries))

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    def ping(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:
            return False
        return True

    def dispose(self) -> None:
        self._group.stop()
        self.engine.dispose()
        if isinstance(self._writer, _WriterLock):
            self._writer.close()
